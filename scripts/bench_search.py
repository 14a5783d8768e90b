"""Search benchmark of pg_search: indexing rate and query latency.

Loads N synthetic German datasets of a Landkreis into a database of its own
(``ckan_bench``), rebuilds CKAN's search index on pg_search, and measures

* the rebuild rate against plain ``package_show`` (the issue's goal: the
  rebuild at most 1.3 times as slow as ``package_show`` per dataset),
* four query shapes through ``package_search`` (free text, free text with
  facets, filters only, ckanext-spatial's bbox search), each compared with a
  minimal hand-written SQL query over the same index table (the "floor").

Run as ``make bench-search`` or::

    .venv/bin/python scripts/bench_search.py --ini test.ini --n 10000

The datasets stay in ``ckan_bench``; a second run with the same N skips the
loading. At the end the index table is emptied unless ``--keep`` is given
(then ``--no-rebuild`` can reuse it). Results go to stdout and to
``.local/bench-search.md``.

The words and places the datasets are made of are data, not code: they are
read from ``bench_search.yaml`` next to this script.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import ckan_app
import psycopg2
import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine, make_url

from ckanext.kommunal.text import slugify

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORT_PATH = os.path.join(ROOT, ".local", "bench-search.md")
BENCH_DB = "ckan_bench"
SEED = 20251122
INDEX_TABLE = "ckanext_pg_search.pg_search_document"
STATE_TABLE = "bench_search_state"
ROWS = 20
FACET_FIELDS = ("organization", "tags", "res_format")
FACET_LIMIT = 50
WARMUP = 5  # inputs per shape run before timing
TS_CONFIG = "german"

# --------------------------------------------------------------------------
# Vocabulary of the synthetic portal (read from bench_search.yaml)
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Org:
    """A Fachdienst of the Landkreis, publishing datasets on its topics."""

    name: str
    title: str
    topics: tuple[str, ...]
    tags: tuple[str, ...]
    formats: tuple[str, ...]
    groups: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """The words and places the synthetic datasets are made of.

    :param orgs: the Fachdienste
    :param groups: CKAN groups as (name, title)
    :param towns: town → (is a Stadt, lon, lat)
    :param bboxes: ``saalekreis`` and ``sachsen_anhalt`` as (minx, miny, maxx, maxy)
    :param words: the lists of words by section (``general_tags``, ``hints`` …)
    :param formats: format → (file extension, mimetype, resource name pattern)
    """

    orgs: tuple[Org, ...]
    groups: tuple[tuple[str, str], ...]
    towns: dict[str, tuple[bool, float, float]]
    bboxes: dict[str, tuple[float, float, float, float]]
    words: dict[str, tuple[str, ...]]
    formats: dict[str, tuple[str, str, str]]


class VocabularyError(ValueError):
    """The vocabulary file is not what this script expects; names the section."""


VOCABULARY_FILE = Path(__file__).resolve().with_suffix(".yaml")
WORD_SECTIONS = (
    "general_tags",
    "qualifiers",
    "attributes",
    "frequencies",
    "bases",
    "hints",
    "licenses",
    "text_queries",
)
VOCABULARY_SECTIONS = {
    "organizations",
    "groups",
    "towns",
    "bboxes",
    "formats",
    *WORD_SECTIONS,
}


def load_vocabulary(path: Path) -> Vocabulary:
    """Read the vocabulary of the synthetic portal from a YAML file.

    :param path: the vocabulary file, see ``bench_search.yaml`` for its form
    :returns: the vocabulary
    :raises VocabularyError: if the file cannot be read or a section is malformed
    """
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise VocabularyError(f"{path}: {err}") from err
    if not isinstance(doc, dict):
        raise VocabularyError(f"{path}: expected a mapping of sections")
    if missing := sorted(VOCABULARY_SECTIONS - set(doc)):
        raise VocabularyError(f"{path}: missing sections {missing}")
    if unknown := sorted(set(doc) - VOCABULARY_SECTIONS):
        raise VocabularyError(f"{path}: unknown sections {unknown}")
    section = ""
    try:
        section = "organizations"
        orgs = tuple(
            Org(
                org["name"],
                org["title"],
                tuple(org["topics"]),
                tuple(org["tags"]),
                tuple(org["formats"]),
                tuple(org["groups"]),
            )
            for org in doc[section]
        )
        section = "groups"
        groups = tuple((str(name), str(title)) for name, title in doc[section].items())
        section = "towns"
        towns = {
            str(name): (bool(town["stadt"]), float(town["lon"]), float(town["lat"]))
            for name, town in doc[section].items()
        }
        section = "bboxes"
        bboxes = {
            name: _bbox(doc[section][name]) for name in ("saalekreis", "sachsen_anhalt")
        }
        section = "formats"
        formats = {
            str(fmt): (info["extension"], info["mimetype"], info["resource_name"])
            for fmt, info in doc[section].items()
        }
        words = {}
        for section in WORD_SECTIONS:
            words[section] = tuple(str(word) for word in doc[section])
    except (AttributeError, KeyError, TypeError, ValueError) as err:
        raise VocabularyError(f"{path}: {section}: {err!r}") from err
    return Vocabulary(orgs, groups, towns, bboxes, words, formats)


def _bbox(value: Any) -> tuple[float, float, float, float]:
    """A ``[west, south, east, north]`` list of the vocabulary file as a tuple."""
    west, south, east, north = (float(v) for v in value)
    return west, south, east, north


VOCABULARY = load_vocabulary(VOCABULARY_FILE)
# the names the generator and the query shapes use
ORGS = VOCABULARY.orgs
GROUPS = VOCABULARY.groups
TOWNS = VOCABULARY.towns
SAALEKREIS_BBOX = VOCABULARY.bboxes["saalekreis"]
SACHSEN_ANHALT_BBOX = VOCABULARY.bboxes["sachsen_anhalt"]
GENERAL_TAGS = VOCABULARY.words["general_tags"]
QUALIFIERS = VOCABULARY.words["qualifiers"]
ATTRIBUTES = VOCABULARY.words["attributes"]
FREQUENCIES = VOCABULARY.words["frequencies"]
BASES = VOCABULARY.words["bases"]
HINTS = VOCABULARY.words["hints"]
FORMAT_INFO = VOCABULARY.formats
PREFERRED_LICENSES = VOCABULARY.words["licenses"]
TEXT_QUERIES = VOCABULARY.words["text_queries"]


# --------------------------------------------------------------------------
# Data generation
# --------------------------------------------------------------------------


@dataclasses.dataclass
class Dataset:
    """One synthetic dataset, as rows of CKAN's tables.

    :param package: the row of ``package`` (extras as a JSON object)
    :param resources: rows of ``resource``
    :param tags: tag names
    :param groups: names of the groups it belongs to
    """

    package: dict[str, Any]
    resources: list[dict[str, Any]]
    tags: list[str]
    groups: list[str]


def make_uuid(rng: random.Random) -> str:
    """A reproducible random UUID."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def random_time(
    rng: random.Random, start: dt.datetime, end: dt.datetime
) -> dt.datetime:
    """A random moment between ``start`` and ``end``."""
    span = (end - start).total_seconds()
    return start + dt.timedelta(seconds=rng.uniform(0, span))


BBox = tuple[float, float, float, float]


def clip_bbox(bbox: BBox) -> BBox:
    """Clip a (minx, miny, maxx, maxy) box to Sachsen-Anhalt, rounded."""
    lo_x, lo_y, hi_x, hi_y = SACHSEN_ANHALT_BBOX
    minx, miny, maxx, maxy = bbox
    return (
        round(max(lo_x, minx), 5),
        round(max(lo_y, miny), 5),
        round(min(hi_x, maxx), 5),
        round(min(hi_y, maxy), 5),
    )


def dataset_bbox(rng: random.Random, town: str | None) -> BBox:
    """The spatial coverage of a dataset: its town, the Landkreis or the Land."""
    if town is not None:
        _, lon, lat = TOWNS[town]
        half_x, half_y = rng.uniform(0.02, 0.08), rng.uniform(0.015, 0.05)
        return clip_bbox((lon - half_x, lat - half_y, lon + half_x, lat + half_y))
    if rng.random() < 0.85:
        minx, miny, maxx, maxy = (v + rng.uniform(-0.02, 0.02) for v in SAALEKREIS_BBOX)
        return clip_bbox((minx, miny, maxx, maxy))
    return clip_bbox(SACHSEN_ANHALT_BBOX)


def polygon_geojson(bbox: Sequence[float]) -> str:
    """A GeoJSON Polygon of a (minx, miny, maxx, maxy) box."""
    minx, miny, maxx, maxy = bbox
    ring = [[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def make_title(rng: random.Random, topic: str, year: int, town: str | None) -> str:
    """A German dataset title such as ``Haushaltsplan 2023 der Stadt Merseburg``."""
    if town is not None:
        kind = "Stadt" if TOWNS[town][0] else "Gemeinde"
        return rng.choice(
            (
                f"{topic} {year} der {kind} {town}",
                f"{topic} {town}",
                f"{topic} {town} – {rng.choice(QUALIFIERS)} {year}",
                f"{topic} in der {kind} {town}",
            )
        )
    return rng.choice(
        (
            f"{topic} Saalekreis",
            f"{topic} {year}",
            f"{topic} im Saalekreis {year}",
            f"{topic} – {rng.choice(QUALIFIERS)} {year}",
            f"{topic} des Landkreises Saalekreis",
        )
    )


def make_notes(
    rng: random.Random, org: Org, topic: str, year: int, town: str | None
) -> str:
    """A German description of a few sentences."""
    area = f"das Gebiet von {town}" if town else "den gesamten Saalekreis"
    attrs = rng.sample(ATTRIBUTES, 3)
    related = rng.choice([t for t in org.topics if t != topic] or [topic])
    sentences = [
        f"Der Datensatz {topic} enthält Angaben für {area} mit Stand {year}.",
        f"Enthalten sind {attrs[0]}, {attrs[1]} und {attrs[2]}.",
        f"Die Daten werden vom {org.title} {rng.choice(FREQUENCIES)} aktualisiert.",
        f"Grundlage ist {rng.choice(BASES)}.",
        f"Siehe auch den Datensatz {related}.",
        rng.choice(HINTS),
    ]
    keep = rng.randint(3, len(sentences))
    return " ".join(sentences[:2] + rng.sample(sentences[2:], keep - 2))


def make_resources(
    rng: random.Random,
    org: Org,
    package_id: str,
    name: str,
    topic: str,
    year: int,
    modified: dt.datetime,
) -> list[dict[str, Any]]:
    """1 to 4 resources in the formats the Fachdienst publishes."""
    formats = rng.sample(org.formats, min(len(org.formats), rng.randint(1, 4)))
    out = []
    for position, fmt in enumerate(formats):
        ext, mimetype, pattern = FORMAT_INFO[fmt]
        if fmt == "WMS":
            url = (
                f"https://geodienste.saalekreis.example/wms/{name}"
                "?SERVICE=WMS&REQUEST=GetCapabilities"
            )
        else:
            url = f"https://daten.saalekreis.example/{org.name}/{name}.{ext}"
        out.append(
            {
                "id": make_uuid(rng),
                "package_id": package_id,
                "url": url,
                "format": fmt,
                "description": (
                    f"{topic} im Format {fmt}, bereitgestellt vom {org.title}."
                ),
                "position": position,
                "name": pattern.format(topic=topic, year=year),
                "mimetype": mimetype or None,
                "size": rng.randint(2_000, 40_000_000) if ext else None,
                "created": modified,
                "last_modified": modified,
                "metadata_modified": modified,
                "extras": {},
                "state": "active",
            }
        )
    return out


def make_extras(
    rng: random.Random, org: Org, year: int, town: str | None
) -> dict[str, str]:
    """2 to 5 extras, and for about 60 % the spatial coverage with its bbox."""
    pool = {
        "update_frequency": rng.choice(FREQUENCIES),
        "contact_name": org.title,
        "contact_email": f"{org.name.removeprefix('fd-')}@saalekreis.example",
        "temporal_start": f"{year - rng.randint(0, 5)}-01-01",
        "temporal_end": f"{year}-12-31",
        "publisher": "Landkreis Saalekreis",
        "spatial_text": town or "Landkreis Saalekreis",
        "language": "de",
    }
    keys = rng.sample(sorted(pool), rng.randint(2, 5))
    extras = {key: pool[key] for key in keys}
    if rng.random() < 0.6:
        bbox = dataset_bbox(rng, town)
        extras["spatial"] = polygon_geojson(bbox)
        # ckanext-spatial's solr-bbox backend would index these four numbers;
        # as extras they become the index fields minx, maxx, miny, maxy
        for key, value in zip(("minx", "miny", "maxx", "maxy"), bbox, strict=True):
            extras[key] = repr(value)
    return extras


def generate_datasets(
    n: int, rng: random.Random, org_ids: dict[str, str], licenses: Sequence[str]
) -> list[Dataset]:
    """Generate ``n`` datasets of the Landkreis's Fachdienste.

    :param n: number of datasets
    :param rng: seeded random generator (the same seed gives the same data)
    :param org_ids: organization name → id
    :param licenses: license ids to choose from
    """
    start, end = dt.datetime(2015, 1, 1), dt.datetime(2025, 10, 31)
    weights = [rng.uniform(0.3, 3.0) for _ in ORGS]  # some publish much more
    towns = sorted(TOWNS)
    datasets = []
    for i in range(n):
        org = rng.choices(ORGS, weights)[0]
        topic = rng.choice(org.topics)
        year = rng.randint(2012, 2025)
        town = rng.choice(towns) if rng.random() < 0.5 else None
        title = make_title(rng, topic, year, town)
        name = f"{slugify(title)[:80]}-{i:05d}"
        package_id = make_uuid(rng)
        created = random_time(rng, start, end)
        modified = random_time(rng, created, end)
        tags = set(rng.sample(org.tags, rng.randint(1, min(3, len(org.tags)))))
        if town is not None and rng.random() < 0.7:
            tags.add(slugify(town))
        while len(tags) < 2 or (len(tags) < 6 and rng.random() < 0.35):
            tags.add(rng.choice(GENERAL_TAGS))
        groups = rng.sample(org.groups, rng.randint(1, len(org.groups)))
        package = {
            "id": package_id,
            "name": name,
            "title": title,
            "version": None,
            "url": f"https://www.saalekreis.de/daten/{name}",
            "author": "Landkreis Saalekreis",
            "author_email": None,
            "maintainer": org.title,
            "maintainer_email": f"{org.name.removeprefix('fd-')}@saalekreis.example",
            "notes": make_notes(rng, org, topic, year, town),
            "license_id": rng.choice(licenses),
            "type": "dataset",
            "owner_org": org_ids[org.name],
            "creator_user_id": None,
            "metadata_created": created,
            "metadata_modified": modified,
            "private": rng.random() < 0.03,
            "state": "active",
            "plugin_data": None,
            "extras": make_extras(rng, org, year, town),
        }
        resources = make_resources(rng, org, package_id, name, topic, year, modified)
        datasets.append(Dataset(package, resources, sorted(tags), groups))
    return datasets


# --------------------------------------------------------------------------
# Database, CKAN and loading
# --------------------------------------------------------------------------


def bench_url(ini_url: str) -> str:
    """CKAN's ``sqlalchemy.url`` pointed at the benchmark database."""
    return (
        make_url(ini_url).set(database=BENCH_DB).render_as_string(hide_password=False)
    )


def pg_connect(url: str, database: str | None = None) -> Any:
    """A psycopg2 connection (autocommit) for a SQLAlchemy URL."""
    u = make_url(url)
    conn = psycopg2.connect(
        host=u.host,
        port=u.port,
        user=u.username,
        password=u.password,
        dbname=database or u.database,
    )
    conn.autocommit = True
    return conn


def ensure_database(url: str) -> bool:
    """Create the benchmark database if missing; return whether it was created."""
    owner = make_url(url).username
    conn = pg_connect(url, "postgres")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (BENCH_DB,))
            if cur.fetchone():
                return False
            cur.execute(f'CREATE DATABASE "{BENCH_DB}" OWNER "{owner}"')
            return True
    finally:
        conn.close()


def ckan_settings(conf: Mapping[str, Any], url: str) -> dict[str, str]:
    """The settings that put CKAN from the ini on the benchmark database.

    :param conf: the ini's settings
    :param url: the benchmark database's ``sqlalchemy.url``
    :returns: settings replacing the ini's
    """
    settings = {"sqlalchemy.url": url}
    # ckanext-spatial's bbox search filters with {!frange}
    parsers = str(conf.get("ckan.search.solr_allowed_query_parsers") or "").split()
    if "frange" not in parsers:
        settings["ckan.search.solr_allowed_query_parsers"] = " ".join(
            [*parsers, "frange"]
        )
    return settings


def prepare_schema(url: str) -> None:
    """Create CKAN's tables, pg_search's index table and the state table.

    CKAN's migration environment re-initialises the model with an engine
    without connection pool (``NullPool``); the app's pooled engine is put
    back afterwards, or every search and every indexed dataset would open a
    new database connection (about 10 ms each) and distort the figures.
    """
    import ckan.model as model

    from ckanext.pg_search.model import upgrade_schema

    pooled = model.meta.engine
    model.repo.init_db()
    if model.meta.engine is not pooled:
        model.meta.engine.dispose()
        model.init_model(pooled)
    upgrade_schema(url)
    with model.meta.engine.begin() as conn:
        conn.execute(
            sa.text(
                f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} "
                "(n integer NOT NULL, seed bigint NOT NULL, "
                "loaded_at timestamptz NOT NULL DEFAULT now())"
            )
        )


def loaded_state(engine: Engine) -> tuple[int, int] | None:
    """N and seed of the data loaded by an earlier run, if still intact."""
    with engine.connect() as conn:
        row = conn.execute(sa.text(f"SELECT n, seed FROM {STATE_TABLE}")).first()
        if row is None:
            return None
        count = conn.execute(sa.text("SELECT count(*) FROM package")).scalar_one()
    return (row.n, row.seed) if count == row.n else None


def _chunks(rows: list[dict[str, Any]], size: int = 2000) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def load_portal(engine: Engine, n: int) -> float:
    """Replace all CKAN content by ``n`` generated datasets, in bulk.

    Organizations, groups, datasets, resources, tags and memberships are
    written with SQLAlchemy core, as ``package_create`` would store them.

    :returns: seconds taken
    """
    import ckan.model as model

    started = time.perf_counter()
    rng = random.Random(SEED)
    model.repo.delete_all()
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {INDEX_TABLE}, {STATE_TABLE}"))

    now = dt.datetime(2025, 11, 1)
    org_ids = {org.name: make_uuid(rng) for org in ORGS}
    group_ids = {name: make_uuid(rng) for name, _ in GROUPS}
    group_rows = [
        {
            "id": org_ids[org.name],
            "name": org.name,
            "title": org.title,
            "type": "organization",
            "description": f"{org.title} des Landkreises Saalekreis.",
            "created": now,
            "is_organization": True,
            "approval_status": "approved",
            "state": "active",
            "extras": {},
        }
        for org in ORGS
    ] + [
        {
            "id": group_ids[name],
            "name": name,
            "title": title,
            "type": "group",
            "description": f"Datensätze zum Thema {title}.",
            "created": now,
            "is_organization": False,
            "approval_status": "approved",
            "state": "active",
            "extras": {},
        }
        for name, title in GROUPS
    ]
    register = model.Package.get_license_register()
    licenses = [lic for lic in PREFERRED_LICENSES if lic in register] or list(
        register.keys()
    )
    datasets = generate_datasets(n, rng, org_ids, licenses)

    tag_ids: dict[str, str] = {}
    package_tags, members = [], []
    for ds in datasets:
        pid = ds.package["id"]
        for tag in ds.tags:
            tag_id = tag_ids.setdefault(tag, make_uuid(rng))
            package_tags.append(
                {"id": make_uuid(rng), "package_id": pid, "tag_id": tag_id}
            )
        members.append(
            {
                "id": make_uuid(rng),
                "table_name": "package",
                "table_id": pid,
                "capacity": "organization",
                "group_id": ds.package["owner_org"],
            }
        )
        members.extend(
            {
                "id": make_uuid(rng),
                "table_name": "package",
                "table_id": pid,
                "capacity": "public",
                "group_id": group_ids[group],
            }
            for group in ds.groups
        )
    tags = [{"id": tid, "name": name} for name, tid in tag_ids.items()]
    tables: list[tuple[sa.Table, list[dict[str, Any]]]] = [
        (model.group_table, group_rows),
        (model.package_table, [ds.package for ds in datasets]),
        (model.resource_table, [r for ds in datasets for r in ds.resources]),
        (model.tag_table, tags),
        (model.package_tag_table, [dict(r, state="active") for r in package_tags]),
        (model.member_table, [dict(r, state="active") for r in members]),
    ]
    with engine.begin() as conn:
        for table, rows in tables:
            for chunk in _chunks(rows):
                conn.execute(table.insert(), chunk)
        conn.execute(
            sa.text(f"INSERT INTO {STATE_TABLE} (n, seed) VALUES (:n, :seed)"),
            {"n": n, "seed": SEED},
        )
    vacuum_analyze(engine, [t.name for t, _ in tables])
    return time.perf_counter() - started


def vacuum_analyze(engine: Engine, tables: Sequence[str]) -> None:
    """``VACUUM ANALYZE`` the given tables (fresh statistics for the planner)."""
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in tables:
            name = table if "." in table else f'"{table}"'
            conn.execute(sa.text(f"VACUUM ANALYZE {name}"))


# --------------------------------------------------------------------------
# Measuring: rebuild and package_show
# --------------------------------------------------------------------------


@dataclasses.dataclass
class RebuildResult:
    """Indexing figures.

    :param n: datasets indexed
    :param seconds: wall time of the full rebuild
    :param add_seconds: part spent in pg_search's ``add`` (SQL included)
    :param prepare_seconds: part of that spent normalising documents
    :param show_sample: datasets timed with ``package_show``
    :param show_seconds: wall time of those ``package_show`` calls
    """

    n: int
    seconds: float
    add_seconds: float
    prepare_seconds: float
    show_sample: int
    show_seconds: float

    @property
    def per_dataset_ms(self) -> float:
        return 1000 * self.seconds / self.n

    @property
    def show_per_dataset_ms(self) -> float:
        return 1000 * self.show_seconds / self.show_sample

    @property
    def ratio(self) -> float:
        return self.per_dataset_ms / self.show_per_dataset_ms


class Stopwatch:
    """Accumulates the time spent in wrapped functions."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0

    def wrap(self, func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls += 1

        return timed


@contextlib.contextmanager
def timing(owner: Any, attribute: str) -> Iterator[Stopwatch]:
    """Time every call of ``owner.attribute`` while the block runs."""
    watch = Stopwatch()
    original = getattr(owner, attribute)
    setattr(owner, attribute, watch.wrap(original))
    try:
        yield watch
    finally:
        setattr(owner, attribute, original)


def index_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {INDEX_TABLE}")).scalar_one()


def measure_rebuild(engine: Engine, n: int) -> tuple[float, float, float]:
    """Clear the index, then time ``ckan.lib.search.rebuild`` of all datasets.

    :returns: seconds in total, in pg_search's ``add``, in document preparation
    """
    import ckan.lib.search as search
    import ckan.model as model

    from ckanext.pg_search import documents
    from ckanext.pg_search.connection import PgSolrConnection

    search.clear_all()
    model.Session.remove()
    with timing(PgSolrConnection, "add") as add, timing(documents, "prepare") as prep:
        started = time.perf_counter()
        search.rebuild(quiet=True)
        seconds = time.perf_counter() - started
    model.Session.remove()
    indexed = index_count(engine)
    if indexed != n:
        raise RuntimeError(f"rebuild indexed {indexed} datasets, expected {n}")
    vacuum_analyze(engine, [INDEX_TABLE])
    return seconds, add.seconds, prep.seconds


def measure_package_show(ids: Sequence[str], sample: int, part: int) -> float:
    """Time ``package_show`` (uncached) for one half of a random sample.

    The sample is timed in two halves, one before and one after the rebuild,
    so that a change of machine load during the run biases the ratio less.

    :param sample: size of the whole sample
    :param part: 0 for the first half, 1 for the second
    :returns: seconds taken for this half
    """
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    show = tk.get_action("package_show")
    chosen = random.Random(SEED + 1).sample(list(ids), min(sample, len(ids)))
    half = chosen[: len(chosen) // 2] if part == 0 else chosen[len(chosen) // 2 :]
    for pid in half[:20]:  # warm-up
        show({"ignore_auth": True, "use_cache": False}, {"id": pid})
    model.Session.remove()
    started = time.perf_counter()
    for pid in half:
        show({"ignore_auth": True, "use_cache": False}, {"id": pid})
    seconds = time.perf_counter() - started
    model.Session.remove()
    return seconds


@contextlib.contextmanager
def exclusive_run(url: str) -> Iterator[None]:
    """Hold an advisory lock on the benchmark database while the block runs.

    Two benchmark runs on the same database would disturb each other's
    timings and data; the second one waits for the first.
    """
    conn = pg_connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s)", (SEED,))
            if not cur.fetchone()[0]:
                print("another benchmark run holds the database; waiting …", flush=True)
                cur.execute("SELECT pg_advisory_lock(%s)", (SEED,))
        yield
    finally:
        conn.close()


# --------------------------------------------------------------------------
# Measuring: query shapes
# --------------------------------------------------------------------------


@dataclasses.dataclass
class Floor:
    """Hand-written SQL answering the same question as one action call.

    :param count_sql: counts the matches
    :param page_sql: the first page: ids and dataset dicts, best first
    :param facets_sql: rows of (field, value, count), or None without facets
    :param params: psycopg2 parameters of all of them
    """

    count_sql: str
    page_sql: str
    facets_sql: str | None
    params: dict[str, Any]


@dataclasses.dataclass
class QueryCase:
    """One input of a query shape: the action's data_dict and its floor."""

    label: str
    data_dict: dict[str, Any]
    floor: Floor


@dataclasses.dataclass
class Answer:
    """What a search answered, to check that the floor answers the same."""

    hits: int
    page: int
    facets: dict[str, dict[str, int]]


@dataclasses.dataclass
class ShapeResult:
    """Latencies (ms) of one shape through the action and on the floor.

    :param search_ms: per action call, the part spent in pg_search's
        ``PgSolrConnection.search`` (SQL and result decoding)
    :param hits: matches per measured input
    :param mismatches: inputs where action and floor answered differently
    """

    shape: str
    example: str
    action_ms: list[float]
    floor_ms: list[float]
    search_ms: list[float]
    hits: list[int]
    mismatches: list[str]


@dataclasses.dataclass(frozen=True)
class FloorSettings:
    """What the hand-written SQL needs to know about the portal and index.

    :param site_id: ``ckan.site_id`` (package_search filters on it)
    :param prefix_min: pg_search's ``prefix_min_length`` for free text
    :param dicts_column: the column holding ``validated_data_dict``
        (``stored`` since pg_search keeps the data dicts apart, else ``doc``)
    """

    site_id: str
    prefix_min: int
    dicts_column: str

    @property
    def base(self) -> str:
        """What package_search always filters on (ignore_auth: no labels)."""
        return json.dumps(
            {"site_id": self.site_id, "state": "active", "capacity": "public"}
        )

    def tsquery_text(self, q: str) -> str:
        """The tsquery pg_search builds for dismax free text (every word)."""
        words = re.findall(r"\w+", q)
        return " & ".join(
            f"{w}:*" if 0 < self.prefix_min <= len(w) else w for w in words
        )

    def page_sql(self, source: str, where: str, rank: str) -> str:
        """The first page, best ``rank`` first, newest first among equals.

        The dataset dicts are read for the page's rows only, after sorting.
        """
        return (
            f"SELECT p.id, s.{self.dicts_column}->>'validated_data_dict' FROM ("
            f"SELECT index_id, doc->>'id' AS id, {rank} AS rank, "
            f"doc->>'metadata_modified' AS modified FROM {source} WHERE {where} "
            f"ORDER BY rank DESC, modified DESC LIMIT {ROWS}) AS p "
            f"JOIN {INDEX_TABLE} AS s USING (index_id) "
            "ORDER BY p.rank DESC, p.modified DESC"
        )


def floor_settings(engine: Engine, site_id: str, prefix_min: int) -> FloorSettings:
    """Settings of the floor queries for the index table as it is now."""
    with engine.connect() as conn:
        columns = {
            column["name"]
            for column in sa.inspect(conn).get_columns(
                "pg_search_document", schema="ckanext_pg_search"
            )
        }
    return FloorSettings(
        site_id, prefix_min, "stored" if "stored" in columns else "doc"
    )


def facets_sql(where: str) -> str:
    """Counts of the facet fields' values in one pass over the matches.

    ``jsonb_to_record`` reads each matching document once; a dataset counts
    once per value (two CSV resources make one CSV dataset).
    """
    from ckanext.pg_search.fields import field_spec

    columns = ", ".join(
        f"{f} {'jsonb' if field_spec(f).multi else 'text'}" for f in FACET_FIELDS
    )
    parts = []
    for field in FACET_FIELDS:
        if field_spec(field).multi:
            values = (
                f"m, LATERAL (SELECT DISTINCT jsonb_array_elements_text(m.{field})) "
                "AS x(v)"
            )
        else:
            values = f"(SELECT {field} AS v FROM m) AS x"
        parts.append(
            f"(SELECT '{field}', v, count(*) FROM {values} WHERE v IS NOT NULL "
            f'GROUP BY v ORDER BY count(*) DESC, v COLLATE "C" LIMIT {FACET_LIMIT})'
        )
    return (
        f"WITH m AS MATERIALIZED (SELECT b.* FROM {INDEX_TABLE}, "
        f"LATERAL jsonb_to_record(doc) AS b({columns}) WHERE {where}) "
        + " UNION ALL ".join(parts)
    )


def text_case(q: str, env: FloorSettings, facets: bool) -> QueryCase:
    """Free text (optionally with the dataset page's three facets)."""
    data_dict: dict[str, Any] = {"q": q, "rows": ROWS}
    tsquery = f"to_tsquery('{TS_CONFIG}', %(tq)s)"
    where = f"tsv @@ {tsquery} AND doc @> %(base)s::jsonb"
    if facets:
        data_dict["facet.field"] = list(FACET_FIELDS)
        data_dict["facet.limit"] = FACET_LIMIT
    floor = Floor(
        count_sql=f"SELECT count(*) FROM {INDEX_TABLE} WHERE {where}",
        page_sql=env.page_sql(INDEX_TABLE, where, f"ts_rank(tsv, {tsquery})"),
        facets_sql=facets_sql(where) if facets else None,
        params={"tq": env.tsquery_text(q), "base": env.base},
    )
    return QueryCase(q, data_dict, floor)


def filter_case(filters: dict[str, str], env: FloorSettings) -> QueryCase:
    """Filters only (``fq``), no free text, as when clicking facets."""
    from ckanext.pg_search.fields import field_spec

    parts = [f'{field}:"{value}"' for field, value in filters.items()]
    fq = parts[0] + "".join(f" +{p}" for p in parts[1:])
    contained: dict[str, Any] = json.loads(env.base)
    for field, value in filters.items():
        contained[field] = [value] if field_spec(field).multi else value
    where = "doc @> %(filter)s::jsonb"
    floor = Floor(
        count_sql=f"SELECT count(*) FROM {INDEX_TABLE} WHERE {where}",
        page_sql=env.page_sql(INDEX_TABLE, where, "1"),
        facets_sql=None,
        params={"filter": json.dumps(contained)},
    )
    return QueryCase(fq, {"q": "", "fq": fq, "rows": ROWS}, floor)


def bbox_case(bbox: dict[str, float], env: FloorSettings) -> QueryCase:
    """ckanext-spatial's solr-bbox search: frange filter and overlap boost."""
    from ckanext.spatial.search import SolrBBoxSearchBackend

    data_dict = SolrBBoxSearchBackend().search_params(
        dict(bbox), {"q": "", "rows": ROWS}
    )
    # the envelope read once per document
    source = (
        f"{INDEX_TABLE}, LATERAL jsonb_to_record(doc) "
        "AS b(minx float8, maxx float8, miny float8, maxy float8)"
    )
    # the filter: the boxes overlap with a positive area
    where = (
        "doc @> %(base)s::jsonb AND b.minx < %(maxx)s AND b.maxx > %(minx)s "
        "AND b.miny < %(maxy)s AND b.maxy > %(miny)s"
    )
    # the order: 2 * overlap / (query area + dataset area), best fit first
    fit = (
        "2 * (least(%(maxx)s, b.maxx) - greatest(%(minx)s, b.minx)) "
        "* (least(%(maxy)s, b.maxy) - greatest(%(miny)s, b.miny)) "
        "/ (%(area)s + (b.maxx - b.minx) * (b.maxy - b.miny))"
    )
    floor = Floor(
        count_sql=f"SELECT count(*) FROM {source} WHERE {where}",
        page_sql=env.page_sql(source, where, fit),
        facets_sql=None,
        params=dict(
            bbox,
            area=(bbox["maxx"] - bbox["minx"]) * (bbox["maxy"] - bbox["miny"]),
            base=env.base,
        ),
    )
    label = "{minx:.2f},{miny:.2f},{maxx:.2f},{maxy:.2f}".format(**bbox)
    return QueryCase(label, data_dict, floor)


def build_cases(
    count: int, engine: Engine, env: FloorSettings
) -> dict[str, list[QueryCase]]:
    """``count`` varied inputs for each of the four query shapes."""
    rng = random.Random(SEED + 2)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                f"SELECT doc->>'organization', doc->'res_format', doc->'tags', "
                f"doc->'groups', doc->>'license_id' FROM {INDEX_TABLE} "
                "WHERE doc @> CAST(:base AS jsonb) ORDER BY seq"
            ),
            {"base": env.base},
        ).all()
    texts = [TEXT_QUERIES[i % len(TEXT_QUERIES)] for i in range(count)]
    filters = []
    for _ in range(count):
        # combinations taken from real documents, so that most have matches
        org, formats, tags, groups, license_id = rng.choice(rows)
        kind = rng.randrange(4)
        if kind == 0:
            filters.append({"organization": org, "res_format": rng.choice(formats)})
        elif kind == 1:
            filters.append(
                {"tags": rng.choice(tags), "res_format": rng.choice(formats)}
            )
        elif kind == 2:
            filters.append({"groups": rng.choice(groups), "organization": org})
        else:
            filters.append({"license_id": license_id, "tags": rng.choice(tags)})
    boxes = []
    towns = sorted(TOWNS)
    for _ in range(count):
        if rng.random() < 0.8:
            _, lon, lat = TOWNS[rng.choice(towns)]
        else:  # somewhere in Sachsen-Anhalt
            lon = rng.uniform(10.8, 12.9)
            lat = rng.uniform(51.1, 52.9)
        half_x, half_y = rng.uniform(0.02, 0.3), rng.uniform(0.015, 0.2)
        minx, miny, maxx, maxy = clip_bbox(
            (lon - half_x, lat - half_y, lon + half_x, lat + half_y)
        )
        boxes.append({"minx": minx, "miny": miny, "maxx": maxx, "maxy": maxy})
    return {
        "free text": [text_case(q, env, False) for q in texts],
        "free text + 3 facets": [text_case(q, env, True) for q in texts],
        "fq filters only": [filter_case(f, env) for f in filters],
        "bbox (solr-bbox)": [bbox_case(b, env) for b in boxes],
    }


def run_action(case: QueryCase) -> Answer:
    """Search through ``package_search``, as CKAN's dataset page does."""
    import ckan.plugins.toolkit as tk

    result = tk.get_action("package_search")(
        {"ignore_auth": True}, copy.deepcopy(case.data_dict)
    )
    return Answer(result["count"], len(result["results"]), result["facets"])


def run_floor(cur: Any, case: QueryCase) -> Answer:
    """Run the floor queries of a case through psycopg2."""
    floor = case.floor
    cur.execute(floor.count_sql, floor.params)
    (hits,) = cur.fetchone()
    cur.execute(floor.page_sql, floor.params)
    page = len(cur.fetchall())
    facets: dict[str, dict[str, int]] = {}
    if floor.facets_sql:
        facets = {field: {} for field in FACET_FIELDS}
        cur.execute(floor.facets_sql, floor.params)
        for field, value, count in cur.fetchall():
            facets[field][value] = count
    return Answer(hits, page, facets)


def measure_shape(
    shape: str, cases: Sequence[QueryCase], cur: Any, budget: float
) -> ShapeResult:
    """Time the action and then the floor over the same inputs.

    A few inputs are run first as a warm-up. The action stops taking new
    inputs once ``budget`` seconds are spent (0: no limit); the floor runs
    the inputs the action ran. Every measured answer is compared.
    """
    from ckanext.pg_search.connection import PgSolrConnection

    for case in cases[:WARMUP]:
        run_action(case)
        run_floor(cur, case)
    action_ms, search_ms, answers = [], [], []
    started = time.perf_counter()
    with timing(PgSolrConnection, "search") as watch:
        for case in cases:
            if budget and time.perf_counter() - started > budget:
                break
            inside = watch.seconds
            began = time.perf_counter()
            answers.append(run_action(case))
            action_ms.append(1000 * (time.perf_counter() - began))
            search_ms.append(1000 * (watch.seconds - inside))
    floor_ms, mismatches = [], []
    for case, answer in zip(cases, answers, strict=False):
        began = time.perf_counter()
        floor = run_floor(cur, case)
        floor_ms.append(1000 * (time.perf_counter() - began))
        if floor != answer:
            mismatches.append(f"`{case.label}`: action {answer}, floor {floor}")
    return ShapeResult(
        shape,
        cases[0].label,
        action_ms,
        floor_ms,
        search_ms,
        [a.hits for a in answers],
        mismatches,
    )


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------


def percentile(values: Sequence[float], pct: float) -> float:
    """Linear-interpolated percentile (as numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * pct / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def machine_info(engine: Engine) -> dict[str, str]:
    """Load average, nproc, CPU model, PostgreSQL and Python versions."""
    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with engine.connect() as conn:
        pg = conn.execute(sa.text("SHOW server_version")).scalar_one()
    return {
        "load": "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "postgresql": pg,
        "python": platform.python_version(),
    }


def render_report(
    n: int,
    queries: int,
    machine: dict[str, str],
    load: str,
    rebuild: RebuildResult | None,
    shapes: Sequence[ShapeResult],
    budget: float,
    total_seconds: float,
) -> str:
    """The results as Markdown."""
    end_load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    lines = [
        "# pg_search benchmark",
        "",
        f"- date: {dt.datetime.now().isoformat(timespec='seconds')}",
        f"- machine: {machine['nproc']} CPUs ({machine['cpu']}), "
        f"PostgreSQL {machine['postgresql']}, Python {machine['python']}; "
        f"load average at start {machine['load']}, at end {end_load}",
        f"- N = {n} datasets; up to {queries} inputs per query shape "
        f"(at most {budget:.0f} s per shape), page size {ROWS}",
        f"- loading: {load}",
        f"- total run time: {total_seconds:.0f} s",
        "",
        "## Query latency through `package_search` vs. hand-written SQL (floor)",
        "",
        "| shape | runs | p50 ms | p95 ms | mean ms | floor p50 | floor p95 "
        "| ratio p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in shapes:
        p95, floor_p95 = percentile(r.action_ms, 95), percentile(r.floor_ms, 95)
        lines.append(
            f"| {r.shape} | {len(r.action_ms)} | {percentile(r.action_ms, 50):.1f} | "
            f"{p95:.1f} | "
            f"{statistics.fmean(r.action_ms):.1f} | "
            f"{percentile(r.floor_ms, 50):.1f} | {floor_p95:.1f} | "
            f"{p95 / floor_p95:.1f}× |"
        )
    lines += [
        "",
        "| shape | example input | hits p50 / max | in pg_search p50 ms "
        "| same answers as floor |",
        "|---|---|---:|---:|---|",
    ]
    for r in shapes:
        same = "yes" if not r.mismatches else f"no ({len(r.mismatches)} inputs)"
        lines.append(
            f"| {r.shape} | `{r.example}` | {percentile(r.hits, 50):.0f} / "
            f"{max(r.hits)} | {percentile(r.search_ms, 50):.1f} | {same} |"
        )
    for r in shapes:
        lines += [f"- {r.shape}: {m}" for m in r.mismatches[:5]]
    lines += [
        "",
        "The floor is hand-written SQL on the index table's `doc`, `tsv` and "
        "`stored` columns (psycopg2, no CKAN): a count, the page (dataset dicts "
        "read for the page's rows only) and, with facets, one pass counting "
        "the three facet fields; the bbox floor reads the envelope once per "
        "document with `jsonb_to_record`. A ratio below 1 means pg_search "
        "answers faster than this plain-JSONB floor (e.g. through its own "
        "columns and indexes). *in pg_search* is the time spent in "
        "`PgSolrConnection.search`; the rest of an action call is CKAN. "
        "The index is `VACUUM ANALYZE`d after the rebuild (not timed).",
    ]
    lines += ["", "## Indexing", ""]
    if rebuild is None:
        lines.append("Rebuild skipped (`--no-rebuild`).")
    else:
        verdict = "met" if rebuild.ratio <= 1.3 else "NOT met"
        other = rebuild.seconds - rebuild.add_seconds
        lines += [
            "| measure | value |",
            "|---|---:|",
            f"| full rebuild of {rebuild.n} datasets | {rebuild.seconds:.1f} s |",
            f"| rebuild rate | {rebuild.n / rebuild.seconds:.0f} datasets/s |",
            f"| rebuild per dataset | {rebuild.per_dataset_ms:.2f} ms |",
            f"| … in pg_search `add` (SQL included) | "
            f"{1000 * rebuild.add_seconds / rebuild.n:.2f} ms |",
            f"| … of that, `documents.prepare` | "
            f"{1000 * rebuild.prepare_seconds / rebuild.n:.2f} ms |",
            f"| … in CKAN (package_show, validation, index dict) | "
            f"{1000 * other / rebuild.n:.2f} ms |",
            f"| `package_show` per dataset ({rebuild.show_sample} sampled) | "
            f"{rebuild.show_per_dataset_ms:.2f} ms |",
            f"| ratio rebuild / package_show | {rebuild.ratio:.2f} "
            f"(goal ≤ 1.3: {verdict}) |",
        ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ini", default="test.ini", help="CKAN config file")
    parser.add_argument("--n", type=int, default=10_000, help="number of datasets")
    parser.add_argument(
        "--queries",
        type=int,
        default=200,
        help="inputs (repetitions) per query shape",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the search index at the end (the datasets are always kept)",
    )
    parser.add_argument(
        "--no-rebuild",
        action="store_true",
        help="reuse the index of a previous --keep run instead of rebuilding",
    )
    parser.add_argument(
        "--show-sample",
        type=int,
        default=1000,
        help="datasets timed with package_show (at least 1000 recommended)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=60,
        help="seconds per query shape after which no new inputs are timed "
        "(0: all --queries inputs)",
    )
    return parser.parse_args(argv)


def measure_indexing(engine: Engine, n: int, show_sample: int) -> RebuildResult:
    """The full rebuild, with package_show timed before and after it."""
    import ckan.model as model

    ids = [row.id for row in model.Session.query(model.Package.id)]
    sample = min(show_sample, len(ids))
    print("timing package_show (first half) …", flush=True)
    show_seconds = measure_package_show(ids, sample, 0)
    print("rebuilding the index …", flush=True)
    seconds, add_seconds, prepare_seconds = measure_rebuild(engine, n)
    print(f"rebuild: {seconds:.1f} s; timing package_show …", flush=True)
    show_seconds += measure_package_show(ids, sample, 1)
    return RebuildResult(n, seconds, add_seconds, prepare_seconds, sample, show_seconds)


def measure_queries(
    engine: Engine, url: str, queries: int, budget: float
) -> list[ShapeResult]:
    """All four query shapes, through the action and on the floor."""
    import ckan.plugins.toolkit as tk

    from ckanext.pg_search import config as pg_config

    env = floor_settings(
        engine, tk.config["ckan.site_id"], pg_config.prefix_min_length()
    )
    cases = build_cases(queries, engine, env)
    floor_conn = pg_connect(url)
    shapes = []
    try:
        with floor_conn.cursor() as cur:
            for shape, shape_cases in cases.items():
                print(f"measuring {shape} …", flush=True)
                shapes.append(measure_shape(shape, shape_cases, cur, budget))
    finally:
        floor_conn.close()
    return shapes


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    os.chdir(ROOT)

    conf = ckan_app.read_config(args.ini)
    url = bench_url(str(conf["sqlalchemy.url"]))
    if ensure_database(url):
        print(f"created database {BENCH_DB}")
    flask_app = ckan_app.start(args.ini, ckan_settings(conf, url))

    with exclusive_run(url), flask_app.test_request_context():
        import ckan.model as model

        prepare_schema(url)
        engine = model.meta.engine
        machine = machine_info(engine)
        print(
            f"machine: {machine['nproc']} CPUs, {machine['cpu']}; "
            f"PostgreSQL {machine['postgresql']}; N = {args.n}"
        )

        if loaded_state(engine) == (args.n, SEED):
            load = "reused from an earlier run"
        else:
            print(f"loading {args.n} datasets …", flush=True)
            load = f"{load_portal(engine, args.n):.1f} s (bulk insert)"
        print(f"data: {load}", flush=True)

        rebuild = None
        if args.no_rebuild and index_count(engine) == args.n:
            print("index: reused")
        else:
            rebuild = measure_indexing(engine, args.n, args.show_sample)
        shapes = measure_queries(engine, url, args.queries, args.budget)

        if not args.keep:
            with engine.begin() as conn:
                conn.execute(sa.text(f"TRUNCATE {INDEX_TABLE}"))

    report = render_report(
        args.n,
        args.queries,
        machine,
        load,
        rebuild,
        shapes,
        args.budget,
        time.perf_counter() - started,
    )
    os.makedirs(os.path.dirname(REPORT_PATH), exist_ok=True)
    with open(REPORT_PATH, "w", encoding="utf-8") as f:
        f.write(report)
    print()
    print(report)
    print(f"written to {os.path.relpath(REPORT_PATH, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
