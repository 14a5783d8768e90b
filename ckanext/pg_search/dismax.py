"""Solr's dismax parser: plain user input over weighted query fields.

Dismax reads no field syntax and no operators except ``+``/``-`` prefixes and
quoted phrases; every other special character is just text. Optional words
are combined under the ``mm`` (minimum should match) rule.
"""

from __future__ import annotations

import re

from . import sql
from .errors import syntax_error
from .lucene import Translator, combine, min_should_match

_TOKEN = re.compile(r'([+\-]?)(?:"([^"]*)"?|(\S+))')
_OPERATORS = {"AND", "OR", "&&", "||"}


def translate(translator: Translator, query: str) -> str:
    """Return the SQL condition for a dismax query string.

    :param translator: carries the query fields, ``mm`` and bound parameters
    :param query: the user's input
    """
    must: list[str] = []
    should: list[str] = []
    must_not: list[str] = []
    negate_next = False
    any_of_words = False
    for sign, phrase, word in _TOKEN.findall(query):
        text = phrase if phrase else word
        if not phrase and text in _OPERATORS:
            any_of_words = any_of_words or text in ("OR", "||")
            continue
        if not phrase and text == "NOT":
            negate_next = True
            continue
        if not text.strip():
            continue
        if sign and not phrase and text[0] in "+-":
            # Solr's dismax cannot parse doubled operators ("--x")
            raise syntax_error(query, f'Encountered "{text[0]}" after "{sign}"')
        if sign == "-" or negate_next:
            must_not.append(translator.free_text(text, bool(phrase), True))
        elif sign == "+":
            must.append(translator.free_text(text, bool(phrase), False))
        else:
            should.append(translator.free_text(text, bool(phrase), False))
        negate_next = False
    if not (must or should):
        # nothing to search for: Solr's dismax matches no documents
        return sql.FALSE
    need = min_should_match(translator.opts.mm, len(should))
    if any_of_words:
        # people type "Schule OR Kita" into the search box: any word will do
        need = 1
    return combine(must, should, must_not, need)
