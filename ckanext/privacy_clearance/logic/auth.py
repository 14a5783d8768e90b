"""Auth functions of the clearance actions.

The four-eyes rule and the reviewer designation are checked again inside the
actions, so they also hold for callers with ``ignore_auth`` (harvesters, jobs).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthFunction, AuthResult, Context, DataDict

from .. import roles
from ..language import _


def _pkg(data_dict: DataDict) -> model.Package | None:
    return model.Package.get(data_dict.get("id") or "")


def _result(ok: bool, msg: str) -> AuthResult:
    return {"success": ok} if ok else {"success": False, "msg": msg}


def _can(action: str, context: Context, data: dict[str, Any]) -> bool:
    try:
        tk.check_access(action, tk.fresh_context(context), data)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def privacy_clearance_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Staff only: who may edit the dataset, members of its organisation, its
    reviewers and the DPO. The clearance names people and reasons, so being
    able to see a public dataset is not enough."""
    user, pkg = roles.user_of(context), _pkg(data_dict)
    org = pkg.owner_org if pkg else None
    ok = bool(
        roles.is_dpo(user)
        or (pkg and (roles.is_reviewer(user, org) or roles.is_org_member(user, org)))
        or (user and _can("package_update", context, {"id": data_dict.get("id")}))
    )
    return _result(ok, _("You may not see this clearance."))


def privacy_clearance_submit(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may edit the dataset."""
    ok = _can("package_update", context, {"id": data_dict.get("id")})
    return _result(ok, _("Only those who may edit the dataset can submit it."))


def _reviewer_only(context: Context, data_dict: DataDict) -> AuthResult:
    user, pkg = roles.user_of(context), _pkg(data_dict)
    ok = bool(pkg and roles.is_reviewer(user, pkg.owner_org))
    return _result(
        ok,
        _("Only the designated reviewers of the department decide."),
    )


privacy_clearance_start_review = _reviewer_only
privacy_clearance_approve = _reviewer_only
privacy_clearance_return = _reviewer_only
privacy_clearance_reject = _reviewer_only


def privacy_clearance_revoke(context: Context, data_dict: DataDict) -> AuthResult:
    """Reviewers, the DPO, the organisation's admins and sysadmins."""
    user, pkg = roles.user_of(context), _pkg(data_dict)
    org = pkg.owner_org if pkg else None
    ok = bool(
        pkg
        and (
            roles.is_reviewer(user, org)
            or roles.is_dpo(user)
            or roles.is_org_admin(user, org)
        )
    )
    return _result(ok, _("You may not revoke this clearance."))


def privacy_clearance_queue(context: Context, data_dict: DataDict) -> AuthResult:
    """Reviewers, org admins, the DPO and sysadmins (each sees their part)."""
    user = roles.user_of(context)
    org = _org_id(data_dict)
    if data_dict.get("owner_org"):
        ok = roles.is_reviewer(user, org) or roles.is_org_admin(user, org)
    else:
        ok = bool(roles.reviewer_orgs(user) or roles.admin_orgs(user))
    ok = ok or roles.is_dpo(user) or roles.is_sysadmin(user)
    return _result(ok, _("You have no clearances to review."))


def privacy_clearance_log(context: Context, data_dict: DataDict) -> AuthResult:
    """The DPO and sysadmins; reviewers and org admins for their organisation."""
    user = roles.user_of(context)
    org = _org_id(data_dict)
    pkg = _pkg(data_dict) if data_dict.get("id") else None
    org = pkg.owner_org if pkg else org
    ok = (
        roles.is_dpo(user)
        or roles.is_sysadmin(user)
        or bool(org and (roles.is_reviewer(user, org) or roles.is_org_admin(user, org)))
    )
    return _result(ok, _("You may not see the clearance log."))


def _org_admin(context: Context, data_dict: DataDict) -> AuthResult:
    user = roles.user_of(context)
    ok = roles.is_org_admin(user, _org_id(data_dict))
    return _result(
        ok, _("Only administrators of the organisation manage the reviewers.")
    )


def _org_id(data_dict: DataDict) -> str | None:
    org = model.Group.get(data_dict.get("owner_org") or "")
    return org.id if org else None


privacy_reviewer_add = _org_admin
privacy_reviewer_remove = _org_admin


def privacy_reviewer_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Members of the organisation, the DPO and sysadmins."""
    user = roles.user_of(context)
    ok = roles.is_dpo(user) or roles.is_org_member(user, _org_id(data_dict))
    return _result(ok, _("You may not see the reviewers of this organisation."))


@tk.chained_auth_function
@tk.auth_allow_anonymous_access  # chaining drops core's flag: visitors read too
def package_show(
    next_auth: AuthFunction, context: Context, data_dict: DataDict | None
) -> AuthResult:
    """The data-protection officers read every dataset, private ones too."""
    if roles.is_dpo(roles.user_of(context)):
        return {"success": True}
    return next_auth(context, data_dict or {})


__all__ = [
    "package_show",
    "privacy_clearance_approve",
    "privacy_clearance_log",
    "privacy_clearance_queue",
    "privacy_clearance_reject",
    "privacy_clearance_return",
    "privacy_clearance_revoke",
    "privacy_clearance_show",
    "privacy_clearance_start_review",
    "privacy_clearance_submit",
    "privacy_reviewer_add",
    "privacy_reviewer_list",
    "privacy_reviewer_remove",
]
