"""Schemas of the clearance actions."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator


def _v(*names: str) -> list[Validator]:
    return [tk.get_validator(name) for name in names]


def privacy_clearance_transition() -> Schema:
    """submit, start_review, return, reject, revoke: the dataset and a reason."""
    return {
        "id": _v("not_empty", "unicode_safe"),
        "reason": _v("ignore_missing", "unicode_safe", "privacy_clearance_reason"),
    }


def privacy_clearance_approve() -> Schema:
    """approve: the dataset, the fingerprint the reviewer saw, the checklist."""
    return {
        **privacy_clearance_transition(),
        "fingerprint": _v("not_empty", "unicode_safe"),
        "checklist": _v("not_missing", "privacy_clearance_checklist"),
        "expires": _v("privacy_clearance_expiry"),
        "publish": [tk.get_validator("default")(True), *_v("boolean_validator")],
        "standing": [tk.get_validator("default")(False), *_v("boolean_validator")],
    }


def privacy_clearance_queue() -> Schema:
    """queue: optional organisation and states."""
    return {
        "owner_org": _v("ignore_missing", "unicode_safe"),
        "state": _v("ignore_missing", "unicode_safe"),
    }


def privacy_clearance_log() -> Schema:
    """log: optional dataset, organisation, start time, format and limit."""
    return {
        "id": _v("ignore_missing", "unicode_safe"),
        "owner_org": _v("ignore_missing", "unicode_safe"),
        "since": _v("ignore_missing", "isodate"),
        "format": [
            tk.get_validator("default")("json"),
            tk.get_validator("one_of")(["json", "csv"]),
        ],
        "limit": _v("ignore_missing", "natural_number_validator"),
    }


def privacy_reviewer() -> Schema:
    """reviewer add/remove: organisation and user."""
    return {
        "owner_org": _v("not_empty", "unicode_safe"),
        "user": _v("not_empty", "unicode_safe"),
    }
