"""Create the pg_search index table and its helper functions.

Revision ID: 0001_pg_search
Revises:
Create Date: 2026-11-22

"""

from alembic import op

revision = "0001_pg_search"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE SCHEMA IF NOT EXISTS ckanext_pg_search")
    op.execute("CREATE SEQUENCE ckanext_pg_search.pg_search_document_seq")
    op.execute(
        """
        CREATE TABLE ckanext_pg_search.pg_search_document (
            index_id text PRIMARY KEY,
            site_id text,
            doc jsonb NOT NULL,
            tsv tsvector NOT NULL,
            seq bigint NOT NULL
                DEFAULT nextval('ckanext_pg_search.pg_search_document_seq')
        )
        """
    )
    op.execute(
        "CREATE INDEX pg_search_document_tsv_idx "
        "ON ckanext_pg_search.pg_search_document USING gin (tsv)"
    )
    op.execute(
        "CREATE INDEX pg_search_document_doc_idx "
        "ON ckanext_pg_search.pg_search_document USING gin (doc jsonb_path_ops)"
    )
    op.execute(
        "CREATE INDEX pg_search_document_seq_idx "
        "ON ckanext_pg_search.pg_search_document (seq)"
    )
    # All values of a field, whether stored as a scalar or as a list.
    op.execute(
        """
        CREATE FUNCTION ckanext_pg_search.field_values(doc jsonb, field text)
        RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT jsonb_array_elements_text(
                CASE
                    WHEN doc -> field IS NULL THEN '[]'::jsonb
                    WHEN jsonb_typeof(doc -> field) = 'array' THEN doc -> field
                    ELSE jsonb_build_array(doc -> field)
                END)
        $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION ckanext_pg_search.field_text(doc jsonb, field text)
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT string_agg(v, E'\\n')
            FROM ckanext_pg_search.field_values(doc, field) AS v
        $$
        """
    )


def downgrade():
    op.execute("DROP TABLE ckanext_pg_search.pg_search_document")
    op.execute("DROP SEQUENCE ckanext_pg_search.pg_search_document_seq")
    op.execute("DROP FUNCTION ckanext_pg_search.field_text(jsonb, text)")
    op.execute("DROP FUNCTION ckanext_pg_search.field_values(jsonb, text)")
