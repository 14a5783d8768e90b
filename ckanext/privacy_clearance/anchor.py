"""Anchors: the heads of the logs kept outside the database.

A hash chain shows every changed, inserted or deleted row, except that the
newest rows were removed: what remains is still a valid chain. An anchor
records, for each chain (:data:`.eventlog.CHAINS`), the id and hash of its
newest row and the number of rows; ``ckan privacy-clearance anchor`` appends
one to the configured file (other storage) and e-mails it to the
data-protection officers, on a schedule (cron, systemd timer). Checking the
logs against the anchors (:func:`check`) then shows a removal: an anchored
row that is gone, replaced or fewer rows than anchored.

An anchor is one JSON line, the same in the file and in the e-mail::

    {"at": "2026-12-07T21:00:00+00:00", "events": {"id": 812, "hash": "…",
     "count": 812}, "governance": {"id": 9, "hash": "…", "count": 9}}
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from ckan import model

from . import config, notify
from .eventlog import CHAINS
from .language import _, portal_gettext


def record() -> dict[str, Any]:
    """The anchor of now: the head of every chain."""
    anchor: dict[str, Any] = {"at": dt.datetime.now(dt.UTC).isoformat()}
    for chain in CHAINS:
        head = chain.head()
        anchor[chain.name] = {
            "id": head.last_id,
            "hash": head.hash,
            "count": head.count,
        }
    return anchor


def line(anchor: dict[str, Any]) -> str:
    """The anchor as its one JSON line."""
    return json.dumps(anchor, sort_keys=True)


def append_to(path: Path, anchor: dict[str, Any]) -> None:
    """Append the anchor to ``path`` (created with its folder if missing)
    and flush it to the disk before returning."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line(anchor) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def mail(anchor: dict[str, Any]) -> int:
    """E-mail the anchor to the data-protection officers; returns how many
    e-mails were sent."""
    officers = [
        (user.display_name, user.email)
        for name in sorted(config.dpo_users())
        if (user := model.User.get(name)) is not None and user.email
    ]
    body = portal_gettext(
        "Hello,\n\n"
        "this is the anchor of the portal's clearance logs of {when} (UTC). "
        "Please keep this e-mail: the following line proves later that no "
        "entries were removed from the logs "
        "(ckan privacy-clearance verify --anchor-file FILE).\n\n"
        "{line}\n"
    ).format(when=anchor["at"][:16].replace("T", " "), line=line(anchor))
    notices = [
        notify.Notice(name, email, portal_gettext("Anchor of the clearance logs"), body)
        for name, email in officers
    ]
    return notify.send(notices)


def read(lines: Iterable[str]) -> list[dict[str, Any]]:
    """The anchors among ``lines`` (a file of them, or an e-mail's text):
    every line that is a JSON object with ``at``; other lines are skipped.

    :raises ValueError: if no line is an anchor
    """
    anchors = []
    for text in lines:
        text = text.strip()
        if not text.startswith("{"):
            continue
        try:
            value = json.loads(text)
        except ValueError:
            continue
        if isinstance(value, dict) and "at" in value:
            anchors.append(value)
    if not anchors:
        raise ValueError(_("no anchor line found"))
    return anchors


def _count_up_to(chain: Any, last_id: int) -> int:
    return model.Session.execute(
        sa.select(sa.func.count())
        .select_from(chain.table)
        .where(chain.table.c.id <= last_id)
    ).scalar_one()


def check(anchors: Iterable[dict[str, Any]]) -> list[str]:
    """What in the logs contradicts the anchors, in the portal's language
    (empty: nothing).

    :param anchors: as returned by :func:`read`
    """
    problems = []
    for anchor in anchors:
        when = str(anchor.get("at", ""))[:19].replace("T", " ")
        for chain in CHAINS:
            label = _(chain.label)
            head = anchor.get(chain.name)
            if not head or not head.get("id"):
                continue
            found = chain.row(int(head["id"]))
            if found is None:
                problems.append(
                    _(
                        "{log}: event {id} of the anchor of {when} is missing – "
                        "the newest events were removed"
                    ).format(log=label, id=head["id"], when=when)
                )
            elif found["hash"] != head.get("hash"):
                problems.append(
                    _(
                        "{log}: event {id} differs from the anchor of {when} – "
                        "the log was replaced"
                    ).format(log=label, id=head["id"], when=when)
                )
            elif (count := _count_up_to(chain, int(head["id"]))) != int(
                head.get("count", count)
            ):
                problems.append(
                    _(
                        "{log}: {count} instead of {expected} events up to "
                        "event {id} (anchor of {when})"
                    ).format(
                        log=label,
                        count=count,
                        expected=head["count"],
                        id=head["id"],
                        when=when,
                    )
                )
    return problems
