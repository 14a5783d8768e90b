"""E-mails of the clearance workflow, received by a real SMTP server."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests import factories

from ckanext.privacy_clearance import clearance

from .conftest import Office, approve, call, cleared_dataset, make_office, portal
from .smtp import Mailbox, free_port, smtp_server_fixture  # noqa: F401

TITLE = "Schülerzahlen der Grundschulen (Übersicht)"


def submitted(office: Office, **fields: Any) -> dict[str, Any]:
    """A dataset with a German title, created and submitted by the editor."""
    dataset = call(
        "package_create",
        office.editor,
        name=factories.Dataset.stub().name,
        title=TITLE,
        owner_org=office.org["id"],
        resources=[{"url": "https://daten.example/schule.csv", "format": "CSV"}],
        **fields,
    )
    call("privacy_clearance_submit", office.editor, id=dataset["id"])
    return dataset


def review_link(dataset: dict[str, Any]) -> str:
    """The link to the dataset's clearance page, as the e-mails carry it."""
    site = tk.config["ckan.site_url"].rstrip("/")
    return f"{site}/dataset/{dataset['name']}/freigabe"


@portal()
class TestNotifications:
    def test_submission_mails_the_reviewers(self, smtp_server: Mailbox) -> None:
        office = make_office()
        dataset = submitted(office, notes="Stand: Schuljahr 2025/26")
        for person in (office.reviewer, office.reviewer2):
            mail = smtp_server.one(person["email"])
            assert TITLE in mail.subject
            assert mail.subject.startswith("Neue Datenschutzfreigabe angefragt")
            assert review_link(dataset) in mail.body
            assert f"„{TITLE}“" in mail.body
            assert office.org["title"] in mail.body
        assert smtp_server.to(office.editor["email"]) == []

    def test_approval_mails_the_submitter(self, smtp_server: Mailbox) -> None:
        office = make_office()
        dataset = submitted(office)
        smtp_server.clear()
        approve(office, dataset["id"])
        mail = smtp_server.one(office.editor["email"])
        assert mail.subject == f"Datenschutzfreigabe erteilt: {TITLE}"
        assert review_link(dataset) in mail.body
        assert "Sie gilt bis zum" in mail.body
        # the deciding reviewer is not told about their own decision
        assert smtp_server.to(office.reviewer["email"]) == []

    @pytest.mark.parametrize(
        ("action", "subject"),
        [
            ("return", "Rückfragen zur Datenschutzfreigabe"),
            ("reject", "Datenschutzfreigabe abgelehnt"),
        ],
    )
    def test_decline_mails_the_submitter_with_the_reason(
        self, smtp_server: Mailbox, action: str, subject: str
    ) -> None:
        office = make_office()
        dataset = submitted(office)
        smtp_server.clear()
        reason = "Spalte „Straße“ enthält Wohnanschriften; bitte aggregieren."
        call(
            f"privacy_clearance_{action}",
            office.reviewer,
            id=dataset["id"],
            reason=reason,
        )
        mail = smtp_server.one(office.editor["email"])
        assert mail.subject == f"{subject}: {TITLE}"
        assert reason in mail.body
        assert review_link(dataset) in mail.body

    def test_void_by_an_edit_mails_the_reviewers(self, smtp_server: Mailbox) -> None:
        office = make_office()
        dataset = cleared_dataset(office, title=TITLE)
        smtp_server.clear()
        call("package_patch", office.editor, id=dataset["id"], url="https://neu.de")
        for person in (office.reviewer, office.reviewer2):
            mail = smtp_server.one(person["email"])
            assert mail.subject == f"Freigabe durch Änderung ungültig: {TITLE}"
            assert "url" in mail.body
            assert review_link(dataset) in mail.body

    def test_void_by_an_edit_mails_the_editor(self, smtp_server: Mailbox) -> None:
        office = make_office()
        dataset = cleared_dataset(office, title=TITLE)
        smtp_server.clear()
        call("package_patch", office.editor, id=dataset["id"], url="https://neu.de")
        mail = smtp_server.one(office.editor["email"])
        assert "Bitte reichen Sie ihn erneut zur Freigabe ein" in mail.body

    def test_rolled_back_transition_sends_nothing(self, smtp_server: Mailbox) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        smtp_server.clear()
        pkg = clearance.lock_package(dataset["id"])
        row = clearance.load(pkg.id, lock=True)
        assert row is not None
        actor = model.User.get(office.admin["name"])
        clearance.record(row, "revoke", actor, reason="Versehentlich")
        model.Session.rollback()
        factories.User()  # a later, unrelated commit
        assert smtp_server.mails == []
        shown = call("privacy_clearance_show", office.editor, id=dataset["id"])
        assert shown["state"] == "cleared"

    def test_smtp_down_still_records_the_decision(
        self, smtp_server: Mailbox, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        office = make_office()
        dataset = submitted(office)
        monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{free_port()}")
        approve(office, dataset["id"])
        shown = call("privacy_clearance_show", office.editor, id=dataset["id"])
        assert shown["state"] == "cleared"
        assert call("package_show", None, id=dataset["id"])["private"] is False
        assert smtp_server.to(office.editor["email"]) == []
