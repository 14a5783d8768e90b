"""A watermark per list: one failing list no longer holds back the others,
and a Body that appears later is read in full first.

Revision ID: 0002_oparl_harvester_list
Revises: 0001_oparl_harvester
Create Date: 2026-11-22

"""

from alembic import op

revision = "0002_oparl_harvester_list"
down_revision = "0001_oparl_harvester"
branch_labels = None
depends_on = None

S = "oparl_harvester"


def upgrade():
    # No rows are carried over from oparl_harvester_state: a list without a
    # row is read in full once, which is always safe.
    op.execute(
        f"""
        CREATE TABLE {S}.oparl_harvester_list (
            source_id text NOT NULL,
            body_id text NOT NULL,
            kind text NOT NULL,
            type text NOT NULL,
            last_modified_since timestamptz,
            last_full_resync timestamptz,
            PRIMARY KEY (source_id, body_id, kind, type)
        );
        """
    )


def downgrade():
    op.execute(f"DROP TABLE {S}.oparl_harvester_list")
