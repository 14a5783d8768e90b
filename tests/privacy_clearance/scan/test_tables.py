"""Tables: header detection, column roles, public facilities, small cells."""

from __future__ import annotations

from ckanext.privacy_clearance.scan import HINT_THRESHOLD, Finding, scan_bytes
from ckanext.privacy_clearance.scan.lexicon import load_lexicon
from ckanext.privacy_clearance.scan.tables import find_header, parse_number


def csv(rows: list[str], **options: object) -> list[Finding]:
    data = ("\n".join(rows) + "\n").encode()
    return scan_bytes(data, filename="t.csv", **options).findings  # type: ignore[arg-type]


def of_kind(findings: list[Finding], kind: str, strong: bool = True) -> list[str]:
    return [
        f.location
        for f in findings
        if f.kind == kind and (f.confidence >= HINT_THRESHOLD) is strong
    ]


def test_parse_number() -> None:
    assert parse_number("1.234") == 1234
    assert parse_number("12,5") == 12.5
    assert parse_number("3.5") == 3.5
    assert parse_number(" 7 ") == 7
    assert parse_number("-1.234.567,89") == -1234567.89
    assert parse_number("DS/2024") is None
    assert parse_number(None) is None


def test_header_after_title_rows() -> None:
    lex = load_lexicon()
    rows = [
        (1, ["Empfänger nach Ortsteil", None]),
        (2, [None, None]),
        (3, ["Ortsteil", "2023"]),
        (4, ["Beuna", "12"]),
    ]
    assert find_header(rows, lex) == 2
    assert find_header([(1, ["Müller", "12.03.1961", 5])], lex) is None


AGGREGATED = [
    "Anzahl Leistungsempfänger nach Ortsteil",
    "Ortsteil;Gemeindeschlüssel;Jahr;insgesamt;männlich;weiblich;Anteil (%);"
    "Betrag (EUR)",
    "Beuna;15088205;2023;84;1;83;1,2;2",
    "Geusa;15088205;2023;2;.;–;0,4;1",
    "Meuschau;15088205;2023;47;22;25;0,9;1500",
]


def test_small_cells_in_aggregated_table() -> None:
    found = of_kind(csv(AGGREGATED), "small_cell")
    assert found == [
        "Zeile 3, Spalte „männlich“",
        "Zeile 4, Spalte „insgesamt“",
    ]


def test_small_cell_excerpt_has_row_and_column() -> None:
    finding = next(f for f in csv(AGGREGATED) if f.kind == "small_cell")
    assert finding.excerpt == "„Beuna“ / „männlich“: Wert unter 3"


def test_small_cell_k() -> None:
    found = of_kind(csv(AGGREGATED, small_cell_k=30), "small_cell")
    assert "Zeile 4, Spalte „insgesamt“" in found
    assert "Zeile 5, Spalte „männlich“" in found  # 22 < 30
    assert not any("Jahr" in f or "Gemeindeschlüssel" in f for f in found)
    assert not any("Betrag" in f or "Anteil" in f for f in found)


def test_no_small_cells_without_count_words() -> None:
    rows = ["Produkt;Bezeichnung;Ansatz 2024", "1.1.1;Kreistag;1", "1.1.2;Rechnung;2"]
    assert of_kind(csv(rows), "small_cell") == []


def test_no_small_cells_in_lists_of_persons() -> None:
    rows = ["Name;Vorname;Anzahl Personen im Haushalt", "Krause;Anna;2", "Pohl;Jens;1"]
    assert of_kind(csv(rows), "small_cell") == []


def test_running_numbers_are_no_counts() -> None:
    rows = [
        "Anzahl Fälle je Ortsteil",
        "Lfd;Ortsteil;Fälle",
        *(f"{n};Ort {n};{n * 10}" for n in range(1, 8)),
    ]
    assert of_kind(csv(rows), "small_cell") == []


def test_name_next_to_first_name_holds_surnames() -> None:
    findings = csv(["Name;Vorname", "Krause;Anna", "Pohl;Jens"])
    assert "Zeile 2, Spalte „Name“" in of_kind(findings, "person_name")
    assert "Zeile 1, Spalte „Name“" in of_kind(findings, "header")


def test_headers_must_be_confirmed_by_values() -> None:
    findings = csv(
        [
            "Straße;Ortsteil;Straßenschlüssel",
            "Goethestraße;Merseburg;01234",
            "Am Anger;Beuna;01235",
        ]
    )
    assert of_kind(findings, "header") == []
    assert of_kind(findings, "header", strong=False) == ["Zeile 1, Spalte „Straße“"]


def test_empty_personal_column_is_weak() -> None:
    findings = csv(["Titel;Telefon", "Spielplatz;", "Bolzplatz;"])
    assert of_kind(findings, "header") == []


def test_public_facility_table() -> None:
    findings = csv(
        [
            "Name der Schule;Straße;Telefon;E-Mail",
            "Grundschule Nord;Lindenstraße 22;03461 212345;gs-nord@merseburg.de",
        ]
    )
    strong = [f for f in findings if f.confidence >= HINT_THRESHOLD]
    assert strong == []
    assert {f.kind for f in findings} >= {"header", "postal_address", "phone", "email"}


def test_quasi_identifiers() -> None:
    statistics = csv(["Geschlecht;Anzahl", "männlich;120", "weiblich;131"])
    assert of_kind(statistics, "header") == []
    people = csv(["Name;Vorname;Geschlecht", "Krause;Anna;w", "Pohl;Jens;m"])
    assert "Zeile 1, Spalte „Geschlecht“" in of_kind(people, "header")


def test_label_cell_gives_context() -> None:
    findings = csv(["Feld;Wert", "Steuer-ID;86095742719", "Geburtsdatum;14.02.1968"])
    tax = [f for f in findings if f.kind == "tax_id"]
    assert tax and tax[0].confidence >= 0.9
    assert "Zeile 3, Spalte „Wert“" in of_kind(findings, "birth_date")
