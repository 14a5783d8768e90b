"""Security headers on every response, and cookie settings for production.

The Content-Security-Policy lets pages load scripts, styles, fonts and data
only from the portal itself (and the configured map server, ``csp_hosts``),
so a third-party tracker or an injected script from elsewhere cannot load
or phone home, and runs no inline script but one a template marked with
this response's nonce (:func:`portal_security_csp_nonce`): an injected
``<script>`` or ``onerror=`` does not run. CKAN's templates with inline
handlers are overridden in ``templates/`` (``assets/forms.js``).
``frame-ancestors`` keeps other sites from framing the portal
(clickjacking). ``X-Content-Type-Options`` stops browsers guessing types of
uploaded files, ``Referrer-Policy`` sends other sites no paths, which may
name datasets or users. Over https, Strict-Transport-Security keeps
browsers from ever falling back to http.
"""

from __future__ import annotations

import secrets
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Response, g, request

from . import config

_WITH_HOSTS = ("img-src", "connect-src", "frame-src")
PERMISSIONS = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"


def portal_security_csp_nonce() -> str:
    """The nonce of this response's policy, for an inline ``<script>`` a
    template cannot do without:
    ``<script nonce="{{ h.portal_security_csp_nonce() }}">``.

    Issued on first use, a new one for every response; the policy names it
    only when a template asked for it.
    """
    if not getattr(g, "portal_security_nonce", None):
        g.portal_security_nonce = secrets.token_urlsafe(18)
    return g.portal_security_nonce


def portal_security_csp(report_only: bool = False) -> str:
    """The Content-Security-Policy (enforced, or the report-only one) with
    the extra hosts and this response's nonce in place; empty if not
    configured."""
    hosts = config.csp_hosts()
    nonce = getattr(g, "portal_security_nonce", None)
    parts = []
    for directive in config.content_security_policy(report_only).split(";"):
        words = directive.split()
        if words and words[0] in _WITH_HOSTS:
            words += hosts
        if words and words[0] == "script-src" and nonce:
            words.append(f"'nonce-{nonce}'")
        if words:
            parts.append(" ".join(words))
    return "; ".join(parts)


def _served_over_https() -> bool:
    return request.is_secure or str(tk.config.get("ckan.site_url")).startswith(
        "https://"
    )


def portal_security_add_headers(response: Response) -> Response:
    """Set the security headers (those a view set itself stay)."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", portal_security_csp())
    if report_only := portal_security_csp(report_only=True):
        headers.setdefault("Content-Security-Policy-Report-Only", report_only)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Permissions-Policy", PERMISSIONS)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    max_age = config.hsts_max_age()
    if max_age > 0 and _served_over_https():
        headers.setdefault(
            "Strict-Transport-Security", f"max-age={max_age}; includeSubDomains"
        )
    return response


def portal_security_harden_cookies(settings: Any) -> None:
    """Make the session and remember-me cookies unreadable by scripts, not
    sent with cross-site requests (``Lax`` unless ``Strict`` is set) and,
    when the portal is served over https, sent over https only. Stronger
    settings an operator made stay.

    :param settings: CKAN's config (before the Flask app reads it)
    """
    secure = str(settings.get("ckan.site_url") or "").startswith("https://")
    for cookie in ("SESSION_COOKIE", "REMEMBER_COOKIE"):
        settings[f"{cookie}_HTTPONLY"] = True
        if settings.get(f"{cookie}_SAMESITE") not in ("Lax", "Strict"):
            settings[f"{cookie}_SAMESITE"] = "Lax"
        if secure:
            settings[f"{cookie}_SECURE"] = True


def portal_security_no_gravatar(settings: Any) -> None:
    """No user pictures from Gravatar (a US service that would be sent a hash
    of each user's e-mail address with every page): CKAN's placeholder
    instead, unless ``ckanext.portal_security.allow_gravatar`` is on.

    :param settings: CKAN's config
    """
    if not tk.asbool(settings.get("ckanext.portal_security.allow_gravatar")):
        settings["ckan.gravatar_default"] = "disabled"
