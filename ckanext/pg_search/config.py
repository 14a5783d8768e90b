"""Typed access to pg_search's settings (declared in config_declaration.yaml).

The backend can be active without the plugin being loaded (the pytest plugin
installs it for foreign test suites), when CKAN does not know the declared
defaults; they are then read from the declaration itself.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import ckan.plugins.toolkit as tk
import yaml

_DECLARATION = os.path.join(os.path.dirname(__file__), "config_declaration.yaml")


@functools.cache
def _declared_defaults() -> dict[str, Any]:
    with open(_DECLARATION, encoding="utf-8") as f:
        declaration = yaml.safe_load(f)
    return {
        option["key"]: option.get("default")
        for group in declaration["groups"]
        for option in group["options"]
    }


def _get(key: str) -> Any:
    # not `config.get`: it warns about keys undeclared while unloaded
    value = tk.config[key] if key in tk.config else None  # noqa: SIM401
    return _declared_defaults()[key] if value is None else value


def text_search_config() -> str:
    """PostgreSQL text search configuration for free text, e.g. ``german``."""
    return str(_get("ckanext.pg_search.text_search_config"))


def prefix_min_length() -> int:
    """Minimum length of a free-text word to be matched as a prefix (0: off)."""
    return int(_get("ckanext.pg_search.prefix_min_length"))


def statement_timeout_ms() -> int:
    """Longest run time of one search in milliseconds (0: unlimited)."""
    return int(_get("ckanext.pg_search.statement_timeout"))
