"""Licences: OParl licence URLs and names → dcat-ap.de licence codes.

The codes and their URLs come from :mod:`ckanext.dcat_ap_de.codelists`;
further spellings are listed under ``license_aliases`` in ``mapping.yaml``.
"""

from __future__ import annotations

import functools
import re

from ckanext.dcat_ap_de import codelists

from .table import mapping_table

__all__ = ["license_code", "resolve_license"]

_LICENSE_TAIL = re.compile(r"/(deed\.[a-z-]+|legalcode(\.[a-z-]+)?)$")


def _license_key(value: str) -> str:
    text = value.strip().casefold()
    text = re.sub(r"^https?://", "", text).removeprefix("www.").rstrip("/")
    text = _LICENSE_TAIL.sub("", text).rstrip("/")
    return re.sub(r"\s+", "-", text)


@functools.cache
def _license_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for entry in codelists.license_register():
        if entry.get("text_url"):
            aliases.setdefault(_license_key(entry["text_url"]), entry["id"])
    for code, spellings in mapping_table()["license_aliases"].items():
        if codelists.license(code) is None:
            raise ValueError(f"mapping.yaml: {code} is no dcat-ap.de licence")
        for spelling in spellings:
            aliases[_license_key(spelling)] = code
    return aliases


def license_code(value: str | None) -> str | None:
    """The dcat-ap.de licence code for a licence URL or name, ``None`` if unknown.

    :param value: e.g. ``https://www.govdata.de/dl-de/by-2-0`` or
        ``http://creativecommons.org/licenses/by/4.0/deed.de``
    """
    if not value or not value.strip():
        return None
    entry = codelists.license(value.strip())
    if entry is not None:
        return str(entry["id"])
    return _license_aliases().get(_license_key(value))


def resolve_license(
    obj_license: str | None,
    body_license: str | None,
    system_license: str | None,
    default: str,
) -> str:
    """The licence of harvested data as a dcat-ap.de licence code.

    The most specific licence given wins (object, then Body, then System);
    if that one is not on the dcat-ap.de list, the source's default applies
    - falling back to a more general licence could grant more than the
    object's own licence does.

    :param obj_license: the object's ``license``
    :param body_license: the Body's ``license``
    :param system_license: the System's ``license``
    :param default: the source's default (code or IRI of the list)
    :raises ValueError: if ``default`` is not on the list either
    """
    fallback = license_code(default)
    if fallback is None:
        raise ValueError(f"{default!r} ist keine Lizenz der dcat-ap.de-Liste")
    for value in (obj_license, body_license, system_license):
        if value and value.strip():
            return license_code(value) or fallback
    return fallback
