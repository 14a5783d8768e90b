"""privacy_clearance: the data-protection clearance (Datenschutzfreigabe).

Wiring only: the guard (``guard.py``) runs in IPackageController.create/edit,
i.e. inside every package_create/package_update before CKAN commits; the
chained actions (``logic/action.py``) cover the owner-organisation and
DataStore writes that bypass those hooks.
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.common import CKANConfig

from ckanext.kommunal.translation import KommunalTranslation

from . import notify, roles
from .guard import guard
from .logic.action import get_actions


@tk.blanket.config_declarations
@tk.blanket.actions(get_actions)
@tk.blanket.auth_functions
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.blueprints
@tk.blanket.cli
class PrivacyClearancePlugin(KommunalTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IPermissionLabels)

    _labels = roles.DpoPermissionLabels()

    # IConfigurer

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "privacy_clearance")

    # IConfigurable

    def configure(self, config: CKANConfig) -> None:
        notify.install()

    # IPackageController

    def create(self, entity: model.Package) -> None:
        guard(entity)

    def edit(self, entity: model.Package) -> None:
        guard(entity)

    # IPermissionLabels

    def get_dataset_labels(self, dataset_obj: model.Package) -> list[str]:
        return self._labels.get_dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj: model.User) -> list[str]:
        return self._labels.get_user_dataset_labels(user_obj)
