"""oparl_harvester: council information systems (OParl) as open data.

Wiring only: the harvester itself is :class:`.harvester.OParlHarvester`
(ckanext-harvest finds it through IHarvester); this plugin adds the settings
declarations, the chained actions that keep the harvester's store in step
when a source is cleared, the ``ckan oparl-harvester`` command, the template
helpers and the templates (settings help on the source form, run report on
the job page), the message catalogues (``i18n/``: English message ids,
German and English texts; see :mod:`.messages`), and the fix that keeps
ckanext-harvest's queue consumers alive under redis-py 8
(:mod:`.harvest_queue`). For the template overrides, list ``oparl_harvester``
before ``harvest`` in ``ckan.plugins``.
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckanext.harvest.interfaces import IHarvester

from ckanext.kommunal.translation import KommunalTranslation

from .harvest_queue import oparl_harvester_blocking_queue
from .harvester import OParlHarvester


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.helpers
@tk.blanket.cli
class OParlHarvesterPlugin(KommunalTranslation, OParlHarvester):
    p.implements(IHarvester)
    p.implements(p.ITranslation)
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    # IConfigurer

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")

    # IConfigurable

    def configure(self, config: CKANConfig) -> None:
        oparl_harvester_blocking_queue()
