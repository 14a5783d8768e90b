"""Alembic environment of the pg_search migrations.

The index and its version table live in the ``ckanext_pg_search`` schema, so that
resetting CKAN's own tables leaves the index (like a Solr core) in place.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context

from ckanext.pg_search.model import SCHEMA, metadata

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

name = os.path.basename(os.path.dirname(__file__))
OPTIONS = {
    "target_metadata": metadata,
    "version_table": f"{name}_alembic_version",
    "version_table_schema": SCHEMA,
}


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **OPTIONS
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = sa.engine_from_config(
        config.get_section(config.config_ini_section) or {},
        prefix="sqlalchemy.",
        poolclass=sa.pool.NullPool,
    )
    with engine.connect() as connection:
        # the version table lives in the schema, which must exist first
        connection.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
        connection.commit()
        context.configure(connection=connection, **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
