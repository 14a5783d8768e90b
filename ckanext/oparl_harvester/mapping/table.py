"""The table behind the mapping: ``mapping.yaml``, its kinds and columns.

Everything here is read from ``ckanext/oparl_harvester/mapping.yaml`` (once,
then cached): the kinds of datasets with their OParl types, columns and
texts, the political geocoding levels, the source settings' labels and the
OParl schema IRIs.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "API",
    "MAPPING_FILE",
    "Column",
    "Kind",
    "columns",
    "default_kinds",
    "geocoding_levels",
    "get_kind",
    "kinds",
    "mapping_table",
    "schema_iri",
    "source_config_fields",
]

MAPPING_FILE = Path(__file__).resolve().parent.parent / "mapping.yaml"
API = "api"  # the `kind` of the dataset describing the API itself


@functools.cache
def mapping_table() -> dict[str, Any]:
    """``mapping.yaml`` as read (cached; do not change what it returns)."""
    with MAPPING_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


# -- kinds and columns -------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a kind's snapshots (see ``mapping.yaml``)."""

    name: str
    label: str
    paths: tuple[str, ...] = ()
    names: bool = False
    count: bool = False
    fn: str | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of dataset: which OParl types, which columns, which texts."""

    key: str
    slug: str
    label: str
    title: str
    types: tuple[str, ...]
    default: bool
    list_path: str
    row: str
    notes: str
    keywords: tuple[str, ...]
    columns: tuple[Column, ...]
    expand: str | None = None
    date_paths: tuple[str, ...] = ()
    temporal_paths: tuple[str, ...] = ()
    type_labels: Mapping[str, str] = field(default_factory=dict)
    embedded_in: tuple[str, ...] = ()


def _column(raw: Mapping[str, Any]) -> Column:
    return Column(
        name=str(raw["name"]),
        label=str(raw["label"]),
        paths=tuple(str(raw["from"]).split("|")) if raw.get("from") else (),
        names=bool(raw.get("names")),
        count=bool(raw.get("count")),
        fn=raw.get("fn"),
    )


@functools.cache
def _kinds() -> dict[str, Kind]:
    found: dict[str, Kind] = {}
    for key, raw in mapping_table()["kinds"].items():
        found[key] = Kind(
            key=key,
            slug=raw["slug"],
            label=raw["label"],
            title=raw["title"],
            types=tuple(raw["types"]),
            default=bool(raw["default"]),
            list_path=raw["list"],
            row=raw["row"],
            notes=raw["notes"],
            keywords=tuple(raw.get("keywords") or ()),
            columns=tuple(_column(c) for c in raw["columns"]),
            expand=raw.get("expand"),
            date_paths=tuple(raw["date"].split("|")) if raw.get("date") else (),
            temporal_paths=tuple(raw.get("temporal") or ()),
            type_labels=dict(raw.get("type_labels") or {}),
            embedded_in=tuple(raw.get("embedded_in") or ()),
        )
    return found


def kinds() -> tuple[str, ...]:
    """Keys of all kinds, in the order of ``mapping.yaml``."""
    return tuple(_kinds())


def default_kinds() -> tuple[str, ...]:
    """The kinds harvested when a source does not choose."""
    return tuple(k for k, kind in _kinds().items() if kind.default)


def get_kind(key: str) -> Kind:
    """The kind ``key`` (``meetings``, ``papers``, …).

    :param key: a key of :func:`kinds`
    :raises KeyError: if there is no such kind
    """
    return _kinds()[key]


def columns(kind: str) -> list[str]:
    """The column names of a kind's snapshots, in order.

    :param kind: a key of :func:`kinds`
    """
    return [c.name for c in get_kind(kind).columns]


def geocoding_levels() -> dict[str, tuple[str, ...]]:
    """Political geocoding level code → key kinds that fit it
    (``administrativeDistrict`` → ``("districtKey",)``)."""
    return {k: tuple(v) for k, v in mapping_table()["geocoding_levels"].items()}


def source_config_fields() -> dict[str, dict[str, Any]]:
    """German ``label``, ``help`` and form widget of each source setting."""
    return {k: dict(v) for k, v in mapping_table()["source_config"].items()}


def schema_iri(version: str | None) -> str:
    """The OParl schema IRI of a version (``1.0`` or ``1.1``; default 1.1).

    :param version: ``"1.0"``, ``"1.1"`` or an OParl version IRI
    """
    iris: dict[str, str] = mapping_table()["schema_iris"]
    for key, iri in iris.items():
        if version and (version == key or version.rstrip("/") == iri.rstrip("/")):
            return iri
    return iris["1.1"]
