"""Validators of the DCAT-AP.de fields, with messages a clerk understands.

Controlled fields accept a code or an IRI of their code list (API users can
send ``ECON`` instead of the long EU IRI) and store one normal form: the IRI,
or the code where CKAN itself works with codes (licence ids, file formats).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey
from ckanext.scheming.validation import scheming_validator

from .. import codelists

Validator = Callable[[FlattenKey, FlattenDataDict, FlattenErrorDict, Context], Any]

_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_WEB_IRI = re.compile(r"^https?://[^\s/?#<>\"]+[^\s<>\"]*$")
_EMAIL = re.compile(r"^[^@\s:<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/.\-]{3,30}$")
_DURATION = re.compile(
    r"^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?"
    r"(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
)
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_GEOJSON_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def _is_blank(value: Any) -> bool:
    return value is tk.missing or value is None or value == "" or value == []


def _optional(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A field validator that lets empty values through unchanged."""

    @functools.wraps(check)
    def validator(value: Any) -> Any:
        return value if _is_blank(value) else check(value)

    return validator


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                value = text.split()
        else:
            value = [v for v in re.split(r"[\s,]+", text) if v]
    return [str(v).strip() for v in value if str(v).strip()]


def _normal_form(field: dict[str, Any], value: str) -> str | None:
    found = codelists.get(field["codelist"]).get(value)
    if found is None:
        return None
    return found.code if field.get("codelist_value") == "code" else found.iri


def _not_in_list(field: dict[str, Any], value: str) -> str:
    name = codelists.get(field["codelist"]).label.get("de", field["codelist"])
    return tk._(
        '"{value}" is not a value of the list "{list}". Please choose from the list.'
    ).format(value=value, list=name)


@scheming_validator
def dcat_ap_de_codelist(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """One value of the field's code list (``codelist`` in the schema).

    :param field: the scheming field, naming its ``codelist``
    :param schema: the whole scheming schema (unused)
    """

    def validator(
        key: FlattenKey,
        data: FlattenDataDict,
        errors: FlattenErrorDict,
        context: Context,
    ) -> None:
        value = data.get(key)
        if _is_blank(value):
            data[key] = tk.missing if value is tk.missing else ""
            return
        normal = _normal_form(field, str(value).strip())
        if normal is None:
            errors[key].append(_not_in_list(field, str(value)))
        else:
            data[key] = normal

    return validator


@scheming_validator
def dcat_ap_de_codelist_multiple(
    field: dict[str, Any], schema: dict[str, Any]
) -> Validator:
    """Zero or more values of the field's code list, stored as a JSON list.

    :param field: the scheming field, naming its ``codelist``
    :param schema: the whole scheming schema (unused)
    """

    def validator(
        key: FlattenKey,
        data: FlattenDataDict,
        errors: FlattenErrorDict,
        context: Context,
    ) -> None:
        value = data.get(key)
        if _is_blank(value):
            return
        result: list[str] = []
        for item in _as_list(value):
            normal = _normal_form(field, item)
            if normal is None:
                errors[key].append(_not_in_list(field, item))
            elif normal not in result:
                result.append(normal)
        data[key] = json.dumps(result)

    return validator


def dcat_ap_de_required(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """Mandatory - except while the dataset is a draft.

    The web form is split into pages and saves a draft after the first one;
    the mandatory fields of later pages are checked when it becomes active.
    """
    value = data.get(key)
    if not _is_blank(value):
        return
    if data.get(("state",)) == "draft":
        data.pop(key, None)
        raise tk.StopOnError
    errors[key].append(tk._("Missing value"))
    raise tk.StopOnError


def dcat_ap_de_keywords_required(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """At least one keyword (GovData's quality rules require one), given as
    ``tag_string`` (the form) or ``tags`` (the API); drafts may have none yet.
    """
    has_tags = any(k[0] == "tags" and k[-1] == "name" and data[k] for k in data)
    if has_tags or not _is_blank(data.get(("tag_string",))):
        return
    if data.get(("state",)) == "draft":
        return
    errors.setdefault(("tag_string",), []).append(
        tk._("Please enter at least one keyword.")
    )


def _web_iri(value: str) -> bool:
    return bool(_WEB_IRI.match(value)) and bool(_IRI.match(value))


def _require_web_iris(values: list[str]) -> None:
    bad = [value for value in values if not _web_iri(value)]
    if bad:
        raise tk.Invalid(
            tk._(
                '"{value}" is not a complete web address. It must start with '
                "https:// or http:// and contain no spaces."
            ).format(value=", ".join(bad))
        )


@_optional
def dcat_ap_de_iri(value: Any) -> Any:
    """An absolute web address (http or https IRI).

    :param value: the submitted value
    """
    value = str(value).strip()
    _require_web_iris([value])
    return value


@_optional
def dcat_ap_de_iri_multiple(value: Any) -> Any:
    """A list of absolute web addresses, stored as a JSON list.

    :param value: list or JSON list (after ``scheming_multiple_text``)
    """
    items = _as_list(value)
    _require_web_iris(items)
    return json.dumps(items)


@_optional
def dcat_ap_de_email(value: Any) -> Any:
    """An e-mail address; a ``mailto:`` prefix is accepted and removed.

    :param value: the submitted value
    """
    address = str(value).strip().removeprefix("mailto:")
    if not _EMAIL.match(address):
        raise tk.Invalid(
            tk._(
                '"{value}" is not a valid e-mail address (example: '
                "poststelle@saalekreis.de)."
            ).format(value=value)
        )
    return address


@_optional
def dcat_ap_de_phone(value: Any) -> Any:
    """A telephone number; a ``tel:`` prefix is accepted and removed.

    :param value: the submitted value
    """
    number = str(value).strip().removeprefix("tel:")
    if not _PHONE.match(number):
        raise tk.Invalid(
            tk._(
                '"{value}" is not a valid telephone number (example: +49 3461 40-0).'
            ).format(value=value)
        )
    return number


def _parse_date(value: str) -> bool:
    if _YEAR.match(value) or _YEAR_MONTH.match(value):
        return True
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
        else:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "-" in value


@_optional
def dcat_ap_de_date(value: Any) -> Any:
    """A date as DCAT-AP.de allows it: ``2024``, ``2024-03``, ``2024-03-31``
    or a date and time ``2024-03-31T12:00:00``.

    :param value: the submitted value (a ``datetime`` is accepted too)
    """
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not _parse_date(text):
        raise tk.Invalid(
            tk._(
                '"{value}" is not a valid date. Please write a year (2024), a '
                "month (2024-03), a day (2024-03-31) or a day and time "
                "(2024-03-31T14:30:00)."
            ).format(value=text)
        )
    return text


@_optional
def dcat_ap_de_duration(value: Any) -> Any:
    """A duration in ISO 8601 form (``P1D``, ``P1M``, ``PT1H`` …).

    :param value: the submitted value
    """
    text = str(value).strip().upper()
    if not _DURATION.match(text):
        raise tk.Invalid(
            tk._(
                '"{value}" is not a valid time span. Examples: P1D (one day), '
                "P1M (one month), P1Y (one year), PT1H (one hour)."
            ).format(value=value)
        )
    return text


@_optional
def dcat_ap_de_decimal(value: Any) -> Any:
    """A non-negative decimal number (a decimal comma is accepted).

    :param value: the submitted value
    """
    text = str(value).strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if number < 0 or number != number:  # NaN is not equal to itself
        raise tk.Invalid(
            tk._('"{value}" is not a valid number (example: 10 or 0.5).').format(
                value=value
            )
        )
    return text


@_optional
def dcat_ap_de_hex(value: Any) -> Any:
    """A checksum in hexadecimal digits.

    :param value: the submitted value
    """
    text = str(value).strip()
    if not _HEX.match(text):
        raise tk.Invalid(
            tk._("A checksum may only contain the digits 0-9 and letters a-f.")
        )
    return text.lower()


@_optional
def dcat_ap_de_media_type(value: Any) -> Any:
    """An IANA media type (``text/csv``); the IANA IRI is accepted too.

    :param value: the submitted value
    """
    text = codelists.media_type(str(value))
    if text is None:
        raise tk.Invalid(
            tk._(
                '"{value}" is not a media type. Examples: text/csv, '
                "application/json, application/pdf."
            ).format(value=value)
        )
    return text


@_optional
def dcat_ap_de_format(value: Any) -> Any:
    """A file format of the EU file-type list, stored as its code (``CSV``).

    CKAN's format facet and its own format guessing work with such codes.

    :param value: the submitted value (code, IRI, or a common spelling)
    """
    text = str(value).strip()
    file_types = codelists.get("file_type")
    found = file_types.get(text.lstrip("."))
    media_type = codelists.media_type(text)
    if found is None and media_type == text.lower():
        # "text/csv", "application/json": the subtype often names the format
        found = file_types.get(media_type.split("/", 1)[1])
    if found is None:
        raise tk.Invalid(
            tk._(
                '"{value}" is not a file format of the EU list. Examples: CSV, '
                "XLSX, JSON, PDF, GEOJSON, WMS_SRVC."
            ).format(value=text)
        )
    return found.code


@_optional
def dcat_ap_de_geojson(value: Any) -> Any:
    """A GeoJSON geometry (as ckanext-spatial expects in ``spatial``).

    :param value: the submitted value
    """
    try:
        geometry = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        geometry = None
    if not (
        isinstance(geometry, dict)
        and geometry.get("type") in _GEOJSON_TYPES
        and ("coordinates" in geometry or "geometries" in geometry)
    ):
        raise tk.Invalid(
            tk._(
                "This is not a GeoJSON geometry. Example: "
                '{"type": "Point", "coordinates": [11.99, 51.35]}'
            )
        )
    return json.dumps(geometry) if not isinstance(value, str) else value


__all__ = [
    "dcat_ap_de_codelist",
    "dcat_ap_de_codelist_multiple",
    "dcat_ap_de_date",
    "dcat_ap_de_decimal",
    "dcat_ap_de_duration",
    "dcat_ap_de_email",
    "dcat_ap_de_format",
    "dcat_ap_de_geojson",
    "dcat_ap_de_hex",
    "dcat_ap_de_iri",
    "dcat_ap_de_iri_multiple",
    "dcat_ap_de_keywords_required",
    "dcat_ap_de_media_type",
    "dcat_ap_de_phone",
    "dcat_ap_de_required",
]
