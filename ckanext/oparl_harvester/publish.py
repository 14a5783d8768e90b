"""Import: from the store to snapshot files and CKAN datasets.

Gather decides which datasets to (re)build (:func:`plan_datasets`); the
import stage builds one of them (:func:`build`): the API dataset of a Body,
or a kind's dataset with CSV and JSON snapshots streamed from the store, and
saves it (:func:`save`) through ``package_create``/``package_update`` with
the harvest object linked, as ckanext-harvest's own
``HarvesterBase._create_or_update_package`` does — so the privacy clearance
sees the harvest source.

Nothing is written when nothing changed: a digest of the generated dataset
(snapshot checksums included) is compared with the last build, and snapshot
files whose SHA-256 is unchanged are not uploaded again (no new file
versions). Datasets are never deleted here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.types import Context
from ckanext.harvest.model import HarvestObject, HarvestSource
from werkzeug.datastructures import FileStorage

from . import ckan_db, mapping, records, rowcache, snapshots
from .crawl import NAMES_KIND, GatherResult, Plan
from .logic.schema import SourceConfig, parse_source_config
from .messages import _
from .store import API_KIND, Store

__all__ = [
    "Built",
    "PublishError",
    "Source",
    "build",
    "plan_datasets",
    "save",
    "source_of",
]

log = logging.getLogger(__name__)

# ckanext-harvest's schedule → the dcat-ap.de frequency of the snapshots
FREQUENCIES = {
    "ALWAYS": "UPDATE_CONT",
    "DAILY": "DAILY",
    "WEEKLY": "WEEKLY",
    "BIWEEKLY": "BIWEEKLY",
    "MONTHLY": "MONTHLY",
    "MANUAL": "IRREG",
}
FORMATS = ("csv", "json")


class PublishError(Exception):
    """A dataset cannot be saved; the message is German, for the report."""


@dataclass(frozen=True)
class Source:
    """What the import needs to know about the harvest source.

    :param id: the source's id
    :param name: its name (the datasets' name prefix)
    :param owner_org: the publishing organisation
    :param frequency: ckanext-harvest's schedule (``MANUAL``, ``DAILY`` …)
    :param cfg: its checked settings
    """

    id: str
    name: str
    owner_org: str
    frequency: str
    cfg: SourceConfig


def source_of(source: HarvestSource) -> Source:
    """What the import needs of a harvest source.

    :param source: the harvest source
    :raises PublishError: if the source has no organisation
    :raises ConfigError: if its settings are invalid
    """
    source_id = ckan_db.value(source.id)
    pkg = model.Package.get(source_id)
    if pkg is None or not pkg.owner_org:
        raise PublishError(
            _(
                "The harvest source belongs to no organisation; the datasets need "
                "a publisher."
            )
        )
    cfg = parse_source_config(ckan_db.optional(source.config))
    frequency = ckan_db.optional(source.frequency) or ""
    return Source(source_id, pkg.name, pkg.owner_org, frequency, cfg)


# -- which datasets ----------------------------------------------------------


def plan_datasets(
    store: Store, src: Source, result: GatherResult, plan: Plan
) -> list[dict[str, Any]]:
    """Register the datasets of the harvested Bodies and return those to
    build now: every API dataset (cheap; unchanged ones are skipped at
    import) and each kind dataset whose objects changed, that was never
    built or has been purged, or whose last build failed.

    :param store: the source's store
    :param src: the harvest source
    :param result: what the crawl found
    :param plan: the run's plan
    """
    known = {(r["body_id"], r["kind"]): r["name"] for r in store.datasets().values()}
    wanted: list[tuple[str, str, str, bool]] = []
    for body in result.bodies:
        record = records.parse(body)
        names_changed = (record.id, NAMES_KIND) in result.changed
        for kind in (mapping.API, *src.cfg.kinds):
            if (record.id, kind) in result.missing:
                continue
            # a name once given stays, even if the source is renamed
            name = known.get((record.id, kind)) or mapping.dataset_name(
                src.name, record.id, kind
            )
            dirty = (
                plan.reconfigured
                or names_changed
                or (record.id, kind) in result.changed
            )
            wanted.append((name, record.id, kind, dirty))
    store.want_datasets(wanted)
    rows = store.datasets()
    chosen = [rows[name] for name, *_ in wanted]
    return [
        row
        for row in chosen
        if row["kind"] == mapping.API or row["dirty"] or not _exists(row["package_id"])
    ]


def _exists(package_id: str | None) -> bool:
    """Whether the dataset built last time is still there (a cleared harvest
    source has lost its datasets; the store can build them again)."""
    return bool(package_id) and model.Package.get(package_id) is not None


# -- building ----------------------------------------------------------------


@dataclass
class Built:
    """A generated dataset and its snapshot files.

    :param data: the dataset dict (``name`` set)
    :param files: snapshot file by ``oparl_resource``
    :param build_hash: digest of ``data`` (snapshot checksums included)
    """

    data: dict[str, Any]
    files: dict[str, Path]
    build_hash: str


def _digest(data: dict[str, Any]) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build(
    store: Store, src: Source, body_id: str, kind: str, name: str, workdir: Path
) -> Built:
    """Generate one dataset (and, for a kind, its snapshot files).

    :param store: the source's store
    :param src: the harvest source
    :param body_id: the Body's id
    :param kind: a kind of ``mapping.yaml`` or :data:`mapping.API`
    :param name: the dataset's name
    :param workdir: folder for the snapshot files
    :raises PublishError: if the Body or the System is not in the store
    """
    body_data = store.objects(API_KIND, body_id).get(body_id)
    system_data = store.state().get("system")
    if not body_data or not system_data:
        raise PublishError(
            _(
                "The body {body_id} is not (or no longer) in the harvester's "
                "holdings; the dataset stays unchanged."
            ).format(body_id=body_id)
        )
    body = records.parse(body_data)
    system = records.parse(system_data)
    assert isinstance(body, records.Body) and isinstance(system, records.System)
    files: dict[str, Path] = {}
    if kind == mapping.API:
        data = mapping.api_dataset(system, body, src.cfg, owner_org=src.owner_org)
    else:
        summary, files = write_snapshots(store, body, kind, src.cfg, workdir)
        data = mapping.kind_dataset(
            body,
            kind,
            src.cfg,
            summary,
            owner_org=src.owner_org,
            system=system,
            frequency=FREQUENCIES.get(src.frequency.upper()),
        )
    data["name"] = name
    return Built(data, files, _digest(data))


def _rows(
    store: Store,
    body: records.Body,
    kind: str,
    key: str,
    names: dict[str, str],
    summary: mapping.KindSummary,
    cfg: SourceConfig,
) -> Iterator[dict[str, Any]]:
    """The rows of one partition, streamed from the store in id order (so
    unchanged data give identical files without sorting in memory); feeds
    ``summary`` on the way. Rows and summary stubs cached in the store are
    used where they are current (:mod:`.rowcache`), else the object itself."""
    version = rowcache.ROWS_VERSION if rowcache.cacheable(kind) else ""
    for stored in store.stream(body.id, kind, key, version):
        if stored.data is None:
            record = records.parse(stored.stub)
            rows = [rowcache.with_names(kind, row, names) for row in stored.rows]
        else:
            record = records.parse(stored.data)
            rows = list(mapping.rows(kind, record, names))
        partition = mapping.partition_for(
            kind, record, mode=cfg.partition, terms=body.terms
        )
        # a made-up `modified` says nothing: the content hash's change does
        when = stored.changed_at if record.synthetic_modified else None
        summary.add(record, partition, len(rows), changed=when)
        yield from rows


def write_snapshots(
    store: Store, body: records.Body, kind: str, cfg: SourceConfig, workdir: Path
) -> tuple[mapping.KindSummary, dict[str, Path]]:
    """Write the CSV and JSON snapshot of every partition of a kind.

    :param store: the source's store
    :param body: the Body
    :param kind: the kind
    :param cfg: the source's settings
    :param workdir: folder for the files
    :returns: the kind's summary and the files by ``oparl_resource``
    """
    summary = mapping.KindSummary(kind)
    names = store.names(body.id)
    columns = mapping.columns(kind)
    slug = mapping.get_kind(kind).slug
    files: dict[str, Path] = {}
    for key in store.partitions(body.id, kind):
        csv_path = workdir / f"{slug}-{key}.csv"
        json_path = workdir / f"{slug}-{key}.json"
        # one pass over the store: the rows go to the CSV file and, as JSON
        # lines, to a spool file the JSON snapshot is written from
        spool = workdir / f".{slug}-{key}.jsonl"
        with spool.open("w", encoding="utf-8") as out:
            rows = _spooled(_rows(store, body, kind, key, names, summary, cfg), out)
            info = snapshots.write_csv(csv_path, columns, rows)
        summary.add_snapshot(key, "csv", info)
        with spool.open(encoding="utf-8") as lines:
            rows = (json.loads(line) for line in lines)
            info = snapshots.write_json(json_path, rows, columns=columns)
        summary.add_snapshot(key, "json", info)
        spool.unlink()
        files[f"{key}.csv"], files[f"{key}.json"] = csv_path, json_path
    return summary, files


def _spooled(rows: Iterator[dict[str, Any]], out: Any) -> Iterator[dict[str, Any]]:
    """Pass rows on and write each as a JSON line to ``out``."""
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        yield row


# -- saving ------------------------------------------------------------------


def _context(user: str) -> Context:
    return {"user": user, "ignore_auth": True}


def _harvested_by(package_id: str, source_id: str) -> bool:
    query = sa.select(sa.func.count()).where(
        HarvestObject.package_id == package_id,
        HarvestObject.harvest_source_id == source_id,
    )
    return bool(model.Session.execute(query).scalar())


def _existing(
    src: Source, row: dict[str, Any] | None, name: str, user: str
) -> dict[str, Any] | None:
    """The dataset built before (by the id noted at the last build, else by
    name); a dataset of that name from elsewhere is never taken over."""
    for ref in (row or {}).get("package_id"), name:
        if not ref:
            continue
        try:
            found = tk.get_action("package_show")(_context(user), {"id": ref})
        except tk.ObjectNotFound:
            continue
        if not _harvested_by(found["id"], src.id):
            raise PublishError(
                _(
                    'The name "{name}" belongs to a dataset that does not come '
                    "from this harvest source; it is not overwritten."
                ).format(name=name)
            )
        if found.get("state") == "deleted":
            raise PublishError(
                _(
                    'The dataset "{name}" was deleted in the portal; the '
                    "harvester does not restore it on its own."
                ).format(name=name)
            )
        return found
    return None


def _upload(path: Path, resource: dict[str, Any], files: contextlib.ExitStack) -> Any:
    stream = files.enter_context(path.open("rb"))
    return FileStorage(
        stream=stream, filename=path.name, content_type=resource.get("mimetype")
    )


def _resources(
    old: list[dict[str, Any]],
    new: list[dict[str, Any]],
    built: dict[str, Path],
    files: contextlib.ExitStack,
) -> list[dict[str, Any]]:
    """The resource list to save: existing resources keep their ids; a
    snapshot whose checksum is unchanged keeps its uploaded file, a changed
    or new one is uploaded; resources added by hand stay at the end."""
    by_key = {r["oparl_resource"]: r for r in old if r.get("oparl_resource")}
    result = []
    for resource in new:
        key = resource["oparl_resource"]
        before = by_key.get(key) or {}
        path = built.get(key)
        unchanged_file = before.get("url_type") == "upload" and before.get(
            "hash"
        ) == resource.get("hash")
        merged = {**before, **resource}
        if path is not None and unchanged_file:
            merged["url"] = before["url"]
        elif path is not None:
            merged.update(url=path.name, url_type="upload")
            merged["upload"] = _upload(path, resource, files)
        result.append(merged)
    return result + [r for r in old if not r.get("oparl_resource")]


def _create(src: Source, obj: HarvestObject, built: Built, user: str) -> dict[str, Any]:
    """Create the dataset with the harvest object linked first, as
    ckanext-harvest does; the snapshot files follow in one update (only
    ``package_update`` stores uploaded files for a whole dataset)."""
    package_id = str(uuid.uuid4())
    ckan_db.link_package(obj, package_id)
    obj.add()
    model.Session.execute(
        sa.text("SET CONSTRAINTS harvest_object_package_id_fkey DEFERRED")
    )
    model.Session.flush()
    resources = built.data["resources"]
    links = [r for r in resources if r["oparl_resource"] not in built.files]
    data = {**built.data, "id": package_id, "private": False, "resources": links}
    return tk.get_action("package_create")(_context(user), data)


def _update(
    src: Source,
    obj: HarvestObject,
    existing: dict[str, Any],
    built: Built,
    user: str,
) -> None:
    with contextlib.ExitStack() as files:
        resources = _resources(
            existing["resources"], built.data["resources"], built.files, files
        )
        data = {
            **built.data,
            "id": existing["id"],
            "private": False,  # the privacy clearance decides; it sets private
            "resources": resources,
        }
        tk.get_action("package_update")(_context(user), data)
    model.Session.query(HarvestObject).filter(
        HarvestObject.package_id == existing["id"], HarvestObject.id != obj.id
    ).update({"current": False}, synchronize_session=False)
    ckan_db.link_package(obj, existing["id"])
    obj.save()


def save(
    src: Source, obj: HarvestObject, store: Store, built: Built, user: str
) -> bool | str:
    """Create or update the dataset; ``"unchanged"`` if nothing changed.

    :param src: the harvest source
    :param obj: the harvest object being imported
    :param store: the source's store
    :param built: the generated dataset
    :param user: the harvest user's name
    :raises PublishError: for a dataset that must not be written
    :raises ckan.logic.ValidationError: if CKAN refuses the dataset
    """
    name = built.data["name"]
    row = store.datasets().get(name)
    existing = _existing(src, row, name, user)
    if existing and row and row.get("build_hash") == built.build_hash:
        store.built(name, existing["id"], built.build_hash)
        return "unchanged"
    if existing is None:
        existing = _create(src, obj, built, user)
        if not built.files:
            store.built(name, existing["id"], built.build_hash)
            return True
    _update(src, obj, existing, built, user)
    store.built(name, existing["id"], built.build_hash)
    log.info("OParl: Datensatz %s gespeichert", name)
    return True
