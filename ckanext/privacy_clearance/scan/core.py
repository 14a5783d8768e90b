"""Entry points of the scan: :func:`scan_file` and :func:`scan_bytes`."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ckanext.kommunal.config import kommunal_declared_defaults

from .detectors import Context, Hit, detect
from .lexicon import Lexicon, load_lexicon
from .messages import N_, Message
from .readers import (
    Budget,
    Cell,
    JsonSource,
    ReadError,
    Source,
    TableSource,
    TextSource,
    read_csv,
    read_json,
    read_pdf,
    read_txt,
    read_xlsx,
    sniff,
)
from .results import Finding, ScanResult
from .tables import (
    Column,
    Profile,
    Row,
    Sink,
    cell_text,
    confirm_role,
    header_confidence,
    scan_table,
)

log = logging.getLogger(__name__)

Reader = Callable[[IO[bytes], Budget, list[Message]], Iterator[Source]]
READERS: dict[str, Reader] = {
    "csv": read_csv,
    "txt": read_txt,
    "json": read_json,
    "xlsx": read_xlsx,
    "pdf": read_pdf,
}
# random-access formats are parsed as a whole: larger files are skipped
WHOLE_FILE_KINDS = frozenset({"xlsx", "pdf"})
MAX_JSON_DEPTH = 64
# the plugin's declared defaults, so that a scan without settings (the CLI,
# the tests) uses the same limits as the portal
_DECLARED = kommunal_declared_defaults(
    Path(__file__).resolve().parents[1] / "config_declaration.yaml"
)
SMALL_CELL_K = int(_DECLARED["ckanext.privacy_clearance.scan_small_cell_k"])
MAX_BYTES = int(_DECLARED["ckanext.privacy_clearance.scan_max_bytes"])


class Collector(Sink):
    """Collects findings: one per kind, location and excerpt; at most
    ``max_per_kind`` per kind, keeping the most confident ones. Memory stays
    bounded: only kept findings are remembered."""

    def __init__(self, max_per_kind: int) -> None:
        self.max_per_kind = max_per_kind
        self._kept: dict[str, list[tuple[int, Finding]]] = {}
        self._seen: set[tuple[str, str, str]] = set()
        self._floor: dict[str, float] = {}  # weakest kept confidence when full
        self._order = 0
        self.omitted: dict[str, int] = {}

    def add(
        self, kind: str, location: str, excerpt: str, confidence: float, detector: str
    ) -> None:
        """Store a finding unless it is a duplicate; cap per kind."""
        key = (kind, location, excerpt)
        if key in self._seen:
            return
        finding = Finding(kind, location, excerpt, round(confidence, 2), detector)
        kept = self._kept.setdefault(kind, [])
        self._order += 1
        if len(kept) < self.max_per_kind:
            kept.append((self._order, finding))
            self._seen.add(key)
            return
        self.omitted[kind] = self.omitted.get(kind, 0) + 1
        floor = self._floor.get(kind)
        if floor is None:
            floor = self._floor[kind] = min(f.confidence for _, f in kept)
        if finding.confidence > floor:
            self._replace_weakest(kept, finding)
            self._floor[kind] = min(f.confidence for _, f in kept)

    def _replace_weakest(
        self, kept: list[tuple[int, Finding]], finding: Finding
    ) -> None:
        weakest = min(range(len(kept)), key=lambda i: kept[i][1].confidence)
        old = kept[weakest][1]
        self._seen.discard((old.kind, old.location, old.excerpt))
        kept[weakest] = (self._order, finding)
        self._seen.add((finding.kind, finding.location, finding.excerpt))

    def findings(self) -> list[Finding]:
        """All kept findings in document order."""
        items = sorted(item for kept in self._kept.values() for item in kept)
        return [finding for _, finding in items]


# --- text and JSON sources ------------------------------------------------------


def scan_text(source: TextSource, sink: Sink, lex: Lexicon) -> None:
    """Scan lines; each line sees the end of the previous and the start of
    the next one (address blocks, "Geburtsdatum:" on its own line)."""
    previous = ""
    pending: tuple[str, str] | None = None
    for location, text in source.lines:
        if pending is not None:
            _scan_line(pending, previous, text, sink, lex)
            previous = pending[1]
        pending = (location, text)
    if pending is not None:
        _scan_line(pending, previous, "", sink, lex)


def _scan_line(
    line: tuple[str, str], before: str, after: str, sink: Sink, lex: Lexicon
) -> None:
    location, text = line
    context = Context(before=before[-80:], after=after[:80])
    sink.add_hits(detect(text, context, lex), location)


def _key_path(path: str, key: str) -> str:
    if re.fullmatch(r"[A-Za-z_][\w-]*", key):
        return f"{path}.{key}"
    return f'{path}["{key}"]'


def _is_record_list(node: list[Any]) -> bool:
    return len(node) >= 2 and sum(isinstance(i, dict) for i in node) >= 0.8 * len(node)


class JsonScan:
    """Walks a JSON document: keys as headers, record lists as tables."""

    def __init__(self, sink: Sink, lex: Lexicon, small_cell_k: int) -> None:
        self.sink = sink
        self.lex = lex
        self.small_cell_k = small_cell_k

    def walk(self, node: Any, path: str, role: str | None, depth: int = 0) -> None:
        """Scan ``node`` found at ``path`` under a key with header ``role``."""
        if depth > MAX_JSON_DEPTH:
            return
        if isinstance(node, dict):
            for key, value in node.items():
                self._member(str(key), value, _key_path(path, str(key)), depth)
        elif isinstance(node, list):
            if _is_record_list(node):
                self._records(node, path, depth)
            else:
                for index, item in enumerate(node):
                    self.walk(item, f"{path}[{index}]", role, depth + 1)
        else:
            self._scalar(node, path, role)

    def _member(self, key: str, value: Any, path: str, depth: int) -> None:
        header = self.lex.header_role(key)
        if header is None:
            self.walk(value, path, None, depth + 1)
            return
        nested = isinstance(value, dict | list)
        confirmed = None if nested else confirm_role(header, [value], self.lex)
        if value is None or value == "":
            confirmed = False  # a key without a value holds no personal data
        column = Column(0, key, header, "text", confirmed)
        confidence = header_confidence(column, Profile(has_direct=True))
        if not nested:
            hits = self._scalar(value, path, column.role_name)
            if hits:  # an office's e-mail address makes "email" a weak hint
                confidence = min(confidence, max(h.confidence for h in hits))
        self.sink.add(
            "header",
            re.sub(r"\[\d+\]", "[*]", path),
            f"Schlüssel „{key}“",
            confidence,
            "lexicon",
        )
        if nested:
            self.walk(value, path, column.role_name, depth + 1)

    def _scalar(self, value: Any, path: str, role: str | None) -> list[Hit]:
        if isinstance(value, bool) or value is None:
            return []
        if isinstance(value, int | float) and len(str(value)) < 9:
            return []
        text = cell_text(value)
        hits = detect(text, Context(role=role), self.lex) if text else []
        self.sink.add_hits(hits, path)
        return hits

    def _records(self, records: list[Any], path: str, depth: int) -> None:
        # nested objects become dotted columns (GeoJSON "properties.name")
        columns: list[Key] = []
        for record in records[:PROFILE_RECORDS]:
            if isinstance(record, dict):
                columns += [
                    key
                    for key, value in _flatten(record)
                    if key not in columns and not isinstance(value, dict | list)
                ]
        scan_table(
            TableSource(
                name=path,
                rows=_record_rows(records, columns),
                locate=lambda row, col, _h: _dotted(path, row, columns[col]),
                header=[key[-1] for key in columns],
            ),
            self.sink,
            self.lex,
            self.small_cell_k,
        )
        self._group_headers(columns, path)
        known = set(columns)
        for number, record in enumerate(records):
            if not isinstance(record, dict):
                self.walk(record, f"{path}[{number}]", None, depth + 1)
                continue
            for key, value in _flatten(record):
                if key not in known or isinstance(value, dict | list):
                    where = _dotted(path, number, key)
                    self._member(key[-1], value, where, depth + 1)

    def _group_headers(self, columns: list[Key], path: str) -> None:
        # "antragsteller" in "antragsteller.vorname" is a header of its own
        groups = {key[:end] for key in columns for end in range(1, len(key))}
        for group in sorted(groups):
            if self.lex.header_role(group[-1]) is not None:
                self.sink.add(
                    "header",
                    _dotted(path, None, group),
                    f"Schlüssel „{group[-1]}“",
                    0.6,
                    "lexicon",
                )


Key = tuple[str, ...]
PROFILE_RECORDS = 50
FLATTEN_DEPTH = 3


def _flatten(record: dict[Any, Any], prefix: Key = ()) -> Iterator[tuple[Key, Any]]:
    for key, value in record.items():
        name = (*prefix, str(key))
        if isinstance(value, dict) and len(name) < FLATTEN_DEPTH:
            yield from _flatten(value, name)
        else:
            yield name, value


def _dotted(path: str, row: int | None, key: Key) -> str:
    out = f"{path}[{'*' if row is None else row}]"
    for part in key:
        out = _key_path(out, part)
    return out


def _record_rows(records: list[Any], columns: list[Key]) -> Iterator[Row]:
    index = {key: i for i, key in enumerate(columns)}
    for number, record in enumerate(records):
        cells: list[Cell] = [None] * len(columns)
        if isinstance(record, dict):
            for key, value in _flatten(record):
                where = index.get(key)
                if where is not None and not isinstance(value, dict | list):
                    cells[where] = value
        yield number, cells


# --- entry points -----------------------------------------------------------


def _scan_source(source: Source, sink: Sink, lex: Lexicon, small_cell_k: int) -> None:
    if isinstance(source, TableSource):
        scan_table(source, sink, lex, small_cell_k)
    elif isinstance(source, TextSource):
        scan_text(source, sink, lex)
    else:
        JsonScan(sink, lex, small_cell_k).walk(source.data, "$", None)


class _Prefixed(Sink):
    # JSON locations get their "JSON " prefix here, so the walker deals in
    # plain paths
    def __init__(self, inner: Sink, prefix: str) -> None:
        self.inner = inner
        self.prefix = prefix

    def add(
        self, kind: str, location: str, excerpt: str, confidence: float, detector: str
    ) -> None:
        self.inner.add(kind, self.prefix + location, excerpt, confidence, detector)


def _size(stream: IO[bytes]) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def scan_stream(
    stream: IO[bytes],
    *,
    filename: str = "",
    fmt: str = "",
    small_cell_k: int = SMALL_CELL_K,
    max_bytes: int = MAX_BYTES,
    max_findings_per_kind: int = 50,
) -> ScanResult:
    """Scan a seekable binary stream (see :func:`scan_file`)."""
    sniffed = sniff(stream, fmt, filename)
    result = ScanResult(format=sniffed.label, notes=list(sniffed.notes))
    if sniffed.kind == "unsupported":
        result.scanned = False
        result.error = sniffed.error
        return result
    size = _size(stream)
    if sniffed.kind in WHOLE_FILE_KINDS and size > max_bytes:
        result.scanned, result.truncated = False, True
        result.notes.append(
            Message(
                N_("File larger than {max_bytes} bytes – not scanned."),
                {"max_bytes": max_bytes},
            )
        )
        return result
    budget = Budget(max_bytes)
    collector = Collector(max_findings_per_kind)
    result.error = _run(sniffed.kind, stream, budget, collector, small_cell_k, result)
    result.findings = collector.findings()
    result.omitted = dict(collector.omitted)
    result.truncated = budget.truncated or bool(collector.omitted)
    whole = sniffed.kind in WHOLE_FILE_KINDS and not budget.truncated
    result.scanned_bytes = size if whole else budget.used
    return result


def _run(
    kind: str,
    stream: IO[bytes],
    budget: Budget,
    collector: Collector,
    small_cell_k: int,
    result: ScanResult,
) -> Message | None:
    lex = load_lexicon()
    try:
        for source in READERS[kind](stream, budget, result.notes):
            sink: Sink = collector
            if isinstance(source, JsonSource):
                sink = _Prefixed(collector, source.prefix)
            _scan_source(source, sink, lex, small_cell_k)
    except ReadError as exc:
        return exc.message
    except Exception:  # never fail the background job on a strange file
        log.exception("personal-data scan failed")
        return Message(N_("The file could not be read completely"))
    return None


def scan_bytes(
    data: bytes,
    *,
    filename: str = "",
    fmt: str = "",
    small_cell_k: int = SMALL_CELL_K,
    max_bytes: int = MAX_BYTES,
    max_findings_per_kind: int = 50,
) -> ScanResult:
    """Scan the content of a resource held in memory.

    :param data: the file content
    :param filename: file name, for the extension fallback
    :param fmt: CKAN resource format ("CSV", "XLSX", …), may be empty or wrong
    :param small_cell_k: in aggregated tables, integers 0 < n < k are flagged
    :param max_bytes: read at most this much (content for XLSX/PDF)
    :param max_findings_per_kind: keep at most this many findings per kind
    :returns: the masked findings; never raises for bad input
    """
    return scan_stream(
        io.BytesIO(data),
        filename=filename,
        fmt=fmt,
        small_cell_k=small_cell_k,
        max_bytes=max_bytes,
        max_findings_per_kind=max_findings_per_kind,
    )


def scan_file(
    path: str | Path,
    *,
    filename: str = "",
    fmt: str = "",
    small_cell_k: int = SMALL_CELL_K,
    max_bytes: int = MAX_BYTES,
    max_findings_per_kind: int = 50,
) -> ScanResult:
    """Scan a resource file for personal data, offline.

    Formats are sniffed from the content (PDF, XLSX, JSON, CSV, text) and
    fall back to ``fmt`` and the file extension; unsupported formats give a
    result with ``scanned=False`` and no error.

    :param path: the file
    :param filename: original file name (default: the name of ``path``)
    :param fmt: CKAN resource format, may be empty or wrong
    :param small_cell_k: in aggregated tables, integers 0 < n < k are flagged
    :param max_bytes: read at most this much (content for XLSX/PDF)
    :param max_findings_per_kind: keep at most this many findings per kind
    :returns: the masked findings; never raises for bad input
    """
    path = Path(path)
    try:
        with path.open("rb") as stream:
            return scan_stream(
                stream,
                filename=filename or path.name,
                fmt=fmt,
                small_cell_k=small_cell_k,
                max_bytes=max_bytes,
                max_findings_per_kind=max_findings_per_kind,
            )
    except OSError:
        return ScanResult(
            error=Message(N_("The file could not be opened")), scanned=False
        )
