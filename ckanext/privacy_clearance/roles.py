"""Who is who in the workflow: reviewers, data-protection officers, org admins."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import model
from ckan.lib.plugins import DefaultPermissionLabels
from ckan.types import Context

from . import config
from .model import reviewer_table


def user_of(context: Context) -> model.User | None:
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
            sa.select(reviewer_table.c.user_id)
            .where(reviewer_table.c.owner_org == owner_org)
            .where(reviewer_table.c.user_id == user.id)
        ).first()
    )


def reviewer_orgs(user: model.User | None) -> list[str]:
    """Ids of the organisations ``user`` reviews."""
    if not user:
        return []
    return list(
        model.Session.execute(
            sa.select(reviewer_table.c.owner_org).where(
                reviewer_table.c.user_id == user.id
            )
        ).scalars()
    )


def _memberships(user: model.User) -> Any:
    """The user's active memberships of organisations (query of Member rows)."""
    return (
        model.Session.query(model.Member)
        .filter(model.Member.table_name == "user")
        .filter(model.Member.table_id == user.id)
        .filter(model.Member.state == "active")
    )


def capacity(user: model.User | None, owner_org: str | None) -> str | None:
    """The user's role in the organisation (``admin``, ``editor``, ``member``;
    ``admin`` for sysadmins), ``None`` if none.

    :param user: the user
    :param owner_org: organisation id
    """
    if not user or not owner_org:
        return None
    if user.sysadmin:
        return "admin"
    member = _memberships(user).filter(model.Member.group_id == owner_org).first()
    return member.capacity if member else None


def is_org_admin(user: model.User | None, owner_org: str | None) -> bool:
    """Whether ``user`` administers the organisation (sysadmins do)."""
    return capacity(user, owner_org) == "admin"


def is_org_member(user: model.User | None, owner_org: str | None) -> bool:
    """Whether ``user`` is a member (any capacity) of the organisation."""
    return capacity(user, owner_org) is not None


def admin_orgs(user: model.User | None) -> list[str]:
    """Ids of the organisations ``user`` administers (by membership)."""
    if not user:
        return []
    admin = _memberships(user).filter(model.Member.capacity == "admin")
    return sorted({member.group_id for member in admin})


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
