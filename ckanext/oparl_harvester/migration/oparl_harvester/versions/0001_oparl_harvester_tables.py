"""The object store, the per-source state, the generated datasets and the
run reports of the OParl harvester.

Revision ID: 0001_oparl_harvester
Revises:
Create Date: 2026-11-23

"""

from alembic import op

revision = "0001_oparl_harvester"
down_revision = None
branch_labels = None
depends_on = None

S = "oparl_harvester"


def upgrade():
    op.execute(
        f"""
        CREATE TABLE {S}.oparl_harvester_object (
            source_id text NOT NULL,
            oparl_id text NOT NULL,
            body_id text NOT NULL,
            kind text NOT NULL,
            type text NOT NULL,
            partition_key text,
            content_hash text NOT NULL,
            modified timestamptz,
            changed_at timestamptz NOT NULL,
            deleted boolean NOT NULL DEFAULT false,
            data jsonb,
            rows jsonb,
            stub jsonb,
            rows_version text,
            first_seen timestamptz NOT NULL,
            last_seen timestamptz NOT NULL,
            PRIMARY KEY (source_id, oparl_id)
        );
        -- snapshots stream one partition in id order; the "C" collation
        -- keeps that order (and so the files' bytes) independent of locale
        CREATE INDEX oparl_harvester_object_snapshot_idx
            ON {S}.oparl_harvester_object
            (source_id, body_id, kind, partition_key, oparl_id COLLATE "C")
            WHERE NOT deleted;
        CREATE INDEX oparl_harvester_object_unit_idx
            ON {S}.oparl_harvester_object (source_id, body_id, kind, type);

        CREATE TABLE {S}.oparl_harvester_state (
            source_id text PRIMARY KEY,
            last_run_started timestamptz,
            last_modified_since timestamptz,
            last_full_resync timestamptz,
            system jsonb,
            config_hash text
        );

        CREATE TABLE {S}.oparl_harvester_dataset (
            source_id text NOT NULL,
            name text NOT NULL,
            body_id text NOT NULL,
            kind text NOT NULL,
            package_id text,
            build_hash text,
            dirty boolean NOT NULL DEFAULT true,
            built_at timestamptz,
            PRIMARY KEY (source_id, name)
        );

        CREATE TABLE {S}.oparl_harvester_run (
            job_id text PRIMARY KEY,
            source_id text NOT NULL,
            started timestamptz NOT NULL,
            "full" boolean NOT NULL,
            report jsonb NOT NULL
        );
        CREATE INDEX oparl_harvester_run_source_idx
            ON {S}.oparl_harvester_run (source_id, started);
        """
    )


def downgrade():
    # the version table stays in the schema: alembic still writes to it
    for table in ("object", "state", "dataset", "run"):
        op.execute(f"DROP TABLE {S}.oparl_harvester_{table}")
