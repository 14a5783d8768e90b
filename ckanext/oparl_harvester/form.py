"""The OParl settings as fields of ckanext-harvest's source form.

ckanext-harvest keeps a source's settings as one JSON text (``config``). A
clerk should not have to write JSON, so the settings marked with ``form`` in
``mapping.yaml`` get fields of their own, named ``oparl_harvester_<key>``.
On saving, :func:`merge_into_config` moves what they hold into the JSON
text (a field left empty removes its setting); the JSON text stays for the
rarer settings. The checks are the same either way
(:func:`~.logic.schema.parse_source_config`).
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any, Literal

from ckanext.dcat_ap_de import codelists

from . import mapping, privacy

__all__ = ["FIELD_PREFIX", "FormField", "form_fields", "merge_into_config"]

FIELD_PREFIX = "oparl_harvester_"
SOURCE_TYPE = "oparl"
# widgets of mapping.yaml whose HTML form is another one
_WIDGETS = {"kinds": "checkboxes", "profile": "choice"}


@dataclass(frozen=True)
class FormField:
    """One field of the form.

    :param key: the setting (``contact_email``)
    :param name: the form field's name (``oparl_harvester_contact_email``)
    :param label: German label
    :param help: German help text
    :param widget: ``email``, ``text``, ``lines``, ``choice`` or ``checkboxes``
    :param value: the current value: text, or a list for ``lines`` and
        ``checkboxes``
    :param choices: ``(value, label)`` pairs for ``choice`` and ``checkboxes``
    """

    key: str
    name: str
    label: str
    help: str
    widget: str
    value: Any
    choices: tuple[tuple[str, str], ...] = ()


def _choices(spec: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    widget = spec["form"]
    if widget == "kinds":
        return tuple((k, mapping.get_kind(k).label) for k in mapping.kinds())
    if widget == "profile":
        return tuple((p, privacy.get_profile(p).label) for p in privacy.profiles())
    if "codelist" in spec:
        stored: Literal["code", "iri"] = (
            "code" if spec.get("codelist_value") == "code" else "iri"
        )
        listed = codelists.get(spec["codelist"]).choices("de", stored)
        return tuple((c["value"], c["label"]) for c in listed)
    return tuple((str(c["value"]), str(c["label"])) for c in spec.get("choices", ()))


def _settings(config_text: str | None) -> dict[str, Any]:
    try:
        found = json.loads(config_text or "{}")
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def form_fields(config_text: str | None) -> list[FormField]:
    """The form's fields, filled from a source's JSON settings (settings that
    are no valid JSON fill nothing; the text area shows them as they are).

    :param config_text: the source's ``config``
    """
    settings = _settings(config_text)
    fields = []
    for key, spec in mapping.source_config_fields().items():
        if "form" not in spec:
            continue
        widget = _WIDGETS.get(spec["form"], spec["form"])
        value = settings.get(key)
        if widget in ("lines", "checkboxes"):
            value = [value] if isinstance(value, str) else list(value or [])
        fields.append(
            FormField(
                key=key,
                name=FIELD_PREFIX + key,
                label=spec["label"],
                help=spec["help"],
                widget=widget,
                value=value if value is not None else "",
                choices=_choices(spec),
            )
        )
    return fields


def _submitted(widget: str, raw: Any) -> Any:
    """A field's value as the setting stores it; ``None``: not set."""
    values = raw if isinstance(raw, list) else [raw]
    if widget == "lines":
        values = [line for v in values for line in str(v or "").splitlines()]
    texts = [str(v).strip() for v in values if str(v or "").strip()]
    if widget in ("lines", "checkboxes"):
        return texts or None
    return texts[0] if texts else None


def merge_into_config(data_dict: MutableMapping[str, Any]) -> None:
    """Move the OParl fields of a submitted source form into its ``config``.

    The fields are removed from *data_dict* in any case (they must not end
    up as extras of the source). They are merged only into an OParl
    source's settings, and only if its JSON text can be read (otherwise the
    JSON error is reported as it is).

    :param data_dict: the data of ``package_create``/``package_update``
    """
    submitted = {
        key: data_dict.pop(key)
        for key in list(data_dict)
        if key.startswith(FIELD_PREFIX)
    }
    if not submitted or data_dict.get("source_type") != SOURCE_TYPE:
        return
    text = str(data_dict.get("config") or "").strip() or "{}"
    try:
        settings = json.loads(text)
    except ValueError:
        return
    if not isinstance(settings, dict):
        return
    for field in form_fields(None):
        if field.name in submitted:
            raw = submitted[field.name]
        elif field.widget == "checkboxes":
            raw = []  # no box ticked: the browser posts nothing
        else:
            continue
        value = _submitted(field.widget, raw)
        if value is None:
            settings.pop(field.key, None)
        else:
            settings[field.key] = value
    data_dict["config"] = json.dumps(settings, ensure_ascii=False, indent=2)
