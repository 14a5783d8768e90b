"""Indexes for look-ups and facet filters; arrays without repeats.

A click on a facet (organization, group, tag, format, licence) adds a filter
on one of these columns; with an index PostgreSQL reads only the matching
rows instead of the whole table. The array columns keep each value once (a
dataset with two CSV resources has format CSV once), so facet counts can
count array elements directly: Solr counts documents, not values.

Revision ID: 0005_pg_search
Revises: 0004_pg_search
Create Date: 2026-11-22

"""

from alembic import op

revision = "0005_pg_search"
down_revision = "0004_pg_search"
branch_labels = None
depends_on = None

T = "ckanext_pg_search.pg_search_document"
BTREE = ("id", "name", "organization", "license_id")
GIN = ("tags", "groups", "res_format")


def _text_array(distinct: bool) -> str:
    elements = "jsonb_array_elements_text(value)"
    if distinct:
        elements = f"DISTINCT {elements}"
    return f"""
        CREATE OR REPLACE FUNCTION ckanext_pg_search.text_array(value jsonb)
        RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE
                WHEN value IS NULL OR jsonb_typeof(value) = 'null' THEN NULL
                WHEN jsonb_typeof(value) = 'array' THEN ARRAY(SELECT {elements})
                ELSE ARRAY[value #>> '{{}}']
            END
        $$
        """


def upgrade():
    # CKAN looks datasets up in the index by id or name on every package_show
    op.execute(
        f"ALTER TABLE {T} ADD COLUMN id text GENERATED ALWAYS AS (doc ->> 'id') STORED"
    )
    op.execute(_text_array(distinct=True))
    # recompute the generated columns with the new function
    op.execute(f"UPDATE {T} SET doc = doc")
    for column in BTREE:
        op.execute(f"CREATE INDEX pg_search_document_{column}_idx ON {T} ({column})")
    for column in GIN:
        op.execute(
            f"CREATE INDEX pg_search_document_{column}_idx ON {T} USING gin ({column})"
        )
    op.execute(f"ANALYZE {T}")


def downgrade():
    for column in BTREE + GIN:
        op.execute(f"DROP INDEX ckanext_pg_search.pg_search_document_{column}_idx")
    op.execute(_text_array(distinct=False))
    op.execute(f"ALTER TABLE {T} DROP COLUMN id")
    op.execute(f"UPDATE {T} SET doc = doc")
