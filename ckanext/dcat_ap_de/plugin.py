"""dcat_ap_de: DCAT-AP.de 3.0 schemas, RDF profile and conformance checking.

Wiring only. The RDF profile is registered separately (entry point
``ckan.rdf.profiles``: ``dcat_ap_de``) because ckanext-dcat loads profiles by
name, not through plugins.
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig

from ckanext.kommunal.translation import KommunalTranslation

from . import codelists


@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.cli
class DcatApDePlugin(KommunalTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    @staticmethod
    def _check_order(config: CKANConfig) -> None:
        plugins = str(config.get("ckan.plugins") or "").split()
        if "dcat_ap_de" not in plugins:  # loaded programmatically
            return
        late = [
            name
            for name in ("scheming_datasets", "scheming_organizations")
            if name in plugins and plugins.index(name) > plugins.index("dcat_ap_de")
        ]
        if late and not config.get("scheming.dataset_schemas"):
            # scheming would silently run without our schema and drop fields
            raise RuntimeError(
                "ckan.plugins: list dcat_ap_de after "
                + " and ".join(late)
                + " (or set scheming.dataset_schemas explicitly)"
            )

    # IConfigurer

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        # Sensible defaults an admin would otherwise have to know; an explicit
        # setting in the ini file always wins. CKAN calls update_config from
        # the last plugin to the first, so list dcat_ap_de after the scheming
        # plugins for them to see these defaults.
        defaults = {
            "scheming.dataset_schemas": (
                "ckanext.kommunal.schemas:dcat_ap_de/dataset.yaml"
            ),
            "scheming.organization_schemas": (
                "ckanext.kommunal.schemas:dcat_ap_de/organization.yaml"
            ),
            "scheming.presets": (
                "ckanext.scheming:presets.json ckanext.dcat.schemas:presets.yaml "
                "ckanext.kommunal.schemas:dcat_ap_de/presets.yaml"
            ),
            "licenses_group_url": codelists.licenses_register_url(),
        }
        self._check_order(config)
        for key, value in defaults.items():
            if not config.get(key):
                config[key] = value
        # ckanext-dcat declares its own default (euro_dcat_ap_3 alone): an
        # unchanged default gets our profile after it.
        profiles = str(config.get("ckanext.dcat.rdf.profiles") or "").split()
        if profiles in ([], ["euro_dcat_ap_3"]):
            config["ckanext.dcat.rdf.profiles"] = "euro_dcat_ap_3 dcat_ap_de"
