"""OParl harvester benchmark: a full and an incremental run, two sizes.

For each size the fake OParl server (``tests/oparl_harvester/fake_oparl.py``)
runs as a subprocess; the harvester runs in-process (gather, then import of
every dataset, as ckanext-harvest's queues would call them) against a CKAN
database of its own (``ckan_bench_oparl``, recreated each time; the ini's
database is never touched) with the portal's plugins and a file storage in a
temporary folder. Between the runs 1% of the papers and meetings are touched
through the server's control API.

Each run is a separate process, so its peak RSS (``resource.getrusage``) is
its own; the figure that matters is the growth over the process after CKAN's
start-up, which must not grow with the number of objects (the store is
written in batches, the snapshots are streamed from server-side cursors).

Run as ``make bench-oparl`` or::

    .venv/bin/python scripts/bench_oparl.py --ini test.ini
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import ckan_app

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FAKE_SERVER = ROOT / "tests" / "oparl_harvester" / "fake_oparl.py"
BENCH_DB = "ckan_bench_oparl"
PLUGINS = (
    "pg_search activity oparl_harvester harvest dcat scheming_datasets "
    "scheming_organizations dcat_ap_de privacy_clearance"
)
KINDS = ["meetings", "papers", "organizations", "files"]
MIGRATIONS = ("activity", "privacy_clearance", "harvest", "oparl_harvester")


# -- the fake server ------------------------------------------------------------


class FakeServer:
    """The fake OParl server as a subprocess with its control API.

    :param papers: papers of the Body
    :param meetings: meetings
    :param files_per_paper: files per paper
    """

    def __init__(self, papers: int, meetings: int, files_per_paper: int) -> None:
        command = [
            sys.executable,
            str(FAKE_SERVER),
            f"--papers={papers}",
            f"--meetings={meetings}",
            f"--files-per-paper={files_per_paper}",
            "--port=0",
            "--lifetime=7200",
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError(f"fake OParl server did not start: {line!r}")
        self.url = line.split(" ", 1)[1]
        self.base = self.url.split("/oparl/", 1)[0]

    def control(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST to the control API.

        :param action: ``touch``, ``clock`` …
        :param payload: the JSON body
        """
        request = urllib.request.Request(
            f"{self.base}/_control/{action}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read())

    def stop(self) -> None:
        """End the subprocess (only this one)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


# -- the harvesting process --------------------------------------------------------


def bench_url(ini: str) -> str:
    """CKAN's ``sqlalchemy.url`` of the ini, pointed at the bench database."""
    from sqlalchemy.engine import make_url

    url = make_url(str(ckan_app.read_config(ini)["sqlalchemy.url"]))
    return url.set(database=BENCH_DB).render_as_string(hide_password=False)


def recreate_database(url: str) -> None:
    """Drop and create the bench database (never the ini's own)."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = sa.create_engine(
        target.set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{BENCH_DB}" OWNER "{target.username}"'))
    admin.dispose()


def ckan_settings(url: str, storage: str) -> dict[str, str]:
    """The settings that put CKAN on the bench database with the portal's
    plugins and a file storage of its own.

    :param url: the bench database's ``sqlalchemy.url``
    :param storage: the storage folder
    :returns: settings replacing the ini's
    """
    return {
        "sqlalchemy.url": url,
        "ckan.plugins": PLUGINS,
        "ckan.storage_path": storage,
        "ckan.files.storage.bench.type": "ckan:fs",
        "ckan.files.storage.bench.path": storage,
        "ckan.files.storage.bench.initialize": "true",
        "ckan.files.default_storages.default": "bench",
        "ckanext.dcat_ap_de.political_geocoding_level": (
            "http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict"
        ),
        "ckanext.dcat_ap_de.political_geocoding": (
            "http://dcat-ap.de/def/politicalGeocoding/districtKey/15088"
        ),
        # the fake OParl server is a child process on loopback
        "ckanext.outbound.allow": "127.0.0.1",
        "ckanext.privacy_clearance.notify": "false",
        # the personal-data scan runs later in a worker; nothing is queued
        "ckanext.privacy_clearance.scan": "false",
    }


def prepare_schema(url: str) -> None:
    """CKAN's tables and the migrations of the plugins the harvest needs."""
    import ckan.model as model
    from ckan.cli.db import _run_migrations

    from ckanext.pg_search.model import upgrade_schema

    pooled = model.meta.engine
    model.repo.init_db()
    for plugin in MIGRATIONS:
        _run_migrations(plugin)
    if model.meta.engine is not pooled:  # keep the pooled engine (see bench_search)
        model.meta.engine.dispose()
        model.init_model(pooled)
    upgrade_schema(url)


def create_source(server_url: str, label: str) -> str:
    """An organisation and an OParl harvest source; returns the source id."""
    import ckan.plugins.toolkit as tk

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site["name"], "ignore_auth": True}
    org = tk.get_action("organization_create")(
        dict(context),
        {
            "name": f"sitzungsdienst-{label}",
            "title": "Landkreis Musterkreis – Sitzungsdienst",
            "email": "sitzungsdienst@musterkreis.example",
            "url": "https://www.musterkreis.example",
            "dcat_type": "LocalAuthority",
        },
    )
    settings = {"contact_email": "sitzungsdienst@musterkreis.example", "kinds": KINDS}
    source = tk.get_action("harvest_source_create")(
        dict(context),
        {
            "name": f"ris-{label}",
            "title": "Ratsinformationssystem Musterkreis",
            "url": server_url,
            "source_type": "oparl",
            "frequency": "MANUAL",
            "owner_org": org["id"],
            "config": json.dumps(settings),
        },
    )
    return source["id"]


def harvest(source_id: str) -> dict[str, Any]:
    """One harvest job: gather, then fetch and import every object."""
    import ckan.plugins as plugins
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject

    harvester = plugins.get_plugin("oparl_harvester")
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site["name"], "ignore_auth": True}
    job_dict = tk.get_action("harvest_job_create")(
        context, {"source_id": source_id, "run": False}
    )
    job = HarvestJob.get(job_dict["id"])
    job.status = "Running"
    job.save()
    started = time.perf_counter()
    ids = queue.gather_stage(harvester, job) or []
    gathered = time.perf_counter()
    statuses: dict[str, int] = {}
    for object_id in ids:
        obj = HarvestObject.get(object_id)
        queue.fetch_and_import_stages(harvester, obj)
        statuses[obj.report_status] = statuses.get(obj.report_status, 0) + 1
    finished = time.perf_counter()
    tk.get_action("harvest_jobs_run")({"ignore_auth": True}, {"source_id": source_id})
    errors = [
        e.message
        for e in model.Session.query(HarvestGatherError).filter_by(
            harvest_job_id=job.id
        )
    ]
    return {
        "gather_s": gathered - started,
        "import_s": finished - gathered,
        "total_s": finished - started,
        "datasets": statuses,
        "errors": errors,
    }


def stored_objects(source_id: str) -> dict[str, int]:
    """Objects in the harvester's store by OParl type."""
    import sqlalchemy as sa
    from ckan import model

    from ckanext.oparl_harvester.model import oparl_object as t

    query = (
        sa.select(t.c.type, sa.func.count())
        .where(t.c.source_id == source_id, ~t.c.deleted)
        .group_by(t.c.type)
    )
    with model.meta.engine.connect() as conn:
        return dict(conn.execute(query).tuples().all())


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux: kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(args: argparse.Namespace) -> None:
    """One harvest run in this process; prints its figures as JSON."""
    url = bench_url(args.ini)
    with ckan_app.running(args.ini, ckan_settings(url, args.storage)):
        if args.worker == "full":
            prepare_schema(url)
            source_id = create_source(args.server, args.label)
        else:
            source_id = args.source
        baseline = peak_rss_mb()
        result = harvest(source_id)
        result.update(
            source_id=source_id,
            rss_baseline_mb=baseline,
            rss_peak_mb=peak_rss_mb(),
            objects=stored_objects(source_id),
        )
    print("RESULT " + json.dumps(result), flush=True)


# -- orchestration ------------------------------------------------------------------


def run_worker(args: argparse.Namespace, *extra: str) -> dict[str, Any]:
    """Run one harvest in a child process and return its figures."""
    command = [
        sys.executable,
        __file__,
        f"--ini={args.ini}",
        f"--storage={args.storage}",
        *extra,
    ]
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, timeout=4 * 3600
    )
    for line in output.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(f"no result from {command}:\n{output.stderr[-3000:]}")


def bench_size(args: argparse.Namespace, papers: int, meetings: int) -> dict[str, Any]:
    """Full run, 1% touched, incremental run, for one size."""
    server = FakeServer(papers, meetings, args.files_per_paper)
    try:
        label = f"p{papers}"
        full = run_worker(
            args, "--worker=full", f"--server={server.url}", f"--label={label}"
        )
        # the server's clock stands at its start; bring it to now so the
        # touched objects are newer than the first run
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        server.control("clock", {"set": now})
        for type_name in ("Paper", "Meeting"):
            server.control("touch", {"type": type_name, "share": args.share})
        time.sleep(1)
        incremental = run_worker(
            args, "--worker=incremental", f"--source={full['source_id']}"
        )
    finally:
        server.stop()
    return {
        "papers": papers,
        "meetings": meetings,
        "full": full,
        "incremental": incremental,
    }


def report(results: list[dict[str, Any]]) -> str:
    """The figures as a Markdown table."""
    lines = [
        "| Papers | Objects | Full run | Objects/s | Incremental (1 %) | Ratio "
        "| Peak RSS full (growth) | Peak RSS incr. (growth) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        full, incr = r["full"], r["incremental"]
        objects = sum(full["objects"].values())
        ratio = incr["total_s"] / full["total_s"]
        lines.append(
            f"| {r['papers']:,} | {objects:,} | {full['total_s']:.1f} s "
            f"(gather {full['gather_s']:.1f} s) | {objects / full['total_s']:,.0f} "
            f"| {incr['total_s']:.1f} s | {ratio:.1%} "
            f"| {full['rss_peak_mb']:.0f} MB "
            f"(+{full['rss_peak_mb'] - full['rss_baseline_mb']:.0f} MB) "
            f"| {incr['rss_peak_mb']:.0f} MB "
            f"(+{incr['rss_peak_mb'] - incr['rss_baseline_mb']:.0f} MB) |"
        )
    errors = [
        e for r in results for run in ("full", "incremental") for e in r[run]["errors"]
    ]
    lines += ["", *(f"Fehler: {e}" for e in errors)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ini", default=str(ROOT / "test.ini"))
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--meetings", type=int, default=3_000)
    parser.add_argument("--files-per-paper", type=int, default=3)
    parser.add_argument("--small-papers", type=int, default=2_000)
    parser.add_argument("--share", type=float, default=0.01)
    parser.add_argument("--out", default=str(ROOT / ".local" / "bench-oparl.md"))
    # internal: one harvest run in a child process
    parser.add_argument("--worker", choices=("full", "incremental"))
    parser.add_argument("--storage")
    parser.add_argument("--server")
    parser.add_argument("--label")
    parser.add_argument("--source")
    args = parser.parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    recreate_database(bench_url(args.ini))
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-oparl-") as storage:
        args.storage = storage
        sizes = [(args.small_papers, args.meetings * args.small_papers // args.papers)]
        sizes.append((args.papers, args.meetings))
        for papers, meetings in sizes:
            print(f"… {papers:,} Vorlagen, {meetings:,} Sitzungen", file=sys.stderr)
            results.append(bench_size(args, papers, meetings))
    table = report(results)
    print(table)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table + "\n\n```json\n" + json.dumps(results, indent=1) + "\n```\n")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
