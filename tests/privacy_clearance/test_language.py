"""The languages of the clearance: English message ids, German and English
catalogues; pages in the request's language, stored texts and e-mails in the
portal's (German in these tests)."""

from __future__ import annotations

import html
import io
import zipfile
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ckanext.privacy_clearance import jobs, language, storage

from .conftest import call, make_office, portal


def _submitted_dataset() -> tuple[Any, dict[str, Any]]:
    office = make_office()
    dataset = call(
        "package_create",
        office.editor,
        name=factories.Dataset.stub().name,
        title="Wahlbezirke 2026",
        owner_org=office.org["id"],
    )
    call("privacy_clearance_submit", office.editor, id=dataset["id"])
    return office, dataset


def _page(app: Any, office: Any, dataset: dict[str, Any], prefix: str = "") -> str:
    url = tk.h.url_for("privacy_clearance.dataset", id=dataset["name"])
    token = factories.APIToken(user=office.editor["name"])["token"]
    page = app.get(prefix + url, headers={"Authorization": token})
    assert page.status_code == 200
    return html.unescape(page.body)


@portal()
class TestPageLanguage:
    def test_the_page_speaks_english_in_english(self, app: Any) -> None:
        office, dataset = _submitted_dataset()
        body = _page(app, office, dataset, prefix="/en")
        assert "Review deadline" in body
        assert "History" in body
        assert "Submitted" in body  # the state label of workflow.yaml
        assert "Frist für die Prüfung" not in body

    def test_the_page_speaks_german_by_default(self, app: Any) -> None:
        office, dataset = _submitted_dataset()
        body = _page(app, office, dataset)
        assert "Frist für die Prüfung" in body
        assert "Review deadline" not in body


def test_without_a_request_texts_speak_the_portals_language() -> None:
    # the scan job stores this sentence: the portal's language, German here
    assert language._("Not checked: no file to read.") == (
        "Nicht geprüft: keine Datei zum Lesen."
    )
    assert language.current_lang() == "de"


def test_mails_speak_the_portals_language_in_an_english_request(app: Any) -> None:
    with app.flask_app.test_request_context("/en/dataset"):
        assert language.portal_gettext("The portal") == "Das Portal"


def _stored_scan_note(monkeypatch: pytest.MonkeyPatch) -> str | None:
    """What the scan job stores for a Word document: why it was not checked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    monkeypatch.setattr(storage, "chunks", lambda _resource: [buffer.getvalue()])
    return jobs.scan_resource({"id": "r1", "url": "bericht.docx"})["error"]


@portal()
def test_scan_notes_are_stored_in_the_portals_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _stored_scan_note(monkeypatch) == (
        "Nicht geprüft: Word-Dokumente (DOCX) werden nicht durchsucht."
    )


@portal(**{"ckan.locale_default": "en"})
def test_scan_notes_are_stored_in_english_on_an_english_portal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _stored_scan_note(monkeypatch) == (
        "Not checked: Word documents (DOCX) are not scanned."
    )
