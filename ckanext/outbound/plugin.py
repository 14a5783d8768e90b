"""outbound: the one way the portal fetches from other servers.

Wiring only: the settings' declaration, the German messages, and a check of
the allow-list at start-up. The policy itself (:mod:`.fetch`) also applies
when this plugin is not loaded, with the declared defaults.
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.exceptions import CkanConfigurationException

from ckanext.kommunal.translation import KommunalTranslation

from .fetch import outbound_policy


@tk.blanket.config_declarations
class OutboundPlugin(KommunalTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)

    # IConfigurable: a mistyped allow-list entry stops the start, not a fetch

    def configure(self, config: CKANConfig) -> None:
        try:
            outbound_policy()
        except ValueError as error:
            raise CkanConfigurationException(str(error)) from None
