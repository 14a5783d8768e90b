"""Pages of the second factor: the code after the password, and setting it up.

Both pages serve only a user whose password was just accepted
(:func:`~.signin.portal_security_pending_user`, five minutes); wrong codes
count for the sign-in throttle like wrong passwords.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, request, session
from markupsafe import Markup

from .secondfactor import (
    portal_security_check,
    portal_security_confirm,
    portal_security_enrolled,
    portal_security_start_enrolment,
)
from .signin import (
    portal_security_address,
    portal_security_pending_user,
    portal_security_sign_in,
    portal_security_throttled,
)
from .throttle import portal_security_record_failure
from .totp import portal_security_otpauth_uri, portal_security_qr_svg

__all__ = ["portal_security"]

portal_security = Blueprint("portal_security", __name__)

CODE_PAGE = "portal_security/second_factor.html"
ENROL_PAGE = "portal_security/enrol.html"
CODES = "portal_security_recovery_codes"


def _expired() -> Any:
    tk.h.flash_error(tk._("Please sign in again."))
    return tk.redirect_to("user.login")


@portal_security.route("/user/zweiter-faktor", methods=["GET", "POST"])
def second_factor() -> Any:
    """The code (or a recovery code) after the password."""
    user = portal_security_pending_user()
    if user is None or not portal_security_enrolled(user.id):
        return _expired()
    if request.method == "GET":
        return tk.render(CODE_PAGE, {})
    throttled = portal_security_throttled(user.name, CODE_PAGE, {})
    if throttled is not None:
        return throttled
    if portal_security_check(user.id, request.form.get("code") or ""):
        return portal_security_sign_in(user, None, None)
    portal_security_record_failure(user.name, portal_security_address())
    tk.h.flash_error(
        tk._("The code is not right. Please enter the current code of your app.")
    )
    return tk.render(CODE_PAGE, {})


def _enrol_page(user: Any, secret: str) -> str:
    issuer = str(tk.config.get("ckan.site_title") or "CKAN")
    uri = portal_security_otpauth_uri(secret, user.name, issuer)
    qr = portal_security_qr_svg(uri, tk._("QR code of the key for your app"))
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return tk.render(ENROL_PAGE, {"qr": Markup(qr), "secret": grouped, "uri": uri})


@portal_security.route("/user/zweiter-faktor/einrichten", methods=["GET", "POST"])
def enrol() -> Any:
    """Setting up the app with the QR code, confirmed by its first code; the
    recovery codes are shown once, the user is then signed in."""
    user = portal_security_pending_user()
    if user is None or portal_security_enrolled(user.id):
        return _expired()
    secret = portal_security_start_enrolment(user.id)
    if request.method == "GET":
        return _enrol_page(user, secret)
    throttled = portal_security_throttled(user.name, "user/login.html", {})
    if throttled is not None:
        return throttled
    codes = portal_security_confirm(user.id, request.form.get("code") or "")
    if codes is None:
        portal_security_record_failure(user.name, portal_security_address())
        tk.h.flash_error(
            tk._("The code is not right. Please enter the current code of your app.")
        )
        return _enrol_page(user, secret)
    portal_security_sign_in(user, None, None, redirect=False)
    # shown by a page of its own: rendered in this request, the header
    # would still show the user as signed out
    session[CODES] = codes
    return tk.redirect_to("portal_security.recovery_codes")


@portal_security.route("/user/zweiter-faktor/codes")
def recovery_codes() -> Any:
    """The recovery codes, once, right after setting up."""
    codes = session.pop(CODES, None)
    if not codes:
        return tk.redirect_to("home.index")
    return tk.render("portal_security/recovery_codes.html", {"codes": codes})
