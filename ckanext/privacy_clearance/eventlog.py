"""The append-only, hash-chained logs: clearance decisions and roles.

Two chains of the same kind (:class:`Chain`): :data:`EVENTS`, every clearance
decision, and :data:`GOVERNANCE`, every appointment and removal of a
reviewer. Each row stores the SHA-256 of the previous row and its own
content, so a changed, deleted or inserted row breaks the chain and
:meth:`Chain.verify` names the first bad one. The database refuses UPDATE,
DELETE and TRUNCATE (migrations 0001, 0002); the application has no path to
change a row. That the newest rows were removed only an anchor kept outside
the database can show (:mod:`.anchor`).
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

from .language import N_, _
from .model import event_table, governance_table, reviewer_table

GENESIS = "0" * 64

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

GOVERNANCE_HASHED = (
    "created",
    "action",
    "owner_org",
    "owner_org_name",
    "user_id",
    "user_name",
    "actor_id",
    "actor_name",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def chain_hash(prev_hash: str, row: dict[str, Any], hashed: tuple[str, ...]) -> str:
    """The hash of a row of a chain given the hash of its predecessor.

    :param prev_hash: hash of the previous row (:data:`GENESIS` for the first)
    :param row: the row's fields (at least those in ``hashed``)
    :param hashed: the fields the hash covers
    """
    body = json.dumps(
        {key: _canonical(row.get(key)) for key in hashed},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


@dataclass(frozen=True)
class Verification:
    """Outcome of :meth:`Chain.verify`."""

    ok: bool
    events: int
    first_bad_id: int | None = None
    problem: str = ""


@dataclass(frozen=True)
class ChainHead:
    """The newest row of a chain: what an anchor keeps outside the database."""

    last_id: int
    hash: str
    count: int


@dataclass(frozen=True)
class Chain:
    """One append-only hash chain in its own table.

    :param name: key of the chain in anchors (``events``, ``governance``)
    :param label: English message id of its name in messages
    :param table: the table (refuses UPDATE, DELETE, TRUNCATE by trigger)
    :param hashed: the columns the hash covers
    :param lock_key: advisory lock that serialises appends
    """

    name: str
    label: str
    table: sa.Table
    hashed: tuple[str, ...]
    lock_key: int

    def hash(self, prev_hash: str, row: dict[str, Any]) -> str:
        """The hash of ``row`` after ``prev_hash``."""
        return chain_hash(prev_hash, row, self.hashed)

    def append(self, **fields: Any) -> dict[str, Any]:
        """Append one row in the current transaction and return it.

        :param fields: the hashed columns except ``created``
        """
        session = model.Session
        session.execute(
            sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": self.lock_key}
        )
        last = session.execute(
            sa.select(self.table.c.hash).order_by(self.table.c.id.desc()).limit(1)
        ).scalar()
        prev_hash: str = last or GENESIS
        row = {key: fields.get(key) for key in self.hashed}
        row["created"] = dt.datetime.now(dt.UTC)
        row["prev_hash"] = prev_hash
        row["hash"] = self.hash(prev_hash, row)
        row["id"] = session.execute(
            sa.insert(self.table).values(**row).returning(self.table.c.id)
        ).scalar_one()
        return row

    def head(self) -> ChainHead:
        """The newest row (``GENESIS`` and id 0 for an empty chain)."""
        table = self.table
        last = model.Session.execute(
            sa.select(table.c.id, table.c.hash).order_by(table.c.id.desc()).limit(1)
        ).first()
        count = model.Session.execute(
            sa.select(sa.func.count()).select_from(table)
        ).scalar_one()
        if last is None:
            return ChainHead(0, GENESIS, 0)
        return ChainHead(int(last.id), str(last.hash), int(count))

    def row(self, row_id: int) -> dict[str, Any] | None:
        """One row by id."""
        found = model.Session.execute(
            sa.select(self.table).where(self.table.c.id == row_id)
        ).mappings()
        first = found.first()
        return dict(first) if first else None

    def rows(self, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """All rows in order, read in batches (memory stays flat)."""
        last_id = 0
        while True:
            page = (
                model.Session.execute(
                    sa.select(self.table)
                    .where(self.table.c.id > last_id)
                    .order_by(self.table.c.id)
                    .limit(batch)
                )
                .mappings()
                .all()
            )
            if not page:
                return
            yield from (dict(row) for row in page)
            last_id = page[-1]["id"]

    def verify(self, batch: int = 1000) -> Verification:
        """Recompute the whole chain; names the first bad row.

        A removal of the newest rows leaves a valid chain: only an anchor
        (:mod:`.anchor`) kept elsewhere detects it.
        """
        prev, count = GENESIS, 0
        for row in self.rows(batch):
            if row["prev_hash"] != prev:
                return Verification(
                    False, count, row["id"], _("Chain broken (an event is missing)")
                )
            if self.hash(prev, row) != row["hash"]:
                return Verification(
                    False, count, row["id"], _("Content changed (wrong checksum)")
                )
            prev, count = row["hash"], count + 1
        return Verification(True, count)


#: the clearance decisions
EVENTS = Chain(
    "events", N_("Clearance events log"), event_table, HASHED, 0x70726976
)  # "priv"
#: reviewer appointments and removals
GOVERNANCE = Chain(
    "governance", N_("Role log"), governance_table, GOVERNANCE_HASHED, 0x676F7672
)  # "govr"
CHAINS = (EVENTS, GOVERNANCE)


def event_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """The hash of a clearance event given the hash of its predecessor."""
    return EVENTS.hash(prev_hash, row)


def append(**fields: Any) -> dict[str, Any]:
    """Append one clearance event in the current transaction and return it.

    :param fields: the columns of :data:`HASHED` except ``created``
    """
    return EVENTS.append(**fields)


def verify(batch: int = 1000) -> Verification:
    """Recompute the chain of clearance events.

    :param batch: rows read per query (memory stays flat)
    """
    return EVENTS.verify(batch)


def record_role_change(
    action: str, org: model.Group, user: model.User, actor: model.User | None
) -> dict[str, Any]:
    """Log an appointment (``reviewer_add``) or removal (``reviewer_remove``)
    of a reviewer in the governance chain, in the current transaction."""
    return GOVERNANCE.append(
        action=action,
        owner_org=org.id,
        owner_org_name=org.name,
        user_id=user.id,
        user_name=user.name,
        actor_id=actor.id if actor else None,
        actor_name=actor.name if actor else None,
    )


def unrecorded_roles() -> list[str]:
    """Reviewer roles that differ from what the governance log says: a row
    written to the reviewer table past the application, in the portal's language.

    The log is replayed (appointed, existing at migration, removed) and
    compared with the table.
    """
    logged: dict[tuple[str, str], str] = {}
    for row in GOVERNANCE.rows():
        key = (row["owner_org"], row["user_id"])
        if row["action"] == "reviewer_remove":
            logged.pop(key, None)
        else:
            logged[key] = f"{row['user_name']} ({row['owner_org_name']})"
    present = {
        (org, user): f"{user}@{org}"
        for org, user in model.Session.execute(
            sa.select(reviewer_table.c.owner_org, reviewer_table.c.user_id)
        )
    }
    problems = [
        _(
            "Reviewer role without an entry in the role log: user {user} "
            "in organisation {org}"
        ).format(user=key[1], org=key[0])
        for key in sorted(present.keys() - logged.keys())
    ]
    problems += [
        _("Reviewer role removed without an entry in the role log: {role}").format(
            role=logged[key]
        )
        for key in sorted(logged.keys() - present.keys())
    ]
    return problems


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
    query = sa.select(event_table)
    if package_id:
        query = query.where(event_table.c.package_id == package_id)
    if owner_orgs is not None:
        query = query.where(event_table.c.owner_org.in_(list(owner_orgs)))
    if since:
        query = query.where(event_table.c.created >= since)
    if limit:
        query = query.order_by(event_table.c.id.desc()).limit(limit)
        rows = list(model.Session.execute(query).mappings())
        yield from (dict(row) for row in reversed(rows))
        return
    result = model.Session.execute(
        query.order_by(event_table.c.id).execution_options(yield_per=500)
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
