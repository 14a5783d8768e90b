"""Lucene query syntax (as Solr's standard and edismax parsers read it) to SQL.

The query is parsed by luqum into a tree; each node becomes a boolean SQL
expression over the index table (alias ``d``). Boolean clauses follow
Lucene's semantics: ``+`` must, ``-``/``NOT`` must not, plain clauses follow
``q.op`` (or ``mm`` for edismax), a query of only negative clauses matches
everything else.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable

from luqum import tree
from luqum.exceptions import ParseError
from luqum.parser import parser

from . import sql
from .errors import solr_error, syntax_error
from .sql import Params

# ply's parser keeps state in module globals: one parse at a time.
_PARSE_LOCK = threading.Lock()
_UNESCAPE = re.compile(r"\\(.)")
_WILDCARD = re.compile(r"(?<!\\)[*?]")
_PREFIX_WORD = re.compile(r"^\w+\*$")


@dataclasses.dataclass
class Options:
    """How bare terms and plain clauses are read.

    :param default_field: field of bare terms (``df``) in the standard parser
    :param default_op: ``AND`` or ``OR`` for plain clauses (``q.op``)
    :param qf: edismax/dismax query fields; bare terms are searched over them
    :param mm: edismax/dismax minimum-should-match spec for plain clauses
    :param prefix_min: free-text words at least this long also match as
        prefixes (German compounds: "Schul" finds "Schulentwicklungsplan");
        0 switches prefix matching off
    :param has_lexemes: whether text analysis leaves anything of a text (not
        only stop words); terms without are dropped, as Solr drops them
    """

    default_field: str = "text"
    default_op: str = "OR"
    qf: list[str] | None = None
    mm: str | None = None
    prefix_min: int = 4
    has_lexemes: Callable[[str], bool] = lambda text: True


def unescape(value: str) -> str:
    return _UNESCAPE.sub(r"\1", value)


def parse(query: str) -> tree.Item:
    """Parse a Lucene query, failing with Solr's syntax error.

    :param query: the query string
    """
    try:
        with _PARSE_LOCK:
            return parser.parse(query)
    except ParseError as e:
        raise syntax_error(query, str(e)) from None
    except (TypeError, ValueError, IndexError) as e:
        raise syntax_error(query, repr(e)) from None


def min_should_match(spec: str | None, optional: int) -> int:
    """How many of ``optional`` clauses must match under a Solr ``mm`` spec.

    :param spec: e.g. ``"2<-1 5<80%"``, ``"75%"``, ``"3"``; None means all
    :param optional: number of optional (plain) clauses
    """
    if spec is None:
        return optional

    def value(part: str) -> int:
        part = part.strip()
        if part.endswith("%"):
            pct = int(part[:-1])
            n = int(optional * abs(pct) / 100)
            return n if pct >= 0 else optional - n
        n = int(part)
        return n if n >= 0 else optional + n

    try:
        conditions = spec.split()
        if not any("<" in c for c in conditions):
            need = value(spec)
        else:
            need = optional
            for cond in conditions:
                limit, rule = cond.split("<", 1)
                if optional > int(limit):
                    need = value(rule)
    except ValueError:
        raise solr_error(f"Invalid 'mm' parameter: {spec}") from None
    return max(0, min(optional, need))


def combine(must: list[str], should: list[str], must_not: list[str], need: int) -> str:
    """Lucene's BooleanQuery as SQL.

    :param must: conditions that must all hold
    :param should: optional conditions; without ``must`` one of them must hold
    :param must_not: conditions none of which may hold
    :param need: how many ``should`` conditions must hold (``mm``)
    """
    parts = list(must)
    if must_not:
        parts.append(f"NOT {sql.any_of(must_not)}")
    if should:
        if need >= len(should):
            parts.extend(should)
        elif need > 1:
            counted = " + ".join(f"CAST({s} AS int)" for s in should)
            parts.append(f"({sql.any_of(should)} AND ({counted}) >= {need})")
        elif not must:
            parts.append(sql.any_of(should))
    return sql.all_of(parts)


class Translator:
    """Turns one query string into a SQL condition, collecting score terms."""

    def __init__(self, params: Params, options: Options) -> None:
        self.p = params
        self.opts = options
        #: tsqueries of positive text matches, for ranking
        self.score_queries: list[str] = []

    # -- entry points -----------------------------------------------------

    def translate(self, query: str) -> str:
        """Return the SQL condition for a Lucene query string."""
        query = query.strip()
        if not query:
            return sql.FALSE
        return self.node(parse(query), None, False, top=True)

    def free_text(self, value: str, phrase: bool, negated: bool) -> str:
        """Match a bare word or phrase over the query fields (dismax style)."""
        fields = self.opts.qf or [self.opts.default_field]
        if "text" in fields:
            # `text` holds every other default query field too (copyField)
            fields = ["text"]
        return sql.any_of(
            [self.match(f, value, phrase, negated, free=True) for f in fields]
        )

    # -- tree walking -----------------------------------------------------

    def node(
        self, n: tree.Item, field: str | None, negated: bool, top: bool = False
    ) -> str:
        if isinstance(n, tree.SearchField):
            if n.name == "*" and isinstance(n.expr, tree.Word) and n.expr.value == "*":
                return sql.TRUE
            return self.node(n.expr, unescape(n.name), negated)
        if isinstance(n, (tree.Group, tree.FieldGroup)):
            return self.node(n.expr, field, negated)
        if isinstance(n, tree.BaseOperation):
            return self.boolean(n, field, negated, top)
        if isinstance(n, tree.Plus):
            return self.node(n.a, field, negated)
        if isinstance(n, (tree.Not, tree.Prohibit)):
            return f"NOT {self.node(n.a, field, not negated)}"
        if isinstance(n, tree.Boost):
            return self.node(n.expr, field, negated)
        if isinstance(n, (tree.Fuzzy, tree.Proximity)):
            return self.node(n.term, field, negated)
        if isinstance(n, tree.Word):
            return self.word(field, n.value, negated)
        if isinstance(n, tree.Phrase):
            return self.phrase(field, n.value[1:-1], negated)
        if isinstance(n, tree.Range):
            return self.range(field, n)
        raise syntax_error(str(n), f"{type(n).__name__} queries are not supported")

    def boolean(
        self, n: tree.BaseOperation, field: str | None, negated: bool, top: bool
    ) -> str:
        if isinstance(n, tree.AndOperation):
            plain_kind = "must"
        elif isinstance(n, tree.OrOperation):
            plain_kind = "should"
        elif top and self.opts.mm is not None:
            plain_kind = "mm"
        else:
            plain_kind = "must" if self.opts.default_op == "AND" else "should"
        must: list[str] = []
        should: list[str] = []
        must_not: list[str] = []
        for child in n.operands:
            if isinstance(child, tree.Plus):
                must.append(self.node(child.a, field, negated))
            elif isinstance(child, (tree.Prohibit, tree.Not)):
                must_not.append(self.node(child.a, field, not negated))
            elif plain_kind == "must":
                must.append(self.node(child, field, negated))
            else:
                should.append(self.node(child, field, negated))
        need = 0
        if plain_kind == "mm":
            need = min_should_match(self.opts.mm, len(should))
        return combine(must, should, must_not, need)

    # -- leaves -----------------------------------------------------------

    def word(self, field: str | None, value: str, negated: bool) -> str:
        if field is None:
            if self.opts.qf is not None:
                return self.free_text(value, False, negated)
            return self.match(self.opts.default_field, value, False, negated, True)
        return self.match(field, value, False, negated, free=False)

    def phrase(self, field: str | None, value: str, negated: bool) -> str:
        if field is None:
            if self.opts.qf is not None:
                return self.free_text(value, True, negated)
            field = self.opts.default_field
        return self.match(field, value, True, negated, free=False)

    def match(
        self, field: str, value: str, phrase: bool, negated: bool, free: bool
    ) -> str:
        """One field compared with one term or phrase, by the field's type."""
        spec = sql.check_field(field)
        if not spec.indexed:
            return sql.FALSE
        p = self.p
        if not phrase and value == "*":
            return sql.field_exists(p, spec)
        wildcard = not phrase and bool(_WILDCARD.search(value))
        plain = unescape(value)
        if spec.type == "string":
            if wildcard:
                pattern = p.bind(sql.like_pattern(value))
                return sql.on_values(p, spec, lambda v: f"{v} LIKE {pattern}")
            return sql.string_equals(p, spec, plain)
        if spec.type == "ngram":
            return sql.ngram_match(p, spec, plain)
        if spec.type == "text":
            if wildcard and not _PREFIX_WORD.match(value):
                pattern = p.bind(sql.like_pattern(value).lower())
                return sql.on_values(p, spec, lambda v: f"lower({v}) LIKE {pattern}")
            if not sql.has_words(plain):
                # no words at all: a query of only such clauses matches nothing
                return sql.FALSE
            if not self.opts.has_lexemes(plain):
                # only stop words: the clause is dropped, it restricts nothing
                return sql.TRUE
            if phrase:
                query = sql.phrase_query(p, plain)
            else:
                word = plain.rstrip("*")
                prefix = wildcard or (free and 0 < self.opts.prefix_min <= len(word))
                query = sql.word_query(p, word, prefix)
            if not negated:
                self.score_queries.append(query)
            return sql.ts_match(sql.text_vector(p, spec), query)
        if wildcard:
            raise solr_error(f"Can't run prefix queries on numeric fields: {field}")
        return sql.compare(p, spec, "=", sql.coerce(spec, plain))

    def range(self, field: str | None, n: tree.Range) -> str:
        spec = sql.check_field(field or self.opts.default_field)
        low, high = (unescape(_bound(b)) for b in (n.low, n.high))
        parts = []
        if low != "*":
            op = ">=" if n.include_low else ">"
            parts.append(sql.compare(self.p, spec, op, sql.coerce(spec, low)))
        if high != "*":
            op = "<=" if n.include_high else "<"
            parts.append(sql.compare(self.p, spec, op, sql.coerce(spec, high)))
        return sql.all_of(parts) if parts else sql.field_exists(self.p, spec)


def _bound(item: tree.Item) -> str:
    if isinstance(item, tree.Phrase):
        return item.value[1:-1]
    return str(item.value)
