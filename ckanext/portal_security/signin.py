"""The sign-in: throttled attempts refused, the second factor asked for.

CKAN's login view asks :class:`~ckan.plugins.interfaces.IAuthenticator`
plugins first; :func:`portal_security_login` answers a throttled attempt
with HTTP 429 and, when second factors are in use, checks the password
itself and sends a user who needs a code to the code page (the user is
signed in only after it). Signing in is then done as CKAN's own view does
(new session, new CSRF token). The signal handlers count failures for the
throttle (:mod:`.throttle`).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.authenticator import ckan_authenticator
from ckan.views.user import next_page_or_default, regenerate_session, rotate_token
from flask import make_response, request, session
from flask_login import login_user

from .secondfactor import (
    portal_security_enrolled,
    portal_security_needs_second_factor,
    portal_security_second_factor_in_use,
)
from .throttle import (
    portal_security_clear_account,
    portal_security_record_failure,
    portal_security_retry_after,
)

log = logging.getLogger(__name__)

PENDING = "portal_security_pending"
PENDING_SECONDS = 300


def portal_security_address() -> str:
    """The client's IP address (X-Forwarded-For behind trusted proxies)."""
    return request.remote_addr or "unknown"


def portal_security_throttled(login: str, template: str, extra: dict[str, Any]) -> Any:
    """HTTP 429 with ``template`` and the German message if signing in as
    ``login`` from this address is throttled, else ``None``."""
    wait = portal_security_retry_after(login, portal_security_address())
    if not wait:
        return None
    log.warning("portal_security: throttled sign-in from %s", portal_security_address())
    minutes = max(1, math.ceil(wait / 60))
    tk.h.flash_error(
        tk.ungettext(
            "Too many failed sign-ins. Please try again in {minutes} minute.",
            "Too many failed sign-ins. Please try again in {minutes} minutes.",
            minutes,
        ).format(minutes=minutes)
    )
    response = make_response(tk.render(template, extra))
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


def portal_security_login() -> Any:
    """IAuthenticator.login: ``None`` lets CKAN's view go on."""
    if request.method != "POST":
        return None
    login = request.form.get("login") or ""
    throttled = portal_security_throttled(login, "user/login.html", {})
    if throttled is not None or not portal_security_second_factor_in_use():
        return throttled
    user = ckan_authenticator(
        {"login": login, "password": request.form.get("password")}
    )
    if not isinstance(user, model.User):  # counted by CKAN's failed_login signal
        tk.h.flash_error(tk._("Login failed. Bad username or password."))
        return tk.render("user/login.html", {})
    target = request.args.get("next", request.args.get("came_from"))
    remember = request.form.get("remember")
    if not portal_security_needs_second_factor(user):
        return portal_security_sign_in(user, remember, target)
    session[PENDING] = {
        "user_id": user.id,
        "remember": remember,
        "next": target,
        "until": time.time() + PENDING_SECONDS,
    }
    if portal_security_enrolled(user.id):
        return tk.redirect_to("portal_security.second_factor")
    return tk.redirect_to("portal_security.enrol")


def portal_security_pending_user() -> model.User | None:
    """The user whose password was right and whose code is awaited."""
    pending = session.get(PENDING) or {}
    if not pending or pending.get("until", 0) < time.time():
        session.pop(PENDING, None)
        return None
    user = model.User.get(pending["user_id"])
    return user if user and user.is_active else None


def portal_security_sign_in(
    user: model.User, remember: str | None, target: str | None, redirect: bool = True
) -> Any:
    """Sign ``user`` in as CKAN's login view does; redirect to ``target``
    (a local URL) or the user's page, unless ``redirect`` is off."""
    pending = session.pop(PENDING, None) or {}
    remember = remember or pending.get("remember")
    target = target or pending.get("next")
    regenerate_session()
    if remember:
        duration = dt.timedelta(milliseconds=int(remember))
        login_user(user, remember=True, duration=duration)
    else:
        login_user(user)
    rotate_token()
    return next_page_or_default(target) if redirect else None


def portal_security_on_failure(login: str, **kwargs: Any) -> None:
    """CKAN's ``failed_login`` signal: count the failure."""
    portal_security_record_failure(str(login or ""), portal_security_address())


def portal_security_on_success(sender: Any, user: Any = None, **kwargs: Any) -> None:
    """Flask-Login's ``user_logged_in`` signal: forget the account's failures
    (under the name and the e-mail address, either may have been typed)."""
    for login in (getattr(user, "name", None), getattr(user, "email", None)):
        if login:
            portal_security_clear_account(login)
