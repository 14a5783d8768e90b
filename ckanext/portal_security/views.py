"""The sign-in page's side of the throttle (see :mod:`.throttle`)."""

from __future__ import annotations

import logging
import math
from typing import Any

import ckan.plugins.toolkit as tk
from flask import make_response, request

from .throttle import (
    portal_security_clear_account,
    portal_security_record_failure,
    portal_security_retry_after,
)

log = logging.getLogger(__name__)


def _address() -> str:
    return request.remote_addr or "unknown"


def portal_security_throttled_login() -> Any:
    """The answer to a throttled sign-in (HTTP 429 with the sign-in form and
    a German message), or ``None`` to let CKAN check the password."""
    if request.method != "POST":
        return None
    login = request.form.get("login") or ""
    wait = portal_security_retry_after(login, _address())
    if not wait:
        return None
    log.warning("portal_security: throttled sign-in from %s", _address())
    minutes = max(1, math.ceil(wait / 60))
    tk.h.flash_error(
        tk.ungettext(
            "Too many failed sign-ins. Please try again in {minutes} minute.",
            "Too many failed sign-ins. Please try again in {minutes} minutes.",
            minutes,
        ).format(minutes=minutes)
    )
    response = make_response(tk.render("user/login.html", {}))
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


def portal_security_on_failure(login: str, **kwargs: Any) -> None:
    """CKAN's ``failed_login`` signal: count the failure."""
    portal_security_record_failure(str(login or ""), _address())


def portal_security_on_success(sender: Any, user: Any = None, **kwargs: Any) -> None:
    """Flask-Login's ``user_logged_in`` signal: forget the account's failures
    (under the name and the e-mail address, either may have been typed)."""
    for login in (getattr(user, "name", None), getattr(user, "email", None)):
        if login:
            portal_security_clear_account(login)
