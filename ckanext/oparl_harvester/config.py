"""Typed access to the OParl harvester's settings (config_declaration.yaml)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

_PREFIX = "ckanext.oparl_harvester."


def _float(key: str) -> float:
    return float(tk.config.get(_PREFIX + key))


def _int(key: str) -> int:
    return int(tk.config.get(_PREFIX + key))


def user_agent() -> str:
    """The User-Agent header sent to OParl servers."""
    return str(tk.config.get(_PREFIX + "user_agent"))


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
    return str(tk.config.get(_PREFIX + "work_dir") or "") or None


def check_timeout() -> float:
    """Time limit of ``ckan oparl-harvester check`` as a whole, in seconds."""
    return _float("check_timeout")
