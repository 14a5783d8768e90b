"""Typed access to the outbound policy's settings (config_declaration.yaml).

The policy also works when the ``outbound`` plugin is not loaded (a plugin
that fetches is enabled alone, as in many tests); CKAN then does not know
the declared defaults, and they are read from the declaration itself.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import yaml

_DECLARATION = Path(__file__).with_name("config_declaration.yaml")


@functools.cache
def _declared_defaults() -> dict[str, Any]:
    declaration = yaml.safe_load(_DECLARATION.read_text(encoding="utf-8"))
    return {
        option["key"]: option.get("default")
        for group in declaration["groups"]
        for option in group["options"]
    }


def _get(key: str) -> Any:
    # not `config.get`: it warns about keys undeclared while unloaded
    value = tk.config[key] if key in tk.config else None  # noqa: SIM401
    return _declared_defaults()[key] if value is None else value


def allow() -> list[str]:
    """Entries of ``ckanext.outbound.allow`` (hosts, host:port, networks)."""
    value = _get("ckanext.outbound.allow")
    return value.split() if isinstance(value, str) else [str(v) for v in value]


def connect_timeout() -> float:
    """Seconds to wait for a connection."""
    return float(_get("ckanext.outbound.connect_timeout"))


def read_timeout() -> float:
    """Seconds to wait for each read, and for the whole body after the headers."""
    return float(_get("ckanext.outbound.read_timeout"))


def max_redirects() -> int:
    """Redirects followed per request."""
    return int(_get("ckanext.outbound.max_redirects"))


def max_bytes() -> int:
    """Largest answer in bytes after decompression."""
    return int(_get("ckanext.outbound.max_bytes"))


def user_agent() -> str:
    """Default ``User-Agent`` header."""
    return str(_get("ckanext.outbound.user_agent"))
