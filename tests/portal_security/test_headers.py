"""Every response carries the security headers; cookies are hardened."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from .conftest import PASSWORD

portal = pytest.mark.ckan_config("ckan.plugins", "pg_search portal_security")
PAGES = ["/", "/dataset/", "/user/login", "/api/3/action/status_show", "/gibt-es-nicht"]


@portal
@pytest.mark.usefixtures("with_plugins", "non_clean_db")
class TestHeaders:
    @pytest.mark.parametrize("url", PAGES)
    def test_every_response_has_them(self, app: Any, url: str) -> None:
        headers = app.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "img-src 'self' data:;" in csp  # no Gravatar, no trackers
        assert "frame-ancestors 'self'" in csp
        assert "object-src 'none'" in csp
        assert "http" not in csp  # no other host anywhere
        assert "script-src 'self';" in csp  # no inline script runs
        assert "Content-Security-Policy-Report-Only" not in headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["X-Frame-Options"] == "SAMEORIGIN"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers  # served over http

    @pytest.mark.ckan_config(
        "ckanext.portal_security.csp_hosts", "https://karten.saalekreis.example"
    )
    def test_the_map_server_may_be_added(self, app: Any) -> None:
        csp = app.get("/").headers["Content-Security-Policy"]
        directives = dict(d.split(" ", 1) for d in csp.split("; "))
        assert "https://karten.saalekreis.example" in directives["img-src"]
        assert "https://karten.saalekreis.example" in directives["connect-src"]
        assert "karten" not in directives["script-src"]

    @pytest.mark.ckan_config(
        "ckanext.portal_security.content_security_policy_report_only",
        "default-src 'none'",
    )
    def test_a_policy_can_be_tried_out_first(self, app: Any) -> None:
        headers = app.get("/").headers
        assert headers["Content-Security-Policy-Report-Only"] == "default-src 'none'"
        assert "script-src 'self';" in headers["Content-Security-Policy"]

    @pytest.mark.ckan_config("ckan.site_url", "https://opendata.saalekreis.example")
    def test_hsts_over_https(self, app: Any) -> None:
        hsts = app.get("/").headers["Strict-Transport-Security"]
        assert hsts.startswith("max-age=31536000")

    def test_session_cookie_is_http_only_and_same_site(self, app: Any) -> None:
        for cookie in _cookies_of_a_sign_in(app):
            assert "HttpOnly" in cookie
            assert "SameSite=Lax" in cookie

    @pytest.mark.ckan_config("ckan.site_url", "https://opendata.saalekreis.example")
    def test_cookies_are_secure_over_https(self, app: Any) -> None:
        cookies = _cookies_of_a_sign_in(app, "https://opendata.saalekreis.example")
        assert all("Secure" in cookie for cookie in cookies)


def _cookies_of_a_sign_in(app: Any, base_url: str = "http://localhost") -> list[str]:
    user = factories.User(password=PASSWORD)
    response = app.post(
        "/user/login",
        data={"login": user["name"], "password": PASSWORD},
        follow_redirects=False,
        base_url=base_url,
    )
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies
    return cookies


@portal
@pytest.mark.usefixtures("with_plugins")
def test_the_nonce_is_named_only_when_a_template_used_it(app: Any) -> None:
    from flask import Response

    from ckanext.portal_security.headers import (
        portal_security_add_headers,
        portal_security_csp_nonce,
    )

    flask_app = app.flask_app
    with flask_app.test_request_context("/"):
        plain = portal_security_add_headers(Response())
    with flask_app.test_request_context("/"):
        nonce = tk.h.portal_security_csp_nonce()
        assert nonce == portal_security_csp_nonce()  # one per response
        marked = portal_security_add_headers(Response())
    with flask_app.test_request_context("/"):
        assert portal_security_csp_nonce() != nonce
    assert "nonce-" not in plain.headers["Content-Security-Policy"]
    script_src = next(
        d
        for d in marked.headers["Content-Security-Policy"].split("; ")
        if d.startswith("script-src ")
    )
    assert script_src == f"script-src 'self' 'nonce-{nonce}'"
    assert len(nonce) >= 22  # at least 128 bits
