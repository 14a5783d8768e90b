"""Alembic environment of pg_search: its tables and version table live in the
schema of :mod:`ckanext.pg_search.model`
(:func:`ckanext.kommunal.migration.run_migrations`)."""

from __future__ import annotations

from ckanext.kommunal.migration import run_migrations
from ckanext.pg_search.model import SCHEMA, metadata

run_migrations("pg_search", SCHEMA, metadata)
