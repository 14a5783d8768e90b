"""The index schema: how each Solr field is typed, stored and weighted.

Read once from ``solr_fields.yaml`` (a transcription of CKAN's Solr schema);
every other module asks this one instead of hard-coding field knowledge.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import os
from typing import Any, Literal

import yaml

FieldType = Literal["string", "text", "ngram", "date", "int", "float", "boolean"]

_SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "solr_fields.yaml")


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """How one index field behaves.

    :param name: the field name as used in queries
    :param type: the Solr field type family
    :param multi: whether the field may hold several values
    :param stored: whether ``fl`` returns the field
    :param indexed: whether the field can be queried
    :param source: for ``ngram`` fields, the field whose text is matched
    :param column: whether the field also has a column of its own
    """

    name: str
    type: FieldType
    multi: bool = False
    stored: bool = False
    indexed: bool = True
    source: str | None = None
    column: bool = False

    @property
    def numeric(self) -> bool:
        return self.type in ("int", "float")


@functools.cache
def _schema() -> dict[str, Any]:
    with open(_SCHEMA_FILE, encoding="utf-8") as f:
        return yaml.safe_load(f)


@functools.lru_cache(maxsize=4096)
def field_spec(name: str) -> FieldSpec:
    """Return the spec of an index field, resolving dynamic fields.

    :param name: field name, e.g. ``title`` or ``extras_theme``
    """
    schema = _schema()
    entry = schema["fields"].get(name)
    if entry is None:
        entry = next(
            d for d in schema["dynamic"] if fnmatch.fnmatchcase(name, d["pattern"])
        )
    return FieldSpec(
        name=name,
        type=entry["type"],
        multi=bool(entry.get("multi", False)),
        stored=bool(entry.get("stored", False)),
        indexed=bool(entry.get("indexed", True)),
        source=entry.get("source"),
        column=bool(entry.get("column", False)) and name in schema["fields"],
    )


@functools.cache
def text_weights() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return the weighted sources of the free-text vector, A (highest) to D."""
    sources = _schema()["text_sources"]
    return tuple((weight, tuple(sources[weight])) for weight in "ABCD")


@functools.lru_cache(maxsize=4096)
def weight_of(name: str) -> str | None:
    """Return the free-text weight class of a field, or None if not copied."""
    for weight, patterns in text_weights():
        if any(fnmatch.fnmatchcase(name, p) for p in patterns):
            return weight
    return None
