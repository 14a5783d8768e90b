"""Authorization of dcat_ap_de's actions."""

from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["dcat_ap_de_validate_dataset"]


@tk.auth_allow_anonymous_access
def dcat_ap_de_validate_dataset(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see a dataset may see its conformance report.

    The check only reads, so it follows ``package_show`` (which lets anonymous
    users see public datasets, hence the anonymous access here).
    """
    return authz.is_authorized("package_show", context, data_dict)
