"""OParl records → CKAN dataset dicts (DCAT-AP.de) and snapshot rows.

Pure functions: no database, no HTTP, no CKAN actions. What to produce is
declared in ``mapping.yaml`` (kinds, titles, texts, CSV columns, licence
spellings); the code lists come from :mod:`ckanext.dcat_ap_de.codelists`.

The harvester streams the records of one kind, asks :func:`partition_for`
where each belongs, writes :func:`rows` into the snapshots, feeds a
:class:`KindSummary`, and finally builds the dataset with
:func:`kind_dataset` (and the API's own dataset with :func:`api_dataset`).
Every generated resource carries ``oparl_resource``, a key that is unique
and stable within its dataset (``2024.csv``, ``live``, ``list-paper``), so
the harvester can match existing resources; snapshot resources also carry
``oparl_partition``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ckanext.dcat_ap_de import codelists

from . import privacy, records
from .records import Body, Record, System

if TYPE_CHECKING:
    from .logic.schema import SourceConfig
    from .snapshots import SnapshotInfo

__all__ = [
    "API",
    "Column",
    "Kind",
    "KindSummary",
    "Partition",
    "PartitionStats",
    "api_dataset",
    "columns",
    "dataset_name",
    "default_kinds",
    "geocoding_levels",
    "get_kind",
    "kind_dataset",
    "kinds",
    "license_code",
    "partition_for",
    "resolve_license",
    "rows",
    "schema_iri",
    "source_config_fields",
]

MAPPING_FILE = Path(__file__).resolve().parent / "mapping.yaml"
API = "api"  # the `kind` of the dataset describing the API itself
MAX_NAME = 100  # CKAN's limit for dataset names
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_TAG_UNSAFE = re.compile(r"[^\w \-.]+")
_WEB = re.compile(r"^https?://[^\s<>\"]+$")
_LICENSE_TAIL = re.compile(r"/(deed\.[a-z-]+|legalcode(\.[a-z-]+)?)$")


@functools.cache
def _table() -> dict[str, Any]:
    with MAPPING_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


# -- kinds and columns -------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a kind's snapshots (see ``mapping.yaml``)."""

    name: str
    label: str
    paths: tuple[str, ...] = ()
    names: bool = False
    count: bool = False
    fn: str | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of dataset: which OParl types, which columns, which texts."""

    key: str
    slug: str
    label: str
    title: str
    types: tuple[str, ...]
    default: bool
    list_path: str
    row: str
    notes: str
    keywords: tuple[str, ...]
    columns: tuple[Column, ...]
    expand: str | None = None
    date_paths: tuple[str, ...] = ()
    temporal_paths: tuple[str, ...] = ()
    type_labels: Mapping[str, str] = field(default_factory=dict)
    embedded_in: tuple[str, ...] = ()


def _column(raw: Mapping[str, Any]) -> Column:
    return Column(
        name=str(raw["name"]),
        label=str(raw["label"]),
        paths=tuple(str(raw["from"]).split("|")) if raw.get("from") else (),
        names=bool(raw.get("names")),
        count=bool(raw.get("count")),
        fn=raw.get("fn"),
    )


@functools.cache
def _kinds() -> dict[str, Kind]:
    found: dict[str, Kind] = {}
    for key, raw in _table()["kinds"].items():
        found[key] = Kind(
            key=key,
            slug=raw["slug"],
            label=raw["label"],
            title=raw["title"],
            types=tuple(raw["types"]),
            default=bool(raw["default"]),
            list_path=raw["list"],
            row=raw["row"],
            notes=raw["notes"],
            keywords=tuple(raw.get("keywords") or ()),
            columns=tuple(_column(c) for c in raw["columns"]),
            expand=raw.get("expand"),
            date_paths=tuple(raw["date"].split("|")) if raw.get("date") else (),
            temporal_paths=tuple(raw.get("temporal") or ()),
            type_labels=dict(raw.get("type_labels") or {}),
            embedded_in=tuple(raw.get("embedded_in") or ()),
        )
    return found


def kinds() -> tuple[str, ...]:
    """Keys of all kinds, in the order of ``mapping.yaml``."""
    return tuple(_kinds())


def default_kinds() -> tuple[str, ...]:
    """The kinds harvested when a source does not choose."""
    return tuple(k for k, kind in _kinds().items() if kind.default)


def get_kind(key: str) -> Kind:
    """The kind ``key`` (``meetings``, ``papers``, …).

    :param key: a key of :func:`kinds`
    :raises KeyError: if there is no such kind
    """
    return _kinds()[key]


def columns(kind: str) -> list[str]:
    """The column names of a kind's snapshots, in order.

    :param kind: a key of :func:`kinds`
    """
    return [c.name for c in get_kind(kind).columns]


def geocoding_levels() -> dict[str, tuple[str, ...]]:
    """Political geocoding level code → key kinds that fit it
    (``administrativeDistrict`` → ``("districtKey",)``)."""
    return {k: tuple(v) for k, v in _table()["geocoding_levels"].items()}


def source_config_fields() -> dict[str, dict[str, str]]:
    """German ``label`` and ``help`` of each harvest source setting."""
    return {k: dict(v) for k, v in _table()["source_config"].items()}


def schema_iri(version: str | None) -> str:
    """The OParl schema IRI of a version (``1.0`` or ``1.1``; default 1.1).

    :param version: ``"1.0"``, ``"1.1"`` or an OParl version IRI
    """
    iris: dict[str, str] = _table()["schema_iris"]
    for key, iri in iris.items():
        if version and (version == key or version.rstrip("/") == iri.rstrip("/")):
            return iri
    return iris["1.1"]


# -- evaluating paths on records -------------------------------------------


@dataclass(frozen=True)
class _Row:
    """Where a row's values come from: the record and the expanded element."""

    record: Record | None
    item: Record | None


def _contexts(kind: Kind, record: Record) -> list[_Row]:
    """One context per row: the record, or each element it expands to."""
    if kind.expand is None:
        return [_Row(record, None)]
    if record.type_name != kind.types[0]:
        return [_Row(None, record)]  # an expanded type harvested on its own
    items = [i for i in getattr(record, kind.expand, ()) if isinstance(i, Record)]
    return [_Row(record, item) for item in items] or [_Row(record, None)]


def _follow(value: Any, parts: list[str]) -> Any:
    for index, part in enumerate(parts):
        if isinstance(value, tuple | list):
            found: list[Any] = []
            for element in value:
                result = _follow(element, parts[index:])
                if isinstance(result, list):
                    found.extend(result)
                elif result is not None:
                    found.append(result)
            return found
        if not isinstance(value, Record):
            return None  # None, or a reference (id string): nothing to follow
        value = getattr(value, part, None)
    return list(value) if isinstance(value, tuple) else value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _value(paths: Iterable[str], row: _Row) -> Any:
    """The first non-empty value of the alternative paths."""
    for path in paths:
        parts = path.split(".")
        root = row.item if parts[0] == "item" else row.record
        value = _follow(root, parts[1:] if parts[0] == "item" else parts)
        if not _empty(value):
            return value
    return None


def _local_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(records.LOCAL_TIME).date()
    return value if isinstance(value, dt.date) else None


# -- rows --------------------------------------------------------------------


def _location_text(value: Any, row: _Row, kind: Kind) -> Any:
    if isinstance(value, list):
        texts = [_location_text(v, row, kind) for v in value]
        return [t for t in texts if t]
    if not isinstance(value, records.Location):
        return None
    town = " ".join(p for p in (value.postal_code, value.locality) if p)
    parts = (value.description, value.room, value.street_address, town)
    return ", ".join(dict.fromkeys(p for p in parts if p)) or None


def _content_modified(value: Any, row: _Row, kind: Kind) -> Any:
    """The record's ``modified``, unless the client made it up (a made-up
    stamp changes every run and would change every snapshot)."""
    stamps = [
        r.modified
        for r in (row.record, row.item)
        if r is not None and r.modified is not None and not r.synthetic_modified
    ]
    return max(stamps) if stamps else None


def _type_label(value: Any, row: _Row, kind: Kind) -> Any:
    record = row.record or row.item
    return kind.type_labels.get(record.type_name) if record else None


_FUNCTIONS: dict[str, Callable[[Any, _Row, Kind], Any]] = {
    "location_text": _location_text,
    "content_modified": _content_modified,
    "type_label": _type_label,
}


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO text, records as their id, tuples as lists."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Record):
        return value.id
    return value


def _cell(column: Column, row: _Row, kind: Kind, names: Mapping[str, str]) -> Any:
    value = _value(column.paths, row) if column.paths else None
    if column.fn:
        value = _FUNCTIONS[column.fn](value, row, kind)
    if column.names:
        if isinstance(value, list):
            value = [names[v] for v in value if isinstance(v, str) and v in names]
        else:
            value = names.get(value) if isinstance(value, str) else None
    if column.count:
        value = len(value) if isinstance(value, list) else int(value is not None)
    return _plain(value)


def rows(
    kind: str,
    record_or_obj: Record | Mapping[str, Any],
    names: Mapping[str, str] | None = None,
) -> Iterator[dict[str, Any]]:
    """The snapshot rows of one record (after the privacy filter).

    Values are JSON-ready: text, numbers, booleans, ``None``, lists (dates
    as ISO 8601 text). CSV and JSON snapshots are written from the same rows.

    :param kind: a key of :func:`kinds`
    :param record_or_obj: a record, or an OParl dict (parsed here)
    :param names: names of referenced objects by id (organisations, …),
        for the ``names`` columns; ids missing here stay empty there
    :raises ValueError: if the record's type is not one of the kind's
    """
    chosen = get_kind(kind)
    record = (
        record_or_obj
        if isinstance(record_or_obj, Record)
        else records.parse(record_or_obj)
    )
    if record.type_name not in chosen.types:
        raise ValueError(f"{record.type_name} gehört nicht zur Objektart {kind}")
    lookup = names or {}
    for row in _contexts(chosen, record):
        yield {c.name: _cell(c, row, chosen, lookup) for c in chosen.columns}


# -- partitions and the summary ---------------------------------------------


@dataclass(frozen=True)
class Partition:
    """One snapshot file pair: a year, a Wahlperiode, or everything.

    :param key: stable and file-name safe (``2024``, ``wp-2019-2024``)
    :param label: for resource names (``2024``, ``Wahlperiode 2019–2024``)
    :param sort: resources are listed by this, descending (newest first)
    """

    key: str
    label: str
    sort: str = ""


def _fixed_partition(name: str) -> Partition:
    raw = _table()["partitions"][name]
    return Partition(raw["key"], raw["label"])


def _term_partition(term: records.LegislativeTerm) -> Partition:
    start, end = term.start_date, term.end_date
    if start:
        key = f"wp-{start.year}" + (f"-{end.year}" if end else "")
    else:
        key = "wp-" + hashlib.sha256(term.id.encode()).hexdigest()[:8]
    template: str = _table()["partitions"]["term_label"]
    label = term.name or template.format(
        start=start.year if start else "", end=end.year if end else ""
    )
    return Partition(key, label, start.isoformat() if start else "")


def partition_for(
    kind: str,
    record: Record,
    *,
    mode: str = "year",
    terms: Iterable[records.LegislativeTerm] = (),
) -> Partition:
    """The snapshot partition a record belongs to.

    Kinds without a date (Gremien, Mandatsträger) have one partition.

    :param kind: a key of :func:`kinds`
    :param record: the (filtered) record
    :param mode: ``year`` or ``term`` (the source's ``partition`` setting)
    :param terms: the Body's legislative terms (for ``term``)
    """
    chosen = get_kind(kind)
    if not chosen.date_paths:
        return _fixed_partition("all")
    day = _local_date(_value(chosen.date_paths, _contexts(chosen, record)[0]))
    if day is None:
        return _fixed_partition("undated")
    if mode != "term":
        return Partition(str(day.year), str(day.year), f"{day.year:04d}")
    for term in sorted(terms, key=lambda t: t.start_date or dt.date.min, reverse=True):
        starts, ends = term.start_date, term.end_date
        if (starts is None or starts <= day) and (ends is None or day <= ends):
            return _term_partition(term)
    return _fixed_partition("undated")


@dataclass
class PartitionStats:
    """What the harvester saw of one partition."""

    partition: Partition
    rows: int = 0
    modified: dt.datetime | None = None


@dataclass
class KindSummary:
    """What the harvester aggregates while streaming one kind of one Body.

    Feed every record with :meth:`add` and every written snapshot with
    :meth:`add_snapshot`; :func:`kind_dataset` reads the rest.

    :param kind: a key of :func:`kinds`
    """

    kind: str
    partitions: dict[str, PartitionStats] = field(default_factory=dict)
    min_date: dt.date | None = None
    max_date: dt.date | None = None
    modified: dt.datetime | None = None
    created: dt.datetime | None = None
    licenses: Counter[str] = field(default_factory=Counter)
    keywords: Counter[str] = field(default_factory=Counter)
    record_count: int = 0
    snapshots: dict[tuple[str, str], SnapshotInfo] = field(default_factory=dict)

    def add(
        self,
        record: Record,
        partition: Partition,
        rows: int,
        *,
        changed: dt.datetime | None = None,
    ) -> None:
        """Count one record.

        :param record: the (filtered) record
        :param partition: from :func:`partition_for`
        :param rows: how many snapshot rows it gave
        :param changed: when its content last changed, if the harvester
            knows better than ``modified`` (synthetic stamps: the time its
            :func:`~.records.content_hash` changed)
        """
        stats = self.partitions.setdefault(partition.key, PartitionStats(partition))
        stats.rows += rows
        self.record_count += 1
        for value in _temporal_values(get_kind(self.kind), record):
            self.min_date = min(value, self.min_date or value)
            self.max_date = max(value, self.max_date or value)
        if changed is None and not record.synthetic_modified:
            changed = record.modified
        if changed is not None:
            stats.modified = max(changed, stats.modified or changed)
            self.modified = max(changed, self.modified or changed)
        if record.created is not None:
            self.created = min(record.created, self.created or record.created)
        if record.license:
            self.licenses[record.license] += 1
        self.keywords.update(k for k in record.keyword if k)

    def add_snapshot(self, partition_key: str, fmt: str, info: SnapshotInfo) -> None:
        """Note a written snapshot (its size and checksum go into the resource).

        :param partition_key: :attr:`Partition.key`
        :param fmt: ``csv`` or ``json``
        :param info: what :mod:`.snapshots` returned
        """
        self.snapshots[(partition_key, fmt)] = info


def _temporal_values(kind: Kind, record: Record) -> Iterator[dt.date]:
    for row in _contexts(kind, record):
        for path in kind.temporal_paths:
            value = _value([path], row)
            for item in value if isinstance(value, list) else [value]:
                day = _local_date(item)
                if day is not None:
                    yield day


# -- names and licences ------------------------------------------------------


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def dataset_name(source_name_or_id: str, body: Body | str, kind: str) -> str:
    """The CKAN name of a generated dataset, stable across runs and renames.

    ``<source>-<kind>-<8 hex digits of the Body id>``, e.g.
    ``ris-musterkreis-vorlagen-1a2b3c4d``: the Body's id (not its name,
    which may change) tells the Bodies of one source apart.

    :param source_name_or_id: the harvest source's name (or id)
    :param body: the Body or its id
    :param kind: a key of :func:`kinds`, or :data:`API`
    """
    body_id = body if isinstance(body, str) else body.id
    digest = hashlib.sha256(body_id.encode("utf-8")).hexdigest()[:8]
    kind_slug = _table()["api"]["slug"] if kind == API else get_kind(kind).slug
    tail = f"-{kind_slug}-{digest}"
    source = _slug(source_name_or_id)[: MAX_NAME - len(tail)].strip("-") or "oparl"
    return source + tail


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
    for code, spellings in _table()["license_aliases"].items():
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


# -- dataset dicts -------------------------------------------------------------


def _iri(list_name: str, code: str) -> str:
    found = codelists.get(list_name).iri(code)
    if found is None:
        raise ValueError(f"mapping.yaml: {code} is not in the list {list_name}")
    return found


def _body_name(body: Body) -> str:
    return body.name or body.short_name or body.id


def _tags(*groups: Iterable[str]) -> str:
    """``tag_string``: CKAN-safe keywords, each once, in order."""
    seen: dict[str, str] = {}
    for group in groups:
        for raw in group:
            tag = " ".join(_TAG_UNSAFE.sub(" ", str(raw)).split())[:100]
            if len(tag) >= 2:
                seen.setdefault(tag.casefold(), tag)
    return ",".join(seen.values())


def _landing_page(body: Body, system: System | None) -> str | None:
    for value in (body.web, system.website if system else None, body.website):
        if value and _WEB.match(value):
            return value
    return None


def _stamp(value: dt.datetime | dt.date | None) -> str | None:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat() if value else None


def _common(
    body: Body, system: System | None, cfg: SourceConfig, owner_org: str
) -> dict[str, Any]:
    """The fields every generated dataset shares."""
    settings = _table()["dataset"]
    name = _body_name(body)
    data: dict[str, Any] = {
        "owner_org": owner_org,
        "theme": [_iri("data_theme", code) for code in settings["theme"]],
        "language": [_iri("language", code) for code in settings["language"]],
        "access_rights": _iri("access_right", settings["access_rights"]),
        "contact": [
            {
                "name": cfg.contact_name or settings["contact_name"].format(body=name),
                "email": cfg.contact_email,
            }
        ],
    }
    if cfg.contributor_id:
        data["contributor_id"] = cfg.contributor_id
    if cfg.political_geocoding_level and cfg.political_geocoding:
        data["political_geocoding_level"] = cfg.political_geocoding_level
        data["political_geocoding"] = list(cfg.political_geocoding)
    url = _landing_page(body, system)
    if url:
        data["url"] = url
    return data


def _license_fields(code: str, body: Body) -> dict[str, Any]:
    data: dict[str, Any] = {"license_id": code}
    entry = codelists.license(code) or {}
    if entry.get("attribution"):
        text = _table()["dataset"]["attribution"].format(body=_body_name(body))
        data["license_attribution_by_text"] = text
    return data


def _version(system: System | None, body: Body) -> str:
    if system and system.oparl_version_iri:
        return schema_iri(system.oparl_version_iri)
    return schema_iri((system.oparl_version if system else None) or body.oparl_version)


def _api_resources(
    system: System, body: Body, cfg: SourceConfig, conforms: str
) -> list[dict[str, Any]]:
    spec = _table()["api"]
    roots = {"system": system, "body": body}
    result = []
    for raw in spec["resources"]:
        if raw.get("requires_kind") and raw["requires_kind"] not in cfg.kinds:
            continue
        root, attr = raw["from"].split(".")
        url = getattr(roots[root], attr, None)
        if not isinstance(url, str) or not _WEB.match(url):
            continue
        name = raw["name"].format(body=_body_name(body))
        description = raw.get("description") or spec["resource_description"]
        result.append(_api_resource(raw["key"], name, description, url, conforms))
    return result


def _api_resource(
    key: str, name: str, description: str, url: str, conforms: str
) -> dict[str, Any]:
    """A resource pointing into the OParl API (no download: a service)."""
    json_spec = _table()["resources"]["json"]
    return {
        "name": name,
        "description": _flat(description),
        "url": url,
        "access_url": url,
        "format": json_spec["format"],
        "mimetype": json_spec["mimetype"],
        "conforms_to": [conforms],
        "oparl_resource": key,
    }


def api_dataset(
    system: System, body: Body, cfg: SourceConfig, *, owner_org: str
) -> dict[str, Any]:
    """The dataset describing a Body's OParl API (a data service).

    Its resources are the System, the Body and the Body's list endpoints
    (lists with persons' data only when the ``persons`` kind is harvested).
    ``name`` is left to the caller (:func:`dataset_name` with :data:`API`).

    :param system: the OParl System
    :param body: the Body
    :param cfg: the harvest source's configuration
    :param owner_org: id or name of the publishing organisation
    """
    spec = _table()["api"]
    name = _body_name(body)
    conforms = _version(system, body)
    version = conforms.rstrip("/").rsplit("/", 1)[-1]
    data = _common(body, system, cfg, owner_org)
    data.update(
        title=spec["title"].format(body=name),
        notes=_flat(spec["notes"].format(body=name, version=version)),
        tag_string=_tags(_table()["dataset"]["keywords"], spec["keywords"]),
        conforms_to=[conforms],
        frequency=_iri("frequency", spec["frequency"]),
        resources=_api_resources(system, body, cfg, conforms),
    )
    licence = resolve_license(None, body.license, system.license, cfg.license_default)
    data.update(_license_fields(licence, body))
    issued = body.oparl_since or body.created or system.created
    stamps = [
        r.modified for r in (system, body) if r.modified and not r.synthetic_modified
    ]
    data.update(_dates(issued, max(stamps) if stamps else None))
    return data


def _dates(issued: Any, modified: Any) -> dict[str, str]:
    found = {"issued": _stamp(issued), "modified": _stamp(modified)}
    return {k: v for k, v in found.items() if v}


def _privacy_lines(kind: Kind, profile_name: str) -> list[str]:
    """Descriptions of the rules that concern the kind's objects."""
    types: set[str] = set()
    pending = list(kind.types)
    while pending:  # the kind's types and everything embedded in them
        name = pending.pop()
        if name not in types:
            types.add(name)
            pending.extend(records.embedded_fields(name).values())
    rules = privacy.get_profile(profile_name).rules
    return [r.description for r in rules if r.types & types]


def _flat(text: str) -> str:
    """Paragraphs of YAML block text as single lines (blank lines kept)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def _notes(kind: Kind, cfg: SourceConfig, body: Body) -> str:
    """The description: what the data is, how it is split, what is left out."""
    settings = _table()["dataset"]
    mode = cfg.partition if kind.date_paths else "none"
    parts = [
        _flat(kind.notes.format(body=_body_name(body))),
        _flat(settings["partitioning"][mode]),
        _flat(settings["documents_note"]),
    ]
    lines = _privacy_lines(kind, cfg.privacy_profile)
    if lines:
        bullets = "\n".join(f"- {text}" for text in lines)
        parts.append(f"{_flat(settings['privacy_intro'])}\n\n{bullets}")
    parts.append(_flat(settings["live_note"]))
    return "\n\n".join(parts)


def _snapshot_resource(
    kind: Kind, stats: PartitionStats, fmt: str, summary: KindSummary, single: bool
) -> dict[str, Any]:
    spec = _table()["resources"]
    template = spec[f"single_{fmt}"] if single else spec[fmt]
    part = stats.partition
    resource: dict[str, Any] = {
        "name": template["name"].format(kind=kind.label, partition=part.label),
        "description": spec["description"].format(
            kind=kind.label,
            partition=part.label,
            row=kind.row,
            columns=", ".join(c.label for c in kind.columns),
        ),
        "url": "",  # the harvester uploads the snapshot
        "format": spec[fmt]["format"],
        "mimetype": spec[fmt]["mimetype"],
        "language": [_iri("language", c) for c in _table()["dataset"]["language"]],
        "oparl_resource": f"{part.key}.{fmt}",
        "oparl_partition": part.key,
    }
    if fmt == "csv":
        resource["conforms_to"] = [_table()["dataset"]["csv_conforms_to"]]
    if stats.modified:
        resource["modified"] = _stamp(stats.modified)
    info = summary.snapshots.get((part.key, fmt))
    if info is not None:
        resource.update(size=info.bytes, hash=info.sha256, hash_algorithm="sha256")
    return resource


def _live_resource(kind: Kind, body: Body, conforms: str) -> dict[str, Any] | None:
    url = _follow(body, kind.list_path.split(".")[1:])
    if not isinstance(url, str) or not _WEB.match(url):
        return None
    spec = _table()["resources"]["live"]
    name = spec["name"].format(kind=kind.label)
    return _api_resource("live", name, spec["description"], url, conforms)


def _kind_resources(
    kind: Kind, body: Body, summary: KindSummary, conforms: str
) -> list[dict[str, Any]]:
    ordered = sorted(
        summary.partitions.values(),
        key=lambda s: (s.partition.sort, s.partition.key),
        reverse=True,
    )
    single = len(ordered) == 1 and not kind.date_paths
    resources = [
        _snapshot_resource(kind, stats, fmt, summary, single)
        for stats in ordered
        for fmt in ("csv", "json")
    ]
    live = _live_resource(kind, body, conforms)
    return resources + ([live] if live else [])


def _kind_license(
    summary: KindSummary, body: Body, system: System | None, default: str
) -> str:
    """The licence all objects have in effect (their own, else the Body's …);
    if they differ, the Body's (System's, default) licence."""
    inherited = (body.license, system.license if system else None, default)
    effective = {resolve_license(value, *inherited) for value in summary.licenses}
    if summary.record_count > summary.licenses.total():  # some objects name none
        effective.add(resolve_license(None, *inherited))
    if len(effective) == 1:
        return effective.pop()
    return resolve_license(None, *inherited)


def kind_dataset(
    body: Body,
    kind: str,
    cfg: SourceConfig,
    summary: KindSummary,
    *,
    owner_org: str,
    system: System | None = None,
    frequency: str | None = None,
) -> dict[str, Any]:
    """The dataset of one kind of objects of a Body, with its snapshots.

    Resources: a CSV and a JSON snapshot per partition in ``summary``
    (newest first; ``url`` empty for the harvester to fill, ``size`` and
    ``hash`` when :meth:`KindSummary.add_snapshot` was called), then the
    live OParl list. ``name`` is left to the caller (:func:`dataset_name`).

    :param body: the Body
    :param kind: a key of :func:`kinds`
    :param cfg: the harvest source's configuration
    :param summary: what the harvester aggregated for this kind and Body
    :param owner_org: id or name of the publishing organisation
    :param system: the System (licence and web site fallbacks)
    :param frequency: code of the frequency list (the harvest schedule);
        default from ``mapping.yaml``
    """
    chosen = get_kind(kind)
    settings = _table()["dataset"]
    data = _common(body, system, cfg, owner_org)
    top = [k for k, _ in summary.keywords.most_common(settings["max_source_keywords"])]
    conforms = _version(system, body)
    data.update(
        title=chosen.title.format(body=_body_name(body)),
        notes=_notes(chosen, cfg, body),
        tag_string=_tags(settings["keywords"], chosen.keywords, top),
        frequency=_iri("frequency", frequency or settings["frequency"]),
        resources=_kind_resources(chosen, body, summary, conforms),
    )
    if summary.min_date and summary.max_date:
        data["temporal_coverage"] = [
            {"start": summary.min_date.isoformat(), "end": summary.max_date.isoformat()}
        ]
    licence = _kind_license(summary, body, system, cfg.license_default)
    data.update(_license_fields(licence, body))
    data.update(_dates(summary.created, summary.modified))
    return data
