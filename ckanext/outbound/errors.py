"""Why a fetch failed, as people read it.

Every failure of the outbound policy is an :class:`OutboundError` with a
machine-readable :attr:`~OutboundError.reason` and a translated
:meth:`~OutboundError.message` (German on a German portal). Callers show the
message, never the exception's text or a traceback; the technical detail
(which address, which exception) is only logged.
"""

from __future__ import annotations

from typing import Any

from ckanext.kommunal.translation import kommunal_gettext

# reason → message id; {host}, {limit}, {seconds}, {status}, {mb} are filled in
_MESSAGES = {
    "scheme": "Address not allowed: only http and https links can be fetched",
    "url": "Invalid address",
    "internal": "Address not allowed: internal network address",
    "unknown_host": "Address not found: the server name {host} could not be resolved",
    "connection": "Connection failed: the server {host} cannot be reached",
    "tls": "Secure connection failed: the certificate of {host} is not valid",
    "timeout": "No answer from {host} within {seconds} seconds",
    "redirects": "Too many redirects (more than {limit})",
    "too_large": "File too large (more than {mb} MB)",
    "status": "The server answered with error {status}",
}


class OutboundError(Exception):
    """A fetch that was refused or failed.

    :param reason: one of ``scheme``, ``url``, ``internal``, ``unknown_host``,
        ``connection``, ``tls``, ``timeout``, ``redirects``, ``too_large``,
        ``status``
    :param url: the URL of the hop that failed
    :param detail: for the log only (never shown)
    :param values: what the message needs (``host``, ``seconds``, ...)
    """

    def __init__(self, reason: str, url: str, detail: str = "", **values: Any) -> None:
        super().__init__(f"{reason}: {url} {detail}".strip())
        self.reason = reason
        self.url = url
        self.detail = detail
        self.values = values

    @property
    def refused(self) -> bool:
        """Whether the policy refused the address (no connection was made)."""
        return self.reason in ("scheme", "url", "internal")

    @property
    def status(self) -> int | None:
        """The HTTP status of a ``status`` error."""
        status = self.values.get("status")
        return int(status) if status is not None else None

    def message(self) -> str:
        """The failure in the portal's language, e.g. "Adresse nicht erlaubt:
        interne Netzadresse"."""
        message_id = _MESSAGES[self.reason]
        return kommunal_gettext("ckanext-outbound", message_id).format(**self.values)
