"""The harvester's store: the published OParl objects of each source.

Reads and writes the tables of :mod:`.model` through SQLAlchemy Core on
connections of its own (never CKAN's ORM session, whose commits belong to
ckanext-harvest and the actions). Writes of one crawled list form one
transaction (:meth:`Store.unit`), so the mass-deletion brake can undo a
whole list; reads for the snapshots stream with server-side cursors, so
memory does not grow with the number of objects.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from .model import dataset, list_state, oparl_object, run, state

__all__ = ["Prepared", "Store", "UnitCounts", "UnitWriter"]

API_KIND = "api"  # store kind of Body objects (they make the API dataset)
T = oparl_object


@dataclass(frozen=True)
class Prepared:
    """One object as it goes into the store.

    :param oparl_id: its id
    :param type_name: its OParl type (``Paper``)
    :param data: the privacy-filtered object; ``None``: it is to be removed
        (deleted upstream, or dropped whole by a privacy rule)
    :param content_hash: :func:`~.records.content_hash` of ``data``
    :param partition_key: its snapshot partition
    :param modified: its ``modified`` (``None`` if synthetic or missing)
    :param rows: its snapshot rows (see :mod:`.rowcache`)
    :param stub: what the kind's summary reads of it
    :param rows_version: :data:`~.rowcache.ROWS_VERSION` of rows and stub
    """

    oparl_id: str
    type_name: str
    data: Mapping[str, Any] | None
    content_hash: str = ""
    partition_key: str | None = None
    modified: dt.datetime | None = None
    rows: list[dict[str, Any]] | None = None
    stub: dict[str, Any] | None = None
    rows_version: str | None = None


@dataclass(frozen=True)
class UnitCounts:
    """What one crawled list changed in the store (this run).

    :param before: objects published before the run
    :param new: objects seen for the first time
    :param changed: objects whose content or partition changed
    :param deleted: objects removed by this run
    """

    before: int
    new: int
    changed: int
    deleted: int

    @property
    def any(self) -> bool:
        """Whether anything changed."""
        return bool(self.new or self.changed or self.deleted)


class UnitWriter:
    """Writes the objects of one list (Body × kind × type) in one transaction.

    :param conn: a connection inside a transaction
    :param key: source id, body id, kind and type of the list
    :param started: the run's start (``first_seen``, ``last_seen``,
        ``changed_at`` of what this run writes)
    """

    def __init__(
        self, conn: sa.Connection, key: tuple[str, str, str, str], started: dt.datetime
    ) -> None:
        self.conn = conn
        self.source_id, self.body_id, self.kind, self.type_name = key
        self.started = started
        self.aborted = False

    def _where(self) -> list[Any]:
        return [
            T.c.source_id == self.source_id,
            T.c.body_id == self.body_id,
            T.c.kind == self.kind,
            T.c.type == self.type_name,
        ]

    def put(self, items: Sequence[Prepared]) -> None:
        """Write a batch: new and changed objects, removals; the rest is only
        marked as seen.

        :param items: prepared objects (ids unique within the batch)
        """
        unique = {item.oparl_id: item for item in items}
        kept = [i for i in unique.values() if i.data is not None]
        gone = [i.oparl_id for i in unique.values() if i.data is None]
        if kept:
            batch = json.dumps(
                [self._row(i) for i in kept],
                ensure_ascii=False,
                default=_json_default,
            )
            self.conn.execute(_UPSERT, {"batch": batch, "started": self.started})
            self.conn.execute(
                sa.update(T)
                .where(T.c.source_id == self.source_id)
                .where(T.c.oparl_id.in_([i.oparl_id for i in kept]))
                .values(last_seen=self.started)
            )
        if gone:
            self.conn.execute(
                _removal(self.started)
                .where(T.c.source_id == self.source_id)
                .where(T.c.oparl_id.in_(gone))
            )

    def _row(self, item: Prepared) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "oparl_id": item.oparl_id,
            "body_id": self.body_id,
            "kind": self.kind,
            "type": item.type_name,
            "partition_key": item.partition_key,
            "content_hash": item.content_hash,
            "modified": item.modified,
            "data": item.data,
            "rows": item.rows,
            "stub": item.stub,
            "rows_version": item.rows_version,
        }

    def sweep(self) -> None:
        """Remove the list's objects this run did not see (only after a
        complete crawl of the whole list)."""
        self.conn.execute(
            _removal(self.started)
            .where(*self._where())
            .where(T.c.last_seen < self.started)
        )

    def counts(self) -> UnitCounts:
        """What the run has changed in this list so far."""
        started = self.started
        row = self.conn.execute(
            sa.select(
                sa.func.count().filter(~T.c.deleted & (T.c.first_seen == started)),
                sa.func.count().filter(
                    ~T.c.deleted
                    & (T.c.changed_at == started)
                    & (T.c.first_seen != started)
                ),
                sa.func.count().filter(T.c.deleted & (T.c.changed_at == started)),
                sa.func.count().filter(~T.c.deleted),
            ).where(*self._where())
        ).one()
        new, changed, deleted, active = (int(v) for v in row)
        return UnitCounts(active - new + deleted, new, changed, deleted)

    def mark_dirty(self, all_kinds: bool = False) -> None:
        """Mark the datasets built from this list for a rebuild, in the same
        transaction as the change (a crash in between cannot lose it).

        :param all_kinds: all datasets of the Body (names changed)
        """
        query = sa.update(dataset).where(
            dataset.c.source_id == self.source_id,
            dataset.c.body_id == self.body_id,
        )
        if not all_kinds:
            query = query.where(dataset.c.kind == self.kind)
        self.conn.execute(query.values(dirty=True))

    def abort(self) -> None:
        """Undo everything this unit wrote (at the end of the ``with``)."""
        self.aborted = True

    def advance(self, *, full: bool) -> None:
        """Move the list's watermark to this run's start, in the same
        transaction as its objects (an aborted or failed unit keeps the old
        one, so the next run asks again from there).

        :param full: the list was read in full (a full resync of the list)
        """
        values: dict[str, Any] = {"last_modified_since": self.started}
        if full:
            values["last_full_resync"] = self.started
        ins = pg_insert(list_state).values(
            source_id=self.source_id,
            body_id=self.body_id,
            kind=self.kind,
            type=self.type_name,
            **values,
        )
        self.conn.execute(
            ins.on_conflict_do_update(
                index_elements=[
                    list_state.c.source_id,
                    list_state.c.body_id,
                    list_state.c.kind,
                    list_state.c.type,
                ],
                set_={k: ins.excluded[k] for k in values},
            )
        )


# One statement per batch, the batch as one JSON parameter: psycopg2's
# executemany is a round trip per row, and compiling a many-row VALUES
# clause costs more than the insert. Only what really changed is rewritten
# and gets a new changed_at (a new real `modified` counts, the snapshots
# show it; a synthetic one is stored as NULL); rows cached by an older
# harvester version are renewed without counting as a change.
_UPSERT = sa.text(
    """
    INSERT INTO oparl_harvester.oparl_harvester_object AS o (
        source_id, oparl_id, body_id, kind, type, partition_key,
        content_hash, modified, changed_at, deleted, data, rows, stub,
        rows_version, first_seen, last_seen
    )
    SELECT
        source_id, oparl_id, body_id, kind, type, partition_key,
        content_hash, modified, :started, false, data, rows, stub,
        rows_version, :started, :started
    FROM jsonb_to_recordset(CAST(:batch AS jsonb)) AS x(
        source_id text, oparl_id text, body_id text, kind text, type text,
        partition_key text, content_hash text, modified timestamptz,
        data jsonb, rows jsonb, stub jsonb, rows_version text
    )
    ON CONFLICT (source_id, oparl_id) DO UPDATE SET
        body_id = EXCLUDED.body_id,
        kind = EXCLUDED.kind,
        type = EXCLUDED.type,
        partition_key = EXCLUDED.partition_key,
        content_hash = EXCLUDED.content_hash,
        modified = EXCLUDED.modified,
        data = EXCLUDED.data,
        rows = EXCLUDED.rows,
        stub = EXCLUDED.stub,
        rows_version = EXCLUDED.rows_version,
        deleted = false,
        changed_at = CASE
            WHEN NOT o.deleted
                AND o.content_hash = EXCLUDED.content_hash
                AND o.partition_key IS NOT DISTINCT FROM EXCLUDED.partition_key
                AND o.modified IS NOT DISTINCT FROM EXCLUDED.modified
            THEN o.changed_at
            ELSE EXCLUDED.changed_at
        END
    WHERE o.deleted
        OR o.content_hash <> EXCLUDED.content_hash
        OR o.partition_key IS DISTINCT FROM EXCLUDED.partition_key
        OR o.modified IS DISTINCT FROM EXCLUDED.modified
        OR o.rows_version IS DISTINCT FROM EXCLUDED.rows_version
    """
)


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _removal(started: dt.datetime) -> Any:
    # withdrawn objects are not kept: the data goes, the row stays as a mark
    return (
        sa.update(T)
        .where(~T.c.deleted)
        .values(
            deleted=True,
            data=None,
            rows=None,
            stub=None,
            content_hash="",
            changed_at=started,
            last_seen=started,
        )
    )


class Store:
    """The stored objects, state, datasets and reports of one harvest source.

    :param engine: CKAN's database engine
    :param source_id: the harvest source's id
    :param batch_size: rows per cursor fetch when streaming
    """

    def __init__(self, engine: sa.Engine, source_id: str, batch_size: int) -> None:
        self.engine = engine
        self.source_id = source_id
        self.batch_size = batch_size

    # -- state ----------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """The source's state row (empty before the first run)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(state).where(state.c.source_id == self.source_id)
            ).first()
        return dict(row._mapping) if row else {}

    def save_state(self, **values: Any) -> None:
        """Set state columns (the row is created when missing).

        :param values: columns of ``oparl_harvester_state``
        """
        ins = pg_insert(state).values(source_id=self.source_id, **values)
        stmt = ins.on_conflict_do_update(
            index_elements=[state.c.source_id],
            set_={k: ins.excluded[k] for k in values},
        )
        with self.engine.begin() as conn:
            conn.execute(stmt)

    def list_state(self, body_id: str, kind: str, type_name: str) -> dict[str, Any]:
        """The watermark of one list (empty if it was never read completely).

        :param body_id: the Body's id
        :param kind: the store kind
        :param type_name: the OParl type of the list
        """
        query = sa.select(list_state).where(
            list_state.c.source_id == self.source_id,
            list_state.c.body_id == body_id,
            list_state.c.kind == kind,
            list_state.c.type == type_name,
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return dict(row._mapping) if row else {}

    def purge(self) -> None:
        """Forget everything of the source: objects, watermarks, generated
        datasets and run reports (after ckanext-harvest cleared the source,
        the next run starts afresh with a full read)."""
        with self.engine.begin() as conn:
            for table in (oparl_object, list_state, state, dataset, run):
                conn.execute(
                    sa.delete(table).where(table.c.source_id == self.source_id)
                )

    def reset_watermarks(self) -> None:
        """Read every list in full until it succeeds (the settings changed:
        what is stored was filtered and partitioned by the old ones)."""
        with self.engine.begin() as conn:
            conn.execute(
                sa.delete(list_state).where(list_state.c.source_id == self.source_id)
            )

    def forget_runs(self, job_ids: Sequence[str]) -> None:
        """Drop the reports of jobs that no longer exist.

        :param job_ids: the ids of the source's remaining harvest jobs
        """
        query = sa.delete(run).where(run.c.source_id == self.source_id)
        if job_ids:
            query = query.where(run.c.job_id.notin_(list(job_ids)))
        with self.engine.begin() as conn:
            conn.execute(query)

    # -- writing objects ------------------------------------------------------

    @contextmanager
    def unit(
        self, body_id: str, kind: str, type_name: str, started: dt.datetime
    ) -> Iterator[UnitWriter]:
        """A transaction for one list: committed at the end of the ``with``,
        rolled back on an exception or after :meth:`UnitWriter.abort`.

        :param body_id: the Body's id
        :param kind: the store kind (``papers`` …, ``api`` for Bodies)
        :param type_name: the OParl type of the list
        :param started: the run's start
        """
        key = (self.source_id, body_id, kind, type_name)
        with self.engine.connect() as conn:
            transaction = conn.begin()
            writer = UnitWriter(conn, key, started)
            try:
                yield writer
            except BaseException:
                transaction.rollback()
                raise
            if writer.aborted:
                transaction.rollback()
            else:
                transaction.commit()

    # -- reading objects ------------------------------------------------------

    def objects(
        self, kind: str, body_id: str | None = None
    ) -> dict[str, dict[str, Any]]:
        """Published objects of a kind by id (small kinds only: Bodies).

        :param kind: store kind
        :param body_id: only this Body's
        """
        query = sa.select(T.c.oparl_id, T.c.data).where(
            T.c.source_id == self.source_id, T.c.kind == kind, ~T.c.deleted
        )
        if body_id is not None:
            query = query.where(T.c.body_id == body_id)
        with self.engine.connect() as conn:
            return {row.oparl_id: row.data for row in conn.execute(query)}

    def names(self, body_id: str) -> dict[str, str]:
        """Names of the Body's organisations by id (for the name columns).

        :param body_id: the Body's id
        """
        name = T.c.data["name"].astext
        query = sa.select(T.c.oparl_id, name).where(
            T.c.source_id == self.source_id,
            T.c.body_id == body_id,
            T.c.type == "Organization",
            ~T.c.deleted,
            name.isnot(None),
        )
        with self.engine.connect() as conn:
            return dict(conn.execute(query).tuples().all())

    def partitions(self, body_id: str, kind: str) -> list[str]:
        """The partition keys a kind of a Body has objects in.

        :param body_id: the Body's id
        :param kind: the kind
        """
        query = (
            sa.select(T.c.partition_key)
            .where(
                T.c.source_id == self.source_id,
                T.c.body_id == body_id,
                T.c.kind == kind,
                ~T.c.deleted,
            )
            .distinct()
        )
        with self.engine.connect() as conn:
            return sorted(str(key) for (key,) in conn.execute(query))

    def stream(
        self, body_id: str, kind: str, partition_key: str, rows_version: str
    ) -> Iterator[Any]:
        """The objects of one partition in id order, read through a
        server-side cursor: rows with ``rows``, ``stub``, ``changed_at`` (when
        the content last changed) and ``data`` (only where the cached rows
        are not of ``rows_version``).

        :param body_id: the Body's id
        :param kind: the kind
        :param partition_key: the partition
        :param rows_version: the current version of the cached rows
        """
        current = T.c.rows_version == rows_version
        query = (
            sa.select(
                sa.case((current, T.c.rows), else_=None).label("rows"),
                sa.case((current, T.c.stub), else_=None).label("stub"),
                sa.case((current, sa.null()), else_=T.c.data).label("data"),
                T.c.changed_at,
            )
            .where(
                T.c.source_id == self.source_id,
                T.c.body_id == body_id,
                T.c.kind == kind,
                T.c.partition_key == partition_key,
                ~T.c.deleted,
            )
            .order_by(T.c.oparl_id.collate("C"))
        )
        with self.engine.connect() as conn:
            result = conn.execution_options(
                stream_results=True, yield_per=self.batch_size
            ).execute(query)
            yield from result

    # -- generated datasets ---------------------------------------------------

    def datasets(self) -> dict[str, dict[str, Any]]:
        """The source's generated datasets by name."""
        query = sa.select(dataset).where(dataset.c.source_id == self.source_id)
        with self.engine.connect() as conn:
            return {row.name: dict(row._mapping) for row in conn.execute(query)}

    def want_datasets(self, wanted: Sequence[tuple[str, str, str, bool]]) -> None:
        """Register datasets to build; ``dirty`` ones are marked for a rebuild
        (a mark only a successful build clears, so failures are retried).

        :param wanted: ``(name, body id, kind, dirty)`` tuples
        """
        if not wanted:
            return
        ins = pg_insert(dataset)
        stmt = ins.on_conflict_do_update(
            index_elements=[dataset.c.source_id, dataset.c.name],
            set_={"dirty": dataset.c.dirty | ins.excluded.dirty},
        )
        keys = ("name", "body_id", "kind", "dirty")
        rows = [
            {"source_id": self.source_id, **dict(zip(keys, w, strict=True))}
            for w in wanted
        ]
        with self.engine.begin() as conn:
            conn.execute(stmt, rows)

    def built(self, name: str, package_id: str, build_hash: str) -> None:
        """Note a successful build (clears the rebuild mark).

        :param name: the dataset's name
        :param package_id: its CKAN id
        :param build_hash: digest of what was built
        """
        with self.engine.begin() as conn:
            conn.execute(
                sa.update(dataset)
                .where(dataset.c.source_id == self.source_id, dataset.c.name == name)
                .values(
                    package_id=package_id,
                    build_hash=build_hash,
                    dirty=False,
                    built_at=sa.func.now(),
                )
            )

    # -- run reports ----------------------------------------------------------

    def save_run(
        self, job_id: str, started: dt.datetime, full: bool, report: dict[str, Any]
    ) -> None:
        """Keep a harvest job's report (replaced when written again).

        :param job_id: the harvest job's id
        :param started: the run's start
        :param full: whether it was a full run
        :param report: the report (JSON)
        """
        ins = pg_insert(run).values(
            job_id=job_id,
            source_id=self.source_id,
            started=started,
            full=full,
            report=report,
        )
        stmt = ins.on_conflict_do_update(
            index_elements=[run.c.job_id], set_={"report": ins.excluded.report}
        )
        with self.engine.begin() as conn:
            conn.execute(stmt)


def run_report(engine: sa.Engine, job_id: str) -> dict[str, Any] | None:
    """The report of a harvest job, ``None`` if the job was no OParl run.

    :param engine: CKAN's database engine
    :param job_id: the harvest job's id
    """
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(run.c.report, run.c.full).where(run.c.job_id == job_id)
        ).first()
    return {**row.report, "full": row.full} if row else None
