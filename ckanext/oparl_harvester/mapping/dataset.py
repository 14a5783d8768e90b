"""CKAN dataset dicts (DCAT-AP.de) for the kinds of a Body and its API.

:func:`kind_dataset` builds the dataset of one kind from a
:class:`~.rows.KindSummary`, :func:`api_dataset` the dataset describing the
OParl API itself; :func:`dataset_name` gives both their stable names.
Titles, texts and resource templates come from ``mapping.yaml``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ckanext.dcat_ap_de import codelists
from ckanext.kommunal.text import slugify

from .. import privacy, records
from ..records import Body, System
from .extract import KindSummary, PartitionStats, follow
from .licence import resolve_license
from .table import API, Kind, get_kind, mapping_table, schema_iri

if TYPE_CHECKING:
    from ..logic.schema import SourceConfig

__all__ = ["MAX_NAME", "api_dataset", "dataset_name", "kind_dataset"]

MAX_NAME = 100  # CKAN's limit for dataset names
_TAG_UNSAFE = re.compile(r"[^\w \-.]+")
_WEB = re.compile(r"^https?://[^\s<>\"]+$")


# -- names ---------------------------------------------------------------------


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
    kind_slug = mapping_table()["api"]["slug"] if kind == API else get_kind(kind).slug
    tail = f"-{kind_slug}-{digest}"
    source = slugify(source_name_or_id)[: MAX_NAME - len(tail)].strip("-") or "oparl"
    return source + tail


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
    settings = mapping_table()["dataset"]
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
        text = mapping_table()["dataset"]["attribution"].format(body=_body_name(body))
        data["license_attribution_by_text"] = text
    return data


def _version(system: System | None, body: Body) -> str:
    if system and system.oparl_version_iri:
        return schema_iri(system.oparl_version_iri)
    return schema_iri((system.oparl_version if system else None) or body.oparl_version)


def _api_resources(
    system: System, body: Body, cfg: SourceConfig, conforms: str
) -> list[dict[str, Any]]:
    spec = mapping_table()["api"]
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
    json_spec = mapping_table()["resources"]["json"]
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
    spec = mapping_table()["api"]
    name = _body_name(body)
    conforms = _version(system, body)
    version = conforms.rstrip("/").rsplit("/", 1)[-1]
    data = _common(body, system, cfg, owner_org)
    data.update(
        title=spec["title"].format(body=name),
        notes=_flat(spec["notes"].format(body=name, version=version)),
        tag_string=_tags(mapping_table()["dataset"]["keywords"], spec["keywords"]),
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
    settings = mapping_table()["dataset"]
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
    spec = mapping_table()["resources"]
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
        "language": [
            _iri("language", c) for c in mapping_table()["dataset"]["language"]
        ],
        "oparl_resource": f"{part.key}.{fmt}",
        "oparl_partition": part.key,
    }
    if fmt == "csv":
        resource["conforms_to"] = [mapping_table()["dataset"]["csv_conforms_to"]]
    if stats.modified:
        resource["modified"] = _stamp(stats.modified)
    info = summary.snapshots.get((part.key, fmt))
    if info is not None:
        resource.update(size=info.bytes, hash=info.sha256, hash_algorithm="sha256")
    return resource


def _live_resource(kind: Kind, body: Body, conforms: str) -> dict[str, Any] | None:
    url = follow(body, kind.list_path.split(".")[1:])
    if not isinstance(url, str) or not _WEB.match(url):
        return None
    spec = mapping_table()["resources"]["live"]
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
    settings = mapping_table()["dataset"]
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
