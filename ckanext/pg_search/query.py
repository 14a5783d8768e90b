"""A Solr select request (the parameters pysolr sends) compiled to SQL parts."""

from __future__ import annotations

import dataclasses
import fnmatch
import re
from collections.abc import Callable
from typing import Any

from . import dismax, functions, sql
from .errors import solr_error, syntax_error
from .fields import field_spec
from .lucene import Options, Translator, combine
from .sql import Params

_LOCAL_PARAM = re.compile(
    r"""\s*(?:([\w.]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|"""
    r"""([^\s}'"]+))|([\w.]+))"""
)
_SORT_SPEC = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s+(asc|desc)\s*$", re.IGNORECASE)
_RANK_WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'"  # D, C, B, A
MAX_ROWS = 100_000


def split_local_params(text: str) -> tuple[dict[str, list[str]], str]:
    """Split ``{!type k=v ...}body`` into local parameters and the body.

    :param text: a parameter value starting with ``{!``
    :returns: the parameters (``type`` for the bare parser name) and the rest
    """
    params: dict[str, list[str]] = {}
    pos = text.index("{!") + 2
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            raise syntax_error(text, "local parameters are not closed with '}'")
        if text[pos] == "}":
            return params, text[pos + 1 :]
        m = _LOCAL_PARAM.match(text, pos)
        if not m or m.end() == pos:
            raise syntax_error(text, "invalid local parameters")
        key, single, double, bare, flag = m.groups()
        if flag:
            params.setdefault("type", []).append(flag)
        else:
            value = single if single is not None else double
            params.setdefault(key, []).append(value if value is not None else bare)
        pos = m.end()


@dataclasses.dataclass
class Compiled:
    """The SQL parts of one select request."""

    where: str
    score: str
    order_by: str
    rows: int
    start: int
    fields: list[str] | None  # None: every stored field
    want_score: bool
    facet_fields: list[str]
    facet_limit: int
    facet_mincount: int


class RequestCompiler:
    """Compiles Solr select parameters into SQL with bound values.

    :param params: the request's parameters as pysolr passes them
    :param cfg: the PostgreSQL text search configuration, e.g. ``german``
    :param prefix_min: minimum word length for prefix matching of free text
    :param has_lexemes: tells whether text analysis leaves any word of a text
    """

    def __init__(
        self,
        params: dict[str, Any],
        cfg: str,
        prefix_min: int,
        has_lexemes: Callable[[str], bool] | None = None,
    ) -> None:
        self.params = params
        self.p = Params(cfg)
        self.prefix_min = prefix_min
        self.has_lexemes = has_lexemes or (lambda text: True)
        self.score_queries: list[str] = []

    # -- helpers ----------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        value = self.params.get(key, default)
        if isinstance(value, (list, tuple)) and key not in ("fq", "facet.field"):
            value = value[0] if value else default
        return value

    def _int(self, key: str, default: int) -> int:
        value = self.get(key, default)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise solr_error(f"Invalid integer for '{key}': {value!r}") from None

    def options(self, local: dict[str, list[str]] | None = None) -> Options:
        local = local or {}

        def pick(key: str, default: Any = None) -> Any:
            return local[key][0] if key in local else self.get(key, default)

        op = str(pick("q.op", "OR")).upper()
        qf = pick("qf")
        return Options(
            default_field=pick("df", "text") or "text",
            default_op="AND" if op == "AND" else "OR",
            qf=[f.split("^")[0] for f in qf.split()] if qf else None,
            mm=pick("mm"),
            prefix_min=self.prefix_min,
            has_lexemes=self.has_lexemes,
        )

    # -- queries ----------------------------------------------------------

    def query(self, text: str, parser: str = "lucene") -> str:
        """Translate one query string (``q`` or an ``fq``) into a condition."""
        text = text or ""
        if text.lstrip().startswith("{!"):
            local, body = split_local_params(text.lstrip())
            parser = local.get("type", [parser])[0]
            body = local["v"][0] if "v" in local else body
            return self.local_query(parser, local, body)
        return self.parsed(parser, text, self.options())

    def parsed(self, parser: str, text: str, opts: Options) -> str:
        if parser in ("lucene", "standard", "edismax", "dismax"):
            if parser == "lucene" or parser == "standard":
                opts.qf = None
                opts.mm = None
            elif opts.qf is None:
                opts.qf = [opts.default_field]
            translator = Translator(self.p, opts)
            if parser == "dismax":
                result = dismax.translate(translator, text)
            else:
                result = translator.translate(text)
            self.score_queries.extend(translator.score_queries)
            return result
        raise solr_error(f"Unknown query parser '{parser}'")

    def local_query(self, parser: str, local: dict[str, list[str]], body: str) -> str:
        if parser == "frange":
            flat = {k: v[0] for k, v in local.items()}
            return functions.frange_sql(flat, body, self.p)
        if parser == "bool":
            must = [self.query(q) for q in local.get("must", [])]
            must += [self.query(q) for q in local.get("filter", [])]
            should = [self.query(q) for q in local.get("should", [])]
            must_not = [self.query(q) for q in local.get("must_not", [])]
            if not (must or should or must_not):
                return sql.FALSE
            return combine(must, should, must_not, 0)
        return self.parsed(parser, body, self.options(local))

    # -- the whole request ------------------------------------------------

    def compile(self, q: str | None) -> Compiled:
        """Compile the request; ``q`` is the main query."""
        q = q if q not in (None, "") else "*:*"
        def_type = self.get("defType", "lucene") or "lucene"
        conditions = [self.query(str(q), def_type)]
        fqs = self.params.get("fq") or []
        if isinstance(fqs, str):
            fqs = [fqs]
        for fq in fqs:
            if fq and fq.strip():
                before = len(self.score_queries)
                conditions.append(self.query(fq))
                # filters do not influence the score
                del self.score_queries[before:]
        return Compiled(
            where=sql.all_of(conditions),
            score=self.score(),
            order_by=self.order_by(),
            rows=max(0, min(self._int("rows", 10), MAX_ROWS)),
            start=max(0, self._int("start", 0)),
            fields=self.field_list(),
            want_score="score" in self.field_names(),
            facet_fields=self.facet_fields(),
            facet_limit=self._int("facet.limit", 100),
            facet_mincount=self._int("facet.mincount", 0),
        )

    def score(self) -> str:
        parts = []
        if self.score_queries:
            combined = " || ".join(self.score_queries)
            parts.append(f"ts_rank({_RANK_WEIGHTS}, d.tsv, {combined})")
        boost = self.get("bf")
        if boost:
            parts.append(f"COALESCE({functions.function_sql(boost, self.p)}, 0)")
        return " + ".join(parts) if parts else "1.0"

    def order_by(self) -> str:
        spec = self.get("sort") or "score desc"
        keys = []
        for part in str(spec).split(","):
            if not part.strip():
                continue
            m = _SORT_SPEC.match(part)
            if not m:
                raise solr_error(
                    "Can't determine a Sort Order (asc or desc) in sort spec "
                    f"'{part.strip()}'"
                )
            name, direction = m.group(1), m.group(2).upper()
            if name == "score":
                keys.append(f"score {direction}")
                continue
            field = sql.check_field(name)
            if field.multi:
                raise solr_error(f"can not sort on multivalued field: {name}")
            expr = sql.typed(field, sql.scalar(self.p, field))
            if field.type in ("string", "text", "boolean"):
                nulls = "NULLS LAST"  # sortMissingLast in CKAN's schema
            else:
                nulls = "NULLS FIRST" if direction == "ASC" else "NULLS LAST"
            keys.append(f"{expr} {direction} {nulls}")
        # Solr breaks ties by index order: oldest indexed first
        keys.append("d.seq ASC")
        return ", ".join(keys)

    def field_names(self) -> list[str]:
        fl = self.get("fl") or "*"
        return [f for f in re.split(r"[\s,]+", str(fl)) if f]

    def field_list(self) -> list[str] | None:
        names = [f for f in self.field_names() if f != "score"]
        if not names or "*" in names:
            return None
        return names

    def facet_fields(self) -> list[str]:
        if str(self.get("facet", "false")).lower() not in ("true", "on", "1"):
            return []
        fields = self.params.get("facet.field") or []
        if isinstance(fields, str):
            fields = [fields]
        for name in fields:
            sql.check_field(name)
        return list(dict.fromkeys(fields))


def stored_view(doc: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    """The part of an index document ``fl`` returns (stored fields only).

    :param doc: the whole index document
    :param fields: requested names or glob patterns; None for every field
    """
    out = {}
    for name, value in doc.items():
        if not field_spec(name).stored:
            continue
        if fields is None or any(fnmatch.fnmatchcase(name, f) for f in fields):
            out[name] = value
    return out
