"""HTTP client for OParl 1.0/1.1 servers: the harvester's wire layer.

The client fetches single objects and crawls external lists page by page
along ``links.next``. It is built for servers that misbehave: every request
has a timeout, failures are retried with capped exponential backoff, a
circuit breaker per host stops hammering a server that is down, crawls are
bounded in pages and time and detect pagination loops. Broken JSON is
repaired where that is safe; vendor quirks are fixed by the profile chosen
from the System object (:mod:`.vendors`).

A crawl never raises for a failed page: it stops, records a German message
in its :class:`CrawlReport` and leaves ``complete`` false, so the harvester
knows it must not treat objects it did not see as deleted.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import requests
from urllib3.exceptions import ReadTimeoutError

from . import vendors
from .vendors import VendorProfile

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "ckanext-kommunal OParl-Harvester/0.1 (+python-requests)"
MODIFIED_SINCE = "modified_since"
CHUNK = 64 * 1024


# -- errors -----------------------------------------------------------------


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


class _RetryableError(Exception):
    """Internal: one attempt failed in a way worth another try."""

    def __init__(self, error: OParlError, *, counts_for_breaker: bool = True) -> None:
        super().__init__(str(error))
        self.error = error
        self.counts_for_breaker = counts_for_breaker
        self.retry_after: float | None = None


# -- circuit breaker --------------------------------------------------------


@dataclass
class _HostState:
    failures: int = 0
    opened_at: float | None = None


class CircuitBreaker:
    """Per-host breaker: after *threshold* failures in a row it opens for
    *cooldown* seconds, then lets one trial request through (half-open).

    :param threshold: consecutive failures that open the breaker
    :param cooldown: seconds the breaker stays open
    :param clock: monotonic time source (replaceable in tests)
    """

    def __init__(
        self,
        threshold: int,
        cooldown: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
        self._clock = clock
        self._hosts: dict[str, _HostState] = {}
        self._lock = threading.Lock()

    def check(self, host: str, url: str) -> None:
        """Raise :class:`OParlCircuitOpen` while the host is blocked.

        :param host: host name of the request
        :param url: the URL about to be requested (for the message)
        """
        with self._lock:
            state = self._hosts.setdefault(host, _HostState())
            if state.opened_at is None:
                return
            wait = self.cooldown - (self._clock() - state.opened_at)
            if wait <= 0:
                # Half-open: one trial; a single failure opens it again.
                state.opened_at = None
                state.failures = self.threshold - 1
                return
        raise OParlCircuitOpen(
            f"Server {host} vorübergehend gesperrt nach {state.failures} Fehlern "
            f"in Folge (noch {wait:.0f} s); Abruf von {url} übersprungen",
            url=url,
            host=host,
            retry_in=wait,
        )

    def failure(self, host: str) -> None:
        """Count a failed attempt; opens the breaker at the threshold.

        :param host: host name of the failed request
        """
        with self._lock:
            state = self._hosts.setdefault(host, _HostState())
            state.failures += 1
            if state.failures >= self.threshold and state.opened_at is None:
                state.opened_at = self._clock()
                log.warning(
                    "OParl: Server %s gesperrt (%d Fehler)", host, state.failures
                )

    def success(self, host: str) -> None:
        """Reset the host after a successful answer.

        :param host: host name of the request
        """
        with self._lock:
            self._hosts[host] = _HostState()

    def is_open(self, host: str) -> bool:
        """Return whether requests to *host* currently fail fast.

        :param host: host name
        """
        with self._lock:
            state = self._hosts.get(host)
            if state is None or state.opened_at is None:
                return False
            return self._clock() - state.opened_at < self.cooldown


# -- JSON -------------------------------------------------------------------

_CONTROL_CHARS = {c: None for c in range(0x20) if chr(c) not in "\t\n\r"}


def _strip_controls(node: Any) -> Any:
    if isinstance(node, str):
        return node.translate(_CONTROL_CHARS)
    if isinstance(node, list):
        return [_strip_controls(item) for item in node]
    if isinstance(node, dict):
        return {key: _strip_controls(value) for key, value in node.items()}
    return node


def _decode(body: bytes, content_type: str) -> str:
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"'")
    for encoding in (charset, "utf-8-sig", "cp1252"):
        try:
            return body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("utf-8", errors="replace")


def parse_json(body: bytes, *, url: str, content_type: str = "") -> Any:
    """Parse a server answer tolerantly.

    Raw control characters inside strings (servers do send them) are
    accepted and removed; HTML pages and truncated JSON are errors.

    :param body: the raw response body
    :param url: the URL it came from (for messages)
    :param content_type: the ``Content-Type`` header
    :raises OParlJSONError: if the body is no JSON
    """
    text = _decode(body, content_type)
    head = text.lstrip()[:200].lower()
    if not head:
        raise OParlJSONError(f"Leere Antwort statt JSON von {url}", url=url)
    if head.startswith("<") or (
        "text/html" in content_type.lower() and head[0] not in "[{"
    ):
        raise OParlJSONError(f"Server lieferte HTML statt JSON für {url}", url=url)
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    try:
        # strict=False accepts raw control characters inside strings.
        return _strip_controls(json.loads(text, strict=False))
    except json.JSONDecodeError as exc:
        raise OParlJSONError(
            f"Ungültiges JSON von {url} (Zeile {exc.lineno}, Spalte {exc.colno}: "
            f"{exc.msg}); Antwort abgeschnitten oder fehlerhaft",
            url=url,
        ) from exc


def is_error_object(data: Any) -> bool:
    """Return whether *data* is an error object rather than OParl content.

    Two shapes occur with HTTP 200: ``{"type": ".../Error", "message": …}``
    and vendor objects like ``{"error": "…", "code": 802, "type": "…"}``.

    :param data: parsed JSON
    """
    if not isinstance(data, dict):
        return False
    if str(data.get("type") or "").rstrip("/").endswith("/Error"):
        return True
    return "error" in data and "id" not in data and "data" not in data


def _error_message(data: Mapping[str, Any]) -> str:
    for key in ("message", "error", "debug"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return "unbekannter Fehler"


# -- URLs -------------------------------------------------------------------


def has_param(url: str, name: str) -> bool:
    """Return whether the query of *url* contains parameter *name*.

    :param url: a URL
    :param name: parameter name
    """
    query = urlsplit(url).query
    return any(p.split("=", 1)[0] == name for p in query.split("&") if p)


def with_param(url: str, name: str, value: str, *, raw: bool = False) -> str:
    """Set one query parameter, leaving the others exactly as they are.

    :param url: the URL
    :param name: parameter name
    :param value: the value
    :param raw: append the value unencoded (``:`` and ``+`` kept), as some
        servers (SessionNet) require; otherwise percent-encoded
    """
    parts = urlsplit(url)
    kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0] != name]
    encoded = value if raw else quote(value, safe="")
    kept.append(f"{name}={encoded}")
    return urlunsplit(parts._replace(query="&".join(kept)))


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# -- body helpers -----------------------------------------------------------

_BODY_LISTS = {
    "Organization": ("organization",),
    "Person": ("person",),
    "Meeting": ("meeting",),
    "Paper": ("paper",),
    "AgendaItem": ("agendaItem",),
    "Consultation": ("consultation",),
    "File": ("file",),
    "Membership": ("membership",),
    "LegislativeTerm": ("legislativeTermList",),
    "Location": ("locationList",),
}


def body_lists(body: Mapping[str, Any]) -> dict[str, str]:
    """Return the external list URLs of a Body by object type.

    OParl 1.0 has lists for Organization, Person, Meeting and Paper only;
    1.1 adds AgendaItem, Consultation, File, Membership, LegislativeTerm
    (``legislativeTermList``) and Location (``locationList``).

    :param body: a Body object
    """
    lists = {}
    for type_name, keys in _BODY_LISTS.items():
        for key in keys:
            value = body.get(key)
            if isinstance(value, str) and value.startswith("http"):
                lists[type_name] = value
    return lists


def iter_embedded(obj: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield every object embedded in *obj* (depth first), not *obj* itself.

    In OParl 1.0, AgendaItems, Consultations, Files, Memberships,
    LegislativeTerms and Locations exist only embedded in other objects.

    :param obj: an OParl object
    """
    for value in obj.values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                if "id" in item:
                    yield item
                yield from iter_embedded(item)


# -- crawl report -----------------------------------------------------------


@dataclass
class CrawlReport:
    """What happened while crawling one external list.

    ``complete`` is true only if the list was read to its last page without
    error; otherwise the harvester must not infer deletions from it.
    """

    url: str
    started_at: datetime
    finished_at: datetime | None = None
    modified_since: str | None = None
    pages: int = 0
    objects: int = 0
    deleted: int = 0
    duplicates: int = 0
    requests: int = 0
    total_announced: int | None = None
    filter_honoured: bool | None = None
    complete: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fixups: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """Return a one-line German summary for the harvest report."""
        state = "vollständig" if self.complete else "UNVOLLSTÄNDIG"
        text = (
            f"{self.url}: {self.objects} Objekte ({self.deleted} gelöscht) auf "
            f"{self.pages} Seiten, {state}"
        )
        return "; ".join([text, *self.errors])


@dataclass
class _Page:
    items: list[Any]
    next_url: str | None
    total: int | None
    single_object: bool = False


# -- client -----------------------------------------------------------------


class OParlClient:
    """Fetch OParl objects and crawl lists, robustly and within bounds.

    :param timeout: seconds for connecting and for each read; the body of
        one answer must also arrive within this time after the headers
    :param max_retries: further attempts after a failed one (5xx, 429,
        timeouts, connection errors, unusable JSON); 4xx are not retried
    :param backoff: first retry delay in seconds, doubled per attempt,
        with jitter, capped at *backoff_cap*
    :param max_pages: page limit per crawl
    :param max_seconds: time limit per crawl (checked before every page)
    :param breaker_threshold: failures in a row that block a host
    :param breaker_cooldown: seconds a blocked host stays blocked
    :param user_agent: ``User-Agent`` header
    :param session: a :class:`requests.Session` to use (else a new one)
    :param backoff_cap: longest delay between two attempts
    :param max_body_bytes: larger answers are refused
    """

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        max_retries: int = 3,
        backoff: float = 0.5,
        max_pages: int = 10_000,
        max_seconds: float = 3600.0,
        breaker_threshold: int = 5,
        breaker_cooldown: float = 60.0,
        user_agent: str = DEFAULT_USER_AGENT,
        session: requests.Session | None = None,
        backoff_cap: float = 30.0,
        max_body_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self.max_pages = max_pages
        self.max_seconds = max_seconds
        self.max_body_bytes = max_body_bytes
        self.breaker = CircuitBreaker(breaker_threshold, breaker_cooldown)
        self.session = session or requests.Session()
        self._own_session = session is None
        self.headers = {"User-Agent": user_agent, "Accept": "application/json"}
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
        raw = self._get_json(url, profile=self.profile)
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
        data = self._get_json(url, profile=profile)
        if not isinstance(data, dict) or "data" in data:
            raise OParlJSONError(f"Antwort von {url} ist kein OParl-Objekt", url=url)
        return vendors.normalise(data, profile, base_url=url, stats=self.fixup_stats)

    def iter_list(
        self,
        url: str,
        *,
        modified_since: datetime | None = None,
        overlap: timedelta = timedelta(minutes=5),
        profile: VendorProfile | None = None,
    ) -> ListCrawl:
        """Crawl an external list along ``links.next``.

        :param url: the list URL from the Body (e.g. ``body["paper"]``)
        :param modified_since: only objects changed since then (the previous
            run's start); *overlap* is subtracted to cover clock skew
        :param overlap: safety margin subtracted from *modified_since*
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

    def _get_json(
        self, url: str, *, profile: VendorProfile, deadline: float | None = None
    ) -> Any:
        """GET *url* with retries; return parsed JSON that is no error object."""
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
                message = _error_message(data)
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


# -- list crawl -------------------------------------------------------------


class ListCrawl:
    """One crawl of an external list; iterate it once, then read ``report``.

    :param client: the client doing the requests
    :param url: first page URL
    :param since: formatted ``modified_since`` value or ``None``
    :param profile: vendor profile
    """

    def __init__(
        self,
        client: OParlClient,
        url: str,
        *,
        since: str | None,
        profile: VendorProfile,
    ) -> None:
        self.client = client
        self.url = url
        self.since = since
        self.profile = profile
        self.report = CrawlReport(
            url=url, started_at=datetime.now(UTC), modified_since=since
        )
        self._since_time = _parse_time(since)
        self._raw = profile.switch("modified_since_encoding") == "raw"
        self._older = 0
        self._judged = 0
        self._started = False

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if self._started:
            return iter(())
        self._started = True
        return self._run()

    def _first_url(self) -> str:
        if self.since is None:
            return self.url
        return with_param(self.url, MODIFIED_SINCE, self.since, raw=self._raw)

    def _run(self) -> Iterator[dict[str, Any]]:
        report = self.report
        requests_before = self.client.request_count
        deadline = time.monotonic() + self.client.max_seconds
        try:
            yield from self._pages(self._first_url(), deadline)
        finally:
            report.requests = self.client.request_count - requests_before
            report.finished_at = datetime.now(UTC)
            self._finish()

    def _pages(self, url: str | None, deadline: float) -> Iterator[dict[str, Any]]:
        report = self.report
        seen_urls: set[str] = set()
        first_ids: set[str] = set()
        seen_ids: set[str] = set()
        while url:
            if not self._may_fetch(url, seen_urls, deadline):
                return
            page = self._fetch(url, deadline)
            if page is None:
                return
            report.pages += 1
            if not self._check_first_id(page, url, first_ids):
                return
            for item in page.items:
                obj = self._resolve(item, url)
                if obj is not None and self._accept(obj, seen_ids):
                    yield obj
            url = self._next(page.next_url, url)
        report.complete = not report.errors

    def _may_fetch(self, url: str, seen: set[str], deadline: float) -> bool:
        report = self.report
        if url in seen:
            report.errors.append(
                f"Endlosschleife in der Paginierung: Seite {url} wurde bereits "
                f"abgerufen; Liste {self.url} unvollständig"
            )
            return False
        if report.pages >= self.client.max_pages:
            report.errors.append(
                f"Seitenlimit von {self.client.max_pages} Seiten erreicht bei "
                f"{self.url}; Liste unvollständig"
            )
            return False
        if time.monotonic() >= deadline:
            report.errors.append(
                f"Zeitlimit von {self.client.max_seconds:g} s überschritten bei "
                f"{self.url}; Liste unvollständig"
            )
            return False
        seen.add(url)
        return True

    def _fetch(self, url: str, deadline: float) -> _Page | None:
        report = self.report
        try:
            data = self.client._get_json(url, profile=self.profile, deadline=deadline)
        except OParlNotFoundError as exc:
            if report.pages == 0 and self._empty_404(exc):
                report.warnings.append(f"Leere Liste als HTTP 404 gemeldet: {url}")
                return _Page([], None, 0)
            report.errors.append(str(exc))
            return None
        except OParlError as exc:
            report.errors.append(str(exc))
            return None
        try:
            page = _parse_page(data, url)
        except OParlJSONError as exc:
            report.errors.append(str(exc))
            return None
        if page.single_object:
            report.warnings.append(f"Liste {url} lieferte ein einzelnes Objekt")
        if report.pages == 0:
            report.total_announced = page.total
        return page

    def _empty_404(self, exc: OParlNotFoundError) -> bool:
        if self.profile.switch("empty_list_404"):
            return True
        # Heuristic without a profile: a filtered list answered by a JSON
        # error object (not an HTML error page) means "nothing changed".
        return self.since is not None and is_error_object(exc.body)

    def _check_first_id(self, page: _Page, url: str, first_ids: set[str]) -> bool:
        first = page.items[0] if page.items else None
        first_id = first.get("id") if isinstance(first, dict) else first
        if not isinstance(first_id, str):
            return True
        if first_id in first_ids:
            self.report.errors.append(
                f"Endlosschleife in der Paginierung: Seite {url} beginnt mit "
                f"demselben Objekt ({first_id}) wie eine frühere Seite; "
                f"Liste {self.url} unvollständig"
            )
            return False
        first_ids.add(first_id)
        return True

    def _resolve(self, item: Any, page_url: str) -> dict[str, Any] | None:
        if isinstance(item, dict):
            return vendors.normalise(
                item, self.profile, base_url=page_url, stats=self.report.fixups
            )
        if isinstance(item, str) and item.startswith("http"):
            # Compact list form: only URLs; fetch the objects one by one.
            try:
                return self.client.get_object(item, profile=self.profile)
            except OParlError as exc:
                self.report.errors.append(str(exc))
                return None
        self.report.errors.append(f"Unbrauchbarer Listeneintrag in {page_url}")
        return None

    def _accept(self, obj: dict[str, Any], seen_ids: set[str]) -> bool:
        report = self.report
        obj_id = obj.get("id")
        if isinstance(obj_id, str):
            if obj_id in seen_ids:
                # Offset pagination shifts when objects are inserted meanwhile.
                report.duplicates += 1
                return False
            seen_ids.add(obj_id)
        report.objects += 1
        if obj.get("deleted") is True:
            report.deleted += 1
        elif self._since_time and not obj.get("_synthetic_modified"):
            modified = _parse_time(obj.get("modified"))
            if modified:
                self._judged += 1
                self._older += modified < self._since_time - timedelta(seconds=1)
        return True

    def _next(self, next_url: Any, page_url: str) -> str | None:
        if not isinstance(next_url, str) or not next_url.strip():
            return None
        url = vendors.canonical_url(next_url.strip(), page_url)
        if self.since is not None and not has_param(url, MODIFIED_SINCE):
            if not any("modified_since" in w for w in self.report.warnings):
                self.report.warnings.append(
                    f"Server lässt modified_since in den next-Links von {self.url} "
                    "weg; der Filter wird wieder angehängt"
                )
            url = with_param(url, MODIFIED_SINCE, self.since, raw=self._raw)
        return url

    def _finish(self) -> None:
        report = self.report
        if self._judged:  # None: nothing to judge (no objects, synthetic)
            report.filter_honoured = self._older == 0
            if self._older:
                report.warnings.append(
                    f"Server ignoriert modified_since bei {self.url}: {self._older} "
                    f"Objekte älter als {self.since}"
                )
        total = report.total_announced
        if report.complete and total is not None and total != report.objects:
            report.warnings.append(
                f"Server meldet {total} Objekte für {self.url}, geliefert wurden "
                f"{report.objects}"
            )
        self.client.fixup_stats.update(report.fixups)


def _parse_page(data: Any, url: str) -> _Page:
    """Interpret one list page, tolerating the shapes servers send."""
    if isinstance(data, list):  # bare array, e.g. `[]` for an empty list
        return _Page(data, None, None)
    if not isinstance(data, dict):
        raise OParlJSONError(f"Antwort von {url} ist keine OParl-Liste", url=url)
    if "data" not in data:
        if "id" in data:  # a single object where a list was expected
            return _Page([data], None, 1, single_object=True)
        if not data:
            return _Page([], None, 0)
        raise OParlJSONError(f"Antwort von {url} ist keine OParl-Liste", url=url)
    items = data.get("data")
    if isinstance(items, dict):
        items = [items]
    elif items is None:
        items = []
    elif not isinstance(items, list):
        raise OParlJSONError(f"Antwort von {url}: 'data' ist keine Liste", url=url)
    links = data.get("links") if isinstance(data.get("links"), dict) else {}
    pagination = data.get("pagination")
    total = pagination.get("totalElements") if isinstance(pagination, dict) else None
    return _Page(items, links.get("next"), total if isinstance(total, int) else None)
