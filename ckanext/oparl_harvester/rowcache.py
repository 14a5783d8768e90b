"""Snapshot rows computed once, when an object is stored.

Building a snapshot from the stored OParl objects means parsing every object
with its embedded files and consultations and evaluating the column paths -
the bulk of an import. An incremental run changes few objects, so the store
keeps, per object, its rows (:func:`rows_of`) and a small *stub* of it (the
fields :class:`~.mapping.KindSummary` reads: dates, licence, keywords); a
snapshot then only decodes rows and parses stubs.

- Organisation names are filled in when the snapshot is written
  (:func:`with_names`): the cached rows keep the ids, so a renamed committee
  does not invalidate them.
- The cache is tied to :data:`ROWS_VERSION` (a digest of the mapping and
  record code): after an update of the harvester, objects with older rows
  are read the slow way until they are stored again.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from . import mapping, records

__all__ = [
    "ROWS_VERSION",
    "cacheable",
    "rows_of",
    "stub_of",
    "with_names",
]

_SOURCES = (
    "mapping.yaml",
    "mapping/table.py",
    "mapping/extract.py",
    "records.py",
    "rowcache.py",
)
# Fields every record has that the summary reads.
_BASE_KEYS = frozenset(
    {"id", "type", "created", "modified", "license", "keyword", "deleted"}
)


def _version() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


ROWS_VERSION = _version()


class _Ids(Mapping[str, str]):
    """A names lookup that answers every id with itself: rows keep the ids
    in their name columns, :func:`with_names` replaces them later."""

    def __getitem__(self, key: str) -> str:
        return key

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 1  # truthy: mapping.rows must use it, not an empty dict


@functools.cache
def cacheable(kind: str) -> bool:
    """Whether a kind's rows and summary can be cached (its name columns only
    replace ids, and its dates are no deeper than the expanded items).

    :param kind: a key of ``mapping.yaml``
    """
    chosen = mapping.get_kind(kind)
    if any(c.names and (c.count or c.fn) for c in chosen.columns):
        return False
    paths = [*chosen.temporal_paths, *chosen.date_paths]
    return all("." not in p or p.startswith("item.") for p in paths)


def rows_of(kind: str, record: records.Record) -> list[dict[str, Any]]:
    """The snapshot rows of a record, with ids in the name columns.

    :param kind: the kind
    :param record: the parsed (privacy-filtered) record
    """
    return list(mapping.rows(kind, record, _Ids()))


@functools.cache
def _name_columns(kind: str) -> tuple[str, ...]:
    return tuple(c.name for c in mapping.get_kind(kind).columns if c.names)


def with_names(
    kind: str, row: dict[str, Any], names: Mapping[str, str]
) -> dict[str, Any]:
    """Replace the ids in a cached row's name columns by names; unknown ids
    are left out, as :func:`~.mapping.rows` does.

    :param kind: the kind
    :param row: a cached row (changed in place and returned)
    :param names: names by id
    """
    for column in _name_columns(kind):
        value = row.get(column)
        if isinstance(value, list):
            row[column] = [names[v] for v in value if isinstance(v, str) and v in names]
        elif isinstance(value, str):
            row[column] = names.get(value)
    return row


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@functools.cache
def _stub_keys(kind: str) -> tuple[frozenset[str], str | None, frozenset[str]]:
    """Top-level keys, the expanded key and the item keys the summary reads."""
    chosen = mapping.get_kind(kind)
    top: set[str] = set(_BASE_KEYS)
    item: set[str] = set(_BASE_KEYS)
    for path in (*chosen.temporal_paths, *chosen.date_paths):
        head, _, tail = path.partition(".")
        if head == "item":
            item.add(_camel(tail))
        else:
            top.add(_camel(head))
    expand = _camel(chosen.expand) if chosen.expand else None
    return frozenset(top), expand, frozenset(item)


def stub_of(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The part of an object the kind's summary reads (small to parse).

    :param kind: a cacheable kind
    :param data: the stored (privacy-filtered) object
    """
    top, expand, item_keys = _stub_keys(kind)
    stub = {k: v for k, v in data.items() if k in top or k.startswith("_")}
    items = data.get(expand) if expand else None
    if expand and isinstance(items, list):
        stub[expand] = [
            {k: v for k, v in i.items() if k in item_keys or k.startswith("_")}
            if isinstance(i, dict)
            else i
            for i in items
        ]
    return stub
