"""Format sniffing and bounded readers: files become tables, text lines and
JSON documents for the detectors.

All readers work on a seekable binary stream and charge what they read to a
:class:`Budget`, so a resource of any size costs at most ``max_bytes``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import IO, Any

from .messages import N_, Message

HEAD_SIZE = 65536
MAX_PDF_PAGES = 50
# Larger JSON documents are scanned as text lines: json.loads would need
# several times their size in memory.
JSON_PARSE_LIMIT = 10_000_000
TEXT_CHUNK = 65536

Cell = str | int | float | date | datetime | None


class ReadError(Exception):
    """A file that cannot be read; :attr:`message` says why, for the
    reviewer."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.id)
        self.message = message


@dataclass
class Budget:
    """Bytes (or characters of extracted text) the scan may still read."""

    max_bytes: int
    used: int = 0
    truncated: bool = False

    def take(self, amount: int) -> bool:
        """Charge ``amount``; ``False`` (and truncated) once it is used up."""
        if self.used + amount > self.max_bytes:
            self.used = self.max_bytes
            self.truncated = True
            return False
        self.used += amount
        return True


@dataclass
class TextSource:
    """Lines of running text: ``(location, text)`` pairs."""

    lines: Iterator[tuple[str, str]]


@dataclass
class TableSource:
    """Rows of a table; ``header`` is known for JSON, else detected.

    ``rows`` yields ``(row id, cells)``; ``locate(row id, column index,
    header)`` builds the German location of a cell (``header`` may be empty;
    row id ``None`` means the header of a JSON record list).
    """

    name: str
    rows: Iterator[tuple[int, list[Cell]]]
    locate: Callable[[int | None, int, str], str]
    header: list[str] | None = None


@dataclass
class JsonSource:
    """A parsed JSON document."""

    data: Any
    prefix: str = "JSON "


Source = TextSource | TableSource | JsonSource


@dataclass
class Sniffed:
    """What a file is: ``kind`` is csv, txt, json, xlsx, pdf or unsupported."""

    kind: str
    label: str
    notes: list[Message] = field(default_factory=list)
    error: Message | None = None


# --- sniffing ---------------------------------------------------------------

_DECLARED = {
    "csv": "csv", "tsv": "csv", "text/csv": "csv", "txt": "txt", "text": "txt",
    "plain": "txt", "text/plain": "txt", "json": "json", "geojson": "json",
    "application/json": "json", "geo+json": "json", "jsonl": "json",
    "xlsx": "xlsx", "xlsm": "xlsx", "excel": "xlsx", "pdf": "pdf",
    "application/pdf": "pdf", "xml": "txt", "html": "txt", "md": "txt",
    "vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}  # fmt: skip

_LABELS = {"csv": "CSV", "txt": "TXT", "json": "JSON", "xlsx": "XLSX", "pdf": "PDF"}


def declared_kind(fmt: str, filename: str) -> str:
    """The kind the CKAN format or the file extension claims ("" if none).

    :param fmt: CKAN resource format, e.g. ``"CSV"`` or a MIME type
    :param filename: file name or URL
    :returns: csv, txt, json, xlsx, pdf or ``""``
    """
    key = fmt.strip().lower()
    found = _DECLARED.get(key) or _DECLARED.get(key.rsplit("/", 1)[-1], "")
    if found:
        return found
    suffix = PurePath(filename.split("?")[0]).suffix.lower().lstrip(".")
    return _DECLARED.get(suffix, "")


def _zip_kind(stream: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "broken-zip"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if "mimetype" in names:
        return "opendocument"
    return "zip"


_UNSUPPORTED = {
    "docx": N_("Word documents (DOCX) are not scanned."),
    "opendocument": N_("OpenDocument files (ODS/ODT) are not scanned."),
    "zip": N_("ZIP archives are not scanned."),
    "ole": N_("Old Office formats (XLS/DOC) are not scanned."),
    "binary": N_("Binary file in an unknown format – not scanned."),
}


def _binary_kind(head: bytes, stream: IO[bytes]) -> str:
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(stream)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    sample = head[:4096]
    control = sum(b < 9 or 13 < b < 32 for b in sample)
    if b"\x00" in sample or control > len(sample) // 20:
        return "binary"
    return "text"


def _text_kind(head: bytes, declared: str) -> str:
    text = decode_head(head).lstrip("\ufeff \t\r\n")
    if text[:1] in "{[" and text:
        return "json"
    if declared in ("csv", "txt"):
        return declared
    return "csv" if sniff_delimiter(text) else "txt"


def sniff(stream: IO[bytes], fmt: str = "", filename: str = "") -> Sniffed:
    """Find out what ``stream`` holds: content first, then format/extension.

    :param stream: seekable binary stream, left at position 0
    :param fmt: CKAN resource format (may be empty or wrong)
    :param filename: file name for the extension fallback
    :returns: the kind with German notes or error
    """
    head = stream.read(HEAD_SIZE)
    stream.seek(0)
    declared = declared_kind(fmt, filename)
    kind = _binary_kind(head, stream)
    stream.seek(0)
    if kind == "text":
        kind = _text_kind(head, declared)
    error = _mismatch_error(kind, declared)
    if error is not None:
        return Sniffed("unsupported", _LABELS.get(declared, "ZIP"), error=error)
    if kind in _UNSUPPORTED:
        label = _UNSUPPORTED_LABELS[kind]
        return Sniffed("unsupported", label, notes=[Message(_UNSUPPORTED[kind])])
    notes = []
    if declared and declared != kind:
        notes.append(
            Message(
                N_(
                    "Declared format “{declared}”, the content is {actual}"
                    " – scanned as {actual}."
                ),
                {"declared": _LABELS[declared], "actual": _LABELS[kind]},
            )
        )
    return Sniffed(kind, _LABELS[kind], notes=notes)


_UNSUPPORTED_LABELS = {
    "docx": "DOCX",
    "opendocument": "ODS/ODT",
    "zip": "ZIP",
    "ole": "XLS/DOC",
    "binary": "unbekannt",
}


def _mismatch_error(kind: str, declared: str) -> Message | None:
    # a binary file that is not what its format or name promises
    if kind == "broken-zip":
        if declared in ("xlsx", ""):
            return invalid_file("XLSX")
        return Message(N_("The file is a damaged ZIP archive"))
    if kind in ("binary", "ole", "zip") and declared in ("xlsx", "pdf"):
        return invalid_file(_LABELS[declared])
    return None


def invalid_file(label: str) -> Message:
    """The error for a file that is not what it claims.

    :param label: the format it claims, e.g. ``XLSX``
    """
    return Message(N_("The file is not a valid {label} file"), {"label": label})


# --- text decoding ----------------------------------------------------------


def detect_encoding(head: bytes) -> str:
    """utf-8(-sig), utf-16 by BOM, else cp1252 (latin-1 if cp1252 fails).

    :param head: the first bytes of the file
    :returns: a codec name
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        # an incremental decoder tolerates a character cut at the end
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def decode_head(head: bytes) -> str:
    """Decode the first bytes with the detected encoding."""
    return head.decode(detect_encoding(head), errors="replace")


class _Limited(io.RawIOBase):
    """A read-only view of ``stream`` that stops when the budget is used."""

    def __init__(self, stream: IO[bytes], budget: Budget) -> None:
        self._stream = stream
        self._budget = budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        room = self._budget.max_bytes - self._budget.used
        if room <= 0:
            if self._stream.read(1):
                self._budget.truncated = True
            return 0
        data = self._stream.read(min(len(buffer), room))
        self._budget.used += len(data)
        buffer[: len(data)] = data
        return len(data)


def open_text(stream: IO[bytes], budget: Budget) -> io.TextIOWrapper:
    """A text stream over ``stream`` with detected encoding, bounded."""
    head = stream.read(HEAD_SIZE)
    stream.seek(0)
    buffered = io.BufferedReader(_Limited(stream, budget))
    return io.TextIOWrapper(
        buffered, encoding=detect_encoding(head), errors="replace", newline=""
    )


# --- CSV --------------------------------------------------------------------

_DELIMITERS = (";", "\t", ",", "|")


def sniff_delimiter(sample: str) -> str | None:
    """The delimiter that splits the sample lines most consistently.

    :param sample: decoded start of the file
    :returns: the delimiter or ``None`` when the text is not a table
    """
    lines = sample.splitlines()[:31]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line may be cut
    lines = [line for line in lines if line.strip()]
    best: tuple[float, int, str] | None = None
    for delimiter in _DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = count / len(widths)
        if width >= 2 and score >= 0.6 and (best is None or (score, width) > best[:2]):
            best = (score, width, delimiter)
    return best[2] if best else None


def _letters(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def read_csv(
    stream: IO[bytes], budget: Budget, notes: list[Message]
) -> Iterator[Source]:
    """One table from a CSV file (encoding and delimiter sniffed).

    :param stream: the file
    :param budget: bytes still allowed
    :param notes: receives German remarks for the reviewer
    :returns: a :class:`TableSource`
    """
    sample = decode_head(stream.read(HEAD_SIZE))
    stream.seek(0)
    delimiter = sniff_delimiter(sample) or ";"
    text = open_text(stream, budget)
    yield TableSource(
        name="",
        rows=_csv_rows(text, delimiter),
        locate=lambda row, col, header: (
            f"Zeile {row}, Spalte {_column(header, str(col + 1))}"
        ),
    )


def _column(header: str, fallback: str) -> str:
    return f"„{header}“" if header else fallback


def _csv_rows(text: IO[str], delimiter: str) -> Iterator[tuple[int, list[Cell]]]:
    reader = csv.reader(text, delimiter=delimiter, quotechar='"')
    line = 1
    try:
        for row in reader:
            yield line, list(row)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ReadError(
            Message(
                N_("CSV file faulty from line {line}: {error}"),
                {"line": line, "error": str(exc)},
            )
        ) from exc


# --- plain text ---------------------------------------------------------------


def read_txt(
    stream: IO[bytes], budget: Budget, notes: list[Message]
) -> Iterator[Source]:
    """Lines of a text file (long lines in chunks of 64 KiB)."""
    text = open_text(stream, budget)

    def lines() -> Iterator[tuple[str, str]]:
        number = 0
        continued = False
        while chunk := text.readline(TEXT_CHUNK):
            if not continued:
                number += 1
            continued = not chunk.endswith(("\n", "\r"))
            yield f"Zeile {number}", chunk.rstrip("\r\n")

    yield TextSource(lines())


# --- JSON -----------------------------------------------------------------------


def read_json(
    stream: IO[bytes], budget: Budget, notes: list[Message]
) -> Iterator[Source]:
    """A parsed JSON document, JSON Lines, or text lines when too large.

    :raises ReadError: when the document does not parse (after its text
        lines have been yielded, so the detectors still see them)
    """
    limit = min(budget.max_bytes, JSON_PARSE_LIMIT)
    raw = stream.read(limit + 1)
    stream.seek(0)
    if len(raw) > limit:
        notes.append(
            Message(
                N_("JSON file too large for the structure analysis – scanned as text.")
            )
        )
        yield from read_txt(stream, budget, notes)
        return
    budget.take(len(raw))
    text = raw.decode(detect_encoding(raw[:HEAD_SIZE]), errors="replace")
    text = text.lstrip("\ufeff")
    try:
        yield JsonSource(json.loads(text))
        return
    except RecursionError as exc:
        raise ReadError(Message(N_("The JSON file is nested too deeply"))) from exc
    except ValueError as exc:
        error = exc
    lines = _json_lines(text)
    if lines is not None:
        yield from lines
        return
    budget.used -= len(raw)  # read again as text below
    notes.append(Message(N_("Invalid JSON – scanned as text.")))
    yield from read_txt(stream, budget, notes)
    raise ReadError(_json_error(error))


def _json_error(exc: ValueError) -> Message:
    if isinstance(exc, json.JSONDecodeError):
        return Message(
            N_("The file is not a valid JSON file (line {line}, column {column})"),
            {"line": exc.lineno, "column": exc.colno},
        )
    return Message(N_("The file is not a valid JSON file (unreadable)"))


def _json_lines(text: str) -> list[Source] | None:
    # JSON Lines: one document per line; all non-empty lines must parse.
    sources: list[Source] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            sources.append(JsonSource(json.loads(line), f"JSON Zeile {number} "))
        except ValueError:
            return None
    return sources if len(sources) > 1 else None


# --- XLSX ---------------------------------------------------------------------

_STATES = {"hidden": " (ausgeblendet)", "veryHidden": " (stark ausgeblendet)"}


def read_xlsx(
    stream: IO[bytes], budget: Budget, notes: list[Message]
) -> Iterator[Source]:
    """One table per worksheet, hidden and very hidden ones included.

    :raises ReadError: for files openpyxl cannot open
    """
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(
                stream, read_only=True, data_only=True, keep_links=False
            )
    except Exception as exc:  # openpyxl raises many types for bad files
        raise ReadError(invalid_file("XLSX")) from exc
    try:
        for sheet in book.worksheets:
            state = _STATES.get(getattr(sheet, "sheet_state", "visible"), "")
            prefix = f"Blatt „{sheet.title}“{state}, "
            yield _sheet_table(sheet, prefix, budget)
    finally:
        book.close()


def _sheet_table(sheet: Any, prefix: str, budget: Budget) -> TableSource:
    def rows() -> Iterator[tuple[int, list[Cell]]]:
        sheet.reset_dimensions()  # stored dimensions are often wrong
        for number, values in enumerate(
            sheet.iter_rows(min_row=1, values_only=True), 1
        ):
            cells = list(values)
            if not budget.take(sum(len(str(v)) + 1 for v in cells if v is not None)):
                return
            yield number, cells

    return TableSource(
        name=sheet.title,
        rows=rows(),
        locate=lambda row, col, header: (
            f"{prefix}Zeile {row}, Spalte {_column(header, _letters(col))}"
        ),
    )


# --- PDF ----------------------------------------------------------------------


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    # pypdf logs every repaired glitch of a real-world PDF as a warning
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def read_pdf(
    stream: IO[bytes], budget: Budget, notes: list[Message]
) -> Iterator[Source]:
    """Text lines of the first :data:`MAX_PDF_PAGES` pages.

    :param notes: receives German remarks (pages skipped, no text layer)
    :raises ReadError: for broken or encrypted files
    """
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # optional at run time
        raise ReadError(
            Message(N_("PDF files cannot be read (pypdf is missing)"))
        ) from exc
    with _quiet("pypdf"):
        try:
            reader = PdfReader(stream, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ReadError(Message(N_("The PDF is encrypted and was not scanned")))
            pages = list(reader.pages[:MAX_PDF_PAGES])
            total = len(reader.pages)
        except ReadError:
            raise
        except Exception as exc:  # pypdf raises many types for bad files
            raise ReadError(invalid_file("PDF")) from exc
        if total > MAX_PDF_PAGES:
            notes.append(
                Message(
                    N_("Only the first {pages} of {total} pages scanned."),
                    {"pages": MAX_PDF_PAGES, "total": total},
                )
            )
            budget.truncated = True
        yield TextSource(_pdf_lines(pages, budget, notes))


def _pdf_lines(
    pages: list[Any], budget: Budget, notes: list[Message]
) -> Iterator[tuple[str, str]]:
    chars = 0
    for number, page in enumerate(pages, start=1):
        with _quiet("pypdf"):
            try:
                text = page.extract_text() or ""
            except Exception:  # a broken page must not end the scan
                notes.append(
                    Message(N_("Page {page} could not be read."), {"page": number})
                )
                continue
        chars += len(text.strip())
        if not budget.take(len(text.encode("utf-8"))):
            return
        for line_no, line in enumerate(text.splitlines(), start=1):
            yield f"Seite {number}, Zeile {line_no}", line
    if pages and chars == 0:
        notes.append(Message(N_("The PDF contains no text (scanned?) – not scanned.")))
