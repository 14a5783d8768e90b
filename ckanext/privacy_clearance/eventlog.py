"""The append-only, hash-chained event log of all clearance decisions.

Every event stores the SHA-256 of the previous event and its own content, so a
changed, deleted or inserted row breaks the chain and :func:`verify` names the
first bad event. The database refuses UPDATE, DELETE and TRUNCATE (migration
0001); the application has no path to change an event.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import sqlalchemy as sa
from ckan import model

from .model import event

GENESIS = "0" * 64
# one chain for the whole portal: appending takes this transaction lock
_LOCK_KEY = 0x70726976  # "priv"

HASHED = (
    "created",
    "package_id",
    "package_name",
    "owner_org",
    "actor_id",
    "actor_name",
    "action",
    "from_state",
    "to_state",
    "reason",
    "checklist",
    "fingerprint",
    "expires",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def event_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """The hash of an event given the hash of its predecessor.

    :param prev_hash: hash of the previous event (:data:`GENESIS` for the first)
    :param row: the event's fields (at least those in :data:`HASHED`)
    """
    body = json.dumps(
        {key: _canonical(row.get(key)) for key in HASHED},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def append(**fields: Any) -> dict[str, Any]:
    """Append one event in the current transaction and return it.

    :param fields: the columns of :data:`HASHED` except ``created``
    """
    session = model.Session
    session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    last = session.execute(
        sa.select(event.c.hash).order_by(event.c.id.desc()).limit(1)
    ).scalar()
    row = {key: fields.get(key) for key in HASHED}
    row["created"] = dt.datetime.now(dt.UTC)
    row["prev_hash"] = last or GENESIS
    row["hash"] = event_hash(row["prev_hash"], row)
    row["id"] = session.execute(
        sa.insert(event).values(**row).returning(event.c.id)
    ).scalar_one()
    return row


@dataclass(frozen=True)
class Verification:
    """Outcome of :func:`verify`."""

    ok: bool
    events: int
    first_bad_id: int | None = None
    problem: str = ""


def verify(batch: int = 1000) -> Verification:
    """Recompute the whole chain.

    :param batch: rows read per query (memory stays flat)
    """
    prev, count, last_id = GENESIS, 0, 0
    while True:
        rows = (
            model.Session.execute(
                sa.select(event)
                .where(event.c.id > last_id)
                .order_by(event.c.id)
                .limit(batch)
            )
            .mappings()
            .all()
        )
        if not rows:
            return Verification(True, count)
        for row in rows:
            if row["prev_hash"] != prev:
                return Verification(
                    False, count, row["id"], "Verkettung unterbrochen (Ereignis fehlt)"
                )
            if event_hash(prev, dict(row)) != row["hash"]:
                return Verification(
                    False, count, row["id"], "Inhalt verändert (Prüfsumme falsch)"
                )
            prev, count, last_id = row["hash"], count + 1, row["id"]


def events(
    package_id: str | None = None,
    owner_orgs: Iterable[str] | None = None,
    since: dt.datetime | None = None,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Events in order, optionally of one dataset or some organisations.

    :param package_id: only events of this dataset
    :param owner_orgs: only events of datasets of these organisations
    :param since: only events at or after this time
    :param limit: at most this many (the newest ones, still in order)
    """
    query = sa.select(event)
    if package_id:
        query = query.where(event.c.package_id == package_id)
    if owner_orgs is not None:
        query = query.where(event.c.owner_org.in_(list(owner_orgs)))
    if since:
        query = query.where(event.c.created >= since)
    if limit:
        query = query.order_by(event.c.id.desc()).limit(limit)
        rows = list(model.Session.execute(query).mappings())
        yield from (dict(row) for row in reversed(rows))
        return
    result = model.Session.execute(
        query.order_by(event.c.id).execution_options(yield_per=500)
    )
    yield from (dict(row) for row in result.mappings())


CSV_COLUMNS = ("id", *HASHED, "prev_hash", "hash")


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write events as CSV (UTF-8, comma, header row) for the data-protection
    officer; the hashes are included so the export itself can be verified.

    :param rows: events as returned by :func:`events`
    :param out: a text stream
    :returns: number of events written
    """
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows:
        values = [_canonical(row.get(key)) for key in CSV_COLUMNS]
        writer.writerow(
            json.dumps(v, ensure_ascii=False, sort_keys=True)
            if isinstance(v, (dict, list))
            else ("" if v is None else v)
            for v in values
        )
        count += 1
    return count
