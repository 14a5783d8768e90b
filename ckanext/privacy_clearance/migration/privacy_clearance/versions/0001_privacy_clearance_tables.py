"""Clearances, reviewers, standing clearances, DataStore versions, scan results
and the append-only event log.

Revision ID: 0001_privacy_clearance
Revises:
Create Date: 2026-11-22

"""

from alembic import op

revision = "0001_privacy_clearance"
down_revision = None
branch_labels = None
depends_on = None

S = "privacy_clearance"


def upgrade():
    op.execute(
        f"""
        CREATE TABLE {S}.privacy_clearance (
            package_id text PRIMARY KEY,
            owner_org text,
            state text NOT NULL,
            fingerprint text,
            current_fingerprint text,
            reviewed jsonb,
            submitted_by text,
            submitted_at timestamptz,
            deadline timestamptz,
            reviewer_id text,
            decided_by text,
            decided_at timestamptz,
            reason text,
            checklist jsonb,
            expires date,
            last_editor text,
            changed_at timestamptz,
            harvest_source_id text,
            standing_id integer,
            reminded_at timestamptz
        );
        CREATE INDEX privacy_clearance_org_state_idx
            ON {S}.privacy_clearance (owner_org, state);

        CREATE TABLE {S}.privacy_clearance_reviewer (
            owner_org text NOT NULL,
            user_id text NOT NULL,
            added_by text,
            added_at timestamptz,
            PRIMARY KEY (owner_org, user_id)
        );

        CREATE TABLE {S}.privacy_clearance_standing (
            id serial PRIMARY KEY,
            harvest_source_id text NOT NULL,
            owner_org text,
            shape text NOT NULL,
            approved_by text NOT NULL,
            approved_at timestamptz NOT NULL,
            expires date,
            checklist jsonb,
            active boolean NOT NULL
        );

        CREATE TABLE {S}.privacy_clearance_datastore_version (
            resource_id text PRIMARY KEY,
            version bigint NOT NULL
        );

        CREATE TABLE {S}.privacy_clearance_scan (
            package_id text NOT NULL,
            resource_id text NOT NULL,
            resource_name text,
            scanned_at timestamptz NOT NULL,
            fingerprint text,
            findings jsonb NOT NULL,
            error text,
            truncated boolean NOT NULL,
            PRIMARY KEY (package_id, resource_id)
        );

        CREATE TABLE {S}.privacy_clearance_event (
            id bigserial PRIMARY KEY,
            created timestamptz NOT NULL,
            package_id text NOT NULL,
            package_name text,
            owner_org text,
            actor_id text,
            actor_name text,
            action text NOT NULL,
            from_state text,
            to_state text NOT NULL,
            reason text,
            checklist jsonb,
            fingerprint text,
            expires date,
            prev_hash text NOT NULL,
            hash text NOT NULL UNIQUE
        );
        CREATE INDEX privacy_clearance_event_package_idx
            ON {S}.privacy_clearance_event (package_id, id);

        -- The log is append-only for everyone who connects as the
        -- application: no UPDATE, DELETE or TRUNCATE gets through.
        CREATE FUNCTION {S}.privacy_clearance_event_append_only()
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION
                'privacy_clearance_event is append-only (% refused)', TG_OP;
        END $$;
        CREATE TRIGGER privacy_clearance_event_no_change
            BEFORE UPDATE OR DELETE ON {S}.privacy_clearance_event
            FOR EACH ROW EXECUTE FUNCTION {S}.privacy_clearance_event_append_only();
        CREATE TRIGGER privacy_clearance_event_no_truncate
            BEFORE TRUNCATE ON {S}.privacy_clearance_event
            FOR EACH STATEMENT
            EXECUTE FUNCTION {S}.privacy_clearance_event_append_only();
        """
    )


def downgrade():
    # The event log is evidence; dropping it takes a deliberate manual step.
    raise RuntimeError("privacy_clearance: the event log is not dropped by alembic")
