#!/usr/bin/env python3
"""A realistic fake OParl 1.0/1.1 server for tests and benchmarks.

Synthetic data only: the fictional "Landkreis Musterkreis" (optionally also
"Stadt Musterstadt") with invented people, papers, meetings and files.
Objects are generated lazily from ``seed`` and their index, so 20,000 papers
cost little memory; only mutations are stored.

In tests::

    with FakeOParl(papers=200) as server:
        server.url                       # System URL
        server.clock.advance(3600)
        server.touch(server.sample_ids("Paper", n=5))
        server.faults.enable("spurious_500", path="/paper", first=2)

Standalone (for benchmarks), with a control API over HTTP::

    python tests/oparl_harvester/fake_oparl.py --papers 20000 --port 0
    READY http://127.0.0.1:PORT/oparl/v1/system

    POST /_control/touch      {"ids": [...]} or {"type": "Paper", "share": 0.01}
    POST /_control/delete     (same selectors)
    POST /_control/depublish  (same selectors)
    POST /_control/add        {"type": "Paper", "n": 10}
    POST /_control/clock      {"advance": 3600} or {"set": "2025-03-04T12:00:00+01:00"}
    POST /_control/fault      {"name": "slow", "params": {...}} or {"clear": true}
    POST /_control/reset      {}
    GET  /_control/stats

Only the standard library is used, so the file runs without the project.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import random
import signal
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
API = "/oparl/v1"
DEFAULT_START = datetime(2025, 3, 3, 12, 0, tzinfo=BERLIN)
DATA_SINCE = datetime(2019, 6, 1, tzinfo=BERLIN).timestamp()
DAY = 86400.0
MAX_SLEEP = 10.0
MAX_CONTROL_BODY = 1 << 20
MASK = (1 << 64) - 1

MAIN_TYPES = ("organization", "person", "meeting", "paper", "legislativeterm")
SUB_TYPES = ("file", "consultation", "agendaitem", "membership", "location")
TYPE_NAMES = {
    "organization": "Organization",
    "person": "Person",
    "meeting": "Meeting",
    "paper": "Paper",
    "legislativeterm": "LegislativeTerm",
    "file": "File",
    "consultation": "Consultation",
    "agendaitem": "AgendaItem",
    "membership": "Membership",
    "location": "Location",
}
SEG_CODE = {seg: i + 1 for i, seg in enumerate(TYPE_NAMES)}
LISTS_10 = ("organization", "person", "meeting", "paper")
LISTS_11 = (*LISTS_10, "legislativeterm", "agendaitem", "consultation", "file")
LISTS_11 += ("membership", "location")
BODY_LIST_KEYS = {
    "legislativeterm": "legislativeTermList",
    "location": "locationList",
    "agendaitem": "agendaItem",
}

FAULTS = frozenset(
    {
        "spurious_500",
        "permanent_500",
        "slow",
        "reset",
        "truncated_json",
        "invalid_json_control_chars",
        "html_200",
        "error_object_200",
        "not_found_as_error_200",
        "next_loop",
        "modified_since_ignored",
        "modified_since_dropped_from_next",
        "modified_since_raw_only",
        "reject_fractional_seconds",
        "insert_during_crawl",
        "wrong_totals",
        "missing_reference",
        "synthetic_timestamps",
        "empty_list_404",
        "empty_list_array",
        "body_list_single_object",
        "deleted_missing_type",
        "swapped_latlon",
        "na_strings",
        "mimetype_short",
        "tz_double_colon",
        "auxiliary_file_object",
        "id_differs_from_url",
        "http_ids_on_https",
    }
)

# What each vendor mode announces in its System object and which quirks it
# shows (modelled on what harvesters met on the real servers).
VENDORS: dict[str, dict[str, Any]] = {
    "generic": {
        "system": {
            "vendor": "https://oparl.example/referenz",
            "product": "Musterkreis OParl-Referenzserver",
        },
        "faults": {},
    },
    "sternberg": {
        "system": {
            "contactName": "STERNBERG Software GmbH & Co. KG",
            "vendor": "https://www.sternberg24.de",
            "product": "SD.NET RIM 4",
        },
        "faults": {
            "empty_list_404": {},
            "body_list_single_object": {},
            "deleted_missing_type": {},
        },
    },
    "allris": {
        "system": {"vendor": "https://www.cc-egov.de", "product": "ALLRIS net 4"},
        "faults": {
            "spurious_500": {"every": 7},
            "invalid_json_control_chars": {},
            "na_strings": {},
            "mimetype_short": {},
            "tz_double_colon": {},
            "auxiliary_file_object": {},
        },
    },
    "somacos": {
        "system": {
            "vendor": "http://www.somacos.de",
            "product": (
                "Sitzungsmanagementsystem Session  Copyright SOMACOS GmbH & Co. KG"
            ),
        },
        "faults": {
            "spurious_500": {"every": 5},
            "modified_since_raw_only": {},
            "reject_fractional_seconds": {},
        },
    },
    "more-rubin": {
        "system": {
            "vendor": "https://www.more-rubin.de",
            "product": "more! rubin OParl",
            "website": "https://musterkreis.gremien.info",
        },
        "version": "1.0",
        "faults": {
            "synthetic_timestamps": {},
            "modified_since_ignored": {},
            "not_found_as_error_200": {},
        },
    },
}

GIVEN = (
    "Anna", "Bernd", "Claudia", "Dirk", "Elke", "Frank", "Gisela", "Holger",
    "Ines", "Jörg", "Katrin", "Lars", "Monika", "Norbert", "Petra", "Rainer",
    "Sabine", "Thomas", "Ute", "Volker",
)  # fmt: skip
FAMILY = (
    "Lindenhain", "Saalwiese", "Kiefernrode", "Ahornfeld", "Birkenau",
    "Eichgrund", "Fichtenberg", "Holunderbusch", "Weidenbach", "Erlenbruch",
    "Pappelstedt", "Ulmenried", "Ginsterheide", "Rosenanger", "Mohnfeld",
)  # fmt: skip
PLACES = (
    "Musterdorf", "Beispielhausen", "Lindenau", "Birkenfelde", "Ahornstedt",
    "Saalwinkel", "Kieferngrund", "Eichenrode",
)  # fmt: skip
TOPICS = (
    "Sanierung der Grundschule", "Neubau des Radweges", "Breitbandausbau",
    "Schülerbeförderung", "Ausbau der Kreisstraße", "Förderung des Vereinssports",
    "Anfrage zur Busanbindung", "Errichtung eines Spielplatzes",
    "Erweiterung des Feuerwehrgerätehauses", "Hochwasserschutz am Dorfbach",
)  # fmt: skip
PAPER_TYPES = (
    "Beschlussvorlage", "Informationsvorlage", "Antrag", "Anfrage", "Mitteilung",
)  # fmt: skip
ORGS = {
    1: (
        ("Kreistag", "Kreistag"),
        ("Kreisausschuss", "Ausschuss"),
        ("Ausschuss für Bildung, Kultur und Sport", "Ausschuss"),
        ("Ausschuss für Umwelt und Landwirtschaft", "Ausschuss"),
        ("Finanzausschuss", "Ausschuss"),
        ("Bau- und Vergabeausschuss", "Ausschuss"),
        ("Jugendhilfeausschuss", "Ausschuss"),
        ("Sozial- und Gesundheitsausschuss", "Ausschuss"),
        ("Fraktion Gemeinsam für Musterkreis", "Fraktion"),
        ("Fraktion Zukunft Saaleland", "Fraktion"),
        ("Fraktion Bürgerbündnis Musterkreis", "Fraktion"),
        ("Fraktion Liste Mitte", "Fraktion"),
    ),
    2: (
        ("Stadtrat", "Stadtrat"),
        ("Hauptausschuss", "Ausschuss"),
        ("Bauausschuss", "Ausschuss"),
        ("Kulturausschuss", "Ausschuss"),
        ("Fraktion Musterstadt Miteinander", "Fraktion"),
        ("Fraktion Neue Mitte Musterstadt", "Fraktion"),
    ),
}
BODIES = {
    1: ("Landkreis Musterkreis", "Musterkreis", "15099000", "Landkreis"),
    2: ("Stadt Musterstadt", "Musterstadt", "15099123", "Stadt"),
}
ROOMS = (
    ("Kreishaus, Großer Sitzungssaal", "Am Kreishaus 1", 11.9936, 51.3551),
    ("Kreishaus, Raum 204", "Am Kreishaus 1", 11.9936, 51.3551),
    ("Bürgerhaus Lindenau", "Lindenplatz 3", 11.9012, 51.4103),
    ("Rathaus Musterstadt, Ratssaal", "Markt 1", 12.0411, 51.3302),
)
LICENSE_SYSTEM = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_BODY = "https://www.govdata.de/dl-de/by-2-0"
LICENSE_OBJECT = "https://www.govdata.de/dl-de/zero-2-0"
PDF_HEAD = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n"
HTML_MAINTENANCE = (
    "<!DOCTYPE html><html><head><title>Wartungsarbeiten</title></head><body>"
    "<h1>Das Ratsinformationssystem wird gewartet.</h1></body></html>"
)


def _mix(*values: int) -> int:
    """Deterministic 64-bit hash of integers (splitmix64 steps)."""
    x = 0x9E3779B97F4A7C15
    for value in values:
        x = ((x ^ (value & MASK)) * 0xBF58476D1CE4E5B9) & MASK
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
        x ^= x >> 31
    return x


@functools.lru_cache(maxsize=1 << 16)
def _parent(key: Key) -> Key | None:
    """The main object an embedded object belongs to (by its local id)."""
    b, seg, local = key
    if seg in ("file", "consultation"):
        kind = local.partition("-")[0]
        if seg == "file":
            owner = {"p": "paper", "m": "meeting"}.get(kind[:1], "")
            return (b, owner, kind[1:])
        return (b, "paper", kind)
    if seg in ("agendaitem", "membership"):
        owner = "meeting" if seg == "agendaitem" else "person"
        return (b, owner, local.partition("-")[0])
    return None


@functools.lru_cache(maxsize=1 << 16)
def _digits(local: str) -> int:
    return int("".join(c for c in local if c.isdigit()) or 0)


@functools.lru_cache(maxsize=1 << 16)
def _iso(value: int, double_colon: bool) -> str:
    text = datetime.fromtimestamp(value, BERLIN).isoformat()
    return text[:-3] + ":" + text[-3:] if double_colon else text  # ALLRIS


class NotFoundError(Exception):
    """Internal: answer 404."""


class BadRequestError(Exception):
    """Internal: answer 400 with a message."""


class NotFoundPageError(NotFoundError):
    """Internal: answer 404 with an HTML page (web server, not the API)."""


# -- clock and faults -------------------------------------------------------


class Clock:
    """Test-controlled clock; ``modified`` of mutated objects comes from it.

    :param start: initial time (default: 2025-03-03 12:00 Europe/Berlin)
    """

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self._start = start.timestamp()
        self._t = self._start
        self._lock = threading.Lock()

    @property
    def now(self) -> datetime:
        """The current fake time (aware, Europe/Berlin)."""
        return datetime.fromtimestamp(self._t, BERLIN)

    def timestamp(self) -> float:
        """The current fake time as a POSIX timestamp (whole seconds)."""
        return float(int(self._t))

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward; returns the new time.

        :param seconds: how far
        """
        with self._lock:
            self._t += seconds
        return self.now

    def set(self, when: datetime) -> None:
        """Set the clock.

        :param when: an aware datetime
        """
        with self._lock:
            self._t = when.timestamp()

    def reset(self) -> None:
        """Back to the start time."""
        with self._lock:
            self._t = self._start


@dataclass
class _Fault:
    params: dict[str, Any]
    hits: int = 0
    fired: int = 0


class Faults:
    """Switchable faults; each is a named entry with parameters.

    Common parameters: ``path`` (substring of the request path the fault is
    limited to), ``first`` (only the first N matching requests) and
    ``every`` (every Nth matching request). See :data:`FAULTS`.
    """

    def __init__(self) -> None:
        self._active: dict[str, _Fault] = {}
        self._lock = threading.Lock()

    def enable(self, name: str, **params: Any) -> None:
        """Switch a fault on (again, with fresh counters).

        :param name: one of :data:`FAULTS`
        :param params: fault parameters
        """
        if name not in FAULTS:
            raise ValueError(f"unknown fault {name!r}")
        with self._lock:
            self._active[name] = _Fault(dict(params))

    def disable(self, name: str) -> None:
        """Switch one fault off.

        :param name: fault name
        """
        with self._lock:
            self._active.pop(name, None)

    def clear(self) -> None:
        """Switch all faults off."""
        with self._lock:
            self._active.clear()

    @property
    def active(self) -> dict[str, dict[str, Any]]:
        """Names and parameters of the faults that are on."""
        with self._lock:
            return {name: dict(f.params) for name, f in self._active.items()}

    def on(self, name: str) -> dict[str, Any] | None:
        """Return the parameters if the fault is on (no counting).

        :param name: fault name
        """
        fault = self._active.get(name)
        return fault.params if fault else None

    def is_on(self, name: str) -> bool:
        """Return whether a fault is on (no counting).

        :param name: fault name
        """
        return name in self._active

    def fire(self, name: str, path: str) -> dict[str, Any] | None:
        """Count a request against a fault; return its parameters if it strikes.

        :param name: fault name
        :param path: request path (with query)
        """
        with self._lock:
            fault = self._active.get(name)
            if fault is None or fault.params.get("path", "") not in path:
                return None
            fault.hits += 1
            first, every = fault.params.get("first"), fault.params.get("every")
            if first is not None and fault.hits > first:
                return None
            if every is not None and fault.hits % every:
                return None
            fault.fired += 1
            return fault.params

    def fired(self, name: str) -> int:
        """How often a fault struck since it was enabled.

        :param name: fault name
        """
        fault = self._active.get(name)
        return fault.fired if fault else 0


# -- data model -------------------------------------------------------------

Key = tuple[int, str, str]


@dataclass
class _Config:
    version: str = "1.1"
    vendor: str = "generic"
    papers: int = 200
    meetings: int = 30
    files_per_paper: int = 2
    persons: int = 40
    bodies: int = 1
    seed: int = 1
    page_size: int = 100


@dataclass
class _BodyData:
    number: int
    counts: dict[str, int]
    order: dict[str, list[int]]
    files_per_paper: int


@dataclass
class _State:
    bodies: dict[int, _BodyData]
    created_extra: dict[Key, float] = field(default_factory=dict)
    modified: dict[Key, float] = field(default_factory=dict)
    deleted: set[Key] = field(default_factory=set)
    depublished: set[Key] = field(default_factory=set)
    version: int = 0
    cache: dict[tuple[Any, ...], list[str]] = field(default_factory=dict)


def _new_state(config: _Config) -> _State:
    bodies = {}
    for number in range(1, config.bodies + 1):
        share = 1 if number == 1 else 5  # the town is smaller than the county
        counts = {
            "organization": len(ORGS[number]),
            "person": max(1, config.persons // share),
            "meeting": max(1, config.meetings // share),
            "paper": max(1, config.papers // share),
            "legislativeterm": 2,
        }
        order = {seg: list(range(n)) for seg, n in counts.items()}
        bodies[number] = _BodyData(number, counts, order, config.files_per_paper)
    return _State(bodies)


class _Model:
    """Lazily generated objects plus the stored mutations."""

    def __init__(self, config: _Config, clock: Clock, faults: Faults) -> None:
        self.config = config
        self.clock = clock
        self.faults = faults
        self.state = _new_state(config)
        self.initial_counts = {
            b: dict(data.counts) for b, data in self.state.bodies.items()
        }
        self.start = clock.timestamp()
        self.lock = threading.RLock()
        self._times: dict[Key, tuple[float, float]] = {}

    # -- keys and existence --------------------------------------------------

    def body(self, number: int) -> _BodyData:
        try:
            return self.state.bodies[number]
        except KeyError:
            raise NotFoundError from None

    def parent(self, key: Key) -> Key | None:
        return _parent(key)

    def exists(self, key: Key) -> bool:
        b, seg, local = key
        data = self.state.bodies.get(b)
        if data is None:
            return False
        if seg in MAIN_TYPES:
            return local.isdigit() and int(local) < data.counts[seg]
        if seg == "location":
            return self._location_exists(data, local)
        parent = self.parent(key)
        if parent is None or not parent[2].isdigit() or not self.exists(parent):
            return False
        return local in self.children(parent, seg)

    def _location_exists(self, data: _BodyData, local: str) -> bool:
        if local == "b":
            return True
        kind, number = local[:1], local[1:]
        if not number.isdigit():
            return False
        if kind == "r":
            return int(number) < len(ROOMS)
        return kind == "p" and int(number) < data.counts["person"]

    def children(self, parent: Key, seg: str) -> list[str]:
        b, owner, local = parent
        n = int(local)
        if owner == "paper" and seg == "file":
            return [f"p{n}-{j}" for j in range(self.body(b).files_per_paper)]
        if owner == "meeting" and seg == "file":
            return [f"m{n}-{j}" for j in range(3)]
        if owner == "paper" and seg == "consultation":
            return [f"{n}-{k}" for k in range(1 + n % 2)]
        if owner == "meeting" and seg == "agendaitem":
            return [f"{n}-{k}" for k in range(4)]
        if owner == "person" and seg == "membership":
            return [f"{n}-{k}" for k in range(2)]
        return []

    def status(self, key: Key) -> str:
        """``ok``, ``deleted`` or ``gone`` (depublished or never existed)."""
        if key in self.state.depublished or not self.exists(key):
            return "gone"
        parent = self.parent(key)
        if parent is not None:
            parent_status = self.status(parent)
            if parent_status != "ok":
                return parent_status
        return "deleted" if key in self.state.deleted else "ok"

    # -- timestamps ----------------------------------------------------------

    def unit(self, key: Key, salt: int = 0) -> float:
        b, seg, local = key
        value = _mix(
            self.config.seed, b, SEG_CODE[seg], _digits(local), len(local), salt
        )
        return value / 2**64

    def created(self, key: Key) -> float:
        parent = self.parent(key)
        if parent is not None:
            return self.created(parent)
        if key in self.state.created_extra:
            return self.state.created_extra[key]
        return self._generated(key)[0]

    def base_modified(self, key: Key) -> float:
        parent = self.parent(key)
        if parent is not None:
            return self.base_modified(parent)
        if key in self.state.created_extra:
            return self.state.created_extra[key]
        return self._generated(key)[1]

    def _generated(self, key: Key) -> tuple[float, float]:
        """Created and first modified of a generated main object (memoised)."""
        cached = self._times.get(key)
        if cached is not None:
            return cached
        b, seg, local = key
        created = DATA_SINCE
        if seg in ("person", "meeting", "paper") and local.isdigit():
            # Spread over the years by index; the initial count keeps these
            # stable when objects are added later.
            count = self.initial_counts[b][seg]
            span = self.start - 2 * DAY - DATA_SINCE
            created += span * (int(local) + 0.9 * self.unit(key)) / count
        later = created + 30 * DAY * self.unit(key, 1)
        self._times[key] = (created, min(later, self.start - DAY))
        return self._times[key]

    def modified(self, key: Key) -> float:
        value = self.state.modified.get(key) or self.base_modified(key)
        parent = self.parent(key)
        if parent is not None and self.status(parent) == "deleted":
            value = max(value, self.modified(parent))
        return value

    def synthetic_stamp(self) -> float:
        now = self.clock.now
        return now.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()

    # -- lists ---------------------------------------------------------------

    def all_keys(self, b: int, seg: str) -> list[str]:
        cache_key = ("all", b, seg, self.state.version)
        cached = self.state.cache.get(cache_key)
        if cached is None:
            cached = list(self._enumerate(b, seg))
            self.state.cache[cache_key] = cached
        return cached

    def _enumerate(self, b: int, seg: str) -> Iterator[str]:
        data = self.body(b)
        if seg in MAIN_TYPES:
            yield from (str(i) for i in data.order[seg])
        elif seg == "location":
            yield "b"
            yield from (f"r{k}" for k in range(len(ROOMS)))
            yield from (f"p{i}" for i in data.order["person"])
        else:
            owners = {
                "file": ("paper", "meeting"),
                "consultation": ("paper",),
                "agendaitem": ("meeting",),
                "membership": ("person",),
            }[seg]
            for owner in owners:
                for i in data.order[owner]:
                    yield from self.children((b, owner, str(i)), seg)

    def select(self, b: int, seg: str, filters: dict[str, float]) -> list[str]:
        """Keys of a list after filters, cached until the next mutation."""
        cache_key = ("sel", b, seg, tuple(sorted(filters.items())), self.state.version)
        if self.faults.is_on("synthetic_timestamps"):
            cache_key += (self.synthetic_stamp(),)
        cached = self.state.cache.get(cache_key)
        if cached is not None:
            return cached
        keys = self.all_keys(b, seg)
        state = self.state
        if filters or state.deleted or state.depublished:
            keys = [k for k in keys if self._passes((b, seg, k), filters)]
        if len(state.cache) > 200:  # bounded: the bench makes many filters
            state.cache.clear()
        state.cache[cache_key] = keys
        return keys

    def _passes(self, key: Key, filters: dict[str, float]) -> bool:
        status = self.status(key)
        if status == "gone":
            return False
        with_deleted = "modified_since" in filters or "modified_until" in filters
        if status == "deleted" and not with_deleted:
            return False
        if not filters:
            return True
        synthetic = self.faults.is_on("synthetic_timestamps")
        stamp = self.synthetic_stamp() if synthetic else None
        modified = stamp if stamp is not None else self.modified(key)
        created = stamp if stamp is not None else self.created(key)
        return (
            modified >= filters.get("modified_since", modified)
            and modified <= filters.get("modified_until", modified)
            and created >= filters.get("created_since", created)
            and created <= filters.get("created_until", created)
        )

    # -- mutations -----------------------------------------------------------

    def _mutated(self) -> None:
        self.state.version += 1

    def touch(self, keys: Iterable[Key]) -> None:
        now = self.clock.timestamp()
        for key in keys:
            self.state.modified[key] = now
            parent = self.parent(key)
            if parent is not None:  # embedded: the main object changed too
                self.state.modified[parent] = now
        self._mutated()

    def delete(self, keys: Iterable[Key]) -> None:
        keys = list(keys)
        self.state.deleted.update(keys)
        self.touch(keys)

    def depublish(self, keys: Iterable[Key]) -> None:
        self.state.depublished.update(keys)
        self._mutated()

    def add(self, b: int, seg: str, n: int, *, at_start: bool = False) -> list[Key]:
        if seg not in ("organization", "person", "meeting", "paper"):
            raise ValueError(f"cannot add objects of type {seg}")
        data = self.body(b)
        now = self.clock.timestamp()
        keys = []
        for _ in range(n):
            index = data.counts[seg]
            data.counts[seg] += 1
            if at_start:
                data.order[seg].insert(0, index)
            else:
                data.order[seg].append(index)
            key = (b, seg, str(index))
            self.state.created_extra[key] = now
            keys.append(key)
        self._mutated()
        return keys


# -- rendering --------------------------------------------------------------


@dataclass
class _Ctx:
    """Per-request rendering context: where URLs point, which quirks are on."""

    public: str
    version: str
    flags: dict[str, dict[str, Any]]
    vendor: str

    def on(self, name: str) -> dict[str, Any] | None:
        return self.flags.get(name)

    def is_on(self, name: str) -> bool:
        return name in self.flags

    def origin(self, kind: str) -> str:
        """Origin for a URL: ``id`` for object ids, ``ref`` for the rest."""
        differs = self.on("id_differs_from_url")
        if differs is not None and (kind == "id" or differs.get("scope") == "all"):
            return differs.get("origin", "http://ris-intern.musterkreis.test:8080")
        plain = self.on("http_ids_on_https")
        if plain is not None and (kind == "id" or plain.get("scope") == "all"):
            return self.public.replace("https://", "http://", 1)
        return self.public

    def url(self, path: str, kind: str = "ref") -> str:
        return f"{self.origin(kind)}{API}{path}"

    def obj(self, b: int, seg: str, local: str, kind: str = "ref") -> str:
        return self.url(f"/body/{b}/{seg}/{local}", kind)

    def type(self, seg: str) -> str:
        return f"https://schema.oparl.org/{self.version}/{TYPE_NAMES[seg]}"


class _Renderer:
    """Turns keys into OParl JSON objects, version- and quirk-aware."""

    def __init__(self, model: _Model, ctx: _Ctx) -> None:
        self.m = model
        self.ctx = ctx

    def ts(self, value: float) -> str:
        return _iso(int(value), self.ctx.is_on("tz_double_colon"))

    def na(self, value: str, placeholder: str = "N/A") -> str:
        return placeholder if self.ctx.is_on("na_strings") else value

    def common(self, key: Key) -> dict[str, Any]:
        b, seg, local = key
        obj: dict[str, Any] = {
            "id": self.ctx.obj(b, seg, local, "id"),
            "type": self.ctx.type(seg),
        }
        if self.ctx.is_on("synthetic_timestamps"):
            if seg != "organization":  # more! rubin: none at all there
                stamp = self.ts(self.m.synthetic_stamp())
                obj.update(created=stamp, modified=stamp)
        else:
            obj["created"] = self.ts(self.m.created(key))
            obj["modified"] = self.ts(self.m.modified(key))
        return obj

    def render(
        self, key: Key, *, embedded: bool = False, status: str | None = None
    ) -> dict[str, Any]:
        status = status or self.m.status(key)
        if status == "gone":
            raise NotFoundError
        if status == "deleted":
            stub = self.common(key)
            stub["deleted"] = True
            if self.ctx.is_on("deleted_missing_type"):
                del stub["type"]
            return stub
        obj = self.common(key)
        obj.update(getattr(self, f"_{key[1]}")(key, embedded))
        return obj

    def embed(self, keys: Iterable[Key]) -> list[dict[str, Any]]:
        status = self.m.status
        return [
            self.render(k, embedded=True, status="ok")
            for k in keys
            if status(k) == "ok"
        ]

    def kids(self, owner: Key, seg: str) -> list[Key]:
        return [(owner[0], seg, c) for c in self.m.children(owner, seg)]

    def names(self, key: Key) -> tuple[str, str, str]:
        n = int(key[2].lstrip("p") or 0)
        h = _mix(self.m.config.seed, key[0], n, 77)
        given = GIVEN[h % len(GIVEN)]
        family = FAMILY[(h >> 8) % len(FAMILY)]
        return given, family, ("Frau" if (h % len(GIVEN)) % 2 == 0 else "Herr")

    # Each _<type> method returns the attributes beyond id/type/timestamps.

    def _legislativeterm(self, key: Key, embedded: bool) -> dict[str, Any]:
        b, _, local = key
        first = 2019 + 5 * int(local)
        return {
            "body": self.ctx.url(f"/body/{b}"),
            "name": f"Wahlperiode {first}–{first + 5}",
            "startDate": f"{first}-07-01",
            "endDate": f"{first + 5}-06-30",
        }

    def _organization(self, key: Key, embedded: bool) -> dict[str, Any]:
        b, _, local = key
        i = int(local)
        orgs = ORGS[b]
        name, kind = orgs[i] if i < len(orgs) else (f"Arbeitsgruppe {i}", "Gremium")
        obj: dict[str, Any] = {
            "body": self.ctx.url(f"/body/{b}"),
            "name": name,
            "shortName": name.split()[-1],
            "organizationType": "Fraktion" if kind == "Fraktion" else "Gremium",
            "classification": kind,
            "startDate": "2019-07-01",
            "post": ["Vorsitz", "Stellvertretender Vorsitz", "Mitglied"],
            "location": self.ctx.obj(b, "location", f"r{i % len(ROOMS)}"),
            "web": f"{self.ctx.public}/gremium/{b}-{i}",
        }
        if i == 0:
            obj["keyword"] = ["Hauptorgan"]
        return obj

    def _person(self, key: Key, embedded: bool) -> dict[str, Any]:
        b, _, local = key
        given, family, address = self.names(key)
        title = "Dr. " if int(local) % 9 == 4 else ""
        mail = f"{given}.{family}@kreistag.musterkreis.example".lower()
        return {
            "body": self.ctx.url(f"/body/{b}"),
            "name": f"{title}{given} {family}",
            "familyName": family,
            "givenName": given,
            "formOfAddress": address,
            **({"title": [title.strip()]} if title else {}),
            **(
                {"title": ["N/A"]} if not title and self.ctx.is_on("na_strings") else {}
            ),
            "email": [mail.replace("ö", "oe")],
            "phone": [self.na(f"+49 30 23125 {int(local) % 1000:03d}", "")],
            "status": ["Kreistagsmitglied" if b == 1 else "Stadtratsmitglied"],
            "life": self.na(f"Geboren in {PLACES[int(local) % len(PLACES)]}.", ""),
            "location": self.ctx.obj(b, "location", f"p{local}"),
            "membership": self.embed(self.kids(key, "membership")),
            "web": f"{self.ctx.public}/person/{b}-{local}",
        }

    def _membership(self, key: Key, embedded: bool) -> dict[str, Any]:
        b, _, local = key
        person, _, k = local.partition("-")
        orgs = ORGS[b]
        factions = [i for i, (_, kind) in enumerate(orgs) if kind == "Fraktion"]
        org = 0 if k == "0" else factions[int(person) % len(factions)]
        obj: dict[str, Any] = {
            "organization": self.ctx.obj(b, "organization", str(org)),
            "role": "Vorsitz" if int(person) == org else "Mitglied",
            "votingRight": True,
            "startDate": "2024-07-01" if int(person) % 4 else "2019-07-01",
        }
        if not embedded or self.ctx.version == "1.1":
            obj["person"] = self.ctx.obj(b, "person", person)
        return obj

    def _location(self, key: Key, embedded: bool) -> dict[str, Any]:
        b, _, local = key
        if local.startswith("r") or local == "b":
            name, street, lon, lat = ROOMS[0 if local == "b" else int(local[1:])]
            locality = "Musterstadt"
        else:
            h = _mix(self.m.config.seed, b, int(local[1:]), 31)
            lon = 11.6 + (h % 6000) / 10000
            lat = 51.2 + ((h >> 16) % 4000) / 10000
            name, locality = "Kontaktanschrift", PLACES[(h >> 32) % len(PLACES)]
            street = f"Lindenweg {1 + h % 90}"
        coords = [lat, lon] if self.ctx.is_on("swapped_latlon") else [lon, lat]
        return {
            "description": f"{name}, {street}, {locality}",
            "streetAddress": self.na(street, " "),
            "postalCode": "06299",
            "locality": locality,
            "geojson": {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": coords},
                "properties": {"name": name},
            },
        }

    def _meeting(self, key: Key, embedded: bool) -> dict[str, Any]:
        b, _, local = key
        m = int(local)
        data = self.m.body(b)
        org = m % min(8, data.counts["organization"])
        start = self.m.created(key) + 14 * DAY
        start -= start % DAY - 16 * 3600  # 17:00 or 18:00 local
        persons = data.counts["person"]
        participants = [
            self.ctx.obj(b, "person", str((m * 7 + t) % persons)) for t in range(5)
        ]
        if self.ctx.is_on("missing_reference"):
            participants.append(self.ctx.obj(b, "person", str(persons + 99_999)))
        files = self.kids(key, "file")
        obj: dict[str, Any] = {
            "name": f"{ORGS[b][org][0]} ({1 + m // 8}. Sitzung)",
            "meetingState": "durchgeführt" if start < self.m.start else "eingeladen",
            "cancelled": m % 41 == 40,
            "start": self.ts(start),
            "end": self.ts(start + 3 * 3600),
            "organization": [self.ctx.obj(b, "organization", str(org))],
            "participant": participants,
            "agendaItem": self.embed(self.kids(key, "agendaitem")),
            "web": f"{self.ctx.public}/sitzung/{b}-{m}",
        }
        room = self.embed([(b, "location", f"r{m % len(ROOMS)}")])
        if room:
            obj["location"] = room[0]
        self._attach_files(obj, files, ("invitation", "resultsProtocol"))
        return obj

    def _attach_files(
        self, obj: dict[str, Any], files: list[Key], singles: tuple[str, ...]
    ) -> None:
        for name, file_key in zip(singles, files, strict=False):
            if self.m.status(file_key) == "ok":
                obj[name] = self.render(file_key, embedded=True)
        rest = self.embed(files[len(singles) :])
        if len(rest) == 1 and self.ctx.is_on("auxiliary_file_object"):
            obj["auxiliaryFile"] = rest[0]  # ALLRIS: one object, not an array
        elif rest:
            obj["auxiliaryFile"] = rest

    def _agendaitem(self, key: Key, embedded: bool) -> dict[str, Any]:
        b, _, local = key
        m, _, k = local.partition("-")
        public = not (k == "3" and int(m) % 3 == 0)
        obj: dict[str, Any] = {
            "number": f"{'Ö' if public else 'N'} {int(k) + 1}",
            "order": int(k) + 1,
            "name": (
                TOPICS[(int(m) + int(k)) % len(TOPICS)]
                if public
                else "Personalangelegenheiten (nichtöffentlich)"
            ),
            "public": public,
            "result": "ungeändert beschlossen" if public else "vertagt",
        }
        if not embedded or self.ctx.version == "1.1":
            obj["meeting"] = self.ctx.obj(b, "meeting", m)
        return obj

    def _paper(self, key: Key, embedded: bool) -> dict[str, Any]:
        b, _, local = key
        n = int(local)
        data = self.m.body(b)
        created = datetime.fromtimestamp(self.m.created(key), BERLIN)
        name = f"{TOPICS[n % len(TOPICS)]} in {PLACES[(n // 10) % len(PLACES)]}"
        if self.ctx.is_on("invalid_json_control_chars") and n % 3 == 0:
            name = name.replace(" in ", " in\x0b\t", 1)  # raw in the JSON
        obj: dict[str, Any] = {
            "body": self.ctx.url(f"/body/{b}"),
            "name": name,
            "reference": f"DS-{created.year}/{n:05d}",
            "date": created.date().isoformat(),
            "paperType": PAPER_TYPES[n % len(PAPER_TYPES)],
            "originatorPerson": [
                self.ctx.obj(b, "person", str(n % data.counts["person"]))
            ],
            "underDirectionOf": [self.ctx.obj(b, "organization", str(n % 8 % 6))],
            "consultation": self.embed(self.kids(key, "consultation")),
            "web": f"{self.ctx.public}/vorlage/{b}-{n}",
        }
        if n % 10 == 3:
            obj["license"] = LICENSE_OBJECT
        if n % 4 == 0:
            obj["keyword"] = ["Haushalt"] if n % 8 == 0 else ["Bildung"]
        self._attach_files(obj, self.kids(key, "file"), ("mainFile",))
        return obj

    def _consultation(self, key: Key, embedded: bool) -> dict[str, Any]:
        b, _, local = key
        paper, _, k = local.partition("-")
        meetings = self.m.body(b).counts["meeting"]
        meeting = (int(paper) * 3 + int(k) * 7) % meetings
        obj: dict[str, Any] = {
            "meeting": self.ctx.obj(b, "meeting", str(meeting)),
            "agendaItem": self.ctx.obj(
                b, "agendaitem", f"{meeting}-{(int(paper) + int(k)) % 3}"
            ),
            "organization": [self.ctx.obj(b, "organization", str(meeting % 8 % 6))],
            "authoritative": k == "1",
            "role": "Entscheidung" if k == "1" else "Beratung",
        }
        if not embedded or self.ctx.version == "1.1":
            obj["paper"] = self.ctx.obj(b, "paper", paper)
        return obj

    def _file(self, key: Key, embedded: bool) -> dict[str, Any]:
        b, _, local = key
        name, file_name = self._file_name(key)
        docx = _mix(self.m.config.seed, b, int(local[1:].replace("-", "")), 5) % 11 == 0
        ext = "docx" if docx else "pdf"
        mime = {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.document",
        }[ext]
        access = self.ctx.url(f"/download/{b}/{local}/{file_name}.{ext}")
        obj: dict[str, Any] = {
            "name": name,
            "fileName": f"{file_name}.{ext}",
            "mimeType": ext if self.ctx.is_on("mimetype_short") else mime,
            "date": self.ts(self.m.created(key))[:10],
            "size": self.file_size(key),
            "accessUrl": access,
            "downloadUrl": self.na(access + "?download=1", ""),
        }
        if local.endswith("-1"):
            obj["license"] = LICENSE_OBJECT
        parent = self.m.parent(key)
        if parent is not None and (not embedded and self.ctx.version == "1.1"):
            obj[parent[1]] = [self.ctx.obj(b, parent[1], parent[2])]
        return obj

    def _file_name(self, key: Key) -> tuple[str, str]:
        local = key[2]
        owner, _, j = local.partition("-")
        number = owner[1:]
        if owner.startswith("m"):
            names = ("Einladung", "Niederschrift")
            if int(j) < 2:
                return f"{names[int(j)]} Sitzung {number}", f"sitzung-{number}-{j}"
            kind = "Anwesenheitsliste" if int(number) % 2 else "Unterschriftenliste"
            return f"{kind} Sitzung {number}", f"liste-{number}"
        if j == "0":
            return f"Vorlage {number}", f"vorlage-{number}"
        return f"Anlage {j} zur Vorlage {number}", f"anlage-{number}-{j}"

    def file_size(self, key: Key) -> int:
        return 700 + int(self.m.unit(key, 9) * 3000)

    def system(self, system_extra: dict[str, Any]) -> dict[str, Any]:
        stamp = self.ts(DATA_SINCE)
        version = self.ctx.version
        return {
            "id": self.ctx.url("/system", "id"),
            "type": f"https://schema.oparl.org/{version}/System",
            "oparlVersion": f"https://schema.oparl.org/{version}/",
            "name": "Ratsinformationssystem Landkreis Musterkreis",
            "body": self.ctx.url("/body"),
            "license": LICENSE_SYSTEM,
            "contactEmail": "ris@musterkreis.example",
            "contactName": "Kreistagsbüro Musterkreis",
            "website": f"{self.ctx.public}/",
            **system_extra,
            "created": stamp,
            "modified": stamp,
        }

    def body(self, b: int) -> dict[str, Any]:
        self.m.body(b)
        name, short, ags, kind = BODIES[b]
        stamp = self.ts(DATA_SINCE)
        obj: dict[str, Any] = {
            "id": self.ctx.url(f"/body/{b}", "id"),
            "type": f"https://schema.oparl.org/{self.ctx.version}/Body",
            "system": self.ctx.url("/system"),
            "shortName": short,
            "name": name,
            "website": f"https://www.{short.lower()}.example/",
            "license": LICENSE_BODY,
            "ags": ags,
            "classification": kind,
            "contactEmail": f"kreistagsbuero@{short.lower()}.example",
            "legislativeTerm": self.embed(
                [(b, "legislativeterm", "0"), (b, "legislativeterm", "1")]
            ),
            "location": self.render((b, "location", "b"), embedded=True),
            "created": stamp,
            "modified": stamp,
        }
        lists = LISTS_11 if self.ctx.version == "1.1" else LISTS_10
        for seg in lists:
            obj[BODY_LIST_KEYS.get(seg, seg)] = self.ctx.url(f"/body/{b}/{seg}")
        return obj


# -- HTTP -------------------------------------------------------------------


@dataclass
class _Answer:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def _json(obj: Any, status: int = 200, ctype: str | None = None) -> _Answer:
    body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    return _Answer(status, body, ctype or "application/json; charset=utf-8")


def _parse_time(value: str, name: str) -> float:
    # A literal "+" in a query arrives as a space after decoding.
    text = value.strip().replace(" ", "+").replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise BadRequestError(f"Ungültiger Wert für {name}: {value}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=BERLIN)
    return parsed.timestamp()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 5  # idle keep-alive connections end; no thread lives forever
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle and
        # delayed ACKs add 40 ms to every keep-alive request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self.server.app.handle(self, "GET")

    def do_POST(self) -> None:
        self.server.app.handle(self, "POST")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    app: FakeOParl

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, (OSError, ValueError)):
            super().handle_error(request, client_address)


class FakeOParl:
    """The fake OParl server.

    :param version: ``"1.1"`` or ``"1.0"``
    :param vendor: ``generic``, ``sternberg``, ``allris``, ``somacos`` or
        ``more-rubin``; switches on the faults typical for that software and
        sets the System's ``vendor``/``product``
    :param papers: papers of the county (the town gets a fifth)
    :param meetings: meetings
    :param files_per_paper: files per paper (main file + attachments)
    :param persons: persons
    :param bodies: 1 (county) or 2 (also the town "Stadt Musterstadt")
    :param seed: seed for the generated content
    :param page_size: list entries per page (clients may ask for fewer)
    :param public_base: origin the URLs in the data use (e.g. an
        ``https://`` name a test session forwards to this server); default:
        the loopback origin the server listens on
    """

    def __init__(
        self,
        version: str = "1.1",
        vendor: str = "generic",
        *,
        papers: int = 200,
        meetings: int = 30,
        files_per_paper: int = 2,
        persons: int = 40,
        bodies: int = 1,
        seed: int = 1,
        page_size: int = 100,
        public_base: str | None = None,
    ) -> None:
        self._initial = _Config(
            version, vendor, papers, meetings, files_per_paper, persons, bodies, seed,
            page_size,
        )  # fmt: skip
        self._initial_public_base = public_base
        self.public_base = public_base
        self.clock = Clock()
        self.faults = Faults()
        self.request_log: deque[str] = deque(maxlen=200_000)
        self._lock = threading.Lock()
        self._generation = 0
        self._tokens = itertools.count(1)
        self._stopped = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # -- lifecycle -----------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeOParl:
        """Listen on *host*:*port* (0: a free port) in a background thread.

        :param host: interface
        :param port: port, 0 for any free one
        """
        self._httpd = _Server((host, port), _Handler)
        self._httpd.app = self
        self._stopped.clear()
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="fake-oparl",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._stopped.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> FakeOParl:
        return self.start() if self._httpd is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def served_base(self) -> str:
        """The loopback origin the server listens on."""
        if self._httpd is None:
            return "http://127.0.0.1:0"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base(self) -> str:
        """The origin used in the data (``public_base`` or the served one)."""
        return (self.public_base or self.served_base).rstrip("/")

    @property
    def url(self) -> str:
        """The System URL (the harvest source URL)."""
        return f"{self.base}{API}/system"

    def reset(self, **changes: Any) -> None:
        """Restore the initial state: data, clock, faults, request log.

        :param changes: constructor arguments to use until the next reset
            (``version``, ``vendor``, ``papers``, ``public_base`` …); the
            vendor ``more-rubin`` implies OParl 1.0 unless ``version`` is given
        """
        self.public_base = changes.pop("public_base", self._initial_public_base)
        config = _Config(**{**self._initial.__dict__, **changes})
        mode = VENDORS[config.vendor]
        if "version" not in changes and "version" in mode:
            config.version = mode["version"]
        with self._lock:
            self._generation += 1
            self.config = config
            self.clock.reset()
            self.faults.clear()
            for name, params in mode["faults"].items():
                self.faults.enable(name, **params)
            self.model = _Model(config, self.clock, self.faults)
            self.request_log.clear()

    # -- inspection ----------------------------------------------------------

    @property
    def request_count(self) -> int:
        """Number of OParl requests served (control requests not counted)."""
        return len(self.request_log)

    def requests_to(self, fragment: str) -> int:
        """Number of requests whose path and query contain *fragment*.

        :param fragment: substring of the request path
        """
        return sum(fragment in entry for entry in list(self.request_log))

    def count(
        self, type_name: str, *, body: int = 1, with_deleted: bool = False
    ) -> int:
        """Number of visible objects of a type (what a full crawl must find).

        :param type_name: ``Paper``, ``File`` …
        :param body: body number
        :param with_deleted: also count deleted (not depublished) objects
        """
        seg = type_name.lower()
        with self.model.lock:
            keys = self.model.all_keys(body, seg)
            allowed = ("ok", "deleted") if with_deleted else ("ok",)
            return sum(self.model.status((body, seg, k)) in allowed for k in keys)

    def object_id(self, type_name: str, local: str | int, *, body: int = 1) -> str:
        """The canonical id (URL) of an object.

        :param type_name: ``Paper`` …
        :param local: local id (``17`` for papers, ``p17-0`` for files)
        :param body: body number
        """
        return f"{self.base}{API}/body/{body}/{type_name.lower()}/{local}"

    def list_url(self, type_name: str, *, body: int = 1) -> str:
        """URL of the external list of a type.

        :param type_name: ``Paper`` …
        :param body: body number
        """
        return f"{self.base}{API}/body/{body}/{type_name.lower()}"

    def sample_ids(
        self,
        type_name: str,
        *,
        n: int | None = None,
        share: float | None = None,
        body: int = 1,
    ) -> list[str]:
        """Deterministically pick ids of visible objects.

        :param type_name: ``Paper``, ``File`` …
        :param n: how many
        :param share: or which share of them (0..1)
        :param body: body number
        """
        seg = type_name.lower()
        with self.model.lock:
            keys = [
                k
                for k in self.model.all_keys(body, seg)
                if self.model.status((body, seg, k)) == "ok"
            ]
        count = n if n is not None else round(len(keys) * (share or 0))
        rng = random.Random(self.config.seed * 7919 + self.model.state.version)
        picked = rng.sample(keys, min(count, len(keys)))
        return [self.object_id(seg, k, body=body) for k in picked]

    # -- mutators ------------------------------------------------------------

    def _keys(self, ids: Iterable[str]) -> list[Key]:
        keys = []
        for value in ids:
            path = urlsplit(value).path if "://" in value else f"{API}/body/1/{value}"
            parts = [p for p in path.split(API, 1)[-1].split("/") if p]
            if len(parts) != 4 or parts[0] != "body" or parts[2] not in TYPE_NAMES:
                raise ValueError(f"not an object id of this server: {value}")
            keys.append((int(parts[1]), parts[2], parts[3]))
        return keys

    def touch(self, ids: Iterable[str]) -> None:
        """Change objects: ``modified`` becomes the clock's time.

        :param ids: object ids (URLs) or short keys like ``paper/17``
        """
        with self.model.lock:
            self.model.touch(self._keys(ids))

    def delete(self, ids: Iterable[str]) -> None:
        """Delete objects the OParl way (``deleted: true`` stub).

        :param ids: object ids (URLs) or short keys
        """
        with self.model.lock:
            self.model.delete(self._keys(ids))

    def depublish(self, ids: Iterable[str]) -> None:
        """Let objects vanish without trace (404, gone from every list).

        :param ids: object ids (URLs) or short keys
        """
        with self.model.lock:
            self.model.depublish(self._keys(ids))

    def add(
        self, type_name: str, n: int = 1, *, body: int = 1, at_start: bool = False
    ) -> list[str]:
        """Create new objects (created = modified = the clock's time).

        :param type_name: ``Paper``, ``Meeting``, ``Person`` or ``Organization``
        :param n: how many
        :param body: body number
        :param at_start: list them first (shifts offset pagination)
        """
        with self.model.lock:
            keys = self.model.add(body, type_name.lower(), n, at_start=at_start)
        return [self.object_id(seg, local, body=b) for b, seg, local in keys]

    # -- request handling ----------------------------------------------------

    def handle(self, handler: _Handler, method: str) -> None:
        """Answer one request (called from the handler thread).

        :param handler: the request handler
        :param method: ``GET`` or ``POST``
        """
        path = handler.path
        try:
            if path.startswith("/_control/"):
                answer = self._control(handler, method, path)
            else:
                self.request_log.append(path)
                answer = self._serve(handler, path)
        except Exception as exc:  # a bug here must show up as a 500, not hang
            import traceback

            traceback.print_exc()
            answer = _json({"error": f"fake server bug: {exc}"}, 500)
        if answer is not None:
            self._send(handler, answer)

    def _serve(self, handler: _Handler, path: str) -> _Answer | None:
        if self._abort(handler, path):
            return None
        early = self._early_faults(path)
        if early is not None:
            return early
        with self.model.lock:
            answer = self._route(path)
        return self._late_faults(handler, path, answer)

    def _abort(self, handler: _Handler, path: str) -> bool:
        """Faults that never answer: slow (past the timeout) and reset."""
        slow = self.faults.fire("slow", path)
        if slow is not None:
            self._sleep(min(float(slow.get("seconds", 2.0)), MAX_SLEEP))
        if self.faults.fire("reset", path) is not None:
            _reset_connection(handler)
            return True
        return False

    def _sleep(self, seconds: float) -> None:
        generation = self._generation
        until = time.monotonic() + seconds
        # Short steps: a reset or stop ends the sleep early (bounded work).
        while time.monotonic() < until and generation == self._generation:
            if self._stopped.wait(0.05):
                return

    def _early_faults(self, path: str) -> _Answer | None:
        if self.faults.fire("permanent_500", path) is not None:
            return _Answer(500, b"Internal Server Error", "text/plain")
        if self.faults.fire("spurious_500", path) is not None:
            return _Answer(500, b"<h1>500 Internal Server Error</h1>", "text/html")
        if self.faults.fire("html_200", path) is not None:
            return _Answer(200, HTML_MAINTENANCE.encode(), "text/html; charset=utf-8")
        params = self.faults.fire("error_object_200", path)
        if params is not None:
            return _json(self._error_object(params.get("style", "oparl")))
        return None

    def _error_object(self, style: str) -> dict[str, Any]:
        if style == "sternberg":
            return {
                "error": "Die angeforderte Ressource wurde nicht gefunden.",
                "code": 802,
                "type": "SD.NET RIM Webservice",
            }
        if style == "plain":
            return {"error": "Webservice deaktiviert"}
        return {
            "type": f"https://schema.oparl.org/{self.config.version}/Error",
            "message": "Requested class doesn't exist.",
            "debug": "Error-Code 101",
        }

    def _late_faults(
        self, handler: _Handler, path: str, answer: _Answer
    ) -> _Answer | None:
        if answer.status == 404 and self.faults.is_on("not_found_as_error_200"):
            return _json(self._error_object("oparl"))
        if not answer.content_type.startswith("application/json"):
            return answer
        if self.faults.is_on("invalid_json_control_chars"):
            text = answer.body.decode()
            answer.body = text.replace("\\u000b", "\x0b").replace("\\t", "\t").encode()
        params = self.faults.fire("truncated_json", path)
        if params is not None:
            half = answer.body[: len(answer.body) // 2]
            if params.get("mode") == "connection":
                self._send_partial(handler, answer, half)
                return None
            answer.body = half
        return answer

    def _ctx(self) -> _Ctx:
        return _Ctx(
            public=self.base,
            version=self.config.version,
            flags=self.faults.active,
            vendor=self.config.vendor,
        )

    def _route(self, raw_path: str) -> _Answer:
        split = urlsplit(raw_path)
        if not split.path.startswith(API):
            return _json({"error": "Nicht gefunden"}, 404)
        parts = [p for p in split.path[len(API) :].split("/") if p]
        ctx = self._ctx()
        render = _Renderer(self.model, ctx)
        try:
            return self._dispatch(parts, split.query, render)
        except NotFoundPageError:
            return _Answer(404, b"<h1>404 Not Found</h1>", "text/html")
        except NotFoundError:
            return _json({"error": "Nicht gefunden"}, 404)
        except BadRequestError as exc:
            return _json({"error": str(exc)}, 400)

    def _dispatch(self, parts: list[str], query: str, render: _Renderer) -> _Answer:
        if parts in ([], ["system"]):
            return _json(render.system(VENDORS[self.config.vendor]["system"]))
        if parts == ["body"]:
            return self._body_list(render)
        if len(parts) >= 2 and parts[0] == "body" and parts[1].isdigit():
            b = int(parts[1])
            if len(parts) == 2:
                return _json(render.body(b))
            if len(parts) == 3:
                return self._list(render, b, parts[2], query)
            if len(parts) == 4 and parts[2] in TYPE_NAMES:
                return _json(render.render((b, parts[2], parts[3])))
        if len(parts) == 4 and parts[0] == "download" and parts[1].isdigit():
            return self._download(render, (int(parts[1]), "file", parts[2]))
        raise NotFoundError

    def _body_list(self, render: _Renderer) -> _Answer:
        bodies = [render.body(b) for b in sorted(self.model.state.bodies)]
        if self.faults.is_on("body_list_single_object"):
            return _json(bodies[0])
        url = render.ctx.url("/body")
        return _json(
            {
                "data": bodies,
                "pagination": {
                    "totalElements": len(bodies),
                    "elementsPerPage": len(bodies),
                    "currentPage": 1,
                    "totalPages": 1,
                },
                "links": {"first": url, "self": url, "last": url},
            }
        )

    def _download(self, render: _Renderer, key: Key) -> _Answer:
        if self.model.status(key) != "ok":
            raise NotFoundError
        size = render.file_size(key)
        tail = b"\n%%EOF\n"
        filler = f"% Musterkreis Testdokument {key[2]}\n".encode()
        body = (PDF_HEAD + filler * (size // len(filler) + 1))[: size - len(tail)]
        return _Answer(200, body + tail, "application/pdf")

    # -- lists ---------------------------------------------------------------

    def _list(self, render: _Renderer, b: int, seg: str, query: str) -> _Answer:
        allowed = LISTS_11 if self.config.version == "1.1" else LISTS_10
        if seg not in allowed:
            raise NotFoundError
        self.model.body(b)
        params = self._list_params(query)
        self._maybe_insert(b, seg)
        filters = {k: v for k, v in params.items() if k.endswith(("_since", "_until"))}
        if self.faults.is_on("modified_since_ignored"):
            filters.pop("modified_since", None)
        keys = self.model.select(b, seg, filters)
        if not keys:
            if self.faults.is_on("empty_list_404"):
                return _json(self._error_object("sternberg"), 404, "text/html")
            if self.faults.is_on("empty_list_array"):
                return _json([])
        return _json(self._page(render, b, seg, keys, params, query))

    def _list_params(self, query: str) -> dict[str, Any]:
        raw = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
        params: dict[str, Any] = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            if name in ("modified_since", "modified_until"):
                self._check_time_format(name, raw.get(name, ""))
            if name.endswith(("_since", "_until")):
                params[name] = _parse_time(value, name)
            elif name in ("page", "limit", "elementsPerPage"):
                if not value.isdigit() or int(value) < 1:
                    raise BadRequestError(f"Ungültiger Wert für {name}: {value}")
                params[name] = int(value)
        return params

    def _check_time_format(self, name: str, raw_value: str) -> None:
        if self.faults.is_on("modified_since_raw_only") and "%" in raw_value:
            # SessionNet: an encoded timestamp is an unknown page (HTML 404).
            raise NotFoundPageError
        if self.faults.is_on("reject_fractional_seconds") and "." in raw_value:
            raise BadRequestError(
                f"{name}: Sekundenbruchteile werden nicht unterstützt"
            )

    def _maybe_insert(self, b: int, seg: str) -> None:
        params = self.faults.on("insert_during_crawl")
        if params is None or params.get("type", "paper").lower() != seg:
            return
        if self.faults.fire("insert_during_crawl", f"/{seg}") is None:
            return
        hits = self.faults._active["insert_during_crawl"].hits
        if hits == int(params.get("after", 1)) + 1:
            self.model.add(b, seg, int(params.get("n", 3)), at_start=True)

    def _page(
        self,
        render: _Renderer,
        b: int,
        seg: str,
        keys: list[str],
        params: dict[str, Any],
        query: str,
    ) -> dict[str, Any]:
        per_page = min(
            params.get("limit") or params.get("elementsPerPage") or 10**9,
            self.config.page_size,
            1000,
        )
        pages = max(1, -(-len(keys) // per_page))
        page = params.get("page", 1)
        chunk = keys[(page - 1) * per_page : page * per_page]
        total = len(keys)
        if self.faults.is_on("wrong_totals"):
            total += int((self.faults.on("wrong_totals") or {}).get("delta", 37))
        return {
            "data": [render.render((b, seg, k)) for k in chunk],
            "pagination": {
                "totalElements": total,
                "elementsPerPage": per_page,
                "currentPage": page,
                "totalPages": -(-total // per_page),
            },
            "links": self._links(render, b, seg, query, page, pages),
        }

    def _links(
        self, render: _Renderer, b: int, seg: str, query: str, page: int, pages: int
    ) -> dict[str, str]:
        base = render.ctx.url(f"/body/{b}/{seg}", "ref")
        kept = [p for p in query.split("&") if p and not p.startswith("page=")]
        ignored = self.faults.on("modified_since_ignored")
        if ignored is not None:
            kept = [p for p in kept if not p.startswith("modified_since=")]

        def link(number: int, *, drop_since: bool = False) -> str:
            parts = [p for p in kept if not (drop_since and "modified_since=" in p)]
            return f"{base}?{'&'.join([*parts, f'page={number}'])}"

        links = {"first": link(1), "self": link(page), "last": link(pages)}
        if page > 1:
            links["prev"] = link(page - 1)
        if page < pages:
            drop = self.faults.on("modified_since_dropped_from_next") is not None
            links["next"] = link(page + 1, drop_since=drop)
        loop = self.faults.on("next_loop")
        if loop is not None and page == int(loop.get("page", 2)):
            links["next"] = link(int(loop.get("to_page", 1)))
            if loop.get("fresh_urls"):  # e.g. a session token: never the same URL
                links["next"] += f"&sid={next(self._tokens)}"
        return links

    # -- control API ---------------------------------------------------------

    def _control(self, handler: _Handler, method: str, path: str) -> _Answer:
        action = urlsplit(path).path.removeprefix("/_control/")
        if method == "GET" and action == "stats":
            return _json(self._stats())
        length = int(handler.headers.get("Content-Length") or 0)
        if method != "POST" or length > MAX_CONTROL_BODY:
            return _json({"error": "POST with a JSON body expected"}, 400)
        try:
            payload = json.loads(handler.rfile.read(length) or b"{}")
            return _json(self._control_action(action, payload))
        except (ValueError, KeyError, TypeError) as exc:
            return _json({"error": str(exc)}, 400)

    def _control_action(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        mutators: dict[str, Callable[[Iterable[str]], None]] = {
            "touch": self.touch,
            "delete": self.delete,
            "depublish": self.depublish,
        }
        if action in mutators:
            ids = payload.get("ids") or self.sample_ids(
                payload["type"], n=payload.get("n"), share=payload.get("share")
            )
            mutators[action](ids)
            return {"ids": ids}
        if action == "add":
            return {"ids": self.add(payload["type"], int(payload.get("n", 1)))}
        if action == "clock":
            if "advance" in payload:
                self.clock.advance(float(payload["advance"]))
            if "set" in payload:
                self.clock.set(datetime.fromisoformat(payload["set"]))
            return {"now": self.clock.now.isoformat()}
        if action == "fault":
            return self._fault_action(payload)
        if action == "reset":
            self.reset(**payload)
            return {"ok": True}
        raise ValueError(f"unknown control action {action!r}")

    def _fault_action(self, payload: dict[str, Any]) -> dict[str, Any]:
        if payload.get("clear"):
            self.faults.clear()
        if payload.get("disable"):
            self.faults.disable(payload["disable"])
        if payload.get("name"):
            self.faults.enable(payload["name"], **(payload.get("params") or {}))
        return {"active": self.faults.active}

    def _stats(self) -> dict[str, Any]:
        return {
            "requests": self.request_count,
            "now": self.clock.now.isoformat(),
            "faults": self.faults.active,
            "version": self.config.version,
            "vendor": self.config.vendor,
        }

    # -- sending -------------------------------------------------------------

    def _send(self, handler: _Handler, answer: _Answer) -> None:
        try:
            handler.send_response(answer.status)
            handler.send_header("Content-Type", answer.content_type)
            handler.send_header("Content-Length", str(len(answer.body)))
            for name, value in answer.headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(answer.body)
        except OSError:
            handler.close_connection = True  # the client gave up (timeout)

    def _send_partial(self, handler: _Handler, answer: _Answer, part: bytes) -> None:
        try:
            handler.send_response(answer.status)
            handler.send_header("Content-Type", answer.content_type)
            handler.send_header("Content-Length", str(len(answer.body)))
            handler.end_headers()
            handler.wfile.write(part)
            handler.wfile.flush()
        except OSError:
            pass
        _reset_connection(handler)


def _reset_connection(handler: _Handler) -> None:
    """Close the connection abruptly (RST instead of a clean FIN)."""
    try:
        handler.connection.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
        )
        handler.connection.close()
    except OSError:
        pass
    handler.close_connection = True


# -- command line -----------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the server standalone until SIGTERM/SIGINT or ``--lifetime``.

    :param argv: command-line arguments
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=200)
    parser.add_argument("--meetings", type=int, default=30)
    parser.add_argument("--files-per-paper", type=int, default=2)
    parser.add_argument("--persons", type=int, default=40)
    parser.add_argument("--bodies", type=int, default=1, choices=(1, 2))
    parser.add_argument("--version", default="1.1", choices=("1.0", "1.1"))
    parser.add_argument("--vendor", default="generic", choices=sorted(VENDORS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--lifetime", type=float, default=6 * 3600.0)
    args = parser.parse_args(argv)
    server = FakeOParl(
        args.version,
        args.vendor,
        papers=args.papers,
        meetings=args.meetings,
        files_per_paper=args.files_per_paper,
        persons=args.persons,
        bodies=args.bodies,
        seed=args.seed,
        page_size=args.page_size,
    )
    server.start(args.host, args.port)
    print(f"READY {server.url}", flush=True)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait(args.lifetime)  # bounded: an orphaned server ends by itself
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
