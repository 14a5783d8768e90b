"""Exceptions of the OParl client.

Every failure the wire layer reports is an :class:`OParlError`; its
``str()`` is a German sentence fit for the harvest report. The subclasses
say what went wrong (HTTP status, broken connection, timeout, unusable JSON,
an error object sent with HTTP 200, a host blocked by the circuit breaker),
so callers can react without parsing messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class OParlError(Exception):
    """Base class; ``str(error)`` is a German sentence for the harvest report.

    :param message: the German message
    :param url: the URL concerned, if any
    """

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class OParlHTTPError(OParlError):
    """The server answered with an HTTP error status (after retries)."""

    def __init__(
        self, message: str, *, url: str, status: int, attempts: int = 1, body: Any
    ) -> None:
        super().__init__(message, url=url)
        self.status = status
        self.attempts = attempts
        self.body = body


class OParlNotFoundError(OParlHTTPError):
    """HTTP 404 or 410: the object does not exist (any more)."""


class OParlConnectionError(OParlError):
    """The connection failed or broke off (after retries)."""


class OParlRefusedError(OParlConnectionError):
    """The outbound policy refused the address (internal, not http(s)) or the
    redirects went too far: no connection was made, nothing is retried."""


class OParlTimeout(OParlError):  # noqa: N818 (name from the issue)
    """The server did not answer in time (after retries)."""


class OParlJSONError(OParlError):
    """The answer is not usable JSON (HTML page, truncated, not a list…)."""


class OParlServerError(OParlError):
    """The server sent an error object with HTTP 200.

    :param payload: the error object as sent
    """

    def __init__(self, message: str, *, url: str, payload: Mapping[str, Any]) -> None:
        super().__init__(message, url=url)
        self.payload = dict(payload)


class OParlCircuitOpen(OParlError):  # noqa: N818 (name from the issue)
    """Too many failures in a row for this host; requests fail fast for now."""

    def __init__(self, message: str, *, url: str, host: str, retry_in: float) -> None:
        super().__init__(message, url=url)
        self.host = host
        self.retry_in = retry_in
