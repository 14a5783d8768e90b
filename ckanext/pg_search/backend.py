"""The seam: CKAN's search layer gets its Solr connection from here.

``ckan.lib.search.common.make_connection`` is the one place CKAN (and
ckanext-harvest) obtain the Solr client. Installing the backend replaces that
function, in every module that imported it by name, with one returning a
:class:`~ckanext.pg_search.connection.PgSolrConnection`, and replaces the
start-up check of the Solr schema version, which has no meaning here.
Nothing else in CKAN is changed; not installing it leaves real Solr in use.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import ckan.lib.search as search
import ckan.lib.search.common as search_common
import ckan.model as model

from .connection import PgSolrConnection

log = logging.getLogger(__name__)

_original_make_connection = search_common.make_connection
_original_check_schema = search.check_solr_schema_version


def make_connection(decode_dates: bool = True) -> PgSolrConnection:
    """Return a connection to the PostgreSQL index (pysolr's interface).

    :param decode_dates: return date fields as datetimes
    """
    engine = model.meta.engine
    if engine is None:
        raise search_common.SolrConnectionError(
            "pg_search: CKAN's database engine is not initialised"
        )
    return PgSolrConnection(engine, decode_dates=decode_dates)


def check_solr_schema_version(schema_file: str | None = None) -> bool:
    """Stand-in for CKAN's Solr schema check: the schema is pg_search's own."""
    if schema_file is not None:
        return _original_check_schema(schema_file)
    return True


def _rebind(name: str, old: Any, new: Any) -> None:
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if namespace is not None and namespace.get(name) is old:
            setattr(module, name, new)


def install() -> None:
    """Route CKAN's search index and queries to PostgreSQL (idempotent)."""
    if is_installed():
        # modules imported since the last call may hold the original
        _rebind("make_connection", _original_make_connection, make_connection)
        return
    _rebind("make_connection", _original_make_connection, make_connection)
    _rebind(
        "check_solr_schema_version", _original_check_schema, check_solr_schema_version
    )
    log.info("pg_search: CKAN's search now runs on PostgreSQL")


def uninstall() -> None:
    """Give CKAN its Solr connection back."""
    _rebind("make_connection", make_connection, _original_make_connection)
    _rebind(
        "check_solr_schema_version", check_solr_schema_version, _original_check_schema
    )


def is_installed() -> bool:
    """Whether CKAN's search currently runs on pg_search."""
    return search_common.make_connection is make_connection
