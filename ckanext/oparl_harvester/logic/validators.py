"""Validators of the harvest source settings, with messages in the
portal's language (:mod:`..messages`).

Plain navl value validators (``value, context -> value``); each normalises
what it accepts (codes become IRIs or licence ids, text lists become
tuples). Allowed values come from the one place that defines them: the
dcat-ap.de code lists, ``mapping.yaml`` (kinds) and ``privacy.yaml``
(profiles).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.dcat_ap_de import codelists
from ckanext.dcat_ap_de.logic import validators as dcat_validators

from .. import mapping, privacy
from ..messages import _

__all__ = [
    "oparl_harvester_body_list",
    "oparl_harvester_contributor",
    "oparl_harvester_email",
    "oparl_harvester_geocoding",
    "oparl_harvester_geocoding_level",
    "oparl_harvester_int",
    "oparl_harvester_kinds",
    "oparl_harvester_license",
    "oparl_harvester_number",
    "oparl_harvester_optional",
    "oparl_harvester_partition",
    "oparl_harvester_privacy_profile",
    "oparl_harvester_required",
    "oparl_harvester_share",
    "oparl_harvester_text",
]

PARTITIONS = ("year", "term")
_WEB = re.compile(r"^https?://[^\s<>\"]+$")

ValueValidator = Callable[[Any, Context], Any]


def _texts(value: Any) -> list[str]:
    """A list from a JSON list or a text with commas, spaces or lines."""
    if isinstance(value, str):
        value = re.split(r"[\s,]+", value)
    if not isinstance(value, list | tuple):
        raise tk.Invalid(_("Please give a list (entries separated by commas)."))
    return [str(v).strip() for v in value if str(v).strip()]


def is_blank(value: Any) -> bool:
    """Nothing given: missing, ``None``, empty text or list (``0`` is a value).

    :param value: the submitted value
    """
    return value is tk.missing or value is None or value == "" or value == []


def oparl_harvester_optional(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """An optional setting: blank (an empty form field) means "not set".

    Unlike navl's ``ignore_empty``, ``0`` counts as a value and is checked.

    :param key: the flattened key of the setting
    :param data: the flattened settings; a blank value is removed
    :param errors: the flattened errors (unused)
    :param context: the validation context (unused)
    :raises StopOnError: if the value is blank (the later validators are
        skipped)
    """
    if is_blank(data.get(key)):
        data.pop(key, None)
        raise tk.StopOnError


def oparl_harvester_required(value: Any, context: Context) -> Any:
    """A value must be given.

    :param value: the submitted value
    :param context: the validation context (unused)
    """
    if value is tk.missing or value is None or not str(value).strip():
        raise tk.Invalid(_("Please fill in."))
    return value


def oparl_harvester_body_list(value: Any, context: Context) -> tuple[str, ...]:
    """Body ids (web addresses); empty means all Bodies.

    :param value: list or text of addresses
    :param context: the validation context (unused)
    """
    items = _texts(value)
    bad = [item for item in items if not _WEB.match(item)]
    if bad:
        raise tk.Invalid(
            _(
                "Not a complete address: {value}. Bodies are given by their "
                "OParl id, e.g. https://ris.example/oparl/body/1."
            ).format(value=", ".join(bad))
        )
    return tuple(dict.fromkeys(items))


def oparl_harvester_kinds(value: Any, context: Context) -> tuple[str, ...]:
    """A non-empty subset of the kinds of ``mapping.yaml``.

    :param value: list or text of kind keys
    :param context: the validation context (unused)
    """
    items = _texts(value)
    known = mapping.kinds()
    unknown = [item for item in items if item not in known]
    if unknown:
        raise tk.Invalid(
            _("Unknown kind of object: {value}. Possible values: {known}.").format(
                value=", ".join(unknown), known=", ".join(known)
            )
        )
    if not items:
        raise tk.Invalid(_("Please choose at least one kind of object."))
    return tuple(k for k in known if k in items)  # the order of mapping.yaml


def oparl_harvester_partition(value: Any, context: Context) -> str:
    """``year`` or ``term``.

    :param value: the submitted value
    :param context: the validation context (unused)
    """
    text = str(value).strip().lower()
    if text not in PARTITIONS:
        raise tk.Invalid(
            _(
                '"{value}" is no way of splitting the files. Possible values: '
                "year (one per year) or term (one per legislative term)."
            ).format(value=value)
        )
    return text


def oparl_harvester_license(value: Any, context: Context) -> str:
    """A licence of the dcat-ap.de list (id, IRI or a known URL), as its id.

    :param value: the submitted value
    :param context: the validation context (unused)
    """
    code = mapping.license_code(str(value))
    if code is None:
        raise tk.Invalid(
            _(
                '"{value}" is no licence of the dcat-ap.de list, e.g. '
                "dl-by-de/2.0 or dl-zero-de/2.0."
            ).format(value=value)
        )
    return code


def oparl_harvester_email(value: Any, context: Context) -> str:
    """An e-mail address (the check of the dataset form).

    :param value: the submitted value
    :param context: the validation context (unused)
    """
    try:
        return str(dcat_validators.dcat_ap_de_email(str(value)))
    except tk.Invalid:
        raise tk.Invalid(
            _(
                '"{value}" is no valid e-mail address (example: '
                "sitzungsdienst@musterkreis.de)."
            ).format(value=value)
        ) from None


def _codelist_iri(list_name: str, value: Any) -> str:
    found = codelists.get(list_name).iri(str(value))
    if found is None:
        label = codelists.get(list_name).label["de"]
        raise tk.Invalid(
            _('"{value}" is not in the list "{list}".').format(value=value, list=label)
        )
    return found


def oparl_harvester_contributor(value: Any, context: Context) -> str:
    """A GovData contributor id (code or IRI), as its IRI.

    :param value: the submitted value
    :param context: the validation context (unused)
    """
    return _codelist_iri("contributor", value)


def oparl_harvester_geocoding_level(value: Any, context: Context) -> str:
    """A political geocoding level (code or IRI), as its IRI.

    :param value: the submitted value
    :param context: the validation context (unused)
    """
    return _codelist_iri("geocoding_level", value)


def oparl_harvester_geocoding(value: Any, context: Context) -> tuple[str, ...]:
    """Political geocoding keys (codes or IRIs), as IRIs.

    :param value: list or text of keys
    :param context: the validation context (unused)
    """
    return tuple(dict.fromkeys(_codelist_iri("geocoding", v) for v in _texts(value)))


def oparl_harvester_privacy_profile(value: Any, context: Context) -> str:
    """A profile of ``privacy.yaml``.

    :param value: the submitted value
    :param context: the validation context (unused)
    """
    text = str(value).strip()
    if text not in privacy.profiles():
        message = _('Unknown privacy profile "{value}". Possible values: {known}.')
        raise tk.Invalid(
            message.format(value=value, known=", ".join(privacy.profiles()))
        )
    return text


def _number(value: Any, convert: Callable[[str], float | int]) -> float | int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return convert(str(value)) if convert is int else float(value)
    return convert(str(value).strip().replace(",", "."))


def oparl_harvester_int(minimum: int, maximum: int | None = None) -> ValueValidator:
    """A whole number within bounds.

    :param minimum: smallest allowed value
    :param maximum: largest allowed value (``None``: no limit)
    """

    def validator(value: Any, context: Context) -> int:
        try:
            number = int(_number(value, int))
        except (TypeError, ValueError):
            number = None
        if (
            number is None
            or number < minimum
            or (maximum is not None and number > maximum)
        ):
            raise tk.Invalid(_range_message(value, minimum, maximum, whole=True))
        return number

    return validator


def oparl_harvester_number(minimum: float, maximum: float) -> ValueValidator:
    """A number (a decimal comma is accepted) within bounds.

    :param minimum: smallest allowed value
    :param maximum: largest allowed value
    """

    def validator(value: Any, context: Context) -> float:
        try:
            number = float(_number(value, float))
        except (TypeError, ValueError):
            number = float("nan")
        if not minimum <= number <= maximum:  # NaN fails every comparison
            raise tk.Invalid(_range_message(value, minimum, maximum, whole=False))
        return number

    return validator


def oparl_harvester_share(value: Any, context: Context) -> float:
    """A share between 0 and 1 (``0.2`` = 20 %).

    :param value: the submitted value
    :param context: the validation context (unused)
    """
    return oparl_harvester_number(0.0, 1.0)(value, context)


def oparl_harvester_text(maximum: int) -> ValueValidator:
    """A line of text of limited length.

    :param maximum: the largest allowed number of characters
    """

    def validator(value: Any, context: Context) -> str:
        text = " ".join(str(value).split())
        if len(text) > maximum:
            message = _("Please use at most {maximum} characters (now {count}).")
            raise tk.Invalid(message.format(maximum=maximum, count=len(text)))
        return text

    return validator


def _range_message(
    value: Any, minimum: float, maximum: float | None, *, whole: bool
) -> str:
    # whole sentences, not a word put into one: languages differ in more
    # than the noun ("eine ganze Zahl" / "a whole number")
    if maximum is None:
        message = (
            _('"{value}": please give a whole number from {minimum}.')
            if whole
            else _('"{value}": please give a number from {minimum}.')
        )
    else:
        message = (
            _('"{value}": please give a whole number from {minimum} to {maximum}.')
            if whole
            else _('"{value}": please give a number from {minimum} to {maximum}.')
        )
    return message.format(
        value=value, minimum=_german(minimum), maximum=_german(maximum or 0)
    )


def _german(number: float) -> str:
    return f"{number:g}".replace(".", ",")
