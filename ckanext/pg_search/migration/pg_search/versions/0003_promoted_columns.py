"""Promote CKAN's always-used fields to generated columns; lz4 compression.

Every CKAN search filters on site, state, capacity and permission labels,
facets on organization, groups, tags, formats and licence, and sorts by
modification date or title. Read from the compressed JSONB document, each of
these costs a decompression per row; as generated columns they are plain
values with planner statistics. The columns are derived from ``doc`` by
PostgreSQL itself, so they can never disagree with it.

Revision ID: 0003_pg_search
Revises: 0002_pg_search
Create Date: 2026-11-22

"""

from alembic import op

revision = "0003_pg_search"
down_revision = "0002_pg_search"
branch_labels = None
depends_on = None

T = "ckanext_pg_search.pg_search_document"

TEXT_COLUMNS = (
    "name",
    "state",
    "capacity",
    "entity_type",
    "dataset_type",
    "organization",
    "license_id",
    "title_string",
)
ARRAY_COLUMNS = ("permission_labels", "tags", "groups", "res_format")


def upgrade():
    # All values of a JSON scalar or array as text[] (NULL when missing).
    op.execute(
        """
        CREATE FUNCTION ckanext_pg_search.text_array(value jsonb)
        RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE
                WHEN value IS NULL OR jsonb_typeof(value) = 'null' THEN NULL
                WHEN jsonb_typeof(value) = 'array' THEN ARRAY(
                    SELECT jsonb_array_elements_text(value))
                ELSE ARRAY[value #>> '{}']
            END
        $$
        """
    )
    # Documents hold dates as UTC ISO 8601 with 'Z' (documents.py), which
    # parse the same under any session setting: safe to declare immutable.
    op.execute(
        """
        CREATE FUNCTION ckanext_pg_search.utc_timestamp(value text)
        RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CAST(value AS timestamptz)
        $$
        """
    )
    columns = [
        f"ADD COLUMN {c} text GENERATED ALWAYS AS (doc ->> '{c}') STORED"
        for c in TEXT_COLUMNS
    ]
    columns += [
        f"ADD COLUMN {c} text[] GENERATED ALWAYS AS "
        f"(ckanext_pg_search.text_array(doc -> '{c}')) STORED"
        for c in ARRAY_COLUMNS
    ]
    columns.append(
        "ADD COLUMN metadata_modified timestamptz GENERATED ALWAYS AS "
        "(ckanext_pg_search.utc_timestamp(doc ->> 'metadata_modified')) STORED"
    )
    op.execute(f"ALTER TABLE {T} " + ", ".join(columns))
    op.execute(f"CREATE INDEX pg_search_document_state_idx ON {T} (state, capacity)")
    op.execute(
        f"CREATE INDEX pg_search_document_modified_idx ON {T} (metadata_modified)"
    )
    # lz4 decompresses several times faster than pglz; not every PostgreSQL
    # build has it, and the index works without it.
    op.execute(
        f"""
        DO $$
        BEGIN
            ALTER TABLE {T} ALTER COLUMN doc SET COMPRESSION lz4,
                ALTER COLUMN tsv SET COMPRESSION lz4,
                ALTER COLUMN stored SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
            RAISE NOTICE 'lz4 compression not available, keeping pglz';
        END
        $$
        """
    )
    op.execute(f"ANALYZE {T}")


def downgrade():
    columns = TEXT_COLUMNS + ARRAY_COLUMNS + ("metadata_modified",)
    op.execute(f"ALTER TABLE {T} " + ", ".join(f"DROP COLUMN {c}" for c in columns))
    op.execute("DROP FUNCTION ckanext_pg_search.utc_timestamp(text)")
    op.execute("DROP FUNCTION ckanext_pg_search.text_array(jsonb)")
