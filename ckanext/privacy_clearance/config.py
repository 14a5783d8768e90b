"""Typed access to privacy_clearance's settings (config_declaration.yaml)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

_PREFIX = "ckanext.privacy_clearance."


def _list(key: str) -> frozenset[str]:
    value = tk.config.get(_PREFIX + key) or []
    return frozenset(value.split() if isinstance(value, str) else value)


def _int(key: str) -> int:
    return int(tk.config.get(_PREFIX + key))


def unreviewed_fields() -> frozenset[str]:
    """Dataset fields whose changes keep a clearance valid."""
    return _list("unreviewed_fields")


def volatile_fields() -> frozenset[str]:
    """Bookkeeping fields that never belong to the reviewed content."""
    return _list("volatile_fields")


def exempt_types() -> frozenset[str]:
    """Package types that need no clearance (configuration, not data)."""
    return _list("exempt_types")


def review_days() -> int:
    """Days a reviewer has for a submission."""
    return _int("review_days")


def validity_months() -> int:
    """Default validity of a clearance in months."""
    return _int("validity_months")


def validity_max_months() -> int:
    """Longest validity a reviewer may grant, in months."""
    return _int("validity_max_months")


def remind_days() -> int:
    """Days before expiry at which reviewers are reminded."""
    return _int("remind_days")


def dpo_users() -> frozenset[str]:
    """User names of the data-protection officers."""
    return _list("dpo_users")


def notify() -> bool:
    """Whether e-mails are sent."""
    return tk.asbool(tk.config.get(_PREFIX + "notify"))


def scan_enabled() -> bool:
    """Whether resources are scanned on submission."""
    return tk.asbool(tk.config.get(_PREFIX + "scan"))


def scan_small_cell_k() -> int:
    """Small-cell threshold k of the scan."""
    return _int("scan_small_cell_k")


def scan_max_bytes() -> int:
    """Bytes read per resource file by the scan."""
    return _int("scan_max_bytes")


def scan_download() -> bool:
    """Whether linked resources are downloaded for the scan."""
    return tk.asbool(tk.config.get(_PREFIX + "scan_download"))


def anchor_file() -> str:
    """Where anchors of the logs are appended (empty: nowhere)."""
    return str(tk.config.get(_PREFIX + "anchor_file") or "")


def anchor_mail() -> bool:
    """Whether anchors are e-mailed to the data-protection officers."""
    return tk.asbool(tk.config.get(_PREFIX + "anchor_mail"))
