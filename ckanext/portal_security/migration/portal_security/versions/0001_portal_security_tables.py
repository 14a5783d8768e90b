"""The second factor of sign-in (TOTP key, last step, recovery codes).

Revision ID: 0001_portal_security
Revises:
Create Date: 2026-12-07

"""

from alembic import op

revision = "0001_portal_security"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        """
        CREATE TABLE portal_security.portal_security_second_factor (
            user_id text PRIMARY KEY,
            secret text NOT NULL,
            confirmed_at timestamptz,
            last_step bigint,
            recovery jsonb NOT NULL,
            created timestamptz NOT NULL
        );
        """
    )


def downgrade():
    op.execute("DROP TABLE portal_security.portal_security_second_factor")
