"""The harvester's own tables, in the PostgreSQL schema ``oparl_harvester``.

The harvester keeps every OParl object it publishes in its own store
(``oparl_harvester_object``, privacy-filtered): incremental runs only fetch
what changed, and the snapshots of a dataset are written from the store with
server-side cursors, so memory stays flat in the number of objects.

Own schema and own metadata, like the privacy_clearance plugin: CKAN's test
harness and ``ckan db clean`` reset only CKAN's tables, and there are no
foreign keys to core tables (a harvest source id is plain text). Created and
upgraded by the alembic migrations (``ckan db upgrade -p oparl_harvester``).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

SCHEMA = "oparl_harvester"

metadata = sa.MetaData(schema=SCHEMA)

# Every OParl object a source delivered, as published (privacy-filtered).
oparl_object = sa.Table(
    "oparl_harvester_object",
    metadata,
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("oparl_id", sa.Text, primary_key=True),
    sa.Column("body_id", sa.Text, nullable=False),
    # a kind of mapping.yaml (meetings, papers …) or "api" for Bodies
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("partition_key", sa.Text),
    # records.content_hash of the filtered object ("" once deleted)
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("modified", sa.DateTime(timezone=True)),
    # when the content (or its partition) last changed, by the harvest clock
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    # NULL once deleted: withdrawn objects are not kept
    sa.Column("data", JSONB),
    # its snapshot rows and summary stub (see rowcache.py), and their version
    sa.Column("rows", JSONB),
    sa.Column("stub", JSONB),
    sa.Column("rows_version", sa.Text),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
)

# One row per harvest source: when it last ran (in full), its System and
# the digest of its settings; the lists' watermarks are in list_state.
state = sa.Table(
    "oparl_harvester_state",
    metadata,
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("last_run_started", sa.DateTime(timezone=True)),
    # the next run asks for changes since then (minus the overlap)
    sa.Column("last_modified_since", sa.DateTime(timezone=True)),
    sa.Column("last_full_resync", sa.DateTime(timezone=True)),
    sa.Column("system", JSONB),
    # a changed source configuration forces a full run and a rebuild
    sa.Column("config_hash", sa.Text),
)

# One row per list (Body × kind × OParl type): its own incremental
# watermark, so a list that failed is asked again from its old watermark
# while the others move on, and a list seen for the first time (a new Body,
# a new kind) is read in full.
list_state = sa.Table(
    "oparl_harvester_list",
    metadata,
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("body_id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("type", sa.Text, primary_key=True),
    sa.Column("last_modified_since", sa.DateTime(timezone=True)),
    sa.Column("last_full_resync", sa.DateTime(timezone=True)),
)

# The datasets a source generates, and what they were last built from.
dataset = sa.Table(
    "oparl_harvester_dataset",
    metadata,
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("body_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("package_id", sa.Text),
    # digest of the generated dataset dict incl. the snapshots' SHA-256
    sa.Column("build_hash", sa.Text),
    # its objects changed since the last successful build
    sa.Column("dirty", sa.Boolean, nullable=False),
    sa.Column("built_at", sa.DateTime(timezone=True)),
)

# The German run report of each harvest job (shown on the job page).
run = sa.Table(
    "oparl_harvester_run",
    metadata,
    sa.Column("job_id", sa.Text, primary_key=True),
    sa.Column("source_id", sa.Text, nullable=False),
    sa.Column("started", sa.DateTime(timezone=True), nullable=False),
    sa.Column("full", sa.Boolean, nullable=False),
    sa.Column("report", JSONB, nullable=False),
)
