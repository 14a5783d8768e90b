"""Alembic environment of portal_security: its table and version table live
in the ``portal_security`` schema (see :mod:`ckanext.portal_security.model`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from ckanext.portal_security.model import SCHEMA, metadata

section = context.config.get_section(context.config.config_ini_section) or {}
engine = sa.engine_from_config(
    section, prefix="sqlalchemy.", poolclass=sa.pool.NullPool
)

with engine.connect() as connection:
    connection.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
    connection.commit()
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table="portal_security_alembic_version",
        version_table_schema=SCHEMA,
    )
    with context.begin_transaction():
        context.run_migrations()
