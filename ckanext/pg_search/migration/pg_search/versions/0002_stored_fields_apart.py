"""Keep stored-only fields apart from the indexed document.

The dataset dicts CKAN stores in the index (``data_dict``,
``validated_data_dict``) are many kilobytes each; inside ``doc`` every filter
had to read (and de-TOAST) them. They move to a column of their own.

Revision ID: 0002_pg_search
Revises: 0001_pg_search
Create Date: 2026-11-22

"""

from alembic import op

revision = "0002_pg_search"
down_revision = "0001_pg_search"
branch_labels = None
depends_on = None

_STORED_ONLY = ("data_dict", "validated_data_dict")


def upgrade():
    op.execute(
        "ALTER TABLE ckanext_pg_search.pg_search_document "
        "ADD COLUMN stored jsonb NOT NULL DEFAULT '{}'::jsonb"
    )
    op.execute(
        """
        UPDATE ckanext_pg_search.pg_search_document
        SET stored = jsonb_strip_nulls(jsonb_build_object(
                'data_dict', doc -> 'data_dict',
                'validated_data_dict', doc -> 'validated_data_dict')),
            doc = doc - 'data_dict' - 'validated_data_dict'
        """
    )


def downgrade():
    op.execute(
        "UPDATE ckanext_pg_search.pg_search_document SET doc = doc || stored"
    )
    op.execute("ALTER TABLE ckanext_pg_search.pg_search_document DROP COLUMN stored")
