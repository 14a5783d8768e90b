"""The index table of pg_search.

It lives in its own PostgreSQL schema, ``ckanext_pg_search``, outside CKAN's tables:
like a Solr core it is a derived store that CKAN's ``db clean`` and the test
harness's table resets leave alone, and that ``search-index clear|rebuild``
manage. Created and upgraded by the plugin's alembic migrations.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR

SCHEMA = "ckanext_pg_search"

# Own metadata: CKAN's create_all/delete_all must not see this table.
metadata = sa.MetaData(schema=SCHEMA)

pg_search_document = sa.Table(
    "pg_search_document",
    metadata,
    # Solr's uniqueKey: md5 of package id and site id, built by CKAN
    sa.Column("index_id", sa.Text, primary_key=True),
    sa.Column("site_id", sa.Text, nullable=True),
    # the indexed fields of the Solr document, typed as Solr would store them
    sa.Column("doc", JSONB, nullable=False),
    # stored-only fields (data_dict, validated_data_dict): large, never queried
    sa.Column("stored", JSONB, nullable=False),
    # the weighted catch-all `text` field (name/title A ... extras D)
    sa.Column("tsv", TSVECTOR, nullable=False),
    # index order, Solr's tie-breaker for equal scores
    sa.Column(
        "seq",
        sa.BigInteger,
        sa.Sequence("pg_search_document_seq", schema=SCHEMA),
        nullable=False,
    ),
    # Migrations 0003-0005 add columns generated from `doc` (the fields with
    # `column: true` in solr_fields.yaml); PostgreSQL fills them, so the
    # application never writes them and they are not declared here.
)


def upgrade_schema(sqlalchemy_url: str) -> None:
    """Create or upgrade the index table (what ``ckan db upgrade -p pg_search``
    does), for callers without CKAN's CLI, such as test harnesses.

    :param sqlalchemy_url: CKAN's ``sqlalchemy.url``
    """
    import os

    from alembic import command
    from alembic.config import Config

    here = os.path.join(os.path.dirname(__file__), "migration", "pg_search")
    cfg = Config(os.path.join(here, "alembic.ini"))
    cfg.set_main_option("script_location", here)
    cfg.set_main_option("sqlalchemy.url", sqlalchemy_url.replace("%", "%%"))
    command.upgrade(cfg, "head")
