"""The plugin's own tables, in the PostgreSQL schema ``privacy_clearance``.

Own schema and own metadata: CKAN's test harness and ``db clean`` reset only
CKAN's tables, and the event log must outlive datasets (accountability under
Art. 5(2) GDPR), so there are no foreign keys to core tables. Created and
upgraded by the alembic migrations (``ckan db upgrade -p privacy_clearance``).
The event log and the governance log are append-only in the database itself
(triggers refuse UPDATE, DELETE and TRUNCATE) and hash-chained (see
:mod:`.eventlog`).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

SCHEMA = "privacy_clearance"

metadata = sa.MetaData(schema=SCHEMA)

# The current clearance of every dataset that needs one (one row per dataset).
clearance_table = sa.Table(
    "privacy_clearance",
    metadata,
    sa.Column("package_id", sa.Text, primary_key=True),
    sa.Column("owner_org", sa.Text),
    sa.Column("state", sa.Text, nullable=False),
    # fingerprint of the cleared content (set on approval)
    sa.Column("fingerprint", sa.Text),
    # fingerprint of the content as it is now (updated on every change)
    sa.Column("current_fingerprint", sa.Text),
    # the reviewed content itself, for the reviewer's diff
    sa.Column("reviewed", JSONB),
    sa.Column("submitted_by", sa.Text),
    sa.Column("submitted_at", sa.DateTime(timezone=True)),
    sa.Column("deadline", sa.DateTime(timezone=True)),
    sa.Column("reviewer_id", sa.Text),
    sa.Column("decided_by", sa.Text),
    sa.Column("decided_at", sa.DateTime(timezone=True)),
    sa.Column("reason", sa.Text),
    sa.Column("checklist", JSONB),
    sa.Column("expires", sa.Date),
    sa.Column("last_editor", sa.Text),
    sa.Column("changed_at", sa.DateTime(timezone=True)),
    sa.Column("harvest_source_id", sa.Text),
    sa.Column("standing_id", sa.Integer),
    sa.Column("reminded_at", sa.DateTime(timezone=True)),
)

# Designated reviewers per organisation (Fachdienst).
reviewer_table = sa.Table(
    "privacy_clearance_reviewer",
    metadata,
    sa.Column("owner_org", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("added_by", sa.Text),
    sa.Column("added_at", sa.DateTime(timezone=True)),
)

# The append-only, hash-chained event log.
event_table = sa.Table(
    "privacy_clearance_event",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("package_name", sa.Text),
    sa.Column("owner_org", sa.Text),
    sa.Column("actor_id", sa.Text),
    sa.Column("actor_name", sa.Text),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("from_state", sa.Text),
    sa.Column("to_state", sa.Text, nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("checklist", JSONB),
    sa.Column("fingerprint", sa.Text),
    sa.Column("expires", sa.Date),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
)

# The append-only, hash-chained log of reviewer appointments and removals
# (names kept as they were then: users and organisations may be renamed).
governance_table = sa.Table(
    "privacy_clearance_governance",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("owner_org", sa.Text, nullable=False),
    sa.Column("owner_org_name", sa.Text),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("user_name", sa.Text),
    sa.Column("actor_id", sa.Text),
    sa.Column("actor_name", sa.Text),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
)

# Standing clearances of harvest sources: harvested datasets of the approved
# shape are cleared without a review per object.
standing_table = sa.Table(
    "privacy_clearance_standing",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("harvest_source_id", sa.Text, nullable=False),
    sa.Column("owner_org", sa.Text),
    sa.Column("shape", sa.Text, nullable=False),
    sa.Column("approved_by", sa.Text, nullable=False),
    sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires", sa.Date),
    sa.Column("checklist", JSONB),
    sa.Column("active", sa.Boolean, nullable=False),
)

# DataStore content versions, bumped by every DataStore write.
datastore_version_table = sa.Table(
    "privacy_clearance_datastore_version",
    metadata,
    sa.Column("resource_id", sa.Text, primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False),
)

# Results of the personal-data scan, per resource (masked findings only).
scan_table = sa.Table(
    "privacy_clearance_scan",
    metadata,
    sa.Column("package_id", sa.Text, primary_key=True),
    sa.Column("resource_id", sa.Text, primary_key=True),
    sa.Column("resource_name", sa.Text),
    sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("fingerprint", sa.Text),
    sa.Column("findings", JSONB, nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("truncated", sa.Boolean, nullable=False),
)
