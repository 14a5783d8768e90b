"""Typed access to portal_security's settings (config_declaration.yaml)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

_PREFIX = "ckanext.portal_security."


def login_max_failures_account() -> int:
    """Failed sign-ins per account name before it is throttled."""
    return int(tk.config.get(_PREFIX + "login_max_failures_account"))


def login_max_failures_address() -> int:
    """Failed sign-ins per IP address before it is throttled."""
    return int(tk.config.get(_PREFIX + "login_max_failures_address"))


def login_lock_seconds() -> int:
    """Seconds a throttled account or address waits."""
    return 60 * int(tk.config.get(_PREFIX + "login_lock_minutes"))


def content_security_policy(report_only: bool = False) -> str:
    """The enforced (or the report-only) policy, without the extra hosts."""
    key = "content_security_policy" + ("_report_only" if report_only else "")
    return " ".join(str(tk.config.get(_PREFIX + key) or "").split())


def csp_hosts() -> list[str]:
    """Origins added to img-src, connect-src and frame-src."""
    value = tk.config.get(_PREFIX + "csp_hosts") or []
    return value.split() if isinstance(value, str) else list(value)


def hsts_max_age() -> int:
    """Seconds of Strict-Transport-Security over https (0: none)."""
    return int(tk.config.get(_PREFIX + "hsts_max_age"))


def trusted_proxies() -> int:
    """Reverse proxies whose X-Forwarded-* headers are trusted."""
    return int(tk.config.get(_PREFIX + "trusted_proxies"))


def second_factor() -> bool:
    """Whether privileged users must sign in with a second factor."""
    return tk.asbool(tk.config.get(_PREFIX + "second_factor"))
