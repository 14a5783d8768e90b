"""Columns for the bounding box ckanext-spatial indexes (solr-bbox backend).

Its filter is a function of minx, maxx, miny and maxy evaluated for every
dataset; read from the JSONB document each evaluation decompressed it.

Revision ID: 0004_pg_search
Revises: 0003_pg_search
Create Date: 2026-11-22

"""

from alembic import op

revision = "0004_pg_search"
down_revision = "0003_pg_search"
branch_labels = None
depends_on = None

T = "ckanext_pg_search.pg_search_document"
COLUMNS = ("minx", "maxx", "miny", "maxy")


def upgrade():
    # documents.py stores these as JSON numbers, so the cast cannot fail
    op.execute(
        f"ALTER TABLE {T} "
        + ", ".join(
            f"ADD COLUMN {c} double precision GENERATED ALWAYS AS "
            f"(CAST(doc ->> '{c}' AS double precision)) STORED"
            for c in COLUMNS
        )
    )
    op.execute(f"ANALYZE {T}")


def downgrade():
    op.execute(f"ALTER TABLE {T} " + ", ".join(f"DROP COLUMN {c}" for c in COLUMNS))
