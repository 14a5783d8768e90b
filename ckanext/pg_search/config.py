"""Typed access to pg_search's settings (declared in config_declaration.yaml).

The backend can be active without the plugin being loaded (the pytest plugin
installs it for foreign test suites), when CKAN does not know the declared
defaults; they are then read from the declaration itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ckanext.kommunal.config import kommunal_setting

_DECLARATION = Path(__file__).with_name("config_declaration.yaml")


def _get(key: str) -> Any:
    return kommunal_setting(_DECLARATION, key)


def text_search_config() -> str:
    """PostgreSQL text search configuration for free text, e.g. ``german``."""
    return str(_get("ckanext.pg_search.text_search_config"))


def prefix_min_length() -> int:
    """Minimum length of a free-text word to be matched as a prefix (0: off)."""
    return int(_get("ckanext.pg_search.prefix_min_length"))


def statement_timeout_ms() -> int:
    """Longest run time of one search in milliseconds (0: unlimited)."""
    return int(_get("ckanext.pg_search.statement_timeout"))
