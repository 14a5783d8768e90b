"""Actions of dcat_ap_de."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from .. import validation
from . import schema

__all__ = ["dcat_ap_de_validate_dataset"]


@tk.side_effect_free
def dcat_ap_de_validate_dataset(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Check a dataset against DCAT-AP.de 3.0 and GovData's quality rules.

    :param id: the id or name of the dataset
    :type id: string
    :param quality: also apply GovData's metadata-quality rules
        (optional, default: ``True``)
    :type quality: bool

    :returns: ``id``, ``name``, ``conforms``, ``counts`` (violations,
        warnings, quality) and the lists ``violations``, ``warnings`` and
        ``quality`` of findings, each naming the form ``field`` to fix
    :rtype: dictionary
    """
    tk.check_access("dcat_ap_de_validate_dataset", context, data_dict)
    data, errors = tk.navl_validate(
        dict(data_dict), schema.validate_dataset_schema(), context
    )
    if errors:
        raise tk.ValidationError(errors)
    show_context: Context = {
        "user": context.get("user", ""),
        "auth_user_obj": context.get("auth_user_obj"),
        "ignore_auth": context.get("ignore_auth", False),
    }
    dataset = tk.get_action("package_show")(show_context, {"id": data["id"]})
    try:
        reports = validation.validate_dataset_dicts(
            [dataset], quality=data.get("quality", True)
        )
    except validation.ShapesNotFound as error:
        raise tk.ValidationError({"shapes": [str(error)]}) from error
    return {
        "id": dataset["id"],
        "name": dataset["name"],
        **reports[dataset["id"]].as_dict(),
    }
