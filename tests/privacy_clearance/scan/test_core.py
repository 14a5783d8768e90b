"""The public API: result shape, limits, robustness against bad input."""

from __future__ import annotations

import dataclasses
import io
import json
import random
from pathlib import Path

import pytest
from openpyxl import Workbook

from ckanext.privacy_clearance import scan
from ckanext.privacy_clearance.scan import (
    KINDS,
    Finding,
    ScanResult,
    scan_bytes,
    scan_file,
)
from ckanext.privacy_clearance.scan.messages import Message

from . import german


def test_public_api() -> None:
    assert set(scan.__all__) >= {"Finding", "ScanResult", "scan_file", "scan_bytes"}
    finding = Finding("email", "Zeile 2", "a***@w***.de", 0.9, "regex")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.kind = "phone"  # type: ignore[misc]
    result = scan_bytes(b"Mail: anna.mueller@web.de\n", filename="a.txt")
    assert isinstance(result, ScanResult)
    assert result.scanned and result.format == "TXT" and result.error is None
    assert result.scanned_bytes == 26
    json.dumps(result.as_dict())  # storable as JSON
    assert all(f.kind in KINDS and 0 <= f.confidence <= 1 for f in result.findings)


def test_scan_file_and_scan_bytes_agree(tmp_path: Path) -> None:
    path = tmp_path / "upload"
    path.write_bytes(b"Name;Telefon\nKrause;0345 6781234\n")
    from_file = scan_file(path, filename="kontakte.csv", fmt="CSV")
    from_bytes = scan_bytes(path.read_bytes(), filename="kontakte.csv", fmt="CSV")
    assert from_file.findings == from_bytes.findings
    assert from_file.findings


def test_missing_file() -> None:
    result = scan_file("/nonexistent/datei.csv")
    assert result.error is not None
    assert german(result.error) == "Datei konnte nicht geöffnet werden"
    assert not result.scanned


def test_max_bytes_truncates_streamed_formats() -> None:
    rows = [f"{n};person{n}.name@web.de" for n in range(20_000)]
    data = ("Nr;E-Mail\n" + "\n".join(rows)).encode()
    result = scan_bytes(data, filename="gross.csv", max_bytes=10_000)
    assert result.truncated
    assert result.scanned_bytes <= 10_000
    locations = [f.location for f in result.findings if f.kind == "email"]
    assert locations and all(int(loc.split()[1].rstrip(",")) < 500 for loc in locations)


def test_max_bytes_skips_large_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    for n in range(2000):
        book.active.append([f"person{n}.name@web.de", n])
    path = tmp_path / "gross.xlsx"
    book.save(path)
    result = scan_file(path, max_bytes=1000)
    assert not result.scanned and result.truncated and result.findings == []


def test_max_bytes_bounds_xlsx_content() -> None:
    book = Workbook()
    for n in range(3000):
        book.active.append([f"person{n}.name@web.de"])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    result = scan_bytes(data, fmt="XLSX", max_bytes=len(data) + 5000)
    assert result.truncated
    assert result.scanned_bytes <= len(data) + 5000


def test_findings_capped_per_kind_keeping_the_surest() -> None:
    lines = ["poststelle@merseburg.de"] + [f"m.krause{n}@web.de" for n in range(12)]
    result = scan_bytes(
        "\n".join(lines).encode(), filename="a.txt", max_findings_per_kind=5
    )
    emails = [f for f in result.findings if f.kind == "email"]
    assert len(emails) == 5
    assert result.omitted == {"email": 8}
    assert result.truncated
    assert all(f.confidence >= 0.5 for f in emails)  # the role mailbox made way


def test_duplicates_are_reported_once() -> None:
    result = scan_bytes(b"Tel. 0345 6781234, Tel. 0345 6781234\n", filename="a.txt")
    assert len([f for f in result.findings if f.kind == "phone"]) == 1


def _mutations(seed: int) -> list[bytes]:
    rng = random.Random(seed)
    book = Workbook()
    book.active.append(["Name", "Vorname"])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = buffer.getvalue()
    samples = [
        bytes(rng.randrange(256) for _ in range(3000)),
        xlsx[: len(xlsx) // 2],
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>",
        b"a;b\n" + b"\x00" * 500 + b"\n1;2\n",
        b'"' + b"x" * 200_000 + b"\n",  # one field beyond csv's limit
        b"{" * 5000,
        "Zeile mit \ud800 Surrogat".encode("utf-8", "surrogatepass"),
    ]
    flipped = bytearray(xlsx)
    for _ in range(50):
        flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    return [*samples, bytes(flipped)]


@pytest.mark.parametrize("fmt", ["", "CSV", "XLSX", "JSON", "PDF"])
def test_never_raises(fmt: str) -> None:
    for data in _mutations(7):
        result = scan_bytes(data, fmt=fmt, filename="x")
        assert isinstance(result, ScanResult)
        assert result.error is None or isinstance(result.error, Message)
