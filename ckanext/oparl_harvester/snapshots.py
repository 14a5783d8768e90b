"""CSV and JSON snapshot files, written as a stream, byte for byte stable.

Format decisions (the portal's other CSV export, the data-protection event
log, follows the same):

- CSV after RFC 4180: comma, double quotes where needed, CRLF line ends,
  one header row with the column names, UTF-8 **without** byte order mark.
  Machine readers (GovData's and the EU's validators, pandas, R, csvkit)
  read this without options, whereas a BOM ends up in the first column
  name of several of them and ``;`` is not what RFC 4180 tools expect.
  Excel users open the file via "Daten > Aus Text/CSV", which asks for
  UTF-8 and comma; the JSON file is the alternative with typed values.
- Text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return get a leading apostrophe: spreadsheet programs would run them as
  formulas, and titles in a council information system are typed by many
  hands (OWASP "CSV injection"). Numbers are not touched.
- JSON: one array, one object per line, keys in column order, no ASCII
  escaping; dates are ISO 8601 text as in the CSV.
- The same rows give the same bytes, so an unchanged partition gives an
  unchanged SHA-256 and the harvester can skip the upload. The row order
  is the caller's; pass ``sort_key`` when the source order is not stable.

Files are written to a temporary name beside the target and renamed when
complete, so a crashed run never leaves half a snapshot.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

__all__ = ["LIST_SEPARATOR", "SnapshotInfo", "csv_cell", "write_csv", "write_json"]

# joins list values in CSV cells (JSON keeps lists)
LIST_SEPARATOR = " | "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, Any]
SortKey = Callable[[Row], Any]


@dataclass(frozen=True)
class SnapshotInfo:
    """What was written.

    :param rows: number of data rows
    :param bytes: file size
    :param sha256: SHA-256 of the file, hexadecimal
    """

    rows: int
    bytes: int
    sha256: str


class _HashingWriter:
    """A binary sink that counts and hashes what passes through."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.target.write(data)


@contextmanager
def _atomic(path: str | os.PathLike[str]) -> Iterator[_HashingWriter]:
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    try:
        with os.fdopen(handle, "wb") as raw:
            yield _HashingWriter(raw)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _ordered(rows: Iterable[Row], sort_key: SortKey | None) -> Iterable[Row]:
    # sorting needs all rows at once: the caller decides whether that is fine
    return sorted(rows, key=sort_key) if sort_key else rows


def csv_cell(value: Any, separator: str = LIST_SEPARATOR) -> str:
    """The CSV text of a row value.

    :param value: text, number, boolean, ``None`` or a list of these
    :param separator: joins list values
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return separator.join(csv_cell(v, separator) for v in value if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


class _LineBuffer:
    """Collects what :mod:`csv` writes for one row."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def take(self) -> bytes:
        data = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        return data


def write_csv(
    path: str | os.PathLike[str],
    columns: Sequence[str],
    rows: Iterable[Row],
    *,
    sort_key: SortKey | None = None,
    separator: str = LIST_SEPARATOR,
) -> SnapshotInfo:
    """Write rows as an RFC 4180 CSV file (see the module notes).

    :param path: the target file (replaced when complete)
    :param columns: the column names, in order; other keys of a row are
        ignored, missing ones are empty
    :param rows: the rows, consumed once
    :param sort_key: sort the rows first (holds them all in memory)
    :param separator: joins list values within a cell
    """
    buffer = _LineBuffer()
    writer = csv.writer(buffer, lineterminator="\r\n")
    count = 0
    with _atomic(path) as out:
        writer.writerow(columns)
        out.write(buffer.take())
        for row in _ordered(rows, sort_key):
            writer.writerow([csv_cell(row.get(c), separator) for c in columns])
            out.write(buffer.take())
            count += 1
    return SnapshotInfo(count, out.size, out.digest.hexdigest())


def _iso(value: Any) -> str:
    """Dates that slipped through as objects: ISO 8601, as in the CSV."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write_json(
    path: str | os.PathLike[str],
    rows: Iterable[Row],
    *,
    columns: Sequence[str] | None = None,
    sort_key: SortKey | None = None,
) -> SnapshotInfo:
    """Write rows as a JSON array, one object per line, streamed.

    :param path: the target file (replaced when complete)
    :param rows: the rows (JSON-ready values), consumed once
    :param columns: keep only these keys, in this order (default: each
        row's own keys and order)
    :param sort_key: sort the rows first (holds them all in memory)
    """
    count = 0
    with _atomic(path) as out:
        out.write(b"[")
        for row in _ordered(rows, sort_key):
            item = {c: row.get(c) for c in columns} if columns is not None else row
            text = json.dumps(
                item, ensure_ascii=False, separators=(",", ":"), default=_iso
            )
            out.write((",\n" if count else "\n").encode() + text.encode("utf-8"))
            count += 1
        out.write(b"\n]\n")
    return SnapshotInfo(count, out.size, out.digest.hexdigest())
