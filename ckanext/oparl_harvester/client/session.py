"""The OParl client itself: :class:`OParlClient`, the requests it makes.

Every request has a timeout; failures are retried with capped exponential
backoff and counted by the per-host circuit breaker (:mod:`.breaker`). Each
one goes through the bundle's outbound policy
(:func:`ckanext.outbound.outbound_session`): an internal address, also one
reached by a redirect, is refused without a connection and not retried.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import ReadTimeoutError

from ckanext.outbound import (
    OutboundError,
    OutboundPolicy,
    outbound_error,
    outbound_policy,
    outbound_session,
)

from . import vendors
from .breaker import CircuitBreaker
from .errors import (
    OParlConnectionError,
    OParlError,
    OParlHTTPError,
    OParlJSONError,
    OParlNotFoundError,
    OParlRefusedError,
    OParlServerError,
    OParlTimeout,
)
from .pagination import ListCrawl
from .vendors import VendorProfile
from .wire import error_message, is_error_object, parse_json

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
# no OParl page comes near this; a larger answer is a fault, not data
MAX_BODY_BYTES = 64 * 1024 * 1024


class _RetryableError(Exception):
    """Internal: one attempt failed in a way worth another try."""

    def __init__(self, error: OParlError, *, counts_for_breaker: bool = True) -> None:
        super().__init__(str(error))
        self.error = error
        self.counts_for_breaker = counts_for_breaker
        self.retry_after: float | None = None


# -- client -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ClientLimits:
    """How far a client goes for one server.

    No defaults here: they are the portal's settings, declared once in
    ``config_declaration.yaml`` and read by
    :func:`ckanext.oparl_harvester.config.client_limits`.

    :param timeout: seconds for connecting and for each read; the body of
        one answer must also arrive within this time after the headers
    :param max_retries: further attempts after a failed one (5xx, 429,
        timeouts, connection errors, unusable JSON); 4xx are not retried
    :param backoff: first retry delay in seconds, doubled per attempt,
        with jitter, capped at *backoff_cap*
    :param backoff_cap: longest delay between two attempts
    :param max_pages: page limit per crawl
    :param max_seconds: time limit per crawl (checked before every page)
    :param breaker_threshold: failures in a row that block a host
    :param breaker_cooldown: seconds a blocked host stays blocked
    :param user_agent: ``User-Agent`` header
    :param max_body_bytes: larger answers are refused
    """

    timeout: float
    max_retries: int
    backoff: float
    backoff_cap: float
    max_pages: int
    max_seconds: float
    breaker_threshold: int
    breaker_cooldown: float
    user_agent: str
    max_body_bytes: int = MAX_BODY_BYTES


class OParlClient:
    """Fetch OParl objects and crawl lists, robustly and within bounds.

    :param limits: timeouts, retries, crawl bounds, breaker, user agent
    :param session: a session of :func:`ckanext.outbound.outbound_session`
        to use (else a new one)
    :param policy: the outbound policy (default: the portal's settings)
    """

    def __init__(
        self,
        limits: ClientLimits,
        *,
        session: requests.Session | None = None,
        policy: OutboundPolicy | None = None,
    ) -> None:
        self.timeout = limits.timeout
        self.max_retries = max(0, limits.max_retries)
        self.backoff = limits.backoff
        self.backoff_cap = limits.backoff_cap
        self.max_pages = limits.max_pages
        self.max_seconds = limits.max_seconds
        self.max_body_bytes = limits.max_body_bytes
        self.breaker = CircuitBreaker(limits.breaker_threshold, limits.breaker_cooldown)
        self.policy = policy or outbound_policy()
        self.session = session or outbound_session(self.policy)
        self._own_session = session is None
        self.headers = {"User-Agent": limits.user_agent, "Accept": "application/json"}
        self.profile: VendorProfile = vendors.get_profile()
        self.fixup_stats: Counter[str] = Counter()
        self.request_count = 0
        self._count_lock = threading.Lock()

    def close(self) -> None:
        """Close the HTTP session if the client created it."""
        if self._own_session:
            self.session.close()

    def __enter__(self) -> OParlClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public API ---------------------------------------------------------

    def system(self, url: str) -> dict[str, Any]:
        """Fetch the System object and choose the vendor profile from it.

        The profile is kept in :attr:`profile` and used by later calls that
        do not pass one.

        :param url: the System URL (the harvest source URL)
        """
        raw = self.get_json(url, profile=self.profile)
        if not isinstance(raw, dict) or "body" not in raw:
            raise OParlJSONError(f"Kein OParl-System-Objekt unter {url}", url=url)
        self.profile = vendors.detect(raw)
        log.info("OParl: %s erkannt als %s", url, self.profile.label)
        return vendors.normalise(
            raw, self.profile, base_url=url, stats=self.fixup_stats
        )

    def bodies(
        self, system: Mapping[str, Any], *, profile: VendorProfile | None = None
    ) -> list[dict[str, Any]]:
        """Return all Body objects of a System.

        Handles a body list answered with a single Body object.

        :param system: the System object (see :meth:`system`)
        :param profile: vendor profile (default: the detected one)
        :raises OParlError: if the body list could not be read completely
        """
        ref = system.get("body")
        if isinstance(ref, list):  # early servers embedded the list
            return [
                self.get_object(b, profile=profile) if isinstance(b, str) else dict(b)
                for b in ref
            ]
        if not isinstance(ref, str):
            raise OParlJSONError("System-Objekt ohne Body-Liste", url=system.get("id"))
        crawl = self.iter_list(ref, profile=profile)
        found = list(crawl)
        if not crawl.report.complete:
            raise OParlError("; ".join(crawl.report.errors), url=ref)
        return found

    def get_object(
        self, url: str, *, profile: VendorProfile | None = None
    ) -> dict[str, Any]:
        """Fetch one object and return it normalised.

        :param url: the object's id (URL)
        :param profile: vendor profile (default: the detected one)
        :raises OParlError: a subclass saying what went wrong
        """
        profile = profile or self.profile
        data = self.get_json(url, profile=profile)
        if not isinstance(data, dict) or "data" in data:
            raise OParlJSONError(f"Antwort von {url} ist kein OParl-Objekt", url=url)
        return vendors.normalise(data, profile, base_url=url, stats=self.fixup_stats)

    def iter_list(
        self,
        url: str,
        *,
        modified_since: datetime | None = None,
        overlap: timedelta = timedelta(0),
        profile: VendorProfile | None = None,
    ) -> ListCrawl:
        """Crawl an external list along ``links.next``.

        :param url: the list URL from the Body (e.g. ``body["paper"]``)
        :param modified_since: only objects changed since then (the previous
            run's start); *overlap* is subtracted to cover clock skew
        :param overlap: safety margin subtracted from *modified_since* (the
            source's ``modified_since_overlap_minutes``; none if not given)
        :param profile: vendor profile (default: the detected one)
        :returns: an iterable of normalised objects with a ``report``
        """
        profile = profile or self.profile
        since = None
        if modified_since is not None:
            since = vendors.format_modified_since(modified_since - overlap, profile)
        return ListCrawl(self, url, since=since, profile=profile)

    # -- HTTP ---------------------------------------------------------------

    def _attempts(self, profile: VendorProfile) -> int:
        return 1 + self.max_retries + int(profile.switch("extra_retries"))

    def get_json(
        self, url: str, *, profile: VendorProfile, deadline: float | None = None
    ) -> Any:
        """GET *url* with retries; return parsed JSON that is no error object.

        Used by :class:`~.pagination.ListCrawl` for list pages; the returned
        data is not normalised by the vendor profile.

        :param url: the URL to fetch
        :param profile: vendor profile (decides on extra retries)
        :param deadline: :func:`time.monotonic` value by which the request
            must be done, or ``None`` for no limit beyond the timeout
        :raises OParlServerError: if the server sent an error object
        :raises OParlError: another subclass saying what went wrong
        """
        host = urlsplit(url).hostname or ""
        attempts = self._attempts(profile)
        for attempt in range(1, attempts + 1):
            self.breaker.check(host, url)
            try:
                data = self._attempt(url, host, attempt, deadline)
            except _RetryableError as failure:
                if failure.counts_for_breaker:
                    self.breaker.failure(host)
                if attempt == attempts or not self._pause(
                    attempt, deadline, failure.retry_after
                ):
                    raise failure.error from None
                continue
            if is_error_object(data):
                message = error_message(data)
                raise OParlServerError(
                    f"Server meldete Fehler für {url}: {message}",
                    url=url,
                    payload=data,
                )
            return data
        raise AssertionError("unreachable")

    def _attempt(
        self, url: str, host: str, attempt: int, deadline: float | None
    ) -> Any:
        """One GET; raises _RetryableError for failures worth another try."""
        status, content_type, body, retry_after = self._send(url, attempt, deadline)
        if status >= 500 or status == 429:
            failure = _RetryableError(
                OParlHTTPError(
                    f"Server antwortete mit HTTP {status} für {url} "
                    f"({_tries(attempt)})",
                    url=url,
                    status=status,
                    attempts=attempt,
                    body=body[:2000],
                )
            )
            failure.retry_after = retry_after
            raise failure
        self.breaker.success(host)
        if status >= 400:
            raise self._client_error(url, status, content_type, body)
        try:
            return parse_json(body, url=url, content_type=content_type)
        except OParlJSONError as exc:
            # Truncated bodies and maintenance pages are usually transient.
            exc.args = (f"{exc} ({_tries(attempt)})",)
            raise _RetryableError(exc, counts_for_breaker=False) from None

    def _client_error(
        self, url: str, status: int, content_type: str, body: bytes
    ) -> OParlHTTPError:
        try:
            payload: Any = parse_json(body, url=url, content_type=content_type)
        except OParlJSONError:
            payload = None
        if status in (404, 410):
            return OParlNotFoundError(
                f"Objekt nicht gefunden (HTTP {status}): {url}",
                url=url,
                status=status,
                body=payload,
            )
        return OParlHTTPError(
            f"Server antwortete mit HTTP {status} für {url}",
            url=url,
            status=status,
            body=payload,
        )

    def _send(
        self, url: str, attempt: int, deadline: float | None
    ) -> tuple[int, str, bytes, float | None]:
        """Perform one GET and read the body within the time limits."""
        timeout = self.timeout
        if deadline is not None:
            timeout = min(timeout, deadline - time.monotonic())
            if timeout <= 0:
                raise _RetryableError(self._timeout_error(url, attempt))
        with self._count_lock:
            self.request_count += 1
        try:
            response = self.session.get(
                url, headers=self.headers, timeout=(timeout, timeout), stream=True
            )
            with response:
                body = self._read_body(response, url, attempt, timeout)
        except (
            OutboundError,
            requests.exceptions.InvalidSchema,
            requests.exceptions.InvalidURL,
            requests.TooManyRedirects,
        ) as exc:
            raise self._policy_error(exc, url) from None
        except requests.Timeout:
            raise _RetryableError(self._timeout_error(url, attempt)) from None
        except (
            requests.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
        ) as exc:
            if isinstance(exc.args[0] if exc.args else None, ReadTimeoutError):
                raise _RetryableError(self._timeout_error(url, attempt)) from None
            raise _RetryableError(
                OParlConnectionError(
                    f"Verbindungsfehler bei {url}: {_short(exc)} ({_tries(attempt)})",
                    url=url,
                )
            ) from None
        retry_after = _retry_after(response.headers.get("Retry-After"))
        content_type = response.headers.get("Content-Type", "")
        return response.status_code, content_type, body, retry_after

    def _policy_error(
        self, exc: Exception, url: str
    ) -> OParlRefusedError | _RetryableError:
        """A refusal of the outbound policy is final; an unknown host may
        come back (DNS), so it is retried like a broken connection."""
        error = outbound_error(exc, url, self.policy)
        if error.refused or error.reason == "redirects":
            return OParlRefusedError(f"{error.message()}: {url}", url=url)
        return _RetryableError(
            OParlConnectionError(f"{error.message()}: {url}", url=url)
        )

    def _read_body(
        self, response: requests.Response, url: str, attempt: int, timeout: float
    ) -> bytes:
        # The read timeout applies per chunk; a server trickling bytes must
        # not keep us forever, so the whole body has a deadline too.
        until = time.monotonic() + timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_body_bytes:
                raise _RetryableError(
                    OParlJSONError(
                        f"Antwort von {url} größer als {self.max_body_bytes} Bytes",
                        url=url,
                    ),
                    counts_for_breaker=False,
                )
            if time.monotonic() > until:
                raise _RetryableError(self._timeout_error(url, attempt))
        return b"".join(chunks)

    def _timeout_error(self, url: str, attempt: int) -> OParlTimeout:
        return OParlTimeout(
            f"Zeitüberschreitung nach {self.timeout:g} s bei {url} ({_tries(attempt)})",
            url=url,
        )

    def _pause(
        self, attempt: int, deadline: float | None, retry_after: float | None
    ) -> bool:
        """Sleep before the next attempt; False if no time is left for it."""
        delay = min(self.backoff_cap, self.backoff * 2 ** (attempt - 1))
        delay *= random.uniform(0.5, 1.0)  # jitter: clients must not march in step
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.backoff_cap))
        if deadline is not None and time.monotonic() + delay >= deadline:
            return False
        time.sleep(delay)
        return True


def _tries(attempts: int) -> str:
    return "1 Versuch" if attempts == 1 else f"{attempts} Versuche"


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _short(exc: Exception) -> str:
    text = str(exc)
    for marker in ("Connection reset", "Connection refused", "Connection aborted"):
        if marker in text:
            return marker
    return text[:200]
