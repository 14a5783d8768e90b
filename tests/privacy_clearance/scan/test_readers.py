"""Format sniffing and the readers: encodings, delimiters, hidden sheets,
nested JSON, PDF text, broken files."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from ckanext.privacy_clearance.scan import ScanResult, scan_bytes, scan_file
from ckanext.privacy_clearance.scan.readers import sniff, sniff_delimiter

from . import german
from .samples import write_pdf


def kinds_at(result: ScanResult) -> set[tuple[str, str]]:
    """(kind, location) of all findings at or above the hint threshold."""
    return {(f.kind, f.location) for f in result.findings if f.confidence >= 0.5}


def xlsx_bytes(build: object) -> bytes:
    book = Workbook()
    build(book)  # type: ignore[operator]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- sniffing --------------------------------------------------------------------


def _kind(data: bytes, fmt: str = "", filename: str = "") -> tuple[str, list[str]]:
    sniffed = sniff(io.BytesIO(data), fmt, filename)
    return sniffed.kind, [german(note) for note in sniffed.notes]


def test_sniff_by_content_first() -> None:
    xlsx = xlsx_bytes(lambda book: book.active.append(["a"]))
    assert _kind(xlsx)[0] == "xlsx"
    kind, notes = _kind(xlsx, fmt="CSV")
    assert kind == "xlsx"
    assert "Inhalt ist XLSX" in notes[0]
    assert _kind(b"%PDF-1.4\n...")[0] == "pdf"
    assert _kind(b'  {"a": 1}')[0] == "json"
    assert _kind(b"\xef\xbb\xbf[1, 2]")[0] == "json"
    assert _kind(b"a;b;c\n1;2;3\n4;5;6\n")[0] == "csv"
    assert _kind(b"Ein Satz.\nNoch ein Satz.\n")[0] == "txt"
    assert _kind(b"Ein Satz.\n", fmt="CSV")[0] == "csv"  # declared and plausible


def test_sniff_delimiter() -> None:
    assert sniff_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","
    assert sniff_delimiter("a\tb\n1\t2\n") == "\t"
    assert sniff_delimiter('"x;y",b\n"1;2",3\n') == ","
    assert sniff_delimiter("Fließtext ohne Spalten.\nZweite Zeile.\n") is None


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "fmt", "note"),
    [
        (_zip(["word/document.xml"]), "DOCX", "Word"),
        (_zip(["mimetype", "content.xml"]), "ODS", "OpenDocument"),
        (_zip(["daten/a.csv"]), "ZIP", "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "XLS", "XLS"),
        (bytes(range(256)) * 4, "", "Binärdatei"),
    ],
)
def test_unsupported_formats_say_so(data: bytes, fmt: str, note: str) -> None:
    result = scan_bytes(data, fmt=fmt)
    assert result.scanned is False
    assert result.error is None
    assert result.findings == []
    assert note in german(result.notes[0])


@pytest.mark.parametrize(
    ("data", "fmt", "filename", "message"),
    [
        (b"PK\x03\x04 kaputt", "XLSX", "", "keine gültige XLSX-Datei"),
        (bytes(range(256)) * 4, "XLSX", "", "keine gültige XLSX-Datei"),
        (bytes(range(256)) * 4, "", "bericht.pdf", "keine gültige PDF-Datei"),
        (b"%PDF-1.4\nkaputt", "PDF", "", "keine gültige PDF-Datei"),
        (_zip(["xl/workbook.xml"]), "XLSX", "", "keine gültige XLSX-Datei"),
    ],
)
def test_broken_files_give_a_german_error(
    data: bytes, fmt: str, filename: str, message: str
) -> None:
    result = scan_bytes(data, fmt=fmt, filename=filename)
    assert result.error is not None
    assert message in german(result.error)
    assert result.findings == []


def test_empty_file() -> None:
    result = scan_bytes(b"", filename="leer.csv")
    assert result.error is None
    assert result.findings == []


# --- CSV -----------------------------------------------------------------------


def test_cp1252_csv_with_semicolons() -> None:
    text = "Name;Vorname;Straße;Ort\r\nMüller;Jürgen;Große Ritterstraße 5;Merseburg\r\n"
    result = scan_bytes(text.encode("cp1252"), filename="a.csv")
    assert result.error is None
    found = kinds_at(result)
    assert ("person_name", "Zeile 2, Spalte „Name“") in found
    assert ("person_name", "Zeile 2, Spalte „Vorname“") in found
    assert ("postal_address", "Zeile 2, Spalte „Straße“") in found
    assert ("header", "Zeile 1, Spalte „Straße“") in found  # umlaut decoded


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "latin-1"])
def test_csv_encodings(encoding: str) -> None:
    text = "E-Mail,Bemerkung\nanna.mueller@web.de,Rückfrage\n"
    result = scan_bytes(text.encode(encoding), fmt="CSV")
    assert ("email", "Zeile 2, Spalte „E-Mail“") in kinds_at(result)


def test_csv_multiline_field_keeps_line_numbers() -> None:
    text = 'Nr;Notiz\n1;"erste\nzweite Zeile"\n2;Tel. 0345 6781234\n'
    result = scan_bytes(text.encode(), filename="n.csv")
    assert ("phone", "Zeile 4, Spalte „Notiz“") in kinds_at(result)


def test_csv_without_header_uses_column_numbers() -> None:
    text = "1;anna.mueller@web.de;5\n2;m.schulze@gmx.de;7\n"
    result = scan_bytes(text.encode(), filename="x.csv")
    assert ("email", "Zeile 1, Spalte 2") in kinds_at(result)
    assert ("email", "Zeile 2, Spalte 2") in kinds_at(result)


# --- XLSX ----------------------------------------------------------------------


def _hidden_book(book: Workbook) -> None:
    book.active.title = "Übersicht"
    book.active.append(["Haushalt 2024", 1200])
    hidden = book.create_sheet("Tabelle2")
    hidden.sheet_state = "hidden"
    hidden.append(["Name", "Vorname", "Geburtsdatum", "Telefon"])
    hidden.append(["Krause", "Mandy", datetime(1980, 5, 17), "0345 6781234"])
    secret = book.create_sheet("Intern")
    secret.sheet_state = "veryHidden"
    secret.append(["Steuer-ID", 86095742719])


def test_xlsx_hidden_and_very_hidden_sheets() -> None:
    result = scan_bytes(xlsx_bytes(_hidden_book), fmt="XLSX")
    assert result.error is None
    found = kinds_at(result)
    sheet = "Blatt „Tabelle2“ (ausgeblendet), Zeile 2, Spalte"
    assert ("person_name", f"{sheet} „Name“") in found
    assert ("birth_date", f"{sheet} „Geburtsdatum“") in found
    assert ("phone", f"{sheet} „Telefon“") in found
    assert ("tax_id", "Blatt „Intern“ (stark ausgeblendet), Zeile 1, Spalte B") in found
    assert not any("Übersicht" in location for _, location in found)


def test_xlsx_rows_after_gaps_keep_their_numbers() -> None:
    def build(book: Workbook) -> None:
        book.active["A1"] = "Kontaktliste"
        book.active["A5"] = "E-Mail"
        book.active["B5"] = "Notiz"
        book.active["A9"] = "anna.mueller@web.de"

    result = scan_bytes(xlsx_bytes(build), filename="k.xlsx")
    assert ("email", "Blatt „Sheet“, Zeile 9, Spalte „E-Mail“") in kinds_at(result)


# --- JSON ----------------------------------------------------------------------


def test_json_paths() -> None:
    document = {
        "items": [
            {"titel": "A", "kontakt": {"mail": "a.b@web.de"}},
            {"titel": "B", "kontakt": {"mail": "c.d@web.de"}},
        ],
        "Vor Name": "Anna",
        "liste": ["Tel. 0345 6781234"],
    }
    result = scan_bytes(json.dumps(document).encode(), fmt="JSON")
    found = kinds_at(result)
    assert ("email", "JSON $.items[1].kontakt.mail") in found
    assert ("header", "JSON $.items[*].kontakt.mail") in found
    assert ("person_name", 'JSON $["Vor Name"]') in found
    assert ("phone", "JSON $.liste[0]") in found


def test_json_lines() -> None:
    lines = [
        json.dumps({"text": f"Anruf von Frau Krause, Tel. 0345 678123{i}"})
        for i in range(3)
    ]
    result = scan_bytes("\n".join(lines).encode(), filename="x.jsonl")
    assert ("phone", "JSON Zeile 3 $.text") in kinds_at(result)


def test_invalid_json_is_scanned_as_text() -> None:
    data = b'{"name": "Anna Schulze", "mail": "anna.schulze@web.de",'
    result = scan_bytes(data, fmt="JSON")
    assert result.error is not None and "JSON" in german(result.error)
    assert ("email", "Zeile 1") in kinds_at(result)


def test_deep_json_does_not_raise() -> None:
    result = scan_bytes(b"[" * 100_000 + b"]" * 100_000, fmt="JSON")
    assert result.error is not None


# --- PDF and text ---------------------------------------------------------------


def test_pdf_pages_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "brief.pdf"
    write_pdf(
        path,
        [["Seite eins"], ["Kopf", "Zweite Zeile", "Herr Müller, Tel. 0345 6781234"]],
    )
    result = scan_file(path)
    assert result.error is None
    found = kinds_at(result)
    assert ("phone", "Seite 2, Zeile 3") in found
    assert ("person_name", "Seite 2, Zeile 3") in found
    assert result.scanned_bytes == path.stat().st_size


def test_pdf_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "lang.pdf"
    write_pdf(path, [[f"Seite {n}"] for n in range(53)])
    result = scan_file(path)
    assert result.truncated
    assert any("50 von 53" in german(note) for note in result.notes)


def test_pdf_without_text(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    write_pdf(path, [[]])
    result = scan_file(path)
    assert any("keinen Text" in german(note) for note in result.notes)


def test_text_line_numbers() -> None:
    text = "Erste Zeile\r\nZweite\r\n\r\nVierte: anna.mueller@web.de\n"
    result = scan_bytes(text.encode(), filename="notiz.txt")
    assert ("email", "Zeile 4") in kinds_at(result)
