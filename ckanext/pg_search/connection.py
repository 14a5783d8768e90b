"""A Solr connection with pysolr's interface, answered from PostgreSQL.

CKAN's search layer talks to the object ``make_connection()`` returns:
``add``, ``delete``, ``commit`` and ``search``. This class keeps that
contract, so CKAN (and extensions that talk to the connection, such as
ckanext-harvest) work unchanged. Every write is committed at once, as with
Solr's ``commit=true``; the index is read through CKAN's database engine but
on connections of its own, never inside CKAN's ORM transaction.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable
from typing import Any, Literal

import pysolr
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import config, documents
from .errors import solr_error
from .fields import field_spec, text_weights
from .model import pg_search_document
from .query import Compiled, RequestCompiler, stored_view
from .sql import TABLE

log = logging.getLogger(__name__)


def _upsert_sql() -> str:
    """INSERT … ON CONFLICT UPDATE of one document, with the weighted vector.

    Plain SQL text: SQLAlchemy does not cache compiled PostgreSQL inserts,
    and this statement runs once per indexed dataset.
    """
    vector = " || ".join(
        f"setweight(to_tsvector(CAST(:cfg AS regconfig), :text_{weight}), '{weight}')"
        for weight, _ in text_weights()
    )
    return (
        f"INSERT INTO {TABLE} (index_id, site_id, doc, stored, tsv) VALUES ("
        ":index_id, :site_id, CAST(:doc AS jsonb), CAST(:stored AS jsonb), "
        f"{vector}) ON CONFLICT (index_id) DO UPDATE SET "
        "site_id = EXCLUDED.site_id, doc = EXCLUDED.doc, "
        "stored = EXCLUDED.stored, tsv = EXCLUDED.tsv, "
        # a re-added document moves to the end of the index order
        "seq = nextval('ckanext_pg_search.pg_search_document_seq')"
    )


UPSERT = sa.text(_upsert_sql())


@functools.lru_cache(maxsize=20_000)
def _has_lexemes(engine: Engine, cfg: str, text: str) -> bool:
    """Whether ``text`` has any word that is not a stop word of ``cfg``.

    Asked of PostgreSQL once per word and process; knowing it before the
    query runs keeps every text match a plain, index-backed ``@@``.
    """
    with engine.connect() as conn:
        return bool(
            conn.execute(
                sa.text(
                    "SELECT numnode(plainto_tsquery(CAST(:cfg AS regconfig), :t)) > 0"
                ),
                {"cfg": cfg, "t": text},
            ).scalar_one()
        )


class PgSolrConnection:
    """pysolr.Solr look-alike storing and searching CKAN's index in PostgreSQL.

    :param engine: the SQLAlchemy engine of CKAN's database
    :param decode_dates: return date fields as datetimes, as pysolr does
        with CKAN's date decoder
    """

    url = "postgresql://pg_search"

    def __init__(self, engine: Engine, decode_dates: bool = True) -> None:
        self.engine = engine
        self.decode_dates = decode_dates

    # -- writing ----------------------------------------------------------

    def add(
        self,
        docs: Iterable[dict[str, Any]],
        boost: Any = None,
        fieldUpdates: Any = None,  # noqa: N803 - pysolr's name
        commit: bool | None = None,
        softCommit: bool = False,  # noqa: N803
        commitWithin: Any = None,  # noqa: N803
        waitFlush: Any = None,  # noqa: N803
        waitSearcher: Any = None,  # noqa: N803
        overwrite: Any = None,
        handler: str = "update",
        min_rf: Any = None,
    ) -> str:
        """Insert or replace documents, keyed by their ``index_id``.

        :param docs: Solr documents as CKAN builds them
        :raises pysolr.SolrError: for a document Solr would reject
        """
        cfg = config.text_search_config()
        rows = [dict(documents.prepare(doc).params(), cfg=cfg) for doc in docs]
        if not rows:
            return ""
        with self._begin() as conn:
            conn.execute(UPSERT, rows)
        return ""

    def delete(
        self,
        id: str | list[str] | None = None,  # noqa: A002 - pysolr's name
        q: str | None = None,
        commit: bool | None = None,
        softCommit: bool = False,  # noqa: N803
        waitFlush: Any = None,  # noqa: N803
        waitSearcher: Any = None,  # noqa: N803
        handler: str = "update",
    ) -> str:
        """Delete documents by ``index_id`` or by query.

        :param id: one index id or a list of them
        :param q: a Lucene query selecting the documents
        """
        if id is None and q is None:
            raise ValueError('You must specify "id" or "q".')
        if id is not None and q is not None:
            raise ValueError('You many only specify "id" OR "q", not both.')
        with self._begin() as conn:
            if id is not None:
                ids = [id] if isinstance(id, str) else list(id)
                conn.execute(
                    sa.delete(pg_search_document).where(
                        pg_search_document.c.index_id.in_(ids)
                    )
                )
            else:
                compiler = self._compiler({})
                where = compiler.query(q or "")
                conn.execute(
                    sa.text(f"DELETE FROM {TABLE} AS d WHERE {where}"),
                    compiler.p.values,
                )
        return ""

    def commit(self, *args: Any, **kwargs: Any) -> str:
        """Nothing to do: every write is committed when it is made."""
        return ""

    def optimize(self, *args: Any, **kwargs: Any) -> str:
        with self.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                sa.text(f"VACUUM ANALYZE {TABLE}")
            )
        return ""

    def ping(self, *args: Any, **kwargs: Any) -> str:
        with self.engine.connect() as conn:
            conn.execute(sa.text(f"SELECT 1 FROM {TABLE} LIMIT 1"))
        return json.dumps({"status": "OK"})

    # -- searching --------------------------------------------------------

    def search(
        self, q: str | None = None, search_handler: str | None = None, **kwargs: Any
    ) -> pysolr.Results:
        """Run a Solr select request.

        :param q: the main query
        :param kwargs: other Solr parameters (``fq``, ``sort``, ``rows``,
            ``facet.field`` …)
        :returns: pysolr's ``Results`` with docs, hits and facets
        """
        compiler = self._compiler(kwargs)
        compiled = compiler.compile(q)
        params = compiler.p.values
        with self._begin(read_only=True) as conn:
            hits, docs = self._page(conn, compiled, params)
            if hits is None:
                # an empty page does not tell how many matched
                hits = conn.execute(
                    sa.text(
                        f"SELECT count(*) FROM {TABLE} AS d WHERE {compiled.where}"
                    ),
                    params,
                ).scalar_one()
            facets = self._facets(conn, compiled, params)
        decoded: dict[str, Any] = {
            "responseHeader": {"status": 0, "QTime": 0},
            "response": {"numFound": hits, "start": compiled.start, "docs": docs},
        }
        if compiled.facet_fields:
            decoded["facet_counts"] = {
                "facet_queries": {},
                "facet_fields": facets,
                "facet_ranges": {},
                "facet_intervals": {},
                "facet_heatmaps": {},
            }
        if compiled.want_score and docs:
            decoded["response"]["maxScore"] = max(d.get("score", 0) for d in docs)
        return pysolr.Results(decoded)

    def _page(
        self, conn: Connection, compiled: Compiled, params: dict[str, Any]
    ) -> tuple[int | None, list[dict[str, Any]]]:
        """The requested page of documents and the number of all matches.

        Sorting and counting look at the small columns only; the documents
        (with the large stored fields) are read for the page's rows alone.
        """
        if not compiled.rows:
            return None, []
        sql = (
            "WITH page AS ("
            "  SELECT index_id, score, hits, row_number() OVER () AS rn FROM ("
            f"    SELECT d.index_id, {compiled.score} AS score,"
            "       count(*) OVER () AS hits"
            f"    FROM {TABLE} AS d WHERE {compiled.where}"
            f"    ORDER BY {compiled.order_by}"
            f"    LIMIT {compiled.rows:d} OFFSET {compiled.start:d}) AS ordered"
            ") SELECT page.hits, page.score, d.doc || d.stored"
            f" FROM page JOIN {TABLE} AS d ON d.index_id = page.index_id"
            " ORDER BY page.rn"
        )
        hits = None
        docs = []
        for total, score, doc in conn.execute(sa.text(sql), params):
            hits = total
            out = stored_view(doc, compiled.fields)
            if self.decode_dates:
                out = documents.decode_dates(out)
            if compiled.want_score:
                out["score"] = float(score)
            docs.append(out)
        return hits, docs

    def _facets(
        self, conn: Connection, compiled: Compiled, params: dict[str, Any]
    ) -> dict[str, list[Any]]:
        """Value counts of the facet fields over all matching documents.

        A document counts once per value, however often it holds it (two CSV
        resources count once for CSV): Solr counts documents.
        """
        if not compiled.facet_fields:
            return {}
        values = dict(params)
        parts = []
        needed = set()
        for i, name in enumerate(compiled.facet_fields):
            spec = field_spec(name)
            needed.add(f"d.{spec.name}" if spec.column else "d.doc")
            if spec.column and spec.multi:
                # the array columns hold each value once (migration 0005)
                # (a set-returning function in the select list beats a join)
                source = f"(SELECT unnest(m.{spec.name}) FROM m) AS x(v)"
            elif spec.column:
                source = f"(SELECT m.{spec.name} FROM m) AS x(v)"
            else:
                values[f"facet_{i}"] = name
                source = (
                    "m CROSS JOIN LATERAL (SELECT DISTINCT fv.v FROM "
                    f"ckanext_pg_search.field_values(m.doc, :facet_{i}) AS fv(v))"
                    " AS x(v)"
                )
            values[f"facet_name_{i}"] = name
            parts.append(
                f"SELECT CAST(:facet_name_{i} AS text) AS name, v, count(*) AS n,"
                '  row_number() OVER (ORDER BY count(*) DESC, v COLLATE "C") AS r'
                f"  FROM {source} WHERE v IS NOT NULL GROUP BY v"
            )
        sql = (
            f"WITH m AS MATERIALIZED (SELECT {', '.join(sorted(needed))}"
            f"  FROM {TABLE} AS d"
            f"  WHERE {compiled.where}) "
            "SELECT name, v, n FROM (" + " UNION ALL ".join(parts) + ") AS f "
            "WHERE n >= :facet_mincount AND (:facet_limit < 0 OR r <= :facet_limit)"
            " ORDER BY name, r"
        )
        values["facet_mincount"] = max(compiled.facet_mincount, 1)
        values["facet_limit"] = compiled.facet_limit
        out: dict[str, list[Any]] = {name: [] for name in compiled.facet_fields}
        for name, value, count in conn.execute(sa.text(sql), values):
            out[name].extend([value, count])
        return out

    # -- plumbing ---------------------------------------------------------

    def _compiler(self, params: dict[str, Any]) -> RequestCompiler:
        cfg = config.text_search_config()
        return RequestCompiler(
            params,
            cfg,
            config.prefix_min_length(),
            has_lexemes=lambda text: _has_lexemes(self.engine, cfg, text),
        )

    def _begin(self, read_only: bool = False) -> _Transaction:
        return _Transaction(self.engine, read_only)


class _Transaction:
    """A short transaction on a connection of its own, with Solr-like errors.

    Database errors become ``pysolr.SolrError`` (CKAN reports them as search
    errors instead of failing with HTTP 500) and never leak SQL to users.
    """

    def __init__(self, engine: Engine, read_only: bool) -> None:
        self.engine = engine
        self.read_only = read_only
        self._ctx: Any = None

    def __enter__(self) -> Connection:
        try:
            self._ctx = self.engine.begin()
            conn = self._ctx.__enter__()
        except sa.exc.SQLAlchemyError as e:
            log.error("pg_search: cannot connect to the database: %s", e)
            raise solr_error(
                "Failed to connect to server: the search index database is "
                "not reachable"
            ) from None
        timeout = config.statement_timeout_ms() if self.read_only else 0
        if timeout:
            conn.execute(sa.text(f"SET LOCAL statement_timeout = {int(timeout):d}"))
        return conn

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> Literal[False]:
        try:
            self._ctx.__exit__(exc_type, exc, tb)
        except sa.exc.SQLAlchemyError:
            if exc is None:
                raise
        if isinstance(exc, sa.exc.SQLAlchemyError):
            log.warning("pg_search: query failed: %s", exc)
            orig = getattr(exc, "orig", None)
            code = getattr(orig, "pgcode", None)
            if code == "57014":
                raise solr_error("The search took too long and was cancelled") from None
            if code == "42P01":
                raise solr_error(
                    "The search index table is missing: run "
                    "'ckan db upgrade -p pg_search'"
                ) from None
            raise solr_error(
                "The search index could not answer this query"
                + (f" (PostgreSQL error {code})" if code else "")
            ) from None
        return False
