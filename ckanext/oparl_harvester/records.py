"""Typed, immutable records of the OParl objects the harvester maps.

The client yields plain OParl dicts (already normalised: ``"N/A"`` and empty
strings removed, ids canonical). :func:`parse` turns one of them into a frozen
dataclass so the mapping works with types instead of dictionary keys:

- OParl 1.0 and 1.1 objects alike (``type`` ``https://schema.oparl.org/1.0/X``
  or ``/1.1/X``); the version is kept in :attr:`Record.oparl_version`;
- tolerant: a missing or malformed field becomes ``None`` (or an empty
  tuple), never an exception - real council information systems are sloppy;
- dates become :class:`datetime.date`, date-times timezone-aware
  :class:`datetime.datetime` (a server omitting the offset is read as German
  local time);
- embedded objects are parsed into records, references stay id strings; a
  server that sends a reference where the specification embeds an object
  keeps the id string there too.

Field names are the OParl names in snake case (``paperType`` →
``paper_type``); the converters follow the type hints, so a new field is
one annotated line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any, Union
from zoneinfo import ZoneInfo

__all__ = [
    "LOCAL_TIME",
    "TYPES",
    "VOLATILE_KEYS",
    "AgendaItem",
    "Body",
    "Consultation",
    "File",
    "LegislativeTerm",
    "Location",
    "Meeting",
    "Membership",
    "Organization",
    "Paper",
    "Person",
    "Record",
    "System",
    "UnknownTypeError",
    "content_hash",
    "embedded_fields",
    "embedded_files",
    "oparl_keys",
    "parse",
    "record_type",
]

SCHEMA_BASE = "https://schema.oparl.org/"
# Servers write dates without an offset now and then; they mean local time.
LOCAL_TIME = ZoneInfo("Europe/Berlin")
# Keys that change without the content changing: timestamps (synthetic ones
# included) and the client's own annotations (all starting with "_").
VOLATILE_KEYS = frozenset({"created", "modified"})
_TYPE = re.compile(r"^https?://schema\.oparl\.org/(\d+\.\d+)/([A-Za-z]+)/?$")


class UnknownTypeError(ValueError):
    """The dict is no OParl object of a type this module knows."""


@dataclass(frozen=True, kw_only=True)
class Record:
    """What every OParl object has.

    :param id: the canonical object URL
    :param oparl_version: ``"1.0"`` or ``"1.1"`` (from ``type``)
    :param synthetic_modified: the client made ``modified`` up (the server
        gave none), so it says nothing about content changes
    """

    id: str
    oparl_version: str | None = None
    name: str | None = None
    license: str | None = None
    keyword: tuple[str, ...] = ()
    web: str | None = None
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    deleted: bool = False
    synthetic_modified: bool = False

    @property
    def type_name(self) -> str:
        """The OParl type without namespace (``Paper``)."""
        return type(self).__name__


@dataclass(frozen=True, kw_only=True)
class Location(Record):
    """A place: a meeting room, the area a paper is about."""

    description: str | None = None
    geojson: Mapping[str, Any] | None = None
    street_address: str | None = None
    room: str | None = None
    postal_code: str | None = None
    sub_locality: str | None = None
    locality: str | None = None
    bodies: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()
    papers: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class File(Record):
    """A document (metadata and links; the harvester never copies it)."""

    file_name: str | None = None
    mime_type: str | None = None
    date: dt.date | None = None
    size: int | None = None
    sha1_checksum: str | None = None
    sha512_checksum: str | None = None
    text: str | None = None
    access_url: str | None = None
    download_url: str | None = None
    external_service_url: str | None = None
    master_file: str | None = None
    derivative_file: tuple[str, ...] = ()
    file_license: str | None = None
    meeting: tuple[str, ...] = ()
    agenda_item: tuple[str, ...] = ()
    paper: tuple[str, ...] = ()
    person: str | None = None


@dataclass(frozen=True, kw_only=True)
class LegislativeTerm(Record):
    """A Wahlperiode."""

    body: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class System(Record):
    """The OParl server (entry point of the API)."""

    oparl_version_iri: str | None = None
    other_oparl_versions: tuple[str, ...] = ()
    body: str | None = None
    contact_email: str | None = None
    contact_name: str | None = None
    website: str | None = None
    vendor: str | None = None
    product: str | None = None


@dataclass(frozen=True, kw_only=True)
class Body(Record):
    """A Körperschaft (the Landkreis, the city) and its list endpoints."""

    system: str | None = None
    short_name: str | None = None
    website: str | None = None
    license_valid_since: dt.datetime | None = None
    oparl_since: dt.datetime | None = None
    ags: str | None = None
    rgs: str | None = None
    equivalent: tuple[str, ...] = ()
    contact_email: str | None = None
    contact_name: str | None = None
    organization: str | None = None
    person: str | None = None
    meeting: str | None = None
    paper: str | None = None
    legislative_term: tuple[LegislativeTerm | str, ...] = ()
    agenda_item: str | None = None
    consultation: str | None = None
    file: str | None = None
    location_list: str | None = None
    legislative_term_list: str | None = None
    membership: str | None = None
    classification: str | None = None
    location: Location | str | None = None

    @property
    def terms(self) -> tuple[LegislativeTerm, ...]:
        """The embedded legislative terms (references left out)."""
        return tuple(t for t in self.legislative_term if isinstance(t, LegislativeTerm))


@dataclass(frozen=True, kw_only=True)
class Organization(Record):
    """A Gremium, a Fraktion, an office of the administration."""

    body: str | None = None
    membership: tuple[str, ...] = ()
    meeting: str | None = None
    consultation: str | None = None
    short_name: str | None = None
    post: tuple[str, ...] = ()
    sub_organization_of: str | None = None
    organization_type: str | None = None
    classification: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    website: str | None = None
    location: Location | str | None = None
    external_body: str | None = None


@dataclass(frozen=True, kw_only=True)
class Membership(Record):
    """A person's membership in an organisation."""

    person: str | None = None
    organization: str | None = None
    role: str | None = None
    voting_right: bool | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    on_behalf_of: str | None = None


@dataclass(frozen=True, kw_only=True)
class Person(Record):
    """A person (Mandatsträgerin, member of staff)."""

    body: str | None = None
    family_name: str | None = None
    given_name: str | None = None
    form_of_address: str | None = None
    affix: str | None = None
    title: tuple[str, ...] = ()
    gender: str | None = None
    phone: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    location: str | None = None
    location_object: Location | str | None = None
    status: tuple[str, ...] = ()
    membership: tuple[Membership | str, ...] = ()
    image: File | str | None = None
    life: str | None = None
    life_source: str | None = None


@dataclass(frozen=True, kw_only=True)
class Consultation(Record):
    """The treatment of a paper in a meeting (Beratung)."""

    paper: str | None = None
    agenda_item: str | None = None
    meeting: str | None = None
    organization: tuple[str, ...] = ()
    authoritative: bool | None = None
    role: str | None = None


@dataclass(frozen=True, kw_only=True)
class AgendaItem(Record):
    """A Tagesordnungspunkt."""

    meeting: str | None = None
    number: str | None = None
    order: int | None = None
    public: bool | None = None
    consultation: str | None = None
    result: str | None = None
    resolution_text: str | None = None
    resolution_file: File | str | None = None
    auxiliary_file: tuple[File | str, ...] = ()
    start: dt.datetime | None = None
    end: dt.datetime | None = None


@dataclass(frozen=True, kw_only=True)
class Meeting(Record):
    """A Sitzung with its agenda."""

    meeting_state: str | None = None
    cancelled: bool | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    location: Location | str | None = None
    organization: tuple[str, ...] = ()
    participant: tuple[str, ...] = ()
    invitation: File | str | None = None
    results_protocol: File | str | None = None
    verbatim_protocol: File | str | None = None
    auxiliary_file: tuple[File | str, ...] = ()
    agenda_item: tuple[AgendaItem | str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Paper(Record):
    """A Vorlage (Drucksache) with its consultations."""

    body: str | None = None
    reference: str | None = None
    date: dt.date | None = None
    paper_type: str | None = None
    related_paper: tuple[str, ...] = ()
    superordinated_paper: tuple[str, ...] = ()
    subordinated_paper: tuple[str, ...] = ()
    main_file: File | str | None = None
    auxiliary_file: tuple[File | str, ...] = ()
    location: tuple[Location | str, ...] = ()
    originator_person: tuple[str, ...] = ()
    under_direction_of: tuple[str, ...] = ()
    originator_organization: tuple[str, ...] = ()
    consultation: tuple[Consultation | str, ...] = ()


TYPES: dict[str, type[Record]] = {
    cls.__name__: cls
    for cls in (
        System,
        Body,
        LegislativeTerm,
        Organization,
        Person,
        Membership,
        Meeting,
        AgendaItem,
        Paper,
        Consultation,
        File,
        Location,
    )
}
# OParl keys whose snake-case form would clash or mislead
_KEY_OVERRIDES = {"oparl_version_iri": "oparlVersion"}


def record_type(obj: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(type name, version)`` of an OParl dict, ``None`` if it has none.

    :param obj: an OParl object, e.g. ``{"type": "https://schema.oparl.org/1.1/Paper"}``
    """
    value = obj.get("type") if isinstance(obj, Mapping) else None
    match = _TYPE.match(value.strip()) if isinstance(value, str) else None
    if not match or match.group(2) not in TYPES:
        return None
    return match.group(2), match.group(1)


def parse(obj: Mapping[str, Any]) -> Record:
    """Parse an OParl dict into its record.

    :param obj: a normalised OParl object with ``id`` and ``type``
    :raises UnknownTypeError: if ``type`` is no known OParl type or ``id``
        is missing
    """
    found = record_type(obj)
    if found is None:
        raise UnknownTypeError(f"kein bekannter OParl-Typ: {obj.get('type')!r}")
    if not isinstance(obj.get("id"), str) or not obj["id"]:
        raise UnknownTypeError(f"OParl-Objekt ohne id: {obj.get('type')!r}")
    name, version = found
    cls = TYPES[name]
    values: dict[str, Any] = {"oparl_version": version}
    for attr, (key, convert) in _converters(name).items():
        if key in obj:
            values[attr] = convert(obj[key])
    values["id"] = obj["id"]
    values["synthetic_modified"] = bool(obj.get("_synthetic_modified"))
    return cls(**{k: v for k, v in values.items() if v is not None})


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


# Cached by type name, not by class: the name is what callers have, and
# mypy does not see a dataclass type as Hashable.
@functools.cache
def _converters(type_name: str) -> dict[str, tuple[str, Callable[[Any], Any]]]:
    cls = TYPES[type_name]
    hints = typing.get_type_hints(cls)
    skip = {"oparl_version", "synthetic_modified", "id"}
    return {
        f.name: (_KEY_OVERRIDES.get(f.name, _camel(f.name)), _converter(hints[f.name]))
        for f in fields(cls)
        if f.name not in skip
    }


def _converter(hint: Any) -> Callable[[Any], Any]:
    """The function reading an OParl value into a field of type ``hint``."""
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = _converter(typing.get_args(hint)[0])
        return functools.partial(_as_tuple, item)
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if origin in (Union, types.UnionType) and len(args) == 1:
        return _converter(args[0])
    if origin in (Union, types.UnionType):  # an embedded record or its id
        record = next(a for a in args if isinstance(a, type) and issubclass(a, Record))
        return functools.partial(_as_embedded, record)
    if origin is not None and issubclass(origin, Mapping):
        return _as_mapping
    return _SCALARS[hint]


def oparl_keys(type_name: str) -> frozenset[str]:
    """The OParl keys a type's record reads (``id`` and ``type`` included).

    :param type_name: an OParl type without namespace (``Person``)
    :raises KeyError: if the type is unknown
    """
    return frozenset(key for key, _ in _converters(type_name).values()) | {
        "id",
        "type",
    }


@functools.cache
def embedded_fields(type_name: str) -> dict[str, str]:
    """Keys of a type that embed objects, and the type they embed.

    ``embedded_fields("Meeting")["agendaItem"] == "AgendaItem"``; read from
    the records' type hints, so there is one list of what is embedded where.

    :param type_name: an OParl type without namespace
    :raises KeyError: if the type is unknown
    """
    cls = TYPES[type_name]
    hints = typing.get_type_hints(cls)
    found: dict[str, str] = {}
    for attr, (key, _) in _converters(type_name).items():
        hint = hints[attr]
        if typing.get_origin(hint) is tuple:
            hint = typing.get_args(hint)[0]
        for arg in typing.get_args(hint):
            if isinstance(arg, type) and issubclass(arg, Record):
                found[key] = arg.__name__
    return found


def embedded_files(record: Record) -> Iterator[File]:
    """Every File embedded in a record, however deep, each id once.

    OParl 1.0 has no list of files: the ``files`` kind collects them from
    meetings (invitation, protocols, agenda items) and papers this way.

    :param record: e.g. a parsed Meeting or Paper
    """
    seen: set[str] = set()
    pending: list[Any] = [record]
    while pending:
        value = pending.pop(0)
        if isinstance(value, tuple):
            pending[:0] = value
        elif isinstance(value, Record):
            new = value.id not in seen and value is not record
            if isinstance(value, File) and new:
                seen.add(value.id)
                yield value
            pending[:0] = [getattr(value, f.name) for f in fields(value)]


def _as_tuple(item: Callable[[Any], Any], value: Any) -> tuple[Any, ...]:
    if not isinstance(value, list | tuple):
        value = [value]  # one value where a list belongs: keep it
    converted = (item(v) for v in value)
    return tuple(v for v in converted if v is not None)


def _as_embedded(cls: type[Record], value: Any) -> Record | str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, Mapping) and isinstance(value.get("id"), str):
        try:
            record = parse(value)
        except UnknownTypeError:
            # embedded objects may omit `type`; the field says what they are
            implied = parse({**value, "type": f"{SCHEMA_BASE}1.0/{cls.__name__}"})
            record = dataclasses.replace(implied, oparl_version=None)
        return record if isinstance(record, cls) else None
    return None


def _as_mapping(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def _as_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _as_date(value: Any) -> dt.date | None:
    """A date; a date-time gives its (local) day."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    if len(value) > 10:
        moment = _as_datetime(value)
        return moment.date() if moment else None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _as_datetime(value: Any) -> dt.datetime | None:
    """A timezone-aware date-time; a bare date is its local midnight."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TIME)


_SCALARS: dict[Any, Callable[[Any], Any]] = {
    str: _as_str,
    bool: _as_bool,
    int: _as_int,
    dt.date: _as_date,
    dt.datetime: _as_datetime,
}


def content_hash(obj: Mapping[str, Any]) -> str:
    """SHA-256 of an object's content, the same whenever the content is.

    Used to tell real changes from synthetic ``modified`` stamps: the
    canonical JSON (sorted keys, no insignificant white space) leaves out
    :data:`VOLATILE_KEYS` and keys starting with ``_`` at every level.

    :param obj: an OParl object as the client yields it
    :returns: 64 hexadecimal digits
    """
    text = json.dumps(
        _stable(obj), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {
            str(k): _stable(v)
            for k, v in value.items()
            if k not in VOLATILE_KEYS and not str(k).startswith("_")
        }
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    return value
