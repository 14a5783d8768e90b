"""The OParl harvester in the real ckanext-harvest flow, against the fake
OParl server: gather, fetch and import as ckanext-harvest runs them, into a
portal with the DCAT-AP.de schema and the privacy clearance."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories
from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestSource
from ckanext.harvest.tests.lib import run_harvest_job

from ckanext.oparl_harvester import ckan_db, crawl, publish, rowcache
from ckanext.oparl_harvester.model import oparl_object
from ckanext.oparl_harvester.store import run_report
from ckanext.privacy_clearance import storage
from tests.dcat_ap_de.conftest import (  # noqa: F401 - needs_shared is a fixture
    PORTAL_SETTINGS,
    needs_shared,
    shared_settings,
)

from .fake_oparl import FakeOParl

# oparl_harvester before harvest: its templates (settings help, run report)
# override ckanext-harvest's
PLUGINS = (
    "pg_search activity oparl_harvester harvest dcat scheming_datasets "
    "scheming_organizations dcat_ap_de privacy_clearance"
)
SETTINGS = {
    **PORTAL_SETTINGS,
    **shared_settings(),
    "ckan.plugins": PLUGINS,
    # test-sized limits: a failing server answers within a second
    "ckanext.oparl_harvester.max_retries": "1",
    "ckanext.oparl_harvester.backoff": "0.01",
    "ckanext.oparl_harvester.backoff_cap": "0.05",
    "ckanext.oparl_harvester.max_seconds": "30",
    "ckanext.oparl_harvester.breaker_threshold": "100",
    "ckanext.oparl_harvester.batch_size": "40",
    # the personal-data scan of submissions is a background job of its own
    # (tested with privacy_clearance); none is queued from here
    "ckanext.privacy_clearance.scan": "false",
}
CONTACT = "sitzungsdienst@musterkreis.example"


def portal(fn: Any) -> Any:
    """Run a test (class) in the portal with the harvester's tables."""
    for key, value in SETTINGS.items():
        fn = pytest.mark.ckan_config(key, value)(fn)
    return pytest.mark.usefixtures("with_plugins", "oparl_db")(fn)


@pytest.fixture
def oparl_db(with_plugins: None, non_clean_db: None, migrate_db_for: Any) -> None:
    """CKAN's tables plus those of activity, privacy_clearance, harvest and
    oparl_harvester (`ckan db upgrade -p …`), checked before every test:
    tests that reset the database drop CKAN's tables, not the schemas."""
    inspector = sa.inspect(model.meta.engine)
    if "permission_labels" not in {
        c["name"] for c in inspector.get_columns("activity")
    }:
        migrate_db_for("activity")
    newest = "privacy_clearance_governance"  # of the newest migration
    if not inspector.has_table(newest, schema="privacy_clearance"):
        migrate_db_for("privacy_clearance")
    if not inspector.has_table("harvest_object"):
        migrate_db_for("harvest")
    # the newest table: an older schema is upgraded to the head revision
    if not inspector.has_table("oparl_harvester_list", schema="oparl_harvester"):
        migrate_db_for("oparl_harvester")


@pytest.fixture
def fake_clock(oparl_server: FakeOParl, monkeypatch: pytest.MonkeyPatch) -> None:
    """The harvest clock is the fake server's clock (which only the test
    moves), so ``modified_since`` and the server's stamps fit together."""
    monkeypatch.setattr(
        crawl, "utcnow", lambda: oparl_server.clock.now.astimezone(dt.UTC)
    )


def call(action: str, as_user: dict[str, Any] | None = None, **data: Any) -> Any:
    context = {"user": as_user["name"]} if as_user else {"ignore_auth": True}
    return tk.get_action(action)(context, data)


@dataclass
class Run:
    """One harvest job: results per dataset name, errors, the run report."""

    results: dict[str, dict[str, Any]]
    errors: list[str]
    report: dict[str, Any]

    def status(self) -> dict[str, str]:
        return {guid: r["report_status"] for guid, r in self.results.items()}

    def dataset(self, slug: str) -> dict[str, Any]:
        (guid,) = [g for g in self.results if f"-{slug}-" in g]
        return call("package_show", id=guid)


@dataclass
class Portal:
    """A county office with a sysadmin, a designated reviewer and the fake
    OParl server."""

    server: FakeOParl
    sysadmin: dict[str, Any] = field(default_factory=factories.Sysadmin)
    reviewer: dict[str, Any] = field(default_factory=factories.User)
    org: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.org = factories.Organization(
            title="Landkreis Musterkreis – Sitzungsdienst",
            email=CONTACT,
            url="https://www.musterkreis.example",
            dcat_type="LocalAuthority",
            users=[{"name": self.reviewer["name"], "capacity": "member"}],
        )
        call(
            "privacy_reviewer_add",
            self.sysadmin,
            owner_org=self.org["id"],
            user=self.reviewer["name"],
        )

    def source(self, **settings: Any) -> dict[str, Any]:
        name = f"ris-{uuid.uuid4().hex[:6]}"
        return call(
            "harvest_source_create",
            self.sysadmin,
            name=name,
            title="Ratsinformationssystem Musterkreis",
            url=self.server.url,
            source_type="oparl",
            frequency="MANUAL",
            owner_org=self.org["id"],
            # ckanext-harvest wants URL and settings unique per source
            config=json.dumps(
                {"contact_email": CONTACT, "contact_name": f"Büro {name}", **settings}
            ),
        )

    def run(self, source: dict[str, Any]) -> Run:
        self.server.clock.advance(600)  # every run starts later than the last
        job = call(
            "harvest_job_create", self.sysadmin, source_id=source["id"], run=False
        )
        harvester = plugins.get_plugin("oparl_harvester")
        results = run_harvest_job(HarvestJob.get(job["id"]), harvester)
        errors = [
            e.message
            for e in model.Session.query(HarvestGatherError).filter_by(
                harvest_job_id=job["id"]
            )
        ]
        report = run_report(model.meta.engine, job["id"]) or {}
        return Run(results, errors, report)


@pytest.fixture
def office(oparl_server: FakeOParl, fake_clock: None) -> Portal:
    return Portal(oparl_server)


# -- helpers -----------------------------------------------------------------


def snapshot_rows(dataset: dict[str, Any], fmt: str = "csv") -> list[dict[str, Any]]:
    """All rows of a dataset's snapshots of one format, read back from CKAN's
    file storage."""
    rows: list[dict[str, Any]] = []
    for resource in dataset["resources"]:
        if not resource.get("oparl_partition") or resource["format"] != fmt.upper():
            continue
        chunks = storage.chunks(resource)
        assert chunks is not None, resource["name"]
        text = b"".join(chunks).decode("utf-8")
        if fmt == "csv":
            rows.extend(csv.DictReader(io.StringIO(text)))
        else:
            rows.extend(json.loads(text))
    return rows


def stored(source_id: str, type_name: str) -> dict[str, dict[str, Any] | None]:
    """The store's objects of one type: id → data (``None``: removed)."""
    query = sa.select(oparl_object.c.oparl_id, oparl_object.c.data).where(
        oparl_object.c.source_id == source_id, oparl_object.c.type == type_name
    )
    with model.meta.engine.connect() as conn:
        return dict(conn.execute(query).tuples().all())


def file_state(dataset: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    return {
        r["oparl_resource"]: (r["id"], r.get("hash") or "", r.get("url") or "")
        for r in dataset["resources"]
    }


def activities(package_id: str) -> int:
    return len(call("package_activity_list", id=package_id, limit=100))


# -- full harvests -------------------------------------------------------------


@portal
class TestFullHarvest:
    def test_oparl_11_creates_private_submitted_datasets(self, office):
        source = office.source()
        run = office.run(source)
        assert run.errors == []
        assert set(run.status().values()) == {"added"}
        kinds = sorted(guid.rsplit("-", 2)[1] for guid in run.results)
        assert kinds == ["gremien", "schnittstelle", "sitzungen", "vorlagen"]
        for guid in run.results:
            dataset = call("package_show", id=guid)
            assert dataset["private"] is True
            shown = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
            assert shown["state"] == "submitted"
            assert shown["harvest_source_id"] == source["id"]
        papers = run.dataset("vorlagen")
        rows = snapshot_rows(papers)
        assert len(rows) == office.server.count("Paper")
        assert len({r["id"] for r in rows}) == len(rows)
        assert len(snapshot_rows(papers, "json")) == len(rows)
        keys = [r["oparl_resource"] for r in papers["resources"]]
        assert keys[-1] == "live" and "2024.csv" in keys and "2024.json" in keys
        uploaded = [r for r in papers["resources"] if r.get("oparl_partition")]
        assert all(r["url_type"] == "upload" and len(r["hash"]) == 64 for r in uploaded)

    def test_privacy_filter_reaches_snapshots_and_report(self, office):
        source = office.source(kinds=["meetings", "papers", "organizations", "persons"])
        run = office.run(source)
        assert run.errors == []
        meetings = snapshot_rows(run.dataset("sitzungen"))
        assert meetings and not any(
            "nichtöffentlich" in (r["agenda_item_name"] or "") for r in meetings
        )
        assert all(r["agenda_item_public"] != "false" for r in meetings)
        persons = run.dataset("mandatstraeger")
        text = json.dumps(snapshot_rows(persons, "json"), ensure_ascii=False)
        assert "@kreistag.musterkreis.example" not in text and "+49" not in text
        stored_meetings = stored(source["id"], "Meeting").values()
        assert not any("participant" in (m or {}) for m in stored_meetings)
        stored_persons = [p for p in stored(source["id"], "Person").values() if p]
        assert stored_persons and not any(
            {"email", "phone", "location"} & p.keys() for p in stored_persons
        )
        lines = " ".join(run.report["privacy"])
        assert "meeting_participant" in lines and "person_contact" in lines
        assert "agenda_item_not_public" in lines

    def test_cached_rows_give_the_same_snapshots(self, office, monkeypatch, tmp_path):
        source = office.source(kinds=["meetings", "papers", "organizations", "persons"])
        run = office.run(source)
        src = publish.source_of(HarvestSource.get(source["id"]))
        store = ckan_db.store(source["id"])
        built = {}
        for version in (rowcache.ROWS_VERSION, "veraltet"):
            monkeypatch.setattr(rowcache, "ROWS_VERSION", version)
            for name, row in store.datasets().items():
                folder = tmp_path / version / name
                folder.mkdir(parents=True)
                result = publish.build(
                    store, src, row["body_id"], row["kind"], name, folder
                )
                built[version, name] = result.build_hash
        assert len(built) == 2 * len(run.results)
        for (_, name), digest in built.items():
            assert built["veraltet", name] == digest, name

    @pytest.mark.usefixtures("needs_shared")
    def test_oparl_10_datasets_validate_clean(self, office):
        office.server.reset(version="1.0")
        run = office.run(office.source())
        assert run.errors == []
        assert "OParl 1.0" in run.report["lists"][0]
        for guid in run.results:
            dataset = call("package_show", id=guid)
            report = call("dcat_ap_de_validate_dataset", id=dataset["id"])
            assert report["counts"]["violations"] == 0, (guid, report["violations"])
        papers = run.dataset("vorlagen")
        assert "https://schema.oparl.org/1.0/" in papers["resources"][-1]["conforms_to"]
        assert len(snapshot_rows(papers)) == office.server.count("Paper")


# -- incremental runs ------------------------------------------------------------


@portal
class TestIncremental:
    def test_picks_up_exactly_the_changes(self, office):
        server = office.server
        source = office.source()
        first = office.run(source)
        organizations = first.dataset("gremien")
        touched = server.sample_ids("Paper", n=3)
        deleted = [i for i in server.sample_ids("Paper", n=6) if i not in touched][:2]
        server.touch(touched)
        server.delete(deleted)
        touch_time = server.clock.now.isoformat(timespec="seconds")
        added = server.add("Paper", 2)
        requests_before = server.request_count
        second = office.run(source)
        assert second.errors == []
        assert any(
            "Vorlagen: 2 neu, 3 geändert, 2 entfernt" in x
            for x in second.report["lists"]
        ), second.report
        assert server.requests_to("modified_since") >= 1
        # incremental: far fewer requests than the first, full run
        assert server.request_count - requests_before < 10
        papers = {r["id"]: r for r in snapshot_rows(second.dataset("vorlagen"))}
        assert len(papers) == server.count("Paper")
        assert not set(deleted) & papers.keys() and set(added) <= papers.keys()
        assert {papers[i]["modified"] for i in touched} == {touch_time}
        status = second.status()
        assert status[second.dataset("vorlagen")["name"]] == "updated"
        assert organizations["name"] not in status  # nothing changed there
        after = call("package_show", id=organizations["id"])
        assert after["metadata_modified"] == organizations["metadata_modified"]

    def test_standing_clearance_publishes_the_next_run(self, office):
        server = office.server
        source = office.source()
        papers = office.run(source).dataset("vorlagen")
        shown = call("privacy_clearance_show", office.reviewer, id=papers["id"])
        call(
            "privacy_clearance_approve",
            office.reviewer,
            id=papers["id"],
            fingerprint=shown["fingerprint"],
            checklist={
                "personal_data": False,
                "third_party_rights": True,
                "secrets": True,
                "statistical_confidentiality": True,
                "security": True,
            },
            standing=True,
        )
        server.add("Paper", 1)
        again = office.run(source).dataset("vorlagen")
        assert again["private"] is False
        assert len(snapshot_rows(again)) == server.count("Paper")

    def test_full_resync_removes_what_vanished_without_trace(self, office):
        server = office.server
        source = office.source(full_resync_days=7)
        office.run(source)
        (gone,) = server.sample_ids("Paper", n=1)
        server.depublish([gone])  # no `deleted` stub: only a full list shows it
        incremental = office.run(source)
        assert incremental.report["full"] is False
        assert stored(source["id"], "Paper")[gone] is not None
        server.clock.advance(8 * 86400)
        full = office.run(source)
        assert full.report["full"] is True and full.errors == []
        assert stored(source["id"], "Paper")[gone] is None
        rows = snapshot_rows(full.dataset("vorlagen"))
        assert gone not in {r["id"] for r in rows}
        assert len(rows) == server.count("Paper")

    def test_synthetic_timestamps_are_judged_by_content(self, office):
        server = office.server
        server.reset(vendor="more-rubin")  # OParl 1.0, stamps = fetch day
        source = office.source()
        first = office.run(source)
        assert first.errors == [] and "more! rubin" in first.report["lists"][0]
        server.clock.advance(86400)  # every object gets a new `modified`
        second = office.run(source)
        assert second.errors == []
        assert set(second.status().values()) == {"not modified"}
        assert not any(" geändert" in line for line in second.report["lists"])
        (added,) = server.add("Paper", 1)
        third = office.run(source)
        papers = {r["id"] for r in snapshot_rows(third.dataset("vorlagen"))}
        assert added in papers and len(papers) == server.count("Paper")
        assert any("Vorlagen: 1 neu, 0 geändert" in x for x in third.report["lists"])

    def test_rerun_without_changes_changes_nothing(self, office):
        source = office.source()
        first = office.run(source)
        before = {guid: call("package_show", id=guid) for guid in first.results}
        counts = {guid: activities(d["id"]) for guid, d in before.items()}
        second = office.run(source)
        assert second.errors == []
        assert set(second.status().values()) <= {"not modified"}
        for guid, old in before.items():
            new = call("package_show", id=guid)
            assert new["metadata_modified"] == old["metadata_modified"], guid
            assert file_state(new) == file_state(old), guid
            assert activities(new["id"]) == counts[guid], guid

    def test_a_failed_list_does_not_hold_back_the_others(self, office):
        server = office.server
        source = office.source(full_resync_days=7)
        server.faults.enable("permanent_500", path="/paper?page=2")
        first = office.run(source)  # full run; the papers list breaks off
        assert any("Vorlagen: Liste unvollständig" in e for e in first.errors)
        server.faults.clear()
        requests_before = server.request_count
        second = office.run(source)
        assert second.errors == [] and second.report["full"] is False
        (papers_line,) = [x for x in second.report["lists"] if "/paper" in x]
        assert "vollständig gelesen" in papers_line  # not from a watermark
        assert len(stored(source["id"], "Paper")) == server.count("Paper")
        # the other lists were asked for changes only: a handful of requests
        # besides the papers list's pages
        paper_pages = server.requests_to("/body/1/paper")
        assert server.request_count - requests_before - paper_pages < 10
        third = office.run(source)
        assert not any("vollständig gelesen" in x for x in third.report["lists"])
        assert server.requests_to("/body/1/paper?modified_since") >= 1

    def test_a_body_that_appears_later_is_read_in_full(self, office):
        server = office.server
        source = office.source()
        first = office.run(source)
        assert len(first.results) == 4
        now = server.clock.now
        server.reset(bodies=2)  # the town joins the council system
        server.clock.set(now)
        second = office.run(source)
        assert second.errors == [] and second.report["full"] is False
        town = [g for g in second.results if g not in first.results]
        assert len(town) == 4
        (papers,) = [g for g in town if "-vorlagen-" in g]
        rows = snapshot_rows(call("package_show", id=papers))
        # every paper of the new Body, however old: its lists had no watermark
        assert len(rows) == server.count("Paper", body=2) > 0

    @pytest.mark.usefixtures("needs_shared")
    def test_oparl_10_files_are_collected_from_papers_and_meetings(self, office):
        server = office.server
        server.reset(version="1.0")
        kinds = ["meetings", "papers", "organizations", "files"]
        source = office.source(kinds=kinds)
        first = office.run(source)
        assert first.errors == []
        assert any("Dokumente: gesammelt aus" in x for x in first.report["lists"])
        documents = first.dataset("dokumente")
        report = call("dcat_ap_de_validate_dataset", id=documents["id"])
        assert report["counts"]["violations"] == 0, report["violations"]
        files = {r["id"] for r in snapshot_rows(documents)}
        assert files == set(stored(source["id"], "File"))
        assert len(files) >= server.count("Paper")  # each paper has a main file
        (added,) = server.add("Paper", 1)
        second = office.run(source)
        assert second.errors == [] and second.report["full"] is False
        new_files = {r["id"] for r in snapshot_rows(second.dataset("dokumente"))}
        assert files < new_files
        embedded = call("package_show", id=second.dataset("vorlagen")["id"])
        assert added in {r["id"] for r in snapshot_rows(embedded)}


# -- faults and the brake -------------------------------------------------------


@portal
class TestRobustness:
    def test_failing_lists_keep_harvested_data(self, office):
        server = office.server
        source = office.source(full_resync_days=0)  # every run a full one
        papers = office.run(source).dataset("vorlagen")
        faults = {
            "permanent_500": ({"path": "/paper?page=3"}, "HTTP 500"),
            "next_loop": ({"page": 2, "to_page": 1}, "Endlosschleife"),
        }
        for name, (params, expected) in faults.items():
            server.faults.clear()
            server.faults.enable(name, **params)
            run = office.run(source)
            text = " ".join(run.errors)
            assert "Vorlagen: Liste unvollständig" in text and expected in text
            # a full run, but nothing unseen was removed: the list was incomplete
            assert all(stored(source["id"], "Paper").values())
            assert len(stored(source["id"], "Paper")) == server.count("Paper")
            after = call("package_show", id=papers["id"])
            assert file_state(after) == file_state(papers)

    def test_unreadable_server_is_a_harvest_error(self, office):
        source = office.source()
        first = office.run(source)
        office.server.faults.enable("permanent_500", path="/system")
        second = office.run(source)
        assert second.results == {}
        assert any("Server nicht lesbar" in e for e in second.errors)
        for guid in first.results:
            assert call("package_show", id=guid)["state"] == "active"

    def test_vanished_body_keeps_its_datasets(self, office):
        server = office.server
        server.reset(bodies=2)
        source = office.source()
        first = office.run(source)
        assert len(first.results) == 8  # API + 3 kinds, for county and town
        now = server.clock.now
        server.reset(bodies=1)  # the town's Body is gone from the server
        server.clock.set(now)
        second = office.run(source)
        (message,) = second.errors
        assert "„Stadt Musterstadt“" in message and "nicht mehr" in message
        for guid in first.results:
            assert call("package_show", id=guid)["state"] == "active"

    def test_purged_dataset_is_built_again_from_the_store(self, office):
        source = office.source()
        papers = office.run(source).dataset("vorlagen")
        call("dataset_purge", id=papers["id"])
        requests_before = office.server.request_count
        second = office.run(source)  # nothing changed upstream
        assert second.status()[papers["name"]] == "added"
        again = call("package_show", id=papers["name"])
        assert len(snapshot_rows(again)) == office.server.count("Paper")
        assert office.server.request_count - requests_before < 10

    def test_mass_deletion_brake_stops_the_list(self, app, office):
        server = office.server
        source = office.source(max_delete_share=0.2)
        first = office.run(source)
        papers = first.dataset("vorlagen")
        server.delete(server.sample_ids("Paper", share=0.3))
        second = office.run(source)
        (message,) = [e for e in second.errors if "Löschbremse" in e]
        assert "Vorlagen" in message and "max_delete_share" in message
        assert all(stored(source["id"], "Paper").values())
        assert file_state(call("package_show", id=papers["id"])) == file_state(papers)
        # the job page shows the harvester's report
        user = factories.SysadminWithToken()
        page = app.get(
            f"/harvest/{source['name']}/job/last",
            headers={"Authorization": user["token"]},
        )
        assert "Bericht des OParl-Harvesters" in page.body
        assert "Löschbremse" in page.body

    def test_small_removals_pass_the_brake(self, office):
        server = office.server
        source = office.source(kinds=["organizations"], max_delete_share=0.1)
        office.run(source)
        organizations = server.count("Organization")
        gone = server.sample_ids("Organization", n=2)
        assert organizations * 0.1 < 2  # over the share, not over the minimum (5)
        server.delete(gone)
        second = office.run(source)
        assert not any("Löschbremse" in e for e in second.errors)
        assert [stored(source["id"], "Organization")[i] for i in gone] == [None, None]
        rest = organizations - 2
        server.delete(server.sample_ids("Organization", share=1.0))
        third = office.run(source)
        (message,) = [e for e in third.errors if "Löschbremse" in e]
        assert f"{rest} von {rest}" in message
        kept = stored(source["id"], "Organization").values()
        assert sum(v is not None for v in kept) == rest


@portal
class TestSourceLifecycle:
    def test_clearing_the_source_forgets_the_store(self, office):
        source = office.source()
        first = office.run(source)
        call("harvest_source_clear", office.sysadmin, id=source["id"])
        assert stored(source["id"], "Paper") == {}
        assert ckan_db.store(source["id"]).state() == {}
        again = office.run(source)
        assert again.report["full"] is True and again.errors == []
        assert sorted(again.results) == sorted(first.results)
        assert set(again.status().values()) == {"added"}
        papers = again.dataset("vorlagen")
        assert len(snapshot_rows(papers)) == office.server.count("Paper")

    def test_clearing_the_job_history_drops_old_reports(self, office):
        source = office.source()
        office.run(source)
        jobs = [j["id"] for j in call("harvest_job_list", source_id=source["id"])]
        assert all(run_report(model.meta.engine, j) for j in jobs)
        call("harvest_source_job_history_clear", office.sysadmin, id=source["id"])
        assert [run_report(model.meta.engine, j) for j in jobs] == [None] * len(jobs)
        assert len(stored(source["id"], "Paper")) == office.server.count("Paper")


# -- the source form --------------------------------------------------------------


@portal
class TestSourceSettings:
    def test_invalid_settings_are_refused_in_german(self, office):
        with pytest.raises(tk.ValidationError) as error:
            office.source(kinds=["sitzungen"], max_delete_share=3)
        text = str(error.value.error_dict["config"])
        assert "Objektarten" in text and "Höchstanteil Löschungen" in text

    def test_form_explains_the_settings(self, app, office):
        user = factories.SysadminWithToken()
        headers = {"Authorization": user["token"]}
        page = app.get("/harvest/new", headers=headers)
        assert "Einstellungen für OParl-Quellen" in page.body
        assert "max_delete_share" in page.body

    def test_form_in_english(self, app, office):
        user = factories.SysadminWithToken()
        page = app.get("/en/harvest/new", headers={"Authorization": user["token"]})
        assert "Settings for OParl sources (council information system)" in page.body
        assert "One entry per line." in page.body
        assert "Einstellungen für OParl-Quellen" not in page.body

    def test_form_has_a_field_for_each_main_setting(self, app, office):
        user = factories.SysadminWithToken()
        page = app.get("/harvest/new", headers={"Authorization": user["token"]})
        body = page.body
        assert 'type="email"' in body and 'name="oparl_harvester_contact_email"' in body
        for label in ("Kontakt-E-Mail", "Objektarten", "Datenschutzprofil"):
            assert f">{label}<" in body or f"{label}</label>" in body, label
        assert body.count('name="oparl_harvester_kinds"') == 5
        assert "eine Datei je Wahlperiode" in body  # partition
        assert ">Streng<" in body  # privacy profile
        assert 'value="dl-by-de/2.0"' in body  # licence list of dcat-ap.de

    def _post_source(self, app, office, user, **fields):
        data = {
            "name": f"ris-form-{uuid.uuid4().hex[:6]}",
            "title": "Ratsinformationssystem aus dem Formular",
            "url": office.server.url + f"?form={uuid.uuid4().hex[:6]}",
            "source_type": "oparl",
            "frequency": "MANUAL",
            "owner_org": office.org["id"],
            "config": "",
            "save": "",
            **fields,
        }
        response = app.post(
            "/harvest/new",
            data=data,
            headers={"Authorization": user["token"]},
            follow_redirects=False,
        )
        return data["name"], response

    def test_form_fields_become_the_settings(self, app, office):
        user = factories.SysadminWithToken()
        name, response = self._post_source(
            app,
            office,
            user,
            oparl_harvester_contact_email=" ratsbuero@musterkreis.example ",
            oparl_harvester_kinds=["meetings", "papers"],
            oparl_harvester_partition="term",
            oparl_harvester_privacy_profile="strict",
            oparl_harvester_contact_name="",
            oparl_harvester_bodies="",
        )
        assert response.status_code == 302, response.body
        source = call("harvest_source_show", id=name)
        assert json.loads(source["config"]) == {
            "contact_email": "ratsbuero@musterkreis.example",
            "kinds": ["meetings", "papers"],
            "partition": "term",
            "privacy_profile": "strict",
        }
        assert not any(k.startswith("oparl_harvester_") for k in source)
        edit = app.get(
            f"/harvest/edit/{name}", headers={"Authorization": user["token"]}
        )
        assert 'value="ratsbuero@musterkreis.example"' in edit.body
        assert 'value="papers"\n                     checked' in edit.body
        assert 'value="files"\n                     checked' not in edit.body

    def test_a_wrong_field_is_refused_in_german_and_kept(self, app, office):
        user = factories.SysadminWithToken()
        name, response = self._post_source(
            app, office, user, oparl_harvester_contact_email="sitzungsdienst(at)kreis"
        )
        assert response.status_code == 200
        assert "Kontakt-E-Mail (contact_email)" in response.body
        assert 'value="sitzungsdienst(at)kreis"' in response.body  # input kept
        with pytest.raises(tk.ObjectNotFound):
            call("harvest_source_show", id=name)
