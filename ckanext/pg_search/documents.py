"""Index documents: what CKAN sends to Solr, normalised for the index table.

Values are converted the way Solr's field types would convert them (strings
for string fields, UTC dates with millisecond precision, numbers), so that
queries and returned documents behave as with Solr. Invalid values of typed
fields are rejected, as Solr rejects them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pysolr

from . import datemath
from .errors import solr_error
from .fields import FieldSpec, field_spec, text_weights, weight_of


@dataclasses.dataclass
class Row:
    """One document as stored in ``ckanext_pg_search.pg_search_document``."""

    index_id: str
    site_id: str | None
    doc: dict[str, Any]  # the indexed fields: what queries look at
    stored: dict[str, Any]  # stored-only fields (the data dicts): read by `fl`
    texts: dict[str, str]  # weight class (A-D) -> text for the tsvector

    def params(self) -> dict[str, Any]:
        values = {
            "index_id": self.index_id,
            "site_id": self.site_id,
            "doc": json.dumps(self.doc, ensure_ascii=False),
            "stored": json.dumps(self.stored, ensure_ascii=False),
        }
        for weight, _ in text_weights():
            values[f"text_{weight}"] = self.texts.get(weight, "")
        return values


def _convert(spec: FieldSpec, value: Any, index_id: str) -> Any:
    try:
        if spec.type == "date":
            if isinstance(value, dt.datetime):
                return datemath.format_date(value)
            if isinstance(value, dt.date):
                return datemath.format_date(
                    dt.datetime(value.year, value.month, value.day)
                )
            return datemath.format_date(datemath.parse_date(str(value)))
        if spec.type == "int":
            return int(value)
        if spec.type == "float":
            return float(value)
        if spec.type == "boolean":
            if isinstance(value, str):
                return value.strip().lower() == "true"
            return bool(value)
    except (ValueError, TypeError, OverflowError, pysolr.SolrError) as e:
        raise solr_error(
            f"ERROR: [doc={index_id}] Error adding field '{spec.name}'="
            f"'{value}' msg={e}"
        ) from None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.datetime):
        return datemath.format_date(value)
    return str(value)


def prepare(doc: dict[str, Any]) -> Row:
    """Normalise a Solr document for the index table.

    :param doc: the document as CKAN (or any Solr client) sends it
    :raises pysolr.SolrError: if the unique key is missing or a typed field
        holds a value of the wrong type
    """
    index_id = doc.get("index_id")
    if not index_id:
        raise solr_error("Document is missing mandatory uniqueKey field: index_id")
    index_id = str(index_id)
    indexed: dict[str, Any] = {}
    stored: dict[str, Any] = {}
    texts: dict[str, list[str]] = {}
    for key, value in doc.items():
        if value is None or key.startswith("_"):
            continue
        spec = field_spec(str(key))
        values = list(value) if isinstance(value, (list, tuple, set)) else [value]
        converted = [_convert(spec, v, index_id) for v in values if v is not None]
        if not converted:
            continue
        value = converted if (spec.multi or len(converted) > 1) else converted[0]
        # Large stored-only fields (the dataset dicts) are kept apart so that
        # filtering never has to read them.
        (indexed if spec.indexed else stored)[key] = value
        weight = weight_of(key)
        if weight is not None:
            texts.setdefault(weight, []).extend(str(v) for v in converted)
    indexed.setdefault("indexed_ts", datemath.format_date(dt.datetime.now(dt.UTC)))
    return Row(
        index_id=index_id,
        site_id=indexed.get("site_id"),
        doc=indexed,
        stored=stored,
        texts={w: "\n".join(parts) for w, parts in texts.items()},
    )


def decode_dates(doc: dict[str, Any]) -> dict[str, Any]:
    """Return ``doc`` with date fields as datetimes (pysolr's date decoding)."""
    out = {}
    for key, value in doc.items():
        if field_spec(key).type == "date" and isinstance(value, str):
            value = datemath.parse_date(value).replace(tzinfo=None)
        out[key] = value
    return out
