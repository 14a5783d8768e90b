"""Bad input and the four-eyes rule: clear German errors, nothing lost."""

from __future__ import annotations

import threading
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests import factories

from .conftest import CHECKLIST, approve, call, make_office, portal


def submitted(office: Any, by: dict[str, Any] | None = None) -> dict[str, Any]:
    author = by or office.editor
    dataset = call(
        "package_create",
        author,
        name=factories.Dataset.stub().name,
        owner_org=office.org["id"],
    )
    call("privacy_clearance_submit", author, id=dataset["id"])
    return dataset


@portal()
class TestFourEyes:
    def test_reviewer_cannot_approve_own_submission(self):
        office = make_office()
        call(
            "member_create",
            office.admin,
            id=office.org["id"],
            object=office.reviewer["name"],
            object_type="user",
            capacity="editor",
        )
        dataset = submitted(office, by=office.reviewer)
        with pytest.raises(tk.NotAuthorized, match="selbst eingereicht"):
            approve(office, dataset["id"])
        # the other reviewer may
        shown = call("privacy_clearance_show", office.reviewer2, id=dataset["id"])
        call(
            "privacy_clearance_approve",
            office.reviewer2,
            id=dataset["id"],
            fingerprint=shown["fingerprint"],
            checklist=CHECKLIST,
        )

    def test_last_editor_cannot_approve(self):
        office = make_office()
        call(
            "member_create",
            office.admin,
            id=office.org["id"],
            object=office.reviewer["name"],
            object_type="user",
            capacity="editor",
        )
        dataset = submitted(office)
        call("package_patch", office.reviewer, id=dataset["id"], version="1.1")
        with pytest.raises(tk.NotAuthorized, match="zuletzt geändert"):
            approve(office, dataset["id"])

    @pytest.mark.parametrize("who", ["admin", "sysadmin", "member", "editor"])
    def test_only_designated_reviewers_approve(self, who):
        office = make_office()
        dataset = submitted(office)
        person = factories.Sysadmin() if who == "sysadmin" else getattr(office, who)
        shown = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
        with pytest.raises(tk.NotAuthorized):
            call(
                "privacy_clearance_approve",
                person,
                id=dataset["id"],
                fingerprint=shown["fingerprint"],
                checklist=CHECKLIST,
            )

    def test_ignore_auth_does_not_skip_four_eyes(self):
        office = make_office()
        dataset = submitted(office)
        shown = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        with pytest.raises(tk.NotAuthorized):
            tk.get_action("privacy_clearance_approve")(
                {"user": site["name"], "ignore_auth": True},
                {
                    "id": dataset["id"],
                    "fingerprint": shown["fingerprint"],
                    "checklist": CHECKLIST,
                },
            )
        assert call("package_show", office.editor, id=dataset["id"])["private"]


@portal()
class TestBadInput:
    def test_stale_fingerprint(self):
        office = make_office()
        dataset = submitted(office)
        seen = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
        call("package_patch", office.editor, id=dataset["id"], version="2")
        with pytest.raises(tk.ValidationError) as error:
            call(
                "privacy_clearance_approve",
                office.reviewer,
                id=dataset["id"],
                fingerprint=seen["fingerprint"],
                checklist=CHECKLIST,
            )
        assert "seit Ihrer Prüfung geändert" in str(error.value.error_dict)
        assert call("package_show", office.editor, id=dataset["id"])["version"] == "2"

    def test_transition_from_wrong_state(self):
        office = make_office()
        dataset = call(
            "package_create",
            office.editor,
            name=factories.Dataset.stub().name,
            owner_org=office.org["id"],
        )
        with pytest.raises(tk.ValidationError) as error:
            approve(office, dataset["id"])
        assert "Nicht eingereicht" in str(error.value.error_dict)

    @pytest.mark.parametrize("action", ["return", "reject"])
    def test_reason_is_mandatory(self, action):
        office = make_office()
        dataset = submitted(office)
        with pytest.raises(tk.ValidationError, match="Begründung"):
            call(f"privacy_clearance_{action}", office.reviewer, id=dataset["id"])
        assert (
            call("privacy_clearance_show", office.editor, id=dataset["id"])["state"]
            == "submitted"
        )

    @pytest.mark.parametrize(
        ("checklist", "message"),
        [
            ({**CHECKLIST, "secrets": False}, "muss bestätigt sein"),
            ({**CHECKLIST, "personal_data": True}, "Anonymisierung fehlt"),
            (
                {
                    **CHECKLIST,
                    "personal_data": True,
                    "anonymisation_method": "Aggregation",
                },
                "Mindestfallzahl",
            ),
            (
                {k: v for k, v in CHECKLIST.items() if k != "personal_data"},
                "nicht beantwortet",
            ),
            ("kein json", "kein gültiges JSON"),
        ],
    )
    def test_incomplete_checklist(self, checklist, message):
        office = make_office()
        dataset = submitted(office)
        shown = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
        with pytest.raises(tk.ValidationError, match=message):
            call(
                "privacy_clearance_approve",
                office.reviewer,
                id=dataset["id"],
                fingerprint=shown["fingerprint"],
                checklist=checklist,
            )

    def test_personal_data_with_legal_basis(self):
        office = make_office()
        dataset = submitted(office)
        shown = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
        result = call(
            "privacy_clearance_approve",
            office.reviewer,
            id=dataset["id"],
            fingerprint=shown["fingerprint"],
            expires="2027-06-30",
            checklist={
                **CHECKLIST,
                "personal_data": True,
                "legal_basis": "§ 9 KVG LSA (öffentliche Sitzungen)",
            },
        )
        assert result["state"] == "cleared"
        assert result["expires"] == "2027-06-30"
        assert result["checklist"]["legal_basis"].startswith("§ 9")

    @pytest.mark.parametrize("expires", ["2020-01-01", "2099-01-01", "morgen"])
    def test_bad_expiry(self, expires):
        office = make_office()
        dataset = submitted(office)
        with pytest.raises(tk.ValidationError):
            approve(office, dataset["id"], expires=expires)

    def test_revoke_makes_private_at_once(self):
        office = make_office()
        dataset = submitted(office)
        approve(office, dataset["id"])
        call(
            "privacy_clearance_revoke",
            office.admin,
            id=dataset["id"],
            reason="Beschwerde einer betroffenen Person",
        )
        assert call("package_show", office.editor, id=dataset["id"])["private"]


def _in_thread(fn: Any) -> threading.Thread:
    def run() -> None:
        try:
            fn()
        except Exception as error:  # reported by the test
            errors.append(error)
        finally:
            model.Session.remove()

    errors: list[Exception] = []
    thread = threading.Thread(target=run)
    thread.errors = errors  # type: ignore[attr-defined]
    return thread


@portal()
class TestConcurrentApproveAndEdit:
    def test_one_wins_and_nothing_leaks(self, app):
        """A reviewer approves while the editor changes the dataset: either the
        approval is refused as stale, or the change voids it. Both outcomes
        leave the changed dataset private and the change saved."""
        office = make_office()
        dataset = submitted(office)
        seen = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
        ctx = app.flask_app.test_request_context

        def do_approve() -> None:
            with ctx():
                call(
                    "privacy_clearance_approve",
                    office.reviewer,
                    id=dataset["id"],
                    fingerprint=seen["fingerprint"],
                    checklist=CHECKLIST,
                )

        def do_edit() -> None:
            with ctx():
                call("package_patch", office.editor, id=dataset["id"], version="3.0")

        threads = [_in_thread(do_approve), _in_thread(do_edit)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        errors = [e for t in threads for e in t.errors]  # type: ignore[attr-defined]
        assert all(isinstance(e, tk.ValidationError) for e in errors), errors
        model.Session.remove()
        after = call("package_show", office.editor, id=dataset["id"])
        assert after["version"] == "3.0"
        assert after["private"] is True
        assert (
            call("privacy_clearance_show", office.admin, id=dataset["id"])["state"]
            != "cleared"
        )


@portal(**{"ckanext.privacy_clearance.dpo_users": "dsb_musterkreis"})
class TestDataProtectionOfficer:
    def test_reads_everything_but_does_not_approve(self):
        # the name is fixed by the setting; the database outlives one test run
        user = model.User.get("dsb_musterkreis")
        dpo = {"name": user.name} if user else factories.User(name="dsb_musterkreis")
        office = make_office()
        dataset = submitted(office)
        assert call("package_show", dpo, id=dataset["id"])["private"] is True
        found = call(
            "package_search", dpo, q=f"id:{dataset['id']}", include_private=True
        )
        assert found["count"] == 1
        assert call("privacy_clearance_queue", dpo)
        assert "dsb_musterkreis" not in str(
            call("privacy_clearance_log", dpo, format="csv")
        )
        shown = call("privacy_clearance_show", dpo, id=dataset["id"])
        with pytest.raises(tk.NotAuthorized):
            call(
                "privacy_clearance_approve",
                dpo,
                id=dataset["id"],
                fingerprint=shown["fingerprint"],
                checklist=CHECKLIST,
            )
        with pytest.raises(tk.ValidationError, match="Datenschutzbeauftragte"):
            call(
                "privacy_reviewer_add",
                office.admin,
                owner_org=office.org["id"],
                user=dpo["name"],
            )
        stranger = factories.User()
        with pytest.raises(tk.NotAuthorized):
            call("package_show", stranger, id=dataset["id"])
