"""The alembic environment every plugin of the bundle shares: its tables
and its version table live in a PostgreSQL schema of its own, so resetting
CKAN's tables (``ckan db clean``, the tests' ``clean_db``) leaves them alone
and no plugin's migrations see another's.

A plugin's ``migration/<plugin>/env.py`` is one call::

    run_migrations("pg_search", SCHEMA, metadata)
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context


def run_migrations(plugin: str, schema: str, metadata: sa.MetaData) -> None:
    """Run ``plugin``'s migrations (online against ``sqlalchemy.url``, or
    offline as SQL when alembic asks for it).

    :param plugin: the plugin's name; its version table is
        ``<plugin>_alembic_version``
    :param schema: the schema of its tables and version table
    :param metadata: its tables (for autogenerate)
    """
    config = context.config
    options: dict[str, Any] = {
        "target_metadata": metadata,
        "version_table": f"{plugin}_alembic_version",
        "version_table_schema": schema,
    }
    if context.is_offline_mode():
        url = config.get_main_option("sqlalchemy.url")
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    section = config.get_section(config.config_ini_section) or {}
    engine = sa.engine_from_config(
        section, prefix="sqlalchemy.", poolclass=sa.pool.NullPool
    )
    with engine.connect() as connection:
        # the version table lives in the schema, so the schema comes first
        connection.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
        connection.commit()
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
