"""Shared set-up of the portal_security tests: the plugin's table, a clean
throttle, and signing in through the real login form."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib.redis import connect_to_redis

PASSWORD = "Richtig-Langes-Passwort-2026"
THROTTLED = "Zu viele fehlgeschlagene Anmeldeversuche"


@pytest.fixture(autouse=True)
def _portal_security_db(with_plugins: None, migrate_db_for: Any) -> None:
    # after with_plugins: the migration needs the plugin loaded
    if not sa.inspect(model.meta.engine).has_table(
        "portal_security_second_factor", schema="portal_security"
    ):
        migrate_db_for("portal_security")


@pytest.fixture(autouse=True)
def _no_counts() -> None:
    redis = connect_to_redis()
    for key in redis.scan_iter("ckanext-portal_security:*"):
        redis.delete(key)


def sign_in(app: Any, login: str, password: str, address: str = "192.0.2.10") -> Any:
    """POST the login form as a browser at ``address`` would."""
    return app.post(
        "/user/login",
        data={"login": login, "password": password},
        environ_base={"REMOTE_ADDR": address},
        follow_redirects=False,
    )


def signed_in(response: Any) -> bool:
    """Whether the answer is the redirect of a successful sign-in."""
    location = response.headers.get("Location", "")
    return (
        response.status_code == 302
        and "/user/login" not in location
        and ("zweiter-faktor" not in location)
    )
