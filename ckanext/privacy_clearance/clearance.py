"""The clearance of a dataset: loading, transitions and the guard that keeps
the invariant *public only while cleared for exactly this content*.

All functions work inside the caller's transaction (``model.Session``): the
guard runs in ``IPackageController.create/edit`` before CKAN commits, so a
voided clearance and the forced ``private`` flag are committed together with
the change that caused them, or not at all.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.types import Context

from . import eventlog, notify, workflow
from .language import _, current_lang
from .model import clearance_table, standing_table

log = logging.getLogger(__name__)

# The user on whose behalf package_create/package_update run (set by the
# chained actions; CKAN's IPackageController hooks get no context).
_ACTOR: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "privacy_clearance_actor", default=None
)
# Depth of package_create/package_update calls: the owner-org action is
# guarded on its own only when it is called directly.
_IN_PACKAGE_WRITE: contextvars.ContextVar[int] = contextvars.ContextVar(
    "privacy_clearance_in_package_write", default=0
)


def now() -> dt.datetime:
    """The current time, timezone-aware (UTC)."""
    return dt.datetime.now(dt.UTC)


@contextlib.contextmanager
def acting(context: Context) -> Iterator[None]:
    """Remember the acting user of a dataset write for the guard.

    :param context: the action context
    """
    user = context.get("user") or None
    token = _ACTOR.set(user)
    depth = _IN_PACKAGE_WRITE.set(_IN_PACKAGE_WRITE.get() + 1)
    try:
        yield
    finally:
        _IN_PACKAGE_WRITE.reset(depth)
        _ACTOR.reset(token)


def in_package_write() -> bool:
    """Whether a package_create/package_update is running."""
    return _IN_PACKAGE_WRITE.get() > 0


def user_obj(name_or_id: str | None) -> model.User | None:
    """The user with this name or id (``None`` for none)."""
    return model.User.get(name_or_id) if name_or_id else None


def current_actor() -> model.User | None:
    """The user changing a dataset right now, if known."""
    user = user_obj(_ACTOR.get())
    if user is None:
        with contextlib.suppress(Exception):  # no request outside web requests
            if tk.current_user and tk.current_user.is_authenticated:
                user = user_obj(tk.current_user.name)
    return user


def is_system_user(user: model.User | None) -> bool:
    """Whether ``user`` is CKAN's site user (harvesters, jobs)."""
    return user is None or user.name == tk.config.get("ckan.site_id")


def load(package_id: str, lock: bool = False) -> dict[str, Any] | None:
    """The clearance row of a dataset.

    :param package_id: dataset id
    :param lock: take a row lock (``FOR UPDATE``) for a transition
    """
    query = sa.select(clearance_table).where(clearance_table.c.package_id == package_id)
    if lock:
        query = query.with_for_update()
    row = model.Session.execute(query).mappings().first()
    return dict(row) if row else None


def ensure(pkg: model.Package) -> dict[str, Any]:
    """The locked clearance row of a dataset, created as draft if missing."""
    model.Session.execute(
        sa.dialects.postgresql.insert(clearance_table)
        .values(package_id=pkg.id, owner_org=pkg.owner_org, state="draft")
        .on_conflict_do_nothing()
    )
    row = load(pkg.id, lock=True)
    assert row is not None
    return row


def update(package_id: str, values: dict[str, Any]) -> None:
    """Set columns of a clearance row without a transition (bookkeeping).

    :param package_id: dataset id
    :param values: column → value
    """
    model.Session.execute(
        sa.update(clearance_table)
        .where(clearance_table.c.package_id == package_id)
        .values(**values)
    )


def lock_package(package_id: str) -> model.Package:
    """Lock the dataset's row, in the order the guard locks (package, then
    clearance), so that a decision and a concurrent edit serialise instead of
    deadlocking.

    :param package_id: dataset id or name
    """
    table = model.package_table
    locked = model.Session.execute(
        sa.select(table.c.id)
        .where(sa.or_(table.c.id == package_id, table.c.name == package_id))
        .with_for_update()
    ).scalar()
    if locked is None:
        raise tk.ObjectNotFound(_("Dataset not found."))
    # a concurrent edit may have committed while we waited for the lock:
    # forget what the session cached, so we judge the committed version
    model.Session.expire_all()
    pkg = model.Package.get(locked)
    assert pkg is not None
    return pkg


def record(
    row: dict[str, Any],
    key: str,
    actor: model.User | None,
    *,
    reason: str | None = None,
    checklist: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Apply transition ``key`` to a (locked) clearance row and log it.

    :param row: the current row, as from :func:`ensure` or :func:`load`
    :param key: a transition of ``workflow.yaml``
    :param actor: who does it (``None``: the system)
    :param reason: the reason (mandatory where the workflow says so)
    :param checklist: the approval checklist
    :param values: further columns to set
    :returns: the updated row
    """
    step = workflow.transitions()[key]
    if row["state"] not in step.sources:
        raise tk.ValidationError(
            {
                "state": [
                    _("“{action}” is not possible in the state “{state}”.").format(
                        action=workflow.label(step.label, current_lang()),
                        state=workflow.state_label(row["state"], current_lang()),
                    )
                ]
            }
        )
    if step.reason_required and not (reason or "").strip():
        raise tk.ValidationError({"reason": [_("Please give a reason.")]})
    updates = dict(values or {}, state=step.target)
    if step.target != row["state"] or reason:
        updates.setdefault("reason", reason)
    update(row["package_id"], updates)
    new_row = {**row, **updates}
    pkg = model.Package.get(row["package_id"])
    eventlog.append(
        package_id=row["package_id"],
        package_name=pkg.name if pkg else None,
        owner_org=new_row.get("owner_org"),
        actor_id=actor.id if actor else None,
        actor_name=actor.name if actor else "system",
        action=key,
        from_state=row["state"],
        to_state=step.target,
        reason=reason,
        checklist=checklist,
        fingerprint=new_row.get("fingerprint") or new_row.get("current_fingerprint"),
        expires=new_row.get("expires"),
    )
    notify.queue(key, new_row, actor, reason)
    return new_row


_HARVEST_TABLES: list[bool] = []


def _has_harvest_tables() -> bool:
    # only a yes is remembered: the tables may be created while we run
    engine = model.meta.engine
    if engine is None:  # CKAN is not connected to its database (yet)
        return False
    if not _HARVEST_TABLES and sa.inspect(engine).has_table("harvest_object"):
        _HARVEST_TABLES.append(True)
    return bool(_HARVEST_TABLES)


def harvest_source_of(package_id: str) -> str | None:
    """The ckanext-harvest source a dataset was harvested from, if any."""
    if not _has_harvest_tables():
        return None
    return model.Session.execute(
        sa.text(
            "SELECT harvest_source_id FROM harvest_object WHERE package_id = :id "
            "ORDER BY gathered DESC NULLS LAST LIMIT 1"
        ),
        {"id": package_id},
    ).scalar()


def active_standing(source_id: str, shape: str) -> dict[str, Any] | None:
    """The standing clearance of a harvest source for this shape, if valid."""
    today = dt.date.today()
    row = (
        model.Session.execute(
            sa.select(standing_table)
            .where(standing_table.c.harvest_source_id == source_id)
            .where(standing_table.c.shape == shape)
            .where(standing_table.c.active.is_(True))
            .where(
                sa.or_(
                    standing_table.c.expires.is_(None),
                    standing_table.c.expires >= today,
                )
            )
            .order_by(standing_table.c.id.desc())
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None
