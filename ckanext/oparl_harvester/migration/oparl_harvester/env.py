"""Alembic environment of oparl_harvester: tables and version table live in
the ``oparl_harvester`` schema (see :mod:`ckanext.oparl_harvester.model`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from ckanext.oparl_harvester.model import SCHEMA, metadata

section = context.config.get_section(context.config.config_ini_section) or {}
engine = sa.engine_from_config(
    section, prefix="sqlalchemy.", poolclass=sa.pool.NullPool
)

with engine.connect() as connection:
    # the version table lives in the schema, so the schema comes first
    connection.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
    connection.commit()
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table="oparl_harvester_alembic_version",
        version_table_schema=SCHEMA,
    )
    with context.begin_transaction():
        context.run_migrations()
