"""The one way out: sessions, requests and bounded bodies under the policy.

:class:`OutboundPolicy` holds the settings (allow-list, timeouts, redirect
limit, size cap, User-Agent), :func:`outbound_session` a requests session
whose every connection, redirect hops included, goes through the policy's
guard (:mod:`.transport`). :func:`outbound_open` and :func:`outbound_fetch`
are what most callers need: only http and https, errors as
:class:`~.errors.OutboundError` with a German message, bodies cut off at the
size cap counted after decompression and at a deadline.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from . import config
from .addresses import OutboundAllowList
from .errors import OutboundError
from .transport import (
    OutboundAdapter,
    OutboundGuard,
    OutboundResolver,
    outbound_system_resolver,
)

log = logging.getLogger(__name__)

CHUNK = 64 * 1024


@dataclass(frozen=True)
class OutboundPolicy:
    """What the portal may fetch, and within which bounds.

    :param allow: internal addresses allowed anyway
    :param connect_timeout: seconds to connect
    :param read_timeout: seconds per read, and for the whole body
    :param max_redirects: redirects followed per request
    :param max_bytes: largest body after decompression
    :param user_agent: default ``User-Agent``
    :param resolver: host name resolution (tests pass a stub)
    """

    allow: OutboundAllowList = field(default_factory=OutboundAllowList)
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_redirects: int = 5
    max_bytes: int = 100 * 1024 * 1024
    user_agent: str = "ckanext-kommunal"
    resolver: OutboundResolver = outbound_system_resolver

    @property
    def timeout(self) -> tuple[float, float]:
        """``(connect, read)`` as requests takes it."""
        return (self.connect_timeout, self.read_timeout)

    def with_allowed(self, *entries: str) -> OutboundPolicy:
        """This policy with more allow-list entries (``host:port``, networks)."""
        more = OutboundAllowList.parse(entries).entries
        return replace(self, allow=OutboundAllowList(self.allow.entries + more))


def outbound_policy(**overrides: Any) -> OutboundPolicy:
    """The policy of the settings (``ckanext.outbound.*``).

    :param overrides: fields to set otherwise, e.g. ``max_bytes``
    :raises ValueError: if an allow-list entry cannot be read (names it)
    """
    try:
        allow = OutboundAllowList.parse(config.allow())
    except ValueError as error:
        raise ValueError(
            f"ckanext.outbound.allow: cannot read the entry {error}"
        ) from None
    settings: dict[str, Any] = {
        "allow": allow,
        "connect_timeout": config.connect_timeout(),
        "read_timeout": config.read_timeout(),
        "max_redirects": config.max_redirects(),
        "max_bytes": config.max_bytes(),
        "user_agent": config.user_agent(),
    }
    settings.update(overrides)
    return OutboundPolicy(**settings)


def outbound_session(policy: OutboundPolicy | None = None) -> requests.Session:
    """A requests session that connects only as the policy allows.

    No proxies or ``.netrc`` from the environment; redirects are followed up
    to the policy's limit, each hop checked when it connects. Callers that
    use the session directly catch :class:`~.errors.OutboundError` too.

    :param policy: default: :func:`outbound_policy`
    """
    policy = policy or outbound_policy()
    session = requests.Session()
    session.trust_env = False
    session.max_redirects = policy.max_redirects
    session.headers["User-Agent"] = policy.user_agent
    adapter = OutboundAdapter(OutboundGuard(policy.allow, policy.resolver))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def outbound_check_url(url: str) -> str:
    """The host of an http(s) URL fit to be fetched.

    :raises OutboundError: ``scheme`` or ``url``
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises for a port out of range)
    except ValueError:
        raise OutboundError("url", url) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise OutboundError("scheme", url)
    if not parts.hostname:
        raise OutboundError("url", url)
    return parts.hostname


def _host(url: str | None) -> str:
    try:
        return urlsplit(url or "").hostname or ""
    except ValueError:
        return ""


def _timed_out(error: BaseException | None) -> bool:
    """Whether a timeout is behind ``error`` (requests wraps urllib3's read
    timeouts while the body is read in ``ConnectionError``)."""
    for _ in range(5):  # the chain is short; never loop on a cyclic one
        # urllib3 derives a refused connection from its connect timeout
        if error is None or isinstance(error, NewConnectionError):
            return False
        if isinstance(error, (requests.Timeout, Urllib3Timeout, TimeoutError)):
            return True
        inner = error.args[0] if error.args else None
        error = inner if isinstance(inner, BaseException) else error.__cause__
    return False


def outbound_error(error: Exception, url: str, policy: OutboundPolicy) -> OutboundError:
    """The :class:`~.errors.OutboundError` for an exception of requests.

    :param error: what requests raised
    :param url: the URL requested
    """
    request = getattr(error, "request", None)
    hop = str(getattr(request, "url", None) or url)
    host = _host(hop) or _host(url)
    if isinstance(error, OutboundError):
        return error
    values: dict[str, Any]  # the placeholders of the reason's message
    if isinstance(error, requests.TooManyRedirects):
        reason, values = "redirects", {"limit": policy.max_redirects}
    elif isinstance(error, requests.exceptions.InvalidSchema):
        reason, values = "scheme", {}
    elif isinstance(error, (requests.exceptions.InvalidURL, requests.URLRequired)):
        reason, values = "url", {}
    elif _timed_out(error):
        seconds = f"{policy.read_timeout:g}"
        reason, values = "timeout", {"host": host, "seconds": seconds}
    elif isinstance(error, requests.exceptions.SSLError):
        reason, values = "tls", {"host": host}
    else:
        reason, values = "connection", {"host": host}
    log.info("outbound: %s failed: %r", hop, error)
    return OutboundError(reason, hop, repr(error), **values)


@contextmanager
def outbound_open(
    url: str,
    *,
    method: str = "GET",
    policy: OutboundPolicy | None = None,
    session: requests.Session | None = None,
    headers: dict[str, str] | None = None,
    raise_for_status: bool = True,
) -> Iterator[requests.Response]:
    """Open ``url`` under the policy; the body is read by the caller, best
    through :func:`outbound_chunks`.

    :param method: ``GET`` or ``HEAD``
    :param session: reuse a session of :func:`outbound_session` (else one
        for this request)
    :param raise_for_status: turn HTTP status 400 and above into an error
    :raises OutboundError: refused, unreachable, timed out, HTTP error
    """
    policy = policy or outbound_policy()
    outbound_check_url(url)
    own = session is None
    session = session or outbound_session(policy)
    try:
        try:
            response = session.request(
                method, url, headers=headers, timeout=policy.timeout, stream=True
            )
        except (requests.RequestException, OutboundError) as error:
            raise outbound_error(error, url, policy) from None
        with response:
            if raise_for_status and response.status_code >= 400:
                raise OutboundError("status", response.url, status=response.status_code)
            yield response
    finally:
        if own:
            session.close()


def outbound_chunks(
    response: requests.Response,
    *,
    policy: OutboundPolicy | None = None,
    max_bytes: int | None = None,
) -> Iterator[bytes]:
    """The body of an open response, decompressed, in chunks, within bounds.

    :param max_bytes: a lower cap than the policy's
    :raises OutboundError: ``too_large`` beyond the cap (also when the
        announced length exceeds it), ``timeout`` when the whole body takes
        longer than the read timeout, ``connection`` when it breaks off
    """
    policy = policy or outbound_policy()
    limit = min(policy.max_bytes, max_bytes or policy.max_bytes)
    too_large = OutboundError("too_large", response.url, mb=f"{limit / 1e6:g}")
    announced = response.headers.get("Content-Length", "")
    plain = not response.headers.get("Content-Encoding")
    if plain and announced.isdigit() and int(announced) > limit:
        raise too_large
    deadline = time.monotonic() + policy.read_timeout
    size = 0
    try:
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > limit:
                raise too_large
            if time.monotonic() > deadline:
                raise OutboundError(
                    "timeout",
                    response.url,
                    "body deadline",
                    host=_host(response.url),
                    seconds=f"{policy.read_timeout:g}",
                )
            yield chunk
    except requests.RequestException as error:
        raise outbound_error(error, response.url, policy) from None


@dataclass(frozen=True)
class OutboundResponse:
    """A whole answer fetched by :func:`outbound_fetch`."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes


def outbound_fetch(
    url: str,
    *,
    policy: OutboundPolicy | None = None,
    headers: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> OutboundResponse:
    """GET ``url`` under the policy and return the whole body.

    :raises OutboundError: refused, unreachable, timed out, HTTP error, too large
    """
    policy = policy or outbound_policy()
    with outbound_open(url, policy=policy, headers=headers) as response:
        body = b"".join(outbound_chunks(response, policy=policy, max_bytes=max_bytes))
        return OutboundResponse(
            url=response.url,
            status=response.status_code,
            headers=dict(response.headers),
            content=body,
        )
