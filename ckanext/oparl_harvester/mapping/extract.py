"""Snapshot rows, partitions and the summary of one kind of records.

The column paths of ``mapping.yaml`` are evaluated on parsed records
(:mod:`.records`): :func:`rows` gives a record's snapshot rows,
:func:`partition_for` the snapshot file it belongs in, and
:class:`KindSummary` collects what the dataset dict needs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import records
from ..records import Record
from .table import Column, Kind, get_kind, mapping_table

if TYPE_CHECKING:
    from ..snapshots import SnapshotInfo

__all__ = [
    "KindSummary",
    "Partition",
    "PartitionStats",
    "follow",
    "partition_for",
    "rows",
]


# -- evaluating paths on records -------------------------------------------


@dataclass(frozen=True)
class _Row:
    """Where a row's values come from: the record and the expanded element."""

    record: Record | None
    item: Record | None


def _contexts(kind: Kind, record: Record) -> list[_Row]:
    """One context per row: the record, or each element it expands to."""
    if kind.expand is None:
        return [_Row(record, None)]
    if record.type_name != kind.types[0]:
        return [_Row(None, record)]  # an expanded type harvested on its own
    items = [i for i in getattr(record, kind.expand, ()) if isinstance(i, Record)]
    return [_Row(record, item) for item in items] or [_Row(record, None)]


def follow(value: Any, parts: list[str]) -> Any:
    """The value at the attribute path ``parts`` below ``value``.

    Lists and tuples on the way are followed element by element (the
    results are collected in one flat list); references (ids) and
    ``None`` end the path with ``None``.

    :param value: a record (or a list of records)
    :param parts: attribute names, e.g. ``["location", "locality"]``
    """
    for index, part in enumerate(parts):
        if isinstance(value, tuple | list):
            found: list[Any] = []
            for element in value:
                result = follow(element, parts[index:])
                if isinstance(result, list):
                    found.extend(result)
                elif result is not None:
                    found.append(result)
            return found
        if not isinstance(value, Record):
            return None  # None, or a reference (id string): nothing to follow
        value = getattr(value, part, None)
    return list(value) if isinstance(value, tuple) else value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _value(paths: Iterable[str], row: _Row) -> Any:
    """The first non-empty value of the alternative paths."""
    for path in paths:
        parts = path.split(".")
        root = row.item if parts[0] == "item" else row.record
        value = follow(root, parts[1:] if parts[0] == "item" else parts)
        if not _empty(value):
            return value
    return None


def _local_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(records.LOCAL_TIME).date()
    return value if isinstance(value, dt.date) else None


# -- rows --------------------------------------------------------------------


def _location_text(value: Any, row: _Row, kind: Kind) -> Any:
    if isinstance(value, list):
        texts = [_location_text(v, row, kind) for v in value]
        return [t for t in texts if t]
    if not isinstance(value, records.Location):
        return None
    town = " ".join(p for p in (value.postal_code, value.locality) if p)
    parts = (value.description, value.room, value.street_address, town)
    return ", ".join(dict.fromkeys(p for p in parts if p)) or None


def _content_modified(value: Any, row: _Row, kind: Kind) -> Any:
    """The record's ``modified``, unless the client made it up (a made-up
    stamp changes every run and would change every snapshot)."""
    stamps = [
        r.modified
        for r in (row.record, row.item)
        if r is not None and r.modified is not None and not r.synthetic_modified
    ]
    return max(stamps) if stamps else None


def _type_label(value: Any, row: _Row, kind: Kind) -> Any:
    record = row.record or row.item
    return kind.type_labels.get(record.type_name) if record else None


_FUNCTIONS: dict[str, Callable[[Any, _Row, Kind], Any]] = {
    "location_text": _location_text,
    "content_modified": _content_modified,
    "type_label": _type_label,
}


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO text, records as their id, tuples as lists."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Record):
        return value.id
    return value


def _cell(column: Column, row: _Row, kind: Kind, names: Mapping[str, str]) -> Any:
    value = _value(column.paths, row) if column.paths else None
    if column.fn:
        value = _FUNCTIONS[column.fn](value, row, kind)
    if column.names:
        if isinstance(value, list):
            value = [names[v] for v in value if isinstance(v, str) and v in names]
        else:
            value = names.get(value) if isinstance(value, str) else None
    if column.count:
        value = len(value) if isinstance(value, list) else int(value is not None)
    return _plain(value)


def rows(
    kind: str,
    record_or_obj: Record | Mapping[str, Any],
    names: Mapping[str, str] | None = None,
) -> Iterator[dict[str, Any]]:
    """The snapshot rows of one record (after the privacy filter).

    Values are JSON-ready: text, numbers, booleans, ``None``, lists (dates
    as ISO 8601 text). CSV and JSON snapshots are written from the same rows.

    :param kind: a key of :func:`kinds`
    :param record_or_obj: a record, or an OParl dict (parsed here)
    :param names: names of referenced objects by id (organisations, …),
        for the ``names`` columns; ids missing here stay empty there
    :raises ValueError: if the record's type is not one of the kind's
    """
    chosen = get_kind(kind)
    record = (
        record_or_obj
        if isinstance(record_or_obj, Record)
        else records.parse(record_or_obj)
    )
    if record.type_name not in chosen.types:
        raise ValueError(f"{record.type_name} gehört nicht zur Objektart {kind}")
    lookup = names or {}
    for row in _contexts(chosen, record):
        yield {c.name: _cell(c, row, chosen, lookup) for c in chosen.columns}


# -- partitions and the summary ---------------------------------------------


@dataclass(frozen=True)
class Partition:
    """One snapshot file pair: a year, a Wahlperiode, or everything.

    :param key: stable and file-name safe (``2024``, ``wp-2019-2024``)
    :param label: for resource names (``2024``, ``Wahlperiode 2019–2024``)
    :param sort: resources are listed by this, descending (newest first)
    """

    key: str
    label: str
    sort: str = ""


def _fixed_partition(name: str) -> Partition:
    raw = mapping_table()["partitions"][name]
    return Partition(raw["key"], raw["label"])


def _term_partition(term: records.LegislativeTerm) -> Partition:
    start, end = term.start_date, term.end_date
    if start:
        key = f"wp-{start.year}" + (f"-{end.year}" if end else "")
    else:
        key = "wp-" + hashlib.sha256(term.id.encode()).hexdigest()[:8]
    template: str = mapping_table()["partitions"]["term_label"]
    label = term.name or template.format(
        start=start.year if start else "", end=end.year if end else ""
    )
    return Partition(key, label, start.isoformat() if start else "")


def partition_for(
    kind: str,
    record: Record,
    *,
    mode: str = "year",
    terms: Iterable[records.LegislativeTerm] = (),
) -> Partition:
    """The snapshot partition a record belongs to.

    Kinds without a date (Gremien, Mandatsträger) have one partition.

    :param kind: a key of :func:`kinds`
    :param record: the (filtered) record
    :param mode: ``year`` or ``term`` (the source's ``partition`` setting)
    :param terms: the Body's legislative terms (for ``term``)
    """
    chosen = get_kind(kind)
    if not chosen.date_paths:
        return _fixed_partition("all")
    day = _local_date(_value(chosen.date_paths, _contexts(chosen, record)[0]))
    if day is None:
        return _fixed_partition("undated")
    if mode != "term":
        return Partition(str(day.year), str(day.year), f"{day.year:04d}")
    for term in sorted(terms, key=lambda t: t.start_date or dt.date.min, reverse=True):
        starts, ends = term.start_date, term.end_date
        if (starts is None or starts <= day) and (ends is None or day <= ends):
            return _term_partition(term)
    return _fixed_partition("undated")


@dataclass
class PartitionStats:
    """What the harvester saw of one partition."""

    partition: Partition
    rows: int = 0
    modified: dt.datetime | None = None


@dataclass
class KindSummary:
    """What the harvester aggregates while streaming one kind of one Body.

    Feed every record with :meth:`add` and every written snapshot with
    :meth:`add_snapshot`; :func:`kind_dataset` reads the rest.

    :param kind: a key of :func:`kinds`
    """

    kind: str
    partitions: dict[str, PartitionStats] = field(default_factory=dict)
    min_date: dt.date | None = None
    max_date: dt.date | None = None
    modified: dt.datetime | None = None
    created: dt.datetime | None = None
    licenses: Counter[str] = field(default_factory=Counter)
    keywords: Counter[str] = field(default_factory=Counter)
    record_count: int = 0
    snapshots: dict[tuple[str, str], SnapshotInfo] = field(default_factory=dict)

    def add(
        self,
        record: Record,
        partition: Partition,
        rows: int,
        *,
        changed: dt.datetime | None = None,
    ) -> None:
        """Count one record.

        :param record: the (filtered) record
        :param partition: from :func:`partition_for`
        :param rows: how many snapshot rows it gave
        :param changed: when its content last changed, if the harvester
            knows better than ``modified`` (synthetic stamps: the time its
            :func:`~.records.content_hash` changed)
        """
        stats = self.partitions.setdefault(partition.key, PartitionStats(partition))
        stats.rows += rows
        self.record_count += 1
        for value in _temporal_values(get_kind(self.kind), record):
            self.min_date = min(value, self.min_date or value)
            self.max_date = max(value, self.max_date or value)
        if changed is None and not record.synthetic_modified:
            changed = record.modified
        if changed is not None:
            stats.modified = max(changed, stats.modified or changed)
            self.modified = max(changed, self.modified or changed)
        if record.created is not None:
            self.created = min(record.created, self.created or record.created)
        if record.license:
            self.licenses[record.license] += 1
        self.keywords.update(k for k in record.keyword if k)

    def add_snapshot(self, partition_key: str, fmt: str, info: SnapshotInfo) -> None:
        """Note a written snapshot (its size and checksum go into the resource).

        :param partition_key: :attr:`Partition.key`
        :param fmt: ``csv`` or ``json``
        :param info: what :mod:`.snapshots` returned
        """
        self.snapshots[(partition_key, fmt)] = info


def _temporal_values(kind: Kind, record: Record) -> Iterator[dt.date]:
    for row in _contexts(kind, record):
        for path in kind.temporal_paths:
            value = _value([path], row)
            for item in value if isinstance(value, list) else [value]:
                day = _local_date(item)
                if day is not None:
                    yield day
