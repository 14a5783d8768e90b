"""End to end: a stock CKAN harvests our portal's DCAT catalogue over HTTP.

The publisher is the CKAN of this test process (database ``ckan_test``),
served over real HTTP on 127.0.0.1 by a werkzeug server thread. The harvester
is a second, stock CKAN (ckanext-harvest, ckanext-dcat's ``dcat_rdf``
harvester, pg_search for search) with a database of its own
(``ckan_harvest_e2e``, recreated by the fixture) and an ini file in a tmp
directory. It runs as subprocesses: ``ckan db init``/``upgrade``, a small
script that creates the harvest source, ``ckan harvester run-test`` and a
script that reads the harvested datasets back through the action API.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from werkzeug.serving import make_server

# --- what is tested ------------------------------------------------------------

# True: our portal as shipped (dcat_ap_de with its schemas and RDF profile).
# False: stock ckanext-dcat (its DCAT-AP 3 schema and profile), to check the
# test's own machinery independently of dcat_ap_de.
DCAT_AP_DE = True

# dcatde:contributorID: set on one dataset, the portal default for the other.
CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/landSachsenAnhalt"

if DCAT_AP_DE:
    # Plugins and settings of OUR portal (the publisher side); dcat_ap_de sets
    # the scheming schemas and ckanext.dcat.rdf.profiles itself - which takes
    # effect only when it is listed after scheming_* (CKAN calls update_config
    # of the last listed plugin first).
    PUBLISHER_PLUGINS = (
        "pg_search dcat scheming_datasets scheming_organizations dcat_ap_de"
    )
    PUBLISHER_CONFIG = {"ckanext.dcat_ap_de.contributor_id": CONTRIBUTOR_ID}
    # Profiles the harvest source parses our catalogue with.
    HARVEST_PROFILES = ["euro_dcat_ap_3", "dcat_ap_de"]
else:
    PUBLISHER_PLUGINS = "pg_search dcat scheming_datasets"
    PUBLISHER_CONFIG = {
        "scheming.dataset_schemas": "ckanext.dcat.schemas:dcat_ap_full.yaml",
        "scheming.presets": (
            "ckanext.scheming:presets.json ckanext.dcat.schemas:presets.yaml"
        ),
        "ckanext.dcat.rdf.profiles": "euro_dcat_ap_3",
    }
    HARVEST_PROFILES = ["euro_dcat_ap_3"]

# The harvesting CKAN: stock CKAN with ckanext-harvest and ckanext-dcat.
HARVESTER_PLUGINS = "harvest dcat dcat_rdf_harvester pg_search"
# The catalogue as the harvester fetches it.
CATALOG_PATH = "/catalog.ttl"
RDF_FORMAT = "text/turtle"

# ------------------------------------------------------------------------------

HARVEST_DB = "ckan_harvest_e2e"
TIMEOUT = 180  # seconds, for each subprocess
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
LICENSE = "http://dcat-ap.de/def/licenses/"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = _free_port()
SITE_URL = f"http://127.0.0.1:{PORT}"


# --- the publisher: our CKAN over HTTP -----------------------------------------


@contextmanager
def serve(wsgi_app: Any, port: int) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1:port in a thread; stop it afterwards."""
    server = make_server("127.0.0.1", port, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    assert not thread.is_alive(), "the HTTP server thread did not stop"


# --- the harvester: a second CKAN in subprocesses ------------------------------

# Run with the harvester's ini: creates the harvest source, prints its id.
_CREATE_SOURCE = """
import json, sys
from ckan.cli import load_config
from ckan.config.middleware import make_app
import ckan.plugins.toolkit as tk

app = make_app(load_config(sys.argv[1]))
flask_app = getattr(app, "apps", {}).get("flask_app", app)._wsgi_app
with flask_app.test_request_context():
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    org = tk.get_action("organization_create")(dict(context), {
        "name": "govdata-test", "title": "GovData (Test)",
    })
    source = tk.get_action("harvest_source_create")(dict(context), {
        "name": "kommunal-portal",
        "title": "Kommunales Open-Data-Portal",
        "url": sys.argv[2],
        "source_type": "dcat_rdf",
        "config": sys.argv[3],
        "owner_org": org["id"],
    })
print("RESULT " + json.dumps({"id": source["id"]}))
"""

# Run with the harvester's ini: prints the harvested datasets and the errors.
_REPORT = """
import json, sys
from ckan.cli import load_config
from ckan.config.middleware import make_app
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckanext.harvest.model import HarvestGatherError, HarvestObjectError

app = make_app(load_config(sys.argv[1]))
flask_app = getattr(app, "apps", {}).get("flask_app", app)._wsgi_app
with flask_app.test_request_context():
    context = {"ignore_auth": True}
    found = tk.get_action("package_search")(context, {
        "fq": "+dataset_type:dataset", "rows": 1000, "include_private": True,
    })
    datasets = [
        tk.get_action("package_show")(context, {"id": d["id"]})
        for d in found["results"]
    ]
    errors = [e.message for e in model.Session.query(HarvestGatherError)]
    errors += [e.message for e in model.Session.query(HarvestObjectError)]
print("RESULT " + json.dumps(
    {"count": found["count"], "datasets": datasets, "errors": errors}
))
"""


def _result(stdout: str) -> Any:
    for line in reversed(stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise AssertionError("no RESULT line in:\n" + stdout)


class Harvester:
    """A stock CKAN with ckanext-harvest and ckanext-dcat, in subprocesses."""

    def __init__(self, directory: Path, base_ini: str, db_url: str) -> None:
        self.dir = directory
        self.ini = directory / "harvester.ini"
        storage = directory / "storage"
        storage.mkdir()
        self.ini.write_text(
            textwrap.dedent(
                f"""\
                [app:main]
                use = config:{base_ini}
                sqlalchemy.url = {db_url}
                ckan.site_id = harvest-e2e
                ckan.site_url = http://127.0.0.1:1
                ckan.plugins = {HARVESTER_PLUGINS}
                ckan.redis.url = redis://127.0.0.1:63799/2
                ckan.harvest.mq.type = redis
                ckan.storage_path = {storage}
                ckan.views.default_views =
                ckanext.dcat.rdf.profiles = {" ".join(HARVEST_PROFILES)}
                """
            ),
            encoding="utf-8",
        )
        self.ckan_bin = str(Path(sys.executable).with_name("ckan"))

    def _run(self, args: list[str]) -> str:
        proc = subprocess.run(
            args,
            cwd=self.dir,
            stdin=subprocess.DEVNULL,  # run-test asks questions on stale jobs
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert proc.returncode == 0, (
            f"{' '.join(args)} failed ({proc.returncode}):\n"
            f"{proc.stdout}\n{proc.stderr}"
        )
        return proc.stdout

    def ckan(self, *args: str) -> str:
        return self._run([self.ckan_bin, "-c", str(self.ini), *args])

    def script(self, code: str, *args: str) -> Any:
        return _result(self._run([sys.executable, "-c", code, str(self.ini), *args]))

    def init_db(self) -> None:
        self.ckan("db", "init")
        self.ckan("db", "upgrade", "-p", "harvest")
        self.ckan("db", "upgrade", "-p", "pg_search")

    def create_source(self, url: str, config: dict[str, Any]) -> str:
        return self.script(_CREATE_SOURCE, url, json.dumps(config))["id"]

    def run_test(self, source: str) -> str:
        return self.ckan("harvester", "run-test", source)

    def report(self) -> dict[str, Any]:
        return self.script(_REPORT)


def _recreate_database(url: sa.engine.URL) -> None:
    """Drop and create the database of ``url`` (its user owns it)."""
    engine = sa.create_engine(
        url.set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}"'))
            conn.execute(
                sa.text(f'CREATE DATABASE "{url.database}" OWNER "{url.username}"')
            )
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def harvester(tmp_path_factory: pytest.TempPathFactory) -> Harvester:
    """A harvesting CKAN with a fresh database, migrated, no source yet."""
    url = sa.engine.make_url(tk.config["sqlalchemy.url"]).set(database=HARVEST_DB)
    _recreate_database(url)
    instance = Harvester(
        tmp_path_factory.mktemp("harvester"),
        str(Path(tk.config["__file__"]).resolve()),
        url.render_as_string(hide_password=False),
    )
    instance.init_db()
    return instance


# --- the content of our portal --------------------------------------------------


PUBLISHERS = {
    "landkreis-saalekreis": "Landkreis Saalekreis",
    "stadt-merseburg": "Stadt Merseburg",
}


def _datasets(orgs: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Dataset dicts for package_create: two public, one private.

    ``orgs`` maps organization names to their ids; the organization is the
    dataset's publisher (dct:publisher).
    """

    def dataset(name, title, org, themes, licences, private=False, contributor=""):
        data = {
            "name": name,
            "title": title,
            "notes": f"Beschreibung: {title}.",
            "tag_string": "Verwaltung,Open Data",
            "owner_org": orgs[org],
            "private": private,
            "license_id": "dl-by-de/2.0",
            "theme": [THEME + t for t in themes],
            "resources": [
                {
                    "name": f"Teil {i}",
                    "url": f"https://daten.example/{name}/{i}.csv",
                    "format": "CSV",
                    "license": LICENSE + licence,
                }
                for i, licence in enumerate(licences, 1)
            ],
        }
        if DCAT_AP_DE and contributor:
            data["contributor_id"] = contributor
        return data

    return {
        "haushalt": dataset(
            "haushaltsplan-2024",
            "Haushaltsplan 2024 des Landkreises Saalekreis",
            "landkreis-saalekreis",
            ["GOVE", "ECON"],
            ["dl-by-de/2.0", "cc-by/4.0"],
            contributor=CONTRIBUTOR_ID,
        ),
        "schulen": dataset(  # contributorID: the portal's default
            "schulstandorte-merseburg",
            "Schulstandorte der Stadt Merseburg – Übersicht",
            "stadt-merseburg",
            ["EDUC"],
            ["dl-zero-de/2.0"],
        ),
        "privat": dataset(
            "personalstatistik-intern",
            "Interne Personalstatistik",
            "landkreis-saalekreis",
            ["GOVE"],
            ["dl-by-de/2.0"],
            private=True,
            contributor=CONTRIBUTOR_ID,
        ),
    }


# --- reading what the harvester stored ------------------------------------------


def _flat(dataset: dict[str, Any]) -> dict[str, Any]:
    """The harvested dataset with its extras as keys (stock CKAN has no schema
    for the DCAT fields, so ckanext-dcat stores them as extras)."""
    flat = dict(dataset)
    for extra in dataset.get("extras") or []:
        flat.setdefault(extra["key"], extra["value"])
    return flat


def _as_list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    if isinstance(value, str) and value.startswith("["):
        return json.loads(value)
    return value if isinstance(value, list) else [value]


def _licences(dataset: dict[str, Any]) -> list[str]:
    """Each resource's licence as an IRI. A resource without a licence of its
    own has the dataset's (dcat_ap_de's profile moves the most frequent
    distribution licence to the dataset and stores licence codes)."""
    found = [
        r.get("license") or dataset.get("license_id") for r in dataset["resources"]
    ]
    if DCAT_AP_DE:
        from ckanext.dcat_ap_de import codelists

        found = [(codelists.license(v or "") or {"iri": v})["iri"] for v in found]
    return sorted(str(v) for v in found)


# --- the test --------------------------------------------------------------------


def _publisher_marks(func):
    func = pytest.mark.ckan_config("ckan.plugins", PUBLISHER_PLUGINS)(func)
    func = pytest.mark.ckan_config("ckan.site_url", SITE_URL)(func)
    for key, value in PUBLISHER_CONFIG.items():
        func = pytest.mark.ckan_config(key, value)(func)
    return func


@_publisher_marks
@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_stock_ckan_harvests_our_catalogue(harvester, make_app):
    sysadmin = factories.Sysadmin()
    context = {"user": sysadmin["name"]}
    orgs = {
        name: helpers.call_action(
            "organization_create", context=dict(context), name=name, title=title
        )["id"]
        for name, title in PUBLISHERS.items()
    }
    sent = _datasets(orgs)
    created = {
        key: helpers.call_action("package_create", context=dict(context), **data)
        for key, data in sent.items()
    }
    public = {k: v for k, v in created.items() if not v["private"]}

    app = make_app()
    with serve(app.app, PORT) as url:
        # our catalogue answers over HTTP before the harvester is started
        catalog = requests.get(url + CATALOG_PATH, timeout=30)
        assert catalog.status_code == 200, catalog.text[:2000]
        # kept for diagnosis, beside the harvester's ini
        (harvester.dir / "catalog.ttl").write_bytes(catalog.content)
        assert created["privat"]["id"].encode() not in catalog.content
        source = harvester.create_source(
            url + CATALOG_PATH,
            {"rdf_format": RDF_FORMAT, "profiles": HARVEST_PROFILES},
        )
        run_output = harvester.run_test(source)
    report = harvester.report()

    assert report["errors"] == [], run_output
    harvested = {d["title"]: _flat(d) for d in report["datasets"]}
    assert sorted(harvested) == sorted(d["title"] for d in public.values())
    assert report["count"] == len(public)
    assert created["privat"]["title"] not in harvested
    assert not any(created["privat"]["id"] in d["uri"] for d in harvested.values())

    for key, ours in public.items():
        theirs = harvested[ours["title"]]
        expected = sent[key]
        # it came from our portal: the dataset's URI is ours
        assert theirs.get("uri") == f"{SITE_URL}/dataset/{ours['id']}", theirs
        publisher = PUBLISHERS[ours["organization"]["name"]]
        assert theirs.get("publisher_name") == publisher, theirs
        assert sorted(_as_list(theirs.get("theme"))) == sorted(expected["theme"])
        assert len(theirs["resources"]) == len(expected["resources"])
        assert _licences(theirs) == sorted(
            r["license"] for r in expected["resources"]
        ), theirs
        if DCAT_AP_DE:
            assert theirs.get("contributor_id") == CONTRIBUTOR_ID, theirs
