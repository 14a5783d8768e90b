"""Failed sign-ins are throttled per account name and per address, with one
German message whether the account exists or not (real Redis, real app)."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories

from .conftest import PASSWORD, THROTTLED, sign_in, signed_in

portal = pytest.mark.ckan_config("ckan.plugins", "pg_search portal_security")


@portal
@pytest.mark.usefixtures("with_plugins", "non_clean_db")
class TestThrottle:
    def test_the_right_password_is_refused_after_five_failures(self, app: Any) -> None:
        user = factories.User(password=PASSWORD)
        for _ in range(5):
            failed = sign_in(app, user["name"], "falsch")
            assert failed.status_code == 200
            assert THROTTLED not in failed.body
        refused = sign_in(app, user["name"], PASSWORD)
        assert refused.status_code == 429
        assert THROTTLED in refused.body
        assert "in 15 Minuten erneut" in refused.body
        assert int(refused.headers["Retry-After"]) > 800
        assert not signed_in(refused)

    def test_unknown_and_known_accounts_look_the_same(self, app: Any) -> None:
        user = factories.User(password=PASSWORD)
        answers = {}
        for login in (user["name"], "gibt-es-nicht"):
            for _ in range(5):
                sign_in(app, login, "falsch")
            answer = sign_in(app, login, "falsch")
            answers[login] = (answer.status_code, THROTTLED in answer.body)
        assert answers[user["name"]] == answers["gibt-es-nicht"] == (429, True)

    def test_the_e_mail_address_counts_for_the_account_typed(self, app: Any) -> None:
        user = factories.User(password=PASSWORD)
        for _ in range(5):
            sign_in(app, user["email"].upper(), "falsch")
        assert sign_in(app, user["email"], PASSWORD).status_code == 429
        # the name is another login: not throttled
        assert signed_in(sign_in(app, user["name"], PASSWORD))

    def test_success_clears_the_account(self, app: Any) -> None:
        user = factories.User(password=PASSWORD)
        for _ in range(4):
            sign_in(app, user["name"], "falsch")
        assert signed_in(sign_in(app, user["name"], PASSWORD))
        app.get("/user/_logout")
        for _ in range(4):
            sign_in(app, user["name"], "falsch")
        assert signed_in(sign_in(app, user["name"], PASSWORD))

    @pytest.mark.ckan_config("ckanext.portal_security.login_max_failures_address", "6")
    def test_one_address_trying_many_accounts(self, app: Any) -> None:
        user = factories.User(password=PASSWORD)
        for number in range(6):
            sign_in(app, f"konto-{number}", "falsch", address="198.51.100.7")
        assert sign_in(app, user["name"], PASSWORD, "198.51.100.7").status_code == 429
        # another address is not affected
        assert signed_in(sign_in(app, user["name"], PASSWORD, "198.51.100.8"))

    @pytest.mark.ckan_config("ckanext.portal_security.login_max_failures_address", "3")
    @pytest.mark.ckan_config("ckanext.portal_security.trusted_proxies", "1")
    def test_behind_a_proxy_the_forwarded_address_counts(self, app: Any) -> None:
        user = factories.User(password=PASSWORD)

        def via_proxy(login: str, password: str, client: str) -> Any:
            return app.post(
                "/user/login",
                data={"login": login, "password": password},
                environ_base={"REMOTE_ADDR": "127.0.0.1"},
                headers={"X-Forwarded-For": client},
                follow_redirects=False,
            )

        for number in range(3):
            via_proxy(f"konto-{number}", "falsch", "203.0.113.5")
        assert via_proxy(user["name"], PASSWORD, "203.0.113.5").status_code == 429
        assert signed_in(via_proxy(user["name"], PASSWORD, "203.0.113.6"))
