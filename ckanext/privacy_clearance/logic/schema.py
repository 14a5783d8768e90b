"""Schemas of the clearance actions."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory


def _v(*names: str) -> list[Validator]:
    return [tk.get_validator(name) for name in names]


def _made(name: str, *args: Any) -> Validator:
    """The validator that the factory ``name`` (``default``, ``one_of``)
    makes for ``args``."""
    # get_validator looks names up at run time and is typed to return a
    # validator; these names are factories that return one
    factory = cast(ValidatorFactory, tk.get_validator(name))
    return factory(*args)


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
        "publish": [_made("default", True), *_v("boolean_validator")],
        "standing": [_made("default", False), *_v("boolean_validator")],
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
        "format": [_made("default", "json"), _made("one_of", ["json", "csv"])],
        "limit": _v("ignore_missing", "natural_number_validator"),
    }


def privacy_reviewer() -> Schema:
    """reviewer add/remove: organisation and user."""
    return {
        "owner_org": _v("not_empty", "unicode_safe"),
        "user": _v("not_empty", "unicode_safe"),
    }
