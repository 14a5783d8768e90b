"""Authorization of dcat_ap_de's actions."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["dcat_ap_de_validate_dataset"]


@tk.auth_allow_anonymous_access
def dcat_ap_de_validate_dataset(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see a dataset may see its conformance report.

    The check only reads, so it follows ``package_show`` (which lets anonymous
    users see public datasets, hence the anonymous access here).
    """
    try:
        tk.check_access("package_show", context, data_dict)
    except tk.NotAuthorized:
        return {"success": False}
    return {"success": True}
