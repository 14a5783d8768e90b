"""The Datenschutzfreigabe pages as clerks use them: the forms on the dataset
page, the queue, the reviewer management and the CSV export."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories

from ckanext.privacy_clearance.model import clearance_table
from ckanext.privacy_clearance.views import _iso_date

from .conftest import CHECKLIST, Office, call, cleared_dataset, make_office, portal

DPO_KEY = "ckanext.privacy_clearance.dpo_users"
CSS = Path(__file__).parents[2] / "ckanext/privacy_clearance/assets"


def auth(user: dict[str, Any]) -> dict[str, str]:
    """Request headers that log ``user`` in (an API token works for pages)."""
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def page_url(dataset: dict[str, Any]) -> str:
    return tk.h.url_for("privacy_clearance.dataset", id=dataset["name"])


def post_url(dataset: dict[str, Any], action: str) -> str:
    return tk.h.url_for(
        "privacy_clearance.transition", id=dataset["name"], action=action
    )


def new_dataset(office: Office) -> dict[str, Any]:
    return call(
        "package_create",
        office.editor,
        name=factories.Dataset.stub().name,
        title="Wahlbezirke 2026",
        owner_org=office.org["id"],
        resources=[{"url": "https://daten.example/a.csv", "format": "CSV"}],
    )


def submitted_dataset(office: Office) -> dict[str, Any]:
    dataset = new_dataset(office)
    call("privacy_clearance_submit", office.editor, id=dataset["id"])
    return dataset


def state(office: Office, dataset: dict[str, Any]) -> str:
    model.Session.remove()
    return call("privacy_clearance_show", office.admin, id=dataset["id"])["state"]


def checklist_form(**override: str) -> dict[str, str]:
    """The checklist as the approve form posts it."""
    form = {
        f"checklist-{key}": "true" if value else "false"
        for key, value in CHECKLIST.items()
    }
    form.update(override)
    return {key: value for key, value in form.items() if value is not None}


def shown_fingerprint(body: str) -> str:
    found = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', body)
    assert found, "the approve form carries the fingerprint"
    return found.group(1)


def text(body: str) -> str:
    return html.unescape(body)


@portal()
class TestDatasetPage:
    def test_editor_submits_through_the_form(self, app: Any) -> None:
        office = make_office()
        dataset = new_dataset(office)
        page = app.get(page_url(dataset), headers=auth(office.editor))
        assert page.status_code == 200
        assert post_url(dataset, "submit") in page.body
        assert post_url(dataset, "approve") not in page.body
        response = app.post(
            post_url(dataset, "submit"),
            data={"reason": "Bitte bis Freitag."},
            headers=auth(office.editor),
            follow_redirects=False,
        )
        assert response.status_code == 302
        assert response.location.endswith(page_url(dataset))
        assert state(office, dataset) == "submitted"
        after = app.get(page_url(dataset), headers=auth(office.editor))
        body = text(after.body)
        assert "Der Datensatz wurde zur Freigabe eingereicht." in body
        assert "Bitte bis Freitag." in body  # history
        assert "Frist für die Prüfung" in body

    def test_reviewer_approves_with_the_checklist(self, app: Any) -> None:
        office = make_office()
        dataset = submitted_dataset(office)
        page = app.get(page_url(dataset), headers=auth(office.reviewer))
        assert page.status_code == 200
        assert "<fieldset" in page.body and "<legend>" in page.body
        data = {
            "fingerprint": shown_fingerprint(page.body),
            "publish": "true",
            **checklist_form(),
        }
        response = app.post(
            post_url(dataset, "approve"),
            data=data,
            headers=auth(office.reviewer),
            follow_redirects=False,
        )
        assert response.status_code == 302
        assert state(office, dataset) == "cleared"
        assert call("package_show", office.editor, id=dataset["id"])["private"] is False

    def test_missing_confirmation_keeps_the_input(self, app: Any) -> None:
        office = make_office()
        dataset = submitted_dataset(office)
        page = app.get(page_url(dataset), headers=auth(office.reviewer))
        data = {
            "fingerprint": shown_fingerprint(page.body),
            "reason": "Geprüft mit Frau Müller",
            **checklist_form(**{"checklist-security": None}),
        }
        response = app.post(
            post_url(dataset, "approve"), data=data, headers=auth(office.reviewer)
        )
        assert response.status_code == 200
        body = text(response.body)
        assert "muss bestätigt sein" in body
        assert "Die Daten sind nicht sicherheitsrelevant" in body
        assert "Geprüft mit Frau Müller</textarea>" in body
        assert 'id="pc-cl-secrets" value="true" checked' in body
        assert state(office, dataset) == "submitted"

    def test_return_needs_a_reason(self, app: Any) -> None:
        office = make_office()
        dataset = submitted_dataset(office)
        response = app.post(
            post_url(dataset, "return"),
            data={"reason": "  "},
            headers=auth(office.reviewer),
        )
        assert response.status_code == 200
        assert "Bitte geben Sie eine Begründung an." in text(response.body)
        assert state(office, dataset) == "submitted"

    def test_four_eyes_hides_approval_from_the_submitter(self, app: Any) -> None:
        office = make_office()
        dataset = new_dataset(office)
        call(
            "privacy_reviewer_add",
            office.admin,
            owner_org=office.org["id"],
            user=office.editor["name"],
        )
        call("privacy_clearance_submit", office.editor, id=dataset["id"])
        page = app.get(page_url(dataset), headers=auth(office.editor))
        assert "Vier-Augen-Prinzip" in text(page.body)
        assert post_url(dataset, "approve") not in page.body
        assert post_url(dataset, "return") in page.body

    def test_revoke_and_history(self, app: Any) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        response = app.post(
            post_url(dataset, "revoke"),
            data={"reason": "Adressen in Spalte C"},
            headers=auth(office.admin),
        )
        assert response.status_code == 200  # followed the redirect
        body = text(response.body)
        assert "Die Freigabe wurde widerrufen." in body
        history = body[body.index("pc-history") :]
        for word in ("Zeitpunkt", "Wer", "Aktion", "Status", "Begründung"):
            assert word in history
        assert "Freigabe widerrufen" in history
        assert "Adressen in Spalte C" in history
        assert state(office, dataset) == "revoked"

    def test_tab_and_badge_on_the_dataset_page(self, app: Any) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        read = tk.h.url_for("dataset.read", id=dataset["name"])
        staff = app.get(read, headers=auth(office.editor)).body
        assert page_url(dataset) in staff
        assert "pc-badge--cleared" in staff
        for headers in ({}, auth(factories.User())):  # anonymous, stranger
            public = app.get(read, headers=headers).body
            assert page_url(dataset) not in public
            assert "pc-badge" not in public

    def test_anonymous_visitors_are_sent_to_login(self, app: Any) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        for url in (
            page_url(dataset),
            tk.h.url_for("privacy_clearance.queue"),
            tk.h.url_for("privacy_clearance.organization", id=office.org["name"]),
            tk.h.url_for("privacy_clearance.log"),
        ):
            response = app.get(url, follow_redirects=False)
            assert response.status_code == 302, url
            assert "/user/login" in response.location
        response = app.post(post_url(dataset, "revoke"), data={"reason": "x"})
        assert response.status_code == 403
        assert state(office, dataset) == "cleared"

    def test_strangers_get_403(self, app: Any) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        stranger = factories.User()
        response = app.get(page_url(dataset), headers=auth(stranger))
        assert response.status_code == 403

    def test_usable_on_a_phone(self, app: Any) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        call(
            "package_patch", office.editor, id=dataset["id"], url="https://neu.example"
        )
        body = app.get(page_url(dataset), headers=auth(office.admin)).body
        assert body.count("<table") >= 2  # diff and history
        assert body.count("<table") == body.count('class="table-responsive"')
        assert not re.search(r'style="[^"]*width', body)
        css = (CSS / "privacy_clearance.css").read_text()
        assert not re.search(r"(?<!max-)width:\s*\d+px", css)

    def test_english_translation(self, app: Any) -> None:
        office = make_office()
        dataset = new_dataset(office)
        url = "/en" + page_url(dataset)
        body = text(app.get(url, headers=auth(office.editor)).body)
        assert "Data protection clearance" in body
        assert "Submit for clearance" in body
        assert "Datenschutzfreigabe" not in body


@portal()
class TestSearchBadge:
    def test_badge_for_staff_only(self, app: Any) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        url = tk.h.url_for("dataset.search", q=f"name:{dataset['name']}")
        staff = app.get(url, headers=auth(office.editor)).body
        assert dataset["name"] in staff
        assert "pc-badge--cleared" in staff
        public = app.get(url).body
        assert dataset["name"] in public
        assert "pc-badge" not in public


@portal()
class TestQueue:
    def test_queue_lists_age_and_deadline(self, app: Any) -> None:
        office = make_office()
        dataset = submitted_dataset(office)
        shown = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
        with app.flask_app.test_request_context():
            deadline = tk.h.privacy_clearance_datetime(shown["deadline"], False)
        for url in (
            tk.h.url_for("privacy_clearance.queue"),
            tk.h.url_for("privacy_clearance.organization", id=office.org["name"]),
        ):
            response = app.get(url, headers=auth(office.reviewer))
            assert response.status_code == 200, url
            body = text(response.body)
            assert "Alter (Tage)" in body and "Frist" in body
            row = body[body.index(page_url(dataset)) :]
            row = row[: row.index("</tr>")]
            assert "Wahlbezirke 2026" in row
            assert "<td>0</td>" in row  # submitted today
            assert deadline in row
            assert "überfällig" not in row

    def test_overdue_submissions_are_marked(self, app: Any) -> None:
        office = make_office()
        dataset = submitted_dataset(office)
        model.Session.execute(
            sa.update(clearance_table)
            .where(clearance_table.c.package_id == dataset["id"])
            .values(
                submitted_at=sa.func.now() - dt.timedelta(days=15),
                deadline=sa.func.now() - dt.timedelta(days=1),
            )
        )
        model.Session.commit()
        url = tk.h.url_for("privacy_clearance.queue")
        body = text(app.get(url, headers=auth(office.reviewer)).body)
        row = body[body.index(page_url(dataset)) :]
        row = row[: row.index("</tr>")]
        assert "<td>15</td>" in row
        assert "überfällig" in row

    def test_links_for_reviewers(self, app: Any) -> None:
        office = make_office()
        home = app.get("/dashboard/datasets", headers=auth(office.reviewer)).body
        assert tk.h.url_for("privacy_clearance.queue") in home
        org = app.get(
            tk.h.url_for("organization.read", id=office.org["name"]),
            headers=auth(office.reviewer),
        ).body
        assert (
            tk.h.url_for("privacy_clearance.organization", id=office.org["name"]) in org
        )
        member = app.get("/dashboard/datasets", headers=auth(office.member)).body
        assert tk.h.url_for("privacy_clearance.queue") not in member

    def test_members_who_do_not_review_get_403(self, app: Any) -> None:
        office = make_office()
        url = tk.h.url_for("privacy_clearance.organization", id=office.org["name"])
        assert app.get(url, headers=auth(office.member)).status_code == 403
        queue = tk.h.url_for("privacy_clearance.queue")
        assert app.get(queue, headers=auth(office.member)).status_code == 403


@portal()
class TestReviewers:
    def _url(self, office: Office, action: str = "organization") -> str:
        return tk.h.url_for(f"privacy_clearance.{action}", id=office.org["name"])

    def _names(self, office: Office) -> list[str]:
        model.Session.remove()
        reviewers = call(
            "privacy_reviewer_list", office.admin, owner_org=office.org["id"]
        )
        return [r["name"] for r in reviewers]

    def test_admin_adds_and_removes(self, app: Any) -> None:
        office = make_office()
        page = app.get(self._url(office), headers=auth(office.admin))
        assert 'for="pc-reviewer-user"' in page.body
        assert office.reviewer["name"] in page.body
        added = app.post(
            self._url(office, "reviewer_add"),
            data={"user": office.member["name"]},
            headers=auth(office.admin),
        )
        assert added.status_code == 200
        assert "prüft jetzt die Freigaben" in text(added.body)
        assert office.member["name"] in self._names(office)
        removed = app.post(
            self._url(office, "reviewer_remove"),
            data={"user": office.member["name"]},
            headers=auth(office.admin),
        )
        assert removed.status_code == 200
        assert office.member["name"] not in self._names(office)

    def test_unknown_user_keeps_the_input(self, app: Any) -> None:
        office = make_office()
        response = app.post(
            self._url(office, "reviewer_add"),
            data={"user": "gibt-es-nicht-4711"},
            headers=auth(office.admin),
        )
        assert response.status_code == 200
        body = text(response.body)
        assert "Benutzer nicht gefunden." in body
        assert 'value="gibt-es-nicht-4711"' in body

    def test_reviewers_cannot_manage(self, app: Any) -> None:
        office = make_office()
        page = app.get(self._url(office), headers=auth(office.reviewer))
        assert page.status_code == 200
        assert 'for="pc-reviewer-user"' not in page.body
        response = app.post(
            self._url(office, "reviewer_add"),
            data={"user": office.member["name"]},
            headers=auth(office.reviewer),
        )
        assert response.status_code == 403
        assert office.member["name"] not in self._names(office)


@portal()
class TestLogExport:
    def test_csv_for_the_dpo(
        self, app: Any, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        dpo = factories.User()
        monkeypatch.setitem(ckan_config, DPO_KEY, dpo["name"])
        queue = app.get(tk.h.url_for("privacy_clearance.queue"), headers=auth(dpo))
        assert tk.h.url_for("privacy_clearance.log") in queue.body
        response = app.get(tk.h.url_for("privacy_clearance.log"), headers=auth(dpo))
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;") and ".csv" in disposition
        lines = response.body.splitlines()
        assert lines[0].startswith("id,created,package_id")
        assert sum(dataset["id"] in line for line in lines) == 2  # submit, approve

    def test_csv_of_one_organisation_for_its_admin(self, app: Any) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        other = cleared_dataset(make_office())
        url = tk.h.url_for("privacy_clearance.log", org=office.org["name"])
        response = app.get(url, headers=auth(office.admin))
        assert response.status_code == 200
        assert dataset["id"] in response.body
        assert other["id"] not in response.body

    def test_csv_refused_for_an_editor(self, app: Any) -> None:
        office = make_office()
        cleared_dataset(office)
        url = tk.h.url_for("privacy_clearance.log")
        assert app.get(url, headers=auth(office.editor)).status_code == 403
        by_org = tk.h.url_for("privacy_clearance.log", org=office.org["name"])
        assert app.get(by_org, headers=auth(office.editor)).status_code == 403


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("31.12.2027", "2027-12-31"),
        ("1.2.2028", "2028-02-01"),
        ("2027-12-31", "2027-12-31"),
    ],
)
def test_german_dates_without_a_date_picker(typed: str, sent: str) -> None:
    assert _iso_date(typed) == sent
