"""Alembic environment of oparl_harvester: its tables and version table live in the
schema of :mod:`ckanext.oparl_harvester.model`
(:func:`ckanext.kommunal.migration.run_migrations`)."""

from __future__ import annotations

from ckanext.kommunal.migration import run_migrations
from ckanext.oparl_harvester.model import SCHEMA, metadata

run_migrations("oparl_harvester", SCHEMA, metadata)
