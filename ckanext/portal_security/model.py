"""The plugin's own table, in the PostgreSQL schema ``portal_security``:
one row per user who set up a second factor (or is setting it up).

Created by the migrations (``ckan db upgrade -p portal_security``); no
foreign key to CKAN's user table, whose rows tests and ``db clean`` reset.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

SCHEMA = "portal_security"

metadata = sa.MetaData(schema=SCHEMA)

second_factor = sa.Table(
    "portal_security_second_factor",
    metadata,
    sa.Column("user_id", sa.Text, primary_key=True),
    # the TOTP key (base32); readable by whoever can read the database,
    # as CKAN's API tokens' secret key is: protect the database accordingly
    sa.Column("secret", sa.Text, nullable=False),
    sa.Column("confirmed_at", sa.DateTime(timezone=True)),
    # the time step of the last accepted code: no code counts twice
    sa.Column("last_step", sa.BigInteger),
    # SHA-256 of the unused recovery codes
    sa.Column("recovery", JSONB, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)
