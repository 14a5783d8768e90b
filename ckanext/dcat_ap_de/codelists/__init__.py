"""The DCAT-AP.de 3.0 code lists, loaded from the data files beside this module.

DCAT-AP.de checks coded values (themes, languages, licences, …) against fixed
lists of IRIs. Forms (scheming choices), validators, the RDF profile and the
facets must all agree on these lists, so they live once, as data:
``<name>.yaml`` for the code lists and ``licenses.json`` (in this package)
for the licences (a CKAN licence register, ``licenses_group_url`` reads it).
This module reads them and answers the questions the rest of the plugin asks:
is this value in the list, what is its canonical IRI, what is its label, what
are the choices of a select field.

Input is forgiving (code or IRI, any case of the code, ``https``, a trailing
slash, retired IRIs listed as ``aliases``); output is always the IRI exactly as
the DCAT-AP.de shapes expect it.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

__all__ = [
    "Code",
    "CodeList",
    "get",
    "license",
    "license_register",
    "licenses_register_url",
    "media_type",
    "media_type_iri",
    "names",
]

HERE = Path(__file__).resolve().parent
LICENSES_FILE = HERE / "licenses.json"
LICENSE_SCHEME = "http://dcat-ap.de/def/licenses"
LICENSE_LIST = "license"
# IANA media types are not enumerated here: recognised by their form.
IANA = "https://www.iana.org/assignments/media-types/"
_MEDIA_TYPE = re.compile(r"^[a-z]+/[a-zA-Z0-9.+\-]+$")


@dataclass(frozen=True)
class Code:
    """One value of a code list.

    :param code: the short code (``ECON``, ``dl-by-de/2.0``)
    :param iri: the IRI as DCAT-AP.de wants it in RDF
    :param label: labels by language, at least ``de`` and ``en``
    """

    code: str
    iri: str
    label: dict[str, str]

    def __hash__(self) -> int:  # the label dict is not hashable; the IRI is unique
        return hash((self.code, self.iri))

    def label_for(self, lang: str = "de") -> str:
        """The label in ``lang``, else German, else English, else the code.

        :param lang: a language code such as ``de`` or ``en`` (``de_DE`` works)
        """
        for candidate in (lang, lang.split("_")[0].split("-")[0], "de", "en"):
            text = self.label.get(candidate)
            if text:
                return text
        return self.code


def _iri_key(value: str) -> str:
    """The form of an IRI used for lookups: no scheme, no ``www.``, no end slash."""
    text = value.strip()
    lowered = text.lower()
    for prefix in ("http://", "https://"):
        if lowered.startswith(prefix):
            text = text[len(prefix) :]
            break
    if text.lower().startswith("www."):
        text = text[4:]
    return text.rstrip("/")


def _is_iri(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://"))


def _sort_key(text: str) -> str:
    """German dictionary order (DIN 5007-1): umlauts as their base letter."""
    folded = text.casefold().replace("ß", "ss")
    return "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )


@dataclass(frozen=True)
class CodeList:
    """A code list: its scheme IRI, its label and its values in display order.

    :param name: the file name without ``.yaml`` (``data_theme``)
    :param scheme: the ``skos:ConceptScheme`` IRI the shapes check
    :param label: the name of the list by language
    :param values: the values, in the order choices shows them
    :param aliases: extra spellings accepted on input (code or IRI) -> code
    """

    name: str
    scheme: str
    label: dict[str, str]
    values: tuple[Code, ...]
    aliases: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _index: dict[str, Code] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        index: dict[str, Code] = {}
        by_code = {v.code: v for v in self.values}
        for value in self.values:
            for key in (_iri_key(value.iri).casefold(), value.code.casefold()):
                index.setdefault(key, value)
        for alias, code in self.aliases.items():
            key = _iri_key(alias) if _is_iri(alias) else alias
            index.setdefault(key.casefold(), by_code[code])
        self._index.update(index)

    def get(self, value: str) -> Code | None:
        """The value for a code or an IRI, ``None`` if it is not in the list.

        Accepts the IRI (also with ``https``, ``www.`` or a trailing slash), the
        code in any case, and the list's aliases (retired IRIs, file
        extensions).

        :param value: what a user, an API client or a harvested record gave
        """
        if not isinstance(value, str) or not value.strip():
            return None
        text = value.strip()
        key = _iri_key(text) if _is_iri(text) else text
        return self._index.get(key.casefold())

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and self.get(value) is not None

    def __iter__(self) -> Iterator[Code]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def iri(self, value: str) -> str | None:
        """The canonical IRI for a code or an IRI variant, ``None`` if unknown.

        :param value: a code or an IRI
        """
        found = self.get(value)
        return found.iri if found else None

    def choices(
        self, lang: str = "de", value: Literal["iri", "code"] = "iri"
    ) -> list[dict[str, str]]:
        """Choices for a scheming select field, in display order.

        :param lang: language of the labels
        :param value: what a choice stores: the IRI, or the code (licence ids
            and file formats, which CKAN itself works with)
        :returns: ``[{"value": iri or code, "label": label}, …]``
        """
        return [
            {"value": v.code if value == "code" else v.iri, "label": v.label_for(lang)}
            for v in self.values
        ]


def _labels(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw.get("de"):
        raise ValueError(f"{where}: a label needs at least a German text (de)")
    return {str(k): str(v) for k, v in raw.items() if v}


def _load_yaml(name: str, path: Path) -> CodeList:
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    values: list[Code] = []
    aliases: dict[str, str] = {}
    for item in data["values"]:
        code = str(item["code"])
        where = f"{path.name}: {code}"
        values.append(Code(code, str(item["iri"]), _labels(item["label"], where)))
        for alias in item.get("aliases") or ():
            aliases[str(alias)] = code
    if not data.get("ordered"):
        values.sort(key=lambda v: (_sort_key(v.label["de"]), v.code))
    return CodeList(
        name=name,
        scheme=str(data["scheme"]),
        label=_labels(data["label"], path.name),
        values=tuple(values),
        aliases=aliases,
    )


def _license_list() -> CodeList:
    values = tuple(
        Code(
            str(entry["id"]),
            str(entry["iri"]),
            {"de": str(entry["title"]), "en": str(entry.get("title_en") or "")},
        )
        for entry in license_register()
    )
    return CodeList(
        name=LICENSE_LIST,
        scheme=LICENSE_SCHEME,
        label={"de": "Lizenz", "en": "Licence"},
        values=values,
    )


def names() -> list[str]:
    """The names of all code lists (``license`` included), sorted."""
    found = {p.stem for p in HERE.glob("*.yaml")}
    return sorted(found | {LICENSE_LIST})


@functools.cache
def get(name: str) -> CodeList:
    """The code list ``name`` (``data_theme``, ``language``, ``license``, …).

    :param name: the list's name, see :func:`names`
    :raises KeyError: if there is no such list
    """
    if name == LICENSE_LIST:
        return _license_list()
    path = HERE / f"{name}.yaml"
    if "/" in name or "\\" in name or not path.is_file():
        raise KeyError(f"unknown code list {name!r}; known lists: {', '.join(names())}")
    return _load_yaml(name, path)


@functools.cache
def _license_entries() -> tuple[dict[str, Any], ...]:
    with LICENSES_FILE.open(encoding="utf-8") as f:
        return tuple(json.load(f))


def license_register() -> list[dict[str, Any]]:
    """The parsed ``licenses.json`` (a fresh copy of each entry).

    Each entry has CKAN's licence keys (``id``, ``title``, ``url``,
    ``od_conformance``, …) plus ``iri``, ``title_en``, ``open`` (open licence
    for GovData) and ``attribution`` (the licence requires naming the source).
    """
    return [dict(entry) for entry in _license_entries()]


def license(value: str) -> dict[str, Any] | None:  # noqa: A001 - the public API
    """The licence register entry for a licence id or IRI, ``None`` if unknown.

    :param value: ``dl-by-de/2.0`` or ``http://dcat-ap.de/def/licenses/dl-by-de/2.0``
        (also ``https``/trailing-slash variants)
    """
    found = get(LICENSE_LIST).get(value)
    if found is None:
        return None
    for entry in _license_entries():
        if entry["id"] == found.code:
            return dict(entry)
    return None  # pragma: no cover - the list is built from the register


def licenses_register_url() -> str:
    """``file://`` URL of ``licenses.json``, for CKAN's ``licenses_group_url``."""
    return "file://" + str(LICENSES_FILE)


def iter_lists() -> Iterable[CodeList]:
    """Every code list, in :func:`names` order (for checks and exports)."""
    return (get(name) for name in names())


def media_type(value: str) -> str | None:
    """The normal form (``text/csv``) of an IANA media type or its IANA IRI,
    without parameters; None if the value is no media type.

    :param value: e.g. ``Text/CSV; charset=utf-8`` or
        ``https://www.iana.org/assignments/media-types/text/csv``
    """
    text = value.strip()
    for prefix in (IANA, IANA.replace("https:", "http:")):
        text = text.removeprefix(prefix)
    text = text.split(";")[0].strip().lower()
    return text if _MEDIA_TYPE.match(text) else None


def media_type_iri(value: str) -> str | None:
    """The IANA IRI of a media type (see :func:`media_type`), or None.

    :param value: media type or its IRI
    """
    normal = media_type(value)
    return IANA + normal if normal else None
