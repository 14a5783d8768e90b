"""The second factor as people meet it: a sysadmin, reviewer or DPO sets it
up at the next sign-in and then signs in with password and code; a code
counts once, a recovery code once, wrong codes are throttled."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from ckan.cli.cli import ckan
from ckan.tests import factories

from ckanext.portal_security.totp import STEP, portal_security_totp

from ..privacy_clearance.conftest import (
    call,
    clearance_db,  # noqa: F401
    make_office,
)
from .conftest import PASSWORD, THROTTLED, sign_in, signed_in

PLUGINS = "pg_search portal_security"


def enrol(app: Any, user: dict[str, Any]) -> tuple[str, list[str]]:
    """Set up the second factor as the user would; returns key and codes."""
    first = sign_in(app, user["name"], PASSWORD)
    assert first.status_code == 302
    assert first.headers["Location"].endswith("/user/zweiter-faktor/einrichten")
    page = app.get("/user/zweiter-faktor/einrichten").body
    assert '<svg role="img"' in page and "QR-Code des Schlüssels" in page
    secret = re.search(r'portal-security-secret">([A-Z2-7 ]+)<', page)
    assert secret, page
    key = secret.group(1).replace(" ", "")
    done = app.post(
        "/user/zweiter-faktor/einrichten", data={"code": portal_security_totp(key)}
    )
    assert "Wiederherstellungscodes" in done.body
    assert "Abmelden" in done.body  # the header knows the user is signed in
    # shown once only
    again = app.get("/user/zweiter-faktor/codes", follow_redirects=False)
    assert again.status_code == 302
    codes = re.findall(r"<li><code>([a-z2-9-]{14})</code></li>", done.body)
    assert len(codes) == 10
    return key, codes


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "non_clean_db")
class TestSecondFactor:
    def test_a_sysadmin_sets_it_up_at_the_next_sign_in(self, app: Any) -> None:
        admin = factories.Sysadmin(password=PASSWORD)
        first = sign_in(app, admin["name"], PASSWORD)
        # the password alone does not sign in
        assert app.get("/ckan-admin", follow_redirects=False).status_code != 200
        assert first.headers["Location"].endswith("/user/zweiter-faktor/einrichten")
        app.get("/user/_logout")
        enrol(app, admin)
        assert app.get("/ckan-admin", follow_redirects=False).status_code == 200

    def test_then_password_and_code(self, app: Any) -> None:
        admin = factories.Sysadmin(password=PASSWORD)
        key, _codes = enrol(app, admin)
        app.get("/user/_logout")
        answer = sign_in(app, admin["name"], PASSWORD)
        assert answer.headers["Location"].endswith("/user/zweiter-faktor")
        wrong = app.post("/user/zweiter-faktor", data={"code": "000000"})
        assert "Der Code stimmt nicht" in wrong.body
        assert app.get("/ckan-admin", follow_redirects=False).status_code != 200
        # the code used at set-up is spent: the next step's code counts
        later = portal_security_totp(key, time.time() + STEP)
        right = app.post(
            "/user/zweiter-faktor", data={"code": later}, follow_redirects=False
        )
        assert signed_in(right)
        assert app.get("/ckan-admin", follow_redirects=False).status_code == 200
        # the same code a second time: refused (replay)
        app.get("/user/_logout")
        sign_in(app, admin["name"], PASSWORD)
        again = app.post("/user/zweiter-faktor", data={"code": later})
        assert "Der Code stimmt nicht" in again.body

    def test_a_recovery_code_works_once(self, app: Any) -> None:
        admin = factories.Sysadmin(password=PASSWORD)
        _key, codes = enrol(app, admin)
        for expected in (True, False):
            app.get("/user/_logout")
            sign_in(app, admin["name"], PASSWORD)
            answer = app.post(
                "/user/zweiter-faktor",
                data={"code": codes[3].upper()},
                follow_redirects=False,
            )
            assert signed_in(answer) is expected

    def test_wrong_codes_are_throttled(self, app: Any) -> None:
        admin = factories.Sysadmin(password=PASSWORD)
        key, _codes = enrol(app, admin)
        app.get("/user/_logout")
        sign_in(app, admin["name"], PASSWORD)
        for _ in range(5):
            app.post("/user/zweiter-faktor", data={"code": "123456"})
        later = portal_security_totp(key, time.time() + STEP)
        refused = app.post("/user/zweiter-faktor", data={"code": later})
        assert refused.status_code == 429
        assert THROTTLED in refused.body

    def test_an_editor_signs_in_with_the_password(self, app: Any) -> None:
        user = factories.User(password=PASSWORD)
        assert signed_in(sign_in(app, user["name"], PASSWORD))

    def test_a_wrong_password_still_reads_as_before(self, app: Any) -> None:
        admin = factories.Sysadmin(password=PASSWORD)
        answer = sign_in(app, admin["name"], "falsch")
        assert answer.status_code == 200
        assert "zweiter-faktor" not in answer.headers.get("Location", "")
        assert "Anmeldung fehlgeschlagen" in answer.body

    def test_code_page_without_a_password_first(self, app: Any) -> None:
        answer = app.get("/user/zweiter-faktor", follow_redirects=False)
        assert answer.status_code == 302
        assert "/user/login" in answer.headers["Location"]

    @pytest.mark.usefixtures("with_extended_cli")
    def test_an_administrator_removes_a_lost_one(self, app: Any, cli: Any) -> None:
        admin = factories.Sysadmin(password=PASSWORD)
        enrol(app, admin)
        result = cli.invoke(
            ckan, ["portal-security", "reset-second-factor", admin["name"]]
        )
        assert result.exit_code == 0, result.output
        assert "entfernt" in result.output
        app.get("/user/_logout")
        answer = sign_in(app, admin["name"], PASSWORD)
        assert answer.headers["Location"].endswith("/user/zweiter-faktor/einrichten")


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.ckan_config("ckanext.portal_security.second_factor", "false")
@pytest.mark.usefixtures("with_plugins", "non_clean_db")
def test_switched_off_a_sysadmin_signs_in_with_the_password(app: Any) -> None:
    admin = factories.Sysadmin(password=PASSWORD)
    assert signed_in(sign_in(app, admin["name"], PASSWORD))


@pytest.mark.ckan_config("ckan.plugins", f"{PLUGINS} activity privacy_clearance")
@pytest.mark.ckan_config("ckanext.privacy_clearance.dpo_users", "dsb-faktor")
@pytest.mark.usefixtures("with_plugins", "clearance_db")
def test_the_dpo_and_the_reviewers_need_it(app: Any) -> None:
    dpo = factories.User(name="dsb-faktor", password=PASSWORD)
    office = make_office()  # with two designated reviewers
    reviewer = factories.User(password=PASSWORD)
    editor = factories.User(password=PASSWORD)
    for person, capacity in ((reviewer, "member"), (editor, "editor")):
        call(
            "member_create",
            office.admin,
            id=office.org["id"],
            object=person["name"],
            object_type="user",
            capacity=capacity,
        )
    call(
        "privacy_reviewer_add",
        office.admin,
        owner_org=office.org["id"],
        user=reviewer["name"],
    )
    for user, needs in ((dpo, True), (reviewer, True), (editor, False)):
        app.get("/user/_logout")
        answer = sign_in(app, user["name"], PASSWORD)
        assert answer.headers["Location"].endswith("/einrichten") is needs, user
