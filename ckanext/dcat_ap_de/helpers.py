"""Template helpers of dcat_ap_de (choices and labels from the code lists)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from . import codelists


def _language() -> str:
    try:
        return tk.h.lang() or "de"
    except (RuntimeError, AttributeError):  # outside a request
        return "de"


def dcat_ap_de_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    """Choices of a scheming field from its ``codelist`` (labels in the UI
    language); values are IRIs, or codes where the field says
    ``codelist_value: code``.

    :param field: the scheming field definition
    """
    codelist = codelists.get(field["codelist"])
    choices = codelist.choices(_language())
    if field.get("codelist_value") == "code":
        by_iri = {code.iri: code.code for code in codelist.values}
        choices = [{**c, "value": by_iri.get(c["value"], c["value"])} for c in choices]
    return choices


def dcat_ap_de_label(codelist: str, value: str) -> str:
    """The label of a code-list value in the UI language (the value if unknown).

    :param codelist: name of the code list, e.g. ``data_theme``
    :param value: IRI or code
    """
    found = codelists.get(codelist).get(value or "")
    return found.label_for(_language()) if found else value


__all__ = ["dcat_ap_de_choices", "dcat_ap_de_label"]
