"""Errors in the form CKAN's search layer expects from Solr.

``ckan.lib.search`` turns a ``pysolr.SolrError`` into ``SearchError`` (HTTP
409 on the API) or, for sort problems it recognises by message, into
``SearchQueryError`` (HTTP 400). Messages therefore follow Solr's wording.
"""

from __future__ import annotations

import pysolr


def solr_error(message: str) -> pysolr.SolrError:
    """Return (not raise) a Solr-style error carrying ``message``.

    :param message: what went wrong, in Solr's wording where CKAN matches it
    """
    return pysolr.SolrError(message)


def syntax_error(query: str, detail: str) -> pysolr.SolrError:
    """Return the error Solr gives for a query it cannot parse.

    :param query: the offending query string (shortened in the message)
    :param detail: what the parser complained about
    """
    shown = query if len(query) <= 200 else query[:200] + "…"
    return solr_error(
        f"org.apache.solr.search.SyntaxError: Cannot parse '{shown}': {detail}"
    )
