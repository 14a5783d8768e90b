"""SQL fragments over the index table, with every user value bound.

Field names and values from a query never become SQL text: they are bound
parameters. The only identifiers written into SQL are this module's own
(table, column and helper function names).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from . import datemath
from .errors import solr_error
from .fields import FieldSpec, field_spec
from .model import SCHEMA, pg_search_document

TABLE = f"{SCHEMA}.{pg_search_document.name}"
TRUE = "TRUE"
FALSE = "FALSE"

_FIELD_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")
_WORD_CHARS = re.compile(r"[^\W_]+")  # PostgreSQL treats "_" as a separator


class Params:
    """Collects bound parameters and hands out their placeholders."""

    def __init__(self, cfg: str) -> None:
        self.values: dict[str, Any] = {}
        self.cfg = self.bind(cfg)

    def bind(self, value: Any) -> str:
        """Bind ``value`` and return its placeholder (``:p3``).

        :param value: any value psycopg2 can adapt
        """
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f":{name}"


def check_field(name: str) -> FieldSpec:
    """Return the spec of a field named in a query, or fail like Solr.

    :param name: field name taken from user input
    """
    if not _FIELD_NAME.match(name):
        raise solr_error(f"undefined field {name}")
    return field_spec(name)


def any_of(parts: list[str]) -> str:
    return "(" + " OR ".join(parts) + ")" if parts else FALSE


def all_of(parts: list[str]) -> str:
    return "(" + " AND ".join(parts) + ")" if parts else TRUE


def column(spec: FieldSpec, alias: str = "d") -> str:
    """The generated column of a promoted field (names come from the schema
    file only, never from a query)."""
    assert spec.column and _FIELD_NAME.match(spec.name)
    return f"{alias}.{spec.name}"


def field_exists(p: Params, spec: FieldSpec) -> str:
    if spec.name == "text":
        # the catch-all field exists as the free-text vector only
        return "(d.tsv <> CAST('' AS tsvector))"
    if spec.type == "ngram":
        spec = field_spec(spec.source or spec.name)
    if spec.column:
        return f"({column(spec)} IS NOT NULL)"
    return f"(d.doc ? {p.bind(spec.name)})"


def scalar(p: Params, spec: FieldSpec) -> str:
    """SQL for the field's single value (text; NULL when missing)."""
    if spec.column:
        return column(spec)
    return f"(d.doc ->> {p.bind(spec.name)})"


def typed(spec: FieldSpec, expr: str) -> str:
    """Cast a text expression to the SQL type of the field."""
    if spec.type == "date":
        return f"CAST({expr} AS timestamptz)"
    if spec.numeric:
        return f"CAST({expr} AS double precision)"
    if spec.type == "boolean":
        return f"CAST({expr} AS boolean)"
    return f'({expr} COLLATE "C")'


def on_values(p: Params, spec: FieldSpec, condition: Callable[[str], str]) -> str:
    """A condition on the field's value(s), given as ``condition(value_sql)``.

    Single-valued fields are tested directly, multi-valued ones with EXISTS.
    """
    if spec.multi:
        if spec.column:
            values = f"unnest({column(spec)})"
        else:
            values = f"ckanext_pg_search.field_values(d.doc, {p.bind(spec.name)})"
        return f"EXISTS (SELECT 1 FROM {values} AS v WHERE {condition('v')})"
    return condition(scalar(p, spec))


def coerce(spec: FieldSpec, value: str) -> Any:
    """Convert a query value to the field's Python type, failing like Solr."""
    if spec.type == "date":
        return datemath.parse_date(value)
    if spec.numeric:
        try:
            return float(value)
        except ValueError:
            raise solr_error(f"Invalid Number: {value}") from None
    if spec.type == "boolean":
        return value.lower() in ("true", "t", "1", "on", "yes")
    return value


def string_equals(p: Params, spec: FieldSpec, value: str) -> str:
    """Exact match on a string field, single or multi-valued (GIN-indexed)."""
    if spec.column:
        if spec.multi:
            return f"({column(spec)} @> ARRAY[CAST({p.bind(value)} AS text)])"
        return f"({column(spec)} = {p.bind(value)})"
    one = p.bind(json.dumps({spec.name: value}))
    many = p.bind(json.dumps({spec.name: [value]}))
    return f"(d.doc @> CAST({one} AS jsonb) OR d.doc @> CAST({many} AS jsonb))"


def like_pattern(term: str) -> str:
    """Turn a Lucene wildcard term (``*``, ``?``) into a LIKE pattern."""
    out = []
    escaped = False
    for ch in term:
        if escaped:
            out.append("\\" + ch if ch in "%_\\" else ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "*":
            out.append("%")
        elif ch == "?":
            out.append("_")
        elif ch in "%_":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def text_vector(p: Params, spec: FieldSpec) -> str:
    """The tsvector a text field is matched against."""
    if spec.name == "text":
        # the catch-all field: every copyField source, precomputed and indexed
        return "d.tsv"
    return (
        f"to_tsvector(CAST({p.cfg} AS regconfig), "
        f"coalesce(ckanext_pg_search.field_text(d.doc, {p.bind(spec.name)}), ''))"
    )


def has_words(text: str) -> bool:
    """Whether text analysis can find any word in ``text``."""
    return bool(_WORD_CHARS.search(text))


def word_query(p: Params, word: str, prefix: bool) -> str:
    """A tsquery for one analysed word; prefix matching for compounds."""
    tokens = _WORD_CHARS.findall(word)
    if prefix:
        text = " & ".join(t + ":*" for t in tokens)
        return f"to_tsquery(CAST({p.cfg} AS regconfig), {p.bind(text)})"
    return f"plainto_tsquery(CAST({p.cfg} AS regconfig), {p.bind(word)})"


def phrase_query(p: Params, phrase: str) -> str:
    return f"phraseto_tsquery(CAST({p.cfg} AS regconfig), {p.bind(phrase)})"


def ts_match(vector: str, query: str) -> str:
    """Match a tsquery (indexable: callers drop stop-word-only terms)."""
    return f"({vector} @@ {query})"


def compare(p: Params, spec: FieldSpec, op: str, value: Any) -> str:
    """``field <op> value`` with the field's type; value is already coerced."""
    if isinstance(value, dt.datetime):
        bound = f"CAST({p.bind(value.isoformat())} AS timestamptz)"
    elif spec.numeric:
        bound = f"CAST({p.bind(value)} AS double precision)"
    else:
        bound = f'({p.bind(str(value))} COLLATE "C")'
    return on_values(p, spec, lambda v: f"{typed(spec, v)} {op} {bound}")


def ngram_match(p: Params, spec: FieldSpec, text: str) -> str:
    """Substring match as Solr's n-gram fields give it (autocomplete).

    Every whitespace-separated query token of 2 to 10 characters must occur
    in the source field, case-insensitively.
    """
    tokens = text.lower().split()
    if not tokens or any(not 2 <= len(t) <= 10 for t in tokens):
        return FALSE
    source = f"lower(ckanext_pg_search.field_text(d.doc, {p.bind(spec.source)}))"
    return all_of([f"strpos({source}, {p.bind(t)}) > 0" for t in tokens])
