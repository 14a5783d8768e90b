"""Input schemas of dcat_ap_de's actions."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator


@tk.validator_args
def validate_dataset_schema(
    not_empty: Validator,
    unicode_safe: Validator,
    ignore_missing: Validator,
    boolean_validator: Validator,
) -> Schema:
    """``dcat_ap_de_validate_dataset``: the dataset and whether to apply
    GovData's quality rules too."""
    return {
        "id": [not_empty, unicode_safe],
        "quality": [ignore_missing, boolean_validator],
    }
