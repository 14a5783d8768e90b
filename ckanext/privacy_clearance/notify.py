"""E-mail notices of the workflow, sent through CKAN's mailer.

Notices are collected during the transaction and sent only after it commits,
so a rolled-back change never announces anything. Sending failures are logged,
never raised: the decision itself is already recorded.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
import yaml
from ckan import model

from . import config, workflow
from .language import N_, portal_gettext, portal_locale
from .model import reviewer_table

log = logging.getLogger(__name__)
_KEY = "privacy_clearance_notices"


@dataclass(frozen=True)
class Notice:
    """One e-mail to one person."""

    name: str
    email: str
    subject: str
    body: str


@functools.cache
def templates() -> dict[str, dict[str, Any]]:
    """The texts of ``notifications.yaml`` by event key."""
    path = Path(__file__).with_name("notifications.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def reviewers_of(owner_org: str | None) -> list[model.User]:
    """The active designated reviewers of an organisation.

    :param owner_org: organisation id
    """
    if not owner_org:
        return []
    ids = model.Session.execute(
        sa.select(reviewer_table.c.user_id).where(
            reviewer_table.c.owner_org == owner_org
        )
    ).scalars()
    users = [model.User.get(user_id) for user_id in ids]
    return [u for u in users if u is not None and u.state == "active"]


def _recipients(kind: str, row: dict[str, Any]) -> list[tuple[model.User, str]]:
    """The active recipients of an event's e-mails with their addresses."""
    found: dict[str, tuple[model.User, str]] = {}
    for target in templates()[kind]["to"]:
        if target == "reviewers":
            users = reviewers_of(row.get("owner_org"))
        else:
            key = "submitted_by" if target == "submitter" else "last_editor"
            users = [u for u in [model.User.get(row.get(key) or "")] if u]
        for user in users:
            if user.email and user.state == "active":
                found[user.id] = (user, user.email)
    return list(found.values())


def _date(value: Any) -> str:
    if not value:
        return "–"
    if isinstance(value, dt.datetime):
        # the reader's day, not UTC's: a deadline at 23:30 UTC is tomorrow here
        value = value.astimezone(tk.h.get_display_timezone())
    return value.strftime("%d.%m.%Y")


def render(
    kind: str, row: dict[str, Any], actor: Any, reason: str | None
) -> list[Notice]:
    """The e-mails for an event.

    :param kind: a key of ``notifications.yaml``
    :param row: the clearance row after the event
    :param actor: who caused it (``None``: the system)
    :param reason: the reason given
    """
    if kind not in templates():
        return []
    # the readers did not make the request: mails speak the portal's language
    pkg = model.Package.get(row["package_id"])
    org = model.Group.get(row.get("owner_org") or "")
    site = str(tk.config.get("ckan.site_url") or "").rstrip("/")
    values = {
        "title": pkg.title or pkg.name if pkg else row["package_id"],
        "url": f"{site}/dataset/{pkg.name if pkg else row['package_id']}/freigabe",
        "state": workflow.state_label(row["state"], portal_locale()),
        "reason": reason or "–",
        "actor": (actor.fullname or actor.name)
        if actor
        else portal_gettext(N_("The portal")),
        "org": org.title if org else "–",
        "deadline": _date(row.get("deadline")),
        "expires": _date(row.get("expires")),
        "site": tk.config.get("ckan.site_title") or site,
    }
    text = templates()[kind]
    return [
        Notice(
            user.fullname or user.name,
            email,
            text["subject"].format(**values),
            text["body"].format(**values),
        )
        for user, email in _recipients(kind, row)
        # people need no mail about their own decision; a voiding change is
        # news to its author too (the clearance is gone)
        if actor is None or user.id != actor.id or text.get("notify_actor")
    ]


def queue(kind: str, row: dict[str, Any], actor: Any, reason: str | None) -> None:
    """Collect the e-mails of an event until the transaction commits.

    :param kind: a key of ``notifications.yaml``
    :param row: the clearance row after the event
    :param actor: who caused it
    :param reason: the reason given
    """
    if config.notify():
        notices = render(kind, row, actor, reason)
        model.Session().info.setdefault(_KEY, []).extend(notices)


def send(notices: list[Notice]) -> int:
    """Send e-mails now; returns how many were sent.

    :param notices: the e-mails
    """
    sent = 0
    for notice in notices:
        try:
            tk.mail_recipient(notice.name, notice.email, notice.subject, notice.body)
            sent += 1
        except Exception as error:  # must not undo a recorded decision
            log.warning(
                "privacy_clearance: e-mail to %s failed: %s", notice.email, error
            )
    return sent


def _after_commit(session: Any) -> None:
    notices = session.info.pop(_KEY, None)
    if notices:
        send(notices)


def _after_rollback(session: Any, *args: Any) -> None:
    session.info.pop(_KEY, None)


def install() -> None:
    """Hook the sending into CKAN's session (idempotent)."""
    if not sa.event.contains(model.Session, "after_commit", _after_commit):
        sa.event.listen(model.Session, "after_commit", _after_commit)
        sa.event.listen(model.Session, "after_rollback", _after_rollback)
