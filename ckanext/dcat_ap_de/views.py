"""The page "DCAT-AP.de-Prüfung" of a dataset."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context
from flask import Blueprint

__all__ = ["dcat_ap_de"]

dcat_ap_de = Blueprint("dcat_ap_de", __name__)

# Findings are listed in this order, most urgent first.
_GROUPS = ("violations", "quality", "warnings")


def _context() -> Context:
    return {"user": tk.current_user.name, "auth_user_obj": tk.current_user}


def _edit_url(dataset: dict[str, Any], finding: dict[str, Any]) -> str:
    """Where the field of a finding is edited: the resource or dataset form."""
    if finding.get("resource_id"):
        return tk.h.url_for(
            dataset["type"] + "_resource.edit",
            id=dataset["name"],
            resource_id=finding["resource_id"],
        )
    return tk.h.url_for(dataset["type"] + ".edit", id=dataset["name"])


def validation_page(id: str) -> str:  # noqa: A002 - CKAN's route parameter name
    """Show the conformance report of a dataset to whoever may see it."""
    context = _context()
    try:
        dataset = tk.get_action("package_show")(context, {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Dataset not found"))
    error = None
    report: dict[str, Any] | None = None
    try:
        report = tk.get_action("dcat_ap_de_validate_dataset")(
            _context(), {"id": dataset["id"]}
        )
    except tk.ValidationError as exc:
        # The shapes are missing: say so instead of failing the page.
        error = " ".join(
            str(message)
            for messages in exc.error_dict.values()
            for message in (messages if isinstance(messages, list) else [messages])
        )
    if report is not None and tk.h.check_access(
        "package_update", {"id": dataset["id"]}
    ):
        for group in _GROUPS:
            for finding in report[group]:
                finding["edit_url"] = _edit_url(dataset, finding)
    return tk.render(
        "dcat_ap_de/validation.html",
        {
            "pkg_dict": dataset,
            "dataset_type": dataset["type"],
            "report": report,
            "groups": _GROUPS,
            "error": error,
        },
    )


dcat_ap_de.add_url_rule(
    "/dataset/<id>/dcat-ap-de", view_func=validation_page, endpoint="validation"
)
