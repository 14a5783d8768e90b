"""The mapping table between CKAN fields and DCAT-AP.de properties.

Read from ``mapping.yaml`` (one source of truth for the RDF profile and for
naming the form field of a conformance finding) and the scheming schema
(labels).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import os
from dataclasses import dataclass
from typing import Any, Literal

import yaml
from rdflib import URIRef

Level = Literal["dataset", "resource", "agent"]
_HERE = os.path.dirname(__file__)
# the plugin's scheming schemas: schemas/dcat_ap_de/ of the repository
SCHEMAS = importlib.resources.files("ckanext.kommunal.schemas") / "dcat_ap_de"


@dataclass(frozen=True)
class Row:
    """One field and the RDF properties it is written to."""

    field: str
    level: Level
    predicates: tuple[URIRef, ...]
    kind: str = "literal"
    codelist: str | None = None
    default: str | None = None
    emit: str | None = None
    mirror: tuple[URIRef, URIRef] | None = None
    inherit: bool = False
    # dataclasses.field: this class has a field called ``field``
    label: dict[str, str] = dataclasses.field(default_factory=dict, compare=False)

    @property
    def predicate(self) -> URIRef:
        """The current (DCAT-AP.de 3.0) property."""
        return self.predicates[0]


@functools.cache
def _table() -> dict[str, Any]:
    with open(os.path.join(_HERE, "mapping.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def namespaces() -> dict[str, str]:
    """Prefixes used in the mapping table (and bound in our RDF output)."""
    return dict(_table()["namespaces"])


def legacy_namespaces() -> tuple[str, ...]:
    """Old dcatde namespaces (1.0, 1.0.1) that are read like the current one."""
    return tuple(_table()["legacy_namespaces"])


def expand(curie: str) -> URIRef:
    """Expand ``prefix:local`` with the table's namespaces.

    :param curie: compact IRI, e.g. ``dcatde:contributorID``
    """
    prefix, local = curie.split(":", 1)
    return URIRef(namespaces()[prefix] + local)


@functools.cache
def _labels() -> dict[tuple[str, str], dict[str, str]]:
    labels: dict[tuple[str, str], dict[str, str]] = {}
    for name, key in (("dataset.yaml", "dataset"), ("organization.yaml", "agent")):
        with (SCHEMAS / name).open(encoding="utf-8") as f:
            schema = yaml.safe_load(f)
        fields = schema.get("dataset_fields") or schema.get("fields") or []
        for item in fields:
            labels[(key, item["field_name"])] = _as_dict(item.get("label"))
        for item in schema.get("resource_fields", []):
            labels[("resource", item["field_name"])] = _as_dict(item.get("label"))
    return labels


def _as_dict(label: Any) -> dict[str, str]:
    if isinstance(label, dict):
        return {str(k): str(v) for k, v in label.items()}
    return {"de": str(label or ""), "en": str(label or "")}


def _mirror(value: dict[str, str] | None) -> tuple[URIRef, URIRef] | None:
    return (expand(value["predicate"]), expand(value["class"])) if value else None


@functools.cache
def rows(level: Level) -> tuple[Row, ...]:
    """All rows of one level (``dataset``, ``resource`` or ``agent``).

    :param level: which part of the table
    """
    return tuple(
        Row(
            field=item["field"],
            level=level,
            predicates=tuple(expand(p) for p in item["predicates"]),
            kind=item.get("kind", "literal"),
            codelist=item.get("codelist"),
            default=item.get("default"),
            emit=item.get("emit"),
            mirror=_mirror(item.get("mirror")),
            inherit=bool(item.get("inherit")),
            label=_labels().get((level, item["field"]), {}),
        )
        for item in _table()[level]
    )


def own_rows(level: Level) -> tuple[Row, ...]:
    """The rows the dcat_ap_de profile writes and reads itself.

    :param level: which part of the table
    """
    return tuple(row for row in rows(level) if row.emit == "dcat_ap_de")


def field_for(predicate_iri: str, level: str) -> tuple[str, dict[str, str]] | None:
    """The form field to fix for a finding on ``predicate_iri``.

    :param predicate_iri: the SHACL result path
    :param level: ``dataset``, ``resource``, ``agent`` (``catalog``: none)
    :returns: field name and its label ``{"de": …, "en": …}``, or None
    """
    if level != "dataset" and level != "resource" and level != "agent":
        return None
    for row in rows(level):  # the comparisons narrowed level to a Level
        if URIRef(predicate_iri) in row.predicates:
            return row.field, row.label
    return None
