"""pg_search: CKAN's search on PostgreSQL instead of Solr, behind the
interface of CKAN's Solr connection.

Its modules:

- :mod:`.plugin`: wiring (installs the backend when the plugin loads);
- :mod:`.backend`: the seam: replaces
  ``ckan.lib.search.common.make_connection`` and the Solr schema check;
- :mod:`.connection`: :class:`PgSolrConnection`, pysolr's ``add``,
  ``delete``, ``commit`` and ``search`` answered from PostgreSQL;
- :mod:`.query`: a Solr select request compiled to SQL (conditions, score,
  order, facets);
- :mod:`.lucene`: Lucene query syntax (parsed by luqum) to SQL conditions;
- :mod:`.dismax`: Solr's dismax parser (plain input, ``+``/``-``, phrases,
  ``mm``);
- :mod:`.functions`: function queries and ``{!frange}`` as SQL arithmetic;
- :mod:`.datemath`: Solr dates and date math (``NOW-7DAYS/DAY``);
- :mod:`.documents`: index documents typed as Solr's schema types them;
- :mod:`.fields`: the index schema, read from ``solr_fields.yaml`` (CKAN's
  Solr schema as data);
- :mod:`.sql`: SQL fragments over the index table, every value bound;
- :mod:`.errors`: errors worded as Solr's, as CKAN expects them;
- :mod:`.model`, ``migration/pg_search/``: the index table (schema
  ``ckanext_pg_search``);
- :mod:`.pytest_plugin`: runs other CKAN test suites against the backend;
- :mod:`.config`: typed settings (``config_declaration.yaml``).
"""
