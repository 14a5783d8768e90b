"""Solr function queries (``div(mul(a,2),b)``) as SQL arithmetic.

Enough of Solr's function library for what CKAN extensions send: the boost
function and ``{!frange}`` filter of ckanext-spatial's ``solr-bbox`` backend
and simple field arithmetic for sorting or boosting. A missing field counts
as 0, as in Solr; division by zero yields no value instead of an error.
"""

from __future__ import annotations

import re

from . import sql
from .errors import solr_error
from .sql import Params

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|"
    r"(?P<name>[A-Za-z_][\w.\-]*)|(?P<sym>[(),]))"
)

_FUNCTIONS: dict[str, tuple[int, int | None]] = {
    # name: (min args, max args or None for any)
    "sum": (1, None),
    "add": (1, None),
    "sub": (2, 2),
    "product": (1, None),
    "mul": (1, None),
    "div": (2, 2),
    "min": (1, None),
    "max": (1, None),
    "abs": (1, 1),
    "sqrt": (1, 1),
    "pow": (2, 2),
    "log": (1, 1),
}


class _Parser:
    def __init__(self, text: str, params: Params) -> None:
        self.text = text
        self.p = params
        self.tokens = self._lex(text)
        self.pos = 0

    def _lex(self, text: str) -> list[tuple[str, str]]:
        out = []
        pos = 0
        text = text.rstrip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise solr_error(f"Invalid function query near: {text[pos : pos + 30]}")
            kind = m.lastgroup or "sym"
            out.append((kind, m.group(kind)))
            pos = m.end()
        return out

    def _next(self) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise solr_error(f"Unexpected end of function query: {self.text}")
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def _peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def expr(self) -> str:
        kind, value = self._next()
        if kind == "num":
            return f"CAST({self.p.bind(float(value))} AS double precision)"
        if kind != "name":
            raise solr_error(f"Invalid function query: {self.text}")
        if self._peek() != "(":
            spec = sql.check_field(value)
            if not spec.numeric:
                raise solr_error(f"Function queries need numeric fields: {value}")
            return f"COALESCE({sql.typed(spec, sql.scalar(self.p, spec))}, 0)"
        self._next()
        args = [self.expr()]
        while self._peek() == ",":
            self._next()
            args.append(self.expr())
        if self._next()[1] != ")":
            raise solr_error(f"Invalid function query: {self.text}")
        return self._call(value.lower(), args)

    def _call(self, name: str, args: list[str]) -> str:
        if name not in _FUNCTIONS:
            raise solr_error(f"Unknown function {name} in FunctionQuery")
        low, high = _FUNCTIONS[name]
        if len(args) < low or (high is not None and len(args) > high):
            raise solr_error(f"Wrong number of arguments for function {name}")
        if name in ("sum", "add"):
            return "(" + " + ".join(args) + ")"
        if name in ("product", "mul"):
            return "(" + " * ".join(args) + ")"
        if name == "sub":
            return f"({args[0]} - {args[1]})"
        if name == "div":
            return f"({args[0]} / NULLIF({args[1]}, 0))"
        if name in ("min", "max"):
            return f"{'LEAST' if name == 'min' else 'GREATEST'}({', '.join(args)})"
        if name == "pow":
            return f"power({args[0]}, {args[1]})"
        if name == "log":
            return f"log(NULLIF(GREATEST({args[0]}, 0), 0))"
        if name == "sqrt":
            return f"sqrt(GREATEST({args[0]}, 0))"
        return f"abs({args[0]})"


def function_sql(text: str, params: Params) -> str:
    """Return a SQL numeric expression for a Solr function query.

    :param text: e.g. ``div(mul(maxx,2),add(1,minx))``
    :param params: receives the bound field names and numbers
    """
    parser = _Parser(text, params)
    expr = parser.expr()
    if parser.pos != len(parser.tokens):
        raise solr_error(f"Invalid function query: {text}")
    return expr


def frange_sql(local: dict[str, str], body: str, params: Params) -> str:
    """The ``{!frange l= u= incl= incu=}function`` filter as a SQL condition.

    :param local: the local parameters
    :param body: the function query
    :param params: receives bound values
    """
    value = function_sql(local.get("v", body), params)
    parts = []
    try:
        if "l" in local:
            op = ">=" if local.get("incl", "true") == "true" else ">"
            parts.append(f"{value} {op} {params.bind(float(local['l']))}")
        if "u" in local:
            op = "<=" if local.get("incu", "true") == "true" else "<"
            parts.append(f"{value} {op} {params.bind(float(local['u']))}")
    except ValueError:
        raise solr_error("frange bounds must be numbers") from None
    parts.append(f"{value} IS NOT NULL")
    return sql.all_of(parts)
