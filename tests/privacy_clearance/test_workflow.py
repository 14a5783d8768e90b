"""The clearance workflow through the action API, as publishers and
reviewers use it."""

from __future__ import annotations

from urllib.parse import quote

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ..outbound.conftest import ProbeServer
from .conftest import call, cleared_dataset, make_office, portal


@portal()
class TestWorkflow:
    def test_new_dataset_is_private_until_cleared(self):
        office = make_office()
        dataset = call(
            "package_create",
            office.editor,
            name=factories.Dataset.stub().name,
            owner_org=office.org["id"],
            private=False,
        )
        assert dataset["private"] is True
        shown = call("privacy_clearance_show", office.editor, id=dataset["id"])
        assert shown["state"] == "draft"
        assert shown["state_label"] == "Nicht eingereicht"

    def test_submit_approve_publishes(self):
        office = make_office()
        dataset = cleared_dataset(office)
        assert dataset["private"] is False
        shown = call("privacy_clearance_show", office.editor, id=dataset["id"])
        assert shown["state"] == "cleared"
        assert [e["action"] for e in shown["history"]] == ["submit", "approve"]
        assert shown["history"][-1]["checklist"]["third_party_rights"] is True

    def test_substantive_change_voids_and_hides(self):
        office = make_office()
        dataset = cleared_dataset(office)
        call(
            "package_patch", office.editor, id=dataset["id"], url="https://neu.example"
        )
        after = call("package_show", office.editor, id=dataset["id"])
        assert after["private"] is True
        shown = call("privacy_clearance_show", office.editor, id=dataset["id"])
        assert shown["state"] == "draft"
        assert shown["history"][-1]["action"] == "void"
        assert "url" in shown["history"][-1]["reason"]

    def test_title_typo_fix_keeps_clearance(self):
        office = make_office()
        dataset = cleared_dataset(office)
        call(
            "package_patch", office.editor, id=dataset["id"], title="Korrigierter Titel"
        )
        assert call("package_show", office.editor, id=dataset["id"])["private"] is False


@portal()
class TestUploadedFiles:
    def test_replaced_file_of_same_size_voids(self, create_with_upload):
        """Same name, same size, other content: the file hash tells."""
        office = make_office()
        dataset = call(
            "package_create",
            office.editor,
            name=factories.Dataset.stub().name,
            owner_org=office.org["id"],
        )
        resource = create_with_upload(
            "name;ort\nA;Halle\n",
            "liste.csv",
            package_id=dataset["id"],
            context={"user": office.editor["name"]},
        )
        call("privacy_clearance_submit", office.editor, id=dataset["id"])
        from .conftest import approve

        approve(office, dataset["id"])
        assert not call("package_show", office.editor, id=dataset["id"])["private"]
        create_with_upload(
            "name;ort\nB;Leuna\n",
            "liste.csv",
            action="resource_update",
            id=resource["id"],
            context={"user": office.editor["name"]},
        )
        assert call("package_show", office.editor, id=dataset["id"])["private"]
        shown = call("privacy_clearance_show", office.editor, id=dataset["id"])
        assert shown["state"] == "draft"
        assert any("file_sha256" in c["field"] for c in shown["changes"])


@portal()
class TestScanOnSubmission:
    def test_reviewer_sees_masked_hints(self, create_with_upload, monkeypatch):
        from ckanext.privacy_clearance import jobs

        queued: list[str] = []
        monkeypatch.setattr(jobs, "enqueue_scan", queued.append)
        office = make_office()
        dataset = call(
            "package_create",
            office.editor,
            name=factories.Dataset.stub().name,
            owner_org=office.org["id"],
        )
        create_with_upload(
            "Name;E-Mail;IBAN\nErika Mustermann;erika.mustermann@example.de;"
            "DE89370400440532013000\n",
            "kontakte.csv",
            package_id=dataset["id"],
            format="CSV",
            context={"user": office.editor["name"]},
        )
        call("privacy_clearance_submit", office.editor, id=dataset["id"])
        assert queued == [dataset["id"]]
        assert jobs.scan_dataset(dataset["id"]) >= 3  # what the worker runs
        shown = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
        findings = shown["scan"][0]["findings"]
        kinds = {f["kind"] for f in findings}
        assert {"email", "iban", "header"} <= kinds
        text = str(findings)
        assert "erika.mustermann@example.de" not in text
        assert "0532013000" not in text
        # hints never block: the dataset can still be approved
        from .conftest import approve

        assert approve(office, dataset["id"])["state"] == "cleared"


@pytest.fixture
def probe():
    server = ProbeServer()
    yield server
    server.stop()


def _linked_dataset(office, url: str) -> dict:
    dataset = call(
        "package_create",
        office.editor,
        name=factories.Dataset.stub().name,
        owner_org=office.org["id"],
        resources=[{"url": url, "format": "CSV", "name": "Liste"}],
    )
    return dataset


@portal()
class TestScanOfLinkedFiles:
    CSV = "Name;E-Mail\nErika Mustermann;erika.mustermann@example.de\n"

    def test_internal_address_is_never_fetched(self, probe, monkeypatch):
        from ckanext.privacy_clearance import jobs

        monkeypatch.setattr(jobs, "enqueue_scan", lambda package_id: None)
        office = make_office()
        dataset = _linked_dataset(office, f"{probe.origin}/text?body=geheim")
        call("privacy_clearance_submit", office.editor, id=dataset["id"])
        assert jobs.scan_dataset(dataset["id"]) == 0
        shown = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
        assert shown["scan"][0]["error"] == (
            "Nicht geprüft (Adresse nicht erlaubt: interne Netzadresse)."
        )
        assert probe.hits == []

    def test_allowed_server_is_scanned(self, probe, monkeypatch):
        from ckanext.privacy_clearance import jobs

        monkeypatch.setattr(jobs, "enqueue_scan", lambda package_id: None)
        monkeypatch.setitem(
            tk.config,
            "ckanext.outbound.allow",
            probe.hostport,
        )
        office = make_office()
        url = f"{probe.origin}/text?body={quote(self.CSV)}"
        dataset = _linked_dataset(office, url)
        call("privacy_clearance_submit", office.editor, id=dataset["id"])
        assert jobs.scan_dataset(dataset["id"]) >= 1
        shown = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
        assert "email" in {f["kind"] for f in shown["scan"][0]["findings"]}
        assert probe.hits == ["/text"]
