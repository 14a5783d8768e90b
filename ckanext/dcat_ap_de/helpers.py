"""Template helpers of dcat_ap_de (choices and labels from the code lists)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from . import codelists


def ui_language() -> str:
    """Language of the current page; the portal's default outside a request."""
    try:
        return str(tk.h.lang() or "de")
    except Exception:  # no request (command line, jobs)
        return str(tk.config.get("ckan.locale_default") or "de")


def dcat_ap_de_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    """Choices of a scheming field from its ``codelist`` (labels in the UI
    language); values are IRIs, or codes where the field says
    ``codelist_value: code``.

    :param field: the scheming field definition
    """
    return codelists.get(field["codelist"]).choices(
        ui_language(), field.get("codelist_value", "iri")
    )


def dcat_ap_de_label(codelist: str, value: str) -> str:
    """The label of a code-list value in the UI language (the value if unknown).

    :param codelist: name of the code list, e.g. ``data_theme``
    :param value: IRI or code
    """
    found = codelists.get(codelist).get(value or "")
    return found.label_for(ui_language()) if found else value


__all__ = ["dcat_ap_de_choices", "dcat_ap_de_label"]
