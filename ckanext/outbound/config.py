"""Typed access to the outbound policy's settings (config_declaration.yaml).

The policy also works when the ``outbound`` plugin is not loaded (a plugin
that fetches is enabled alone, as in many tests); CKAN then does not know
the declared defaults, and they are read from the declaration itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ckanext.kommunal.config import kommunal_setting

_DECLARATION = Path(__file__).with_name("config_declaration.yaml")


def _get(key: str) -> Any:
    return kommunal_setting(_DECLARATION, key)


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
