"""Who is who in the workflow: reviewers, data-protection officers, org admins."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import model
from ckan.lib.plugins import DefaultPermissionLabels

from . import config
from .model import reviewer


def user_of(context: dict[str, Any]) -> model.User | None:
    """The user of an action context."""
    user = context.get("auth_user_obj") or None
    if isinstance(user, model.User):
        return user
    return model.User.get(context.get("user") or "") if context.get("user") else None


def is_sysadmin(user: model.User | None) -> bool:
    """Whether ``user`` is a sysadmin."""
    return bool(user and user.sysadmin)


def is_dpo(user: model.User | None) -> bool:
    """Whether ``user`` is a data-protection officer (configured by name)."""
    return bool(user and user.name in config.dpo_users())


def is_reviewer(user: model.User | None, owner_org: str | None) -> bool:
    """Whether ``user`` is a designated reviewer of the organisation."""
    if not user or not owner_org:
        return False
    return bool(
        model.Session.execute(
            sa.select(reviewer.c.user_id)
            .where(reviewer.c.owner_org == owner_org)
            .where(reviewer.c.user_id == user.id)
        ).first()
    )


def reviewer_orgs(user: model.User | None) -> list[str]:
    """Ids of the organisations ``user`` reviews."""
    if not user:
        return []
    return list(
        model.Session.execute(
            sa.select(reviewer.c.owner_org).where(reviewer.c.user_id == user.id)
        ).scalars()
    )


def is_org_admin(user: model.User | None, owner_org: str | None) -> bool:
    """Whether ``user`` administers the organisation (sysadmins do)."""
    if not user or not owner_org:
        return False
    return _has_capacity(user, owner_org, "admin")


def _has_capacity(user: model.User, owner_org: str, capacity: str) -> bool:
    if user.sysadmin:
        return True
    return bool(
        model.Session.query(model.Member)
        .filter(model.Member.group_id == owner_org)
        .filter(model.Member.table_name == "user")
        .filter(model.Member.table_id == user.id)
        .filter(model.Member.state == "active")
        .filter(model.Member.capacity == capacity)
        .first()
    )


def is_org_member(user: model.User | None, owner_org: str | None) -> bool:
    """Whether ``user`` is a member (any capacity) of the organisation."""
    if not user or not owner_org:
        return False
    return user.sysadmin or any(
        _has_capacity(user, owner_org, capacity)
        for capacity in ("admin", "editor", "member")
    )


class DpoPermissionLabels(DefaultPermissionLabels):
    """CKAN's permission labels, plus read access for the data-protection
    officers to the datasets of every organisation (search, lists)."""

    def get_user_dataset_labels(self, user_obj: model.User) -> list[str]:
        labels = super().get_user_dataset_labels(user_obj)
        if is_dpo(user_obj):
            orgs = model.Session.query(model.Group.id).filter(
                model.Group.is_organization.is_(True), model.Group.state == "active"
            )
            labels.extend(f"member-{org_id}" for (org_id,) in orgs)
        return labels
