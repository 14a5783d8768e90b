"""Alembic environment of privacy_clearance: its tables and version table live in the
schema of :mod:`ckanext.privacy_clearance.model`
(:func:`ckanext.kommunal.migration.run_migrations`)."""

from __future__ import annotations

from ckanext.kommunal.migration import run_migrations
from ckanext.privacy_clearance.model import SCHEMA, metadata

run_migrations("privacy_clearance", SCHEMA, metadata)
