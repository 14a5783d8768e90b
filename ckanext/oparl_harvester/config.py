"""Typed access to the OParl harvester's settings (config_declaration.yaml).

The defaults are written in the declaration only. The client also works
without the plugin loaded (``ckan oparl-harvester check`` aside, its tests
run so); CKAN then does not know the declared defaults, and they are read
from the declaration itself. Pure modules (:mod:`.client`) get their
settings passed in from here, never a literal of their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ckanext.kommunal.config import kommunal_setting

from .client import ClientLimits

_PREFIX = "ckanext.oparl_harvester."
_DECLARATION = Path(__file__).with_name("config_declaration.yaml")


def _get(key: str) -> Any:
    return kommunal_setting(_DECLARATION, _PREFIX + key)


def _float(key: str) -> float:
    return float(_get(key))


def _int(key: str) -> int:
    return int(_get(key))


def user_agent() -> str:
    """The User-Agent header sent to OParl servers."""
    return str(_get("user_agent"))


def max_retries() -> int:
    """Further attempts after a failed request."""
    return _int("max_retries")


def backoff() -> float:
    """First delay between two attempts, in seconds."""
    return _float("backoff")


def backoff_cap() -> float:
    """Longest delay between two attempts, in seconds."""
    return _float("backoff_cap")


def max_seconds() -> float:
    """Time limit for crawling one list, in seconds."""
    return _float("max_seconds")


def max_pages() -> int:
    """Page limit per list (a source may set a lower one)."""
    return _int("max_pages")


def breaker_threshold() -> int:
    """Failed requests in a row that block a server for a while."""
    return _int("breaker_threshold")


def breaker_cooldown() -> float:
    """Seconds a blocked server is left alone."""
    return _float("breaker_cooldown")


def batch_size() -> int:
    """Objects per store round trip and per cursor fetch."""
    return max(1, _int("batch_size"))


def work_dir() -> str | None:
    """Folder for snapshot files during a build (``None``: system default)."""
    return str(_get("work_dir") or "") or None


def check_timeout() -> float:
    """Time limit of ``ckan oparl-harvester check`` as a whole, in seconds."""
    return _float("check_timeout")


def client_limits(timeout: float) -> ClientLimits:
    """The portal's limits of an OParl client.

    :param timeout: seconds per request (a setting of the harvest source,
        or of the ``check`` command)
    """
    return ClientLimits(
        timeout=timeout,
        max_retries=max_retries(),
        backoff=backoff(),
        backoff_cap=backoff_cap(),
        max_pages=max_pages(),
        max_seconds=max_seconds(),
        breaker_threshold=breaker_threshold(),
        breaker_cooldown=breaker_cooldown(),
        user_agent=user_agent(),
    )
