"""Crawling one external OParl list page by page along ``links.next``.

A :class:`ListCrawl` is bounded in pages and time, detects pagination
loops, drops duplicates that offset pagination produces when objects are
inserted during the crawl, and checks whether the server honours
``modified_since``. It never raises for a failed page: it stops, records a
German message in its :class:`CrawlReport` and leaves ``complete`` false,
so the harvester knows it must not treat objects it did not see as deleted.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import vendors
from .errors import OParlError, OParlJSONError, OParlNotFoundError
from .vendors import VendorProfile
from .wire import MODIFIED_SINCE, has_param, is_error_object, parse_time, with_param

if TYPE_CHECKING:
    from .session import OParlClient

# How many of the most recent object ids a crawl remembers to drop
# duplicates. Offset pagination shifts when objects are inserted during the
# crawl, so the objects pushed over a page boundary show up again on the
# next page or two; OParl pages hold 20 to 1,000 objects, so 10,000 ids
# cover many pages. A duplicate from further back slips through harmlessly:
# the harvester's store upserts by id. Remembering every id instead would
# cost memory growing with the list (~12 MB for 66,000 objects).
RECENT_IDS = 10_000


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


class RecentIds:
    """The last *size* distinct ids seen, for dropping nearby duplicates.

    Memory is bounded: once *size* ids are held, adding a new one forgets
    the oldest.

    :param size: how many ids to remember (at least 1)
    """

    def __init__(self, size: int = RECENT_IDS) -> None:
        self.size = max(1, size)
        self._ids: set[str] = set()
        self._order: deque[str] = deque()

    def __contains__(self, obj_id: object) -> bool:
        return obj_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, obj_id: str) -> None:
        """Remember *obj_id*, forgetting the oldest id if the window is full.

        :param obj_id: an object id; adding one already held does nothing
        """
        if obj_id in self._ids:
            return
        if len(self._order) >= self.size:
            self._ids.discard(self._order.popleft())
        self._ids.add(obj_id)
        self._order.append(obj_id)


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
        self._since_time = parse_time(since)
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
        seen_ids = RecentIds(RECENT_IDS)
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
            data = self.client.get_json(url, profile=self.profile, deadline=deadline)
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

    def _accept(self, obj: dict[str, Any], seen_ids: RecentIds) -> bool:
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
            modified = parse_time(obj.get("modified"))
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
    links = data.get("links")
    if not isinstance(links, dict):
        links = {}
    pagination = data.get("pagination")
    total = pagination.get("totalElements") if isinstance(pagination, dict) else None
    return _Page(items, links.get("next"), total if isinstance(total, int) else None)
