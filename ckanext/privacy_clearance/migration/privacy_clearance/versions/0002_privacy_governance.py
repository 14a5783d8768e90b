"""The governance log: reviewer appointments and removals, append-only and
hash-chained like the event log; the reviewers designated so far are its
first entries (action ``reviewer_existing``).

Revision ID: 0002_privacy_governance
Revises: 0001_privacy_clearance
Create Date: 2026-12-07

"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0002_privacy_governance"
down_revision = "0001_privacy_clearance"
branch_labels = None
depends_on = None

S = "privacy_clearance"


def upgrade():
    op.execute(
        f"""
        CREATE TABLE {S}.privacy_clearance_governance (
            id bigserial PRIMARY KEY,
            created timestamptz NOT NULL,
            action text NOT NULL,
            owner_org text NOT NULL,
            owner_org_name text,
            user_id text NOT NULL,
            user_name text,
            actor_id text,
            actor_name text,
            prev_hash text NOT NULL,
            hash text NOT NULL UNIQUE
        );

        CREATE FUNCTION {S}.privacy_clearance_append_only()
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
        END $$;
        CREATE TRIGGER privacy_clearance_governance_no_change
            BEFORE UPDATE OR DELETE ON {S}.privacy_clearance_governance
            FOR EACH ROW EXECUTE FUNCTION {S}.privacy_clearance_append_only();
        CREATE TRIGGER privacy_clearance_governance_no_truncate
            BEFORE TRUNCATE ON {S}.privacy_clearance_governance
            FOR EACH STATEMENT EXECUTE FUNCTION {S}.privacy_clearance_append_only();
        """
    )
    _record_existing_reviewers()


def _record_existing_reviewers():
    # The hash must be the application's, so it comes from the package.
    from ckanext.privacy_clearance.eventlog import (
        GENESIS,
        GOVERNANCE_HASHED,
        chain_hash,
    )

    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            f"""
            SELECT r.owner_org, g.name AS owner_org_name, r.user_id,
                   u.name AS user_name, r.added_by AS actor_id,
                   a.name AS actor_name
            FROM {S}.privacy_clearance_reviewer r
            LEFT JOIN public."group" g ON g.id = r.owner_org
            LEFT JOIN public."user" u ON u.id = r.user_id
            LEFT JOIN public."user" a ON a.id = r.added_by
            ORDER BY r.added_at, r.owner_org, r.user_id
            """
        )
    ).mappings()
    prev = GENESIS
    created = dt.datetime.now(dt.UTC)
    for reviewer in rows:
        row = {**reviewer, "created": created, "action": "reviewer_existing"}
        row["prev_hash"] = prev
        row["hash"] = prev = chain_hash(prev, row, GOVERNANCE_HASHED)
        bind.execute(
            sa.text(
                f"""
                INSERT INTO {S}.privacy_clearance_governance
                    (created, action, owner_org, owner_org_name, user_id,
                     user_name, actor_id, actor_name, prev_hash, hash)
                VALUES (:created, :action, :owner_org, :owner_org_name,
                        :user_id, :user_name, :actor_id, :actor_name,
                        :prev_hash, :hash)
                """
            ),
            row,
        )


def downgrade():
    # The governance log is evidence; dropping it takes a deliberate manual step.
    raise RuntimeError("privacy_clearance: the governance log is not dropped by alembic")
