"""The second factor of each user: who needs one, and its state (own table).

A sysadmin, a designated reviewer or a data-protection officer of the
clearance (``privacy_clearance``) signs in with password and code when
``ckanext.portal_security.second_factor`` is on; everyone who set one up is
asked for it. The key is set up once (confirmed by a first code), with ten
one-time recovery codes for a lost phone; an administrator can remove it
(``ckan portal-security reset-second-factor USER``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import ckan.plugins as p
import sqlalchemy as sa
from ckan import model

from . import config
from .model import second_factor
from .totp import (
    portal_security_code_hash,
    portal_security_new_secret,
    portal_security_recovery_codes,
    portal_security_totp_step,
)


def _row(user_id: str, lock: bool = False) -> dict[str, Any] | None:
    query = sa.select(second_factor).where(second_factor.c.user_id == user_id)
    found = model.Session.execute(query.with_for_update() if lock else query)
    first = found.mappings().first()
    return dict(first) if first else None


def portal_security_enrolled(user_id: str) -> bool:
    """Whether the user has a confirmed second factor."""
    row = _row(user_id)
    return bool(row and row["confirmed_at"])


def portal_security_anyone_enrolled() -> bool:
    """Whether any user has a confirmed second factor."""
    return bool(
        model.Session.execute(
            sa.select(second_factor.c.user_id)
            .where(second_factor.c.confirmed_at.is_not(None))
            .limit(1)
        ).first()
    )


def portal_security_second_factor_in_use() -> bool:
    """Whether sign-ins may need a second factor (required for some, or set
    up by someone): the password check then moves to this plugin."""
    return config.second_factor() or portal_security_anyone_enrolled()


def _privileged(user: model.User) -> bool:
    if user.sysadmin:
        return True
    if p.plugin_loaded("privacy_clearance"):
        from ckanext.privacy_clearance import roles

        return roles.is_dpo(user) or bool(roles.reviewer_orgs(user))
    return False


def portal_security_needs_second_factor(user: model.User) -> bool:
    """Whether signing in as ``user`` takes a code besides the password."""
    if portal_security_enrolled(user.id):
        return True
    return config.second_factor() and _privileged(user)


def portal_security_start_enrolment(user_id: str) -> str:
    """The key being set up for the user (a new one unless one is waiting
    for its first code)."""
    row = _row(user_id, lock=True)
    if row and not row["confirmed_at"]:
        return str(row["secret"])
    secret = portal_security_new_secret()
    values = {"secret": secret, "confirmed_at": None, "last_step": None}
    stmt = sa.dialects.postgresql.insert(second_factor).values(
        user_id=user_id, recovery=[], created=dt.datetime.now(dt.UTC), **values
    )
    model.Session.execute(
        stmt.on_conflict_do_update(index_elements=["user_id"], set_=values)
    )
    model.Session.commit()
    return secret


def portal_security_confirm(user_id: str, code: str) -> list[str] | None:
    """Confirm the key being set up with its first code.

    :returns: the new recovery codes (shown once), ``None`` if the code is wrong
    """
    row = _row(user_id, lock=True)
    if row is None or row["confirmed_at"]:
        model.Session.rollback()
        return None
    step = portal_security_totp_step(row["secret"], code)
    if step is None:
        model.Session.rollback()
        return None
    codes = portal_security_recovery_codes()
    model.Session.execute(
        sa.update(second_factor)
        .where(second_factor.c.user_id == user_id)
        .values(
            confirmed_at=dt.datetime.now(dt.UTC),
            last_step=step,
            recovery=[portal_security_code_hash(c) for c in codes],
        )
    )
    model.Session.commit()
    return codes


def portal_security_check(user_id: str, code: str) -> bool:
    """Whether ``code`` is a new valid code or an unused recovery code of the
    user's confirmed second factor; a recovery code is used up by it."""
    row = _row(user_id, lock=True)
    if row is None or not row["confirmed_at"]:
        model.Session.rollback()
        return False
    step = portal_security_totp_step(row["secret"], code, last_step=row["last_step"])
    values: dict[str, Any] = {}
    if step is not None:
        values["last_step"] = step
    elif (hashed := portal_security_code_hash(code)) in row["recovery"]:
        values["recovery"] = [h for h in row["recovery"] if h != hashed]
    else:
        model.Session.rollback()
        return False
    model.Session.execute(
        sa.update(second_factor)
        .where(second_factor.c.user_id == user_id)
        .values(**values)
    )
    model.Session.commit()
    return True


def portal_security_recovery_left(user_id: str) -> int:
    """How many recovery codes the user has left."""
    row = _row(user_id)
    return len(row["recovery"]) if row else 0


def portal_security_reset(user_id: str) -> bool:
    """Remove the user's second factor (lost phone and codes); the next
    sign-in sets up a new one where it is required."""
    # a DELETE's result is a CursorResult, which counts the rows
    removed = cast(
        "sa.CursorResult[Any]",
        model.Session.execute(
            sa.delete(second_factor).where(second_factor.c.user_id == user_id)
        ),
    )
    model.Session.commit()
    return bool(removed.rowcount)
