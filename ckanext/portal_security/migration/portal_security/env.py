"""Alembic environment of portal_security: its tables and version table live in the
schema of :mod:`ckanext.portal_security.model`
(:func:`ckanext.kommunal.migration.run_migrations`)."""

from __future__ import annotations

from ckanext.kommunal.migration import run_migrations
from ckanext.portal_security.model import SCHEMA, metadata

run_migrations("portal_security", SCHEMA, metadata)
