"""Detectors on single texts: true positives and the tricky negatives."""

from __future__ import annotations

from typing import Any

import pytest

from ckanext.privacy_clearance.scan import HINT_THRESHOLD, load_lexicon
from ckanext.privacy_clearance.scan.detectors import Context, detect, looks_like_name

LEX = load_lexicon()


def strong(text: str, **context: Any) -> list[str]:
    """Kinds found with at least the hint threshold."""
    hits = detect(text, Context(**context), LEX)
    return sorted(h.kind for h in hits if h.confidence >= HINT_THRESHOLD)


def weak(text: str, **context: Any) -> list[str]:
    """Kinds found only as weak hints."""
    hits = detect(text, Context(**context), LEX)
    return sorted(h.kind for h in hits if h.confidence < HINT_THRESHOLD)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Kontakt: anna.mueller@web.de", ["email"]),
        ("Mail an max.mustermann(at)saalekreis.de senden", ["email"]),
        ("tkrueger79@gmx.de", ["email"]),
        ("Tel. 0345 6781234", ["phone"]),
        ("Rückruf unter (03461) 50 60 70", ["phone"]),
        ("Durchwahl +49 3461 40-1234", ["phone"]),
        ("Handy 0171/2345678", ["phone"]),
        ("+49 (0) 345 123456", ["phone"]),
        ("Mobil 015112345678", ["phone"]),
        ("IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX", ["iban"]),
        ("Konto DE02120300000000202051.", ["iban"]),
        ("Steuer-ID 86095742719", ["tax_id"]),
        ("IdNr. 86 095 742 719", ["tax_id"]),
        ("SV-Nr. 15 070649 C 103", ["social_security_id"]),
        ("Versichertennummer A123456780", ["social_security_id"]),
        ("geb. 12.03.1961", ["birth_date"]),
        ("geboren am 3. März 1985 in Halle", ["birth_date"]),
        ("Frau Pohl (* 14.02.1968)", ["birth_date", "person_name"]),
        ("Geburtsdatum: 1979-11-03", ["birth_date"]),
        ("Gartenweg 7, 06242 Braunsbedra", ["postal_address"]),
        ("wohnhaft Goethestraße 12", ["postal_address"]),
        ("wohnhaft Am Anger 4", ["postal_address"]),
        ("Karl-Marx-Str. 5a", ["postal_address"]),
        ("Merseburger Straße 12-14", ["postal_address"]),
        ("Straße der Einheit 3, 06217 Merseburg", ["postal_address"]),
        ("Rathausstraße 3", ["postal_address"]),
        ("Sehr geehrter Herr Müller,", ["person_name"]),
        ("Frau Dr. Anna Vogel", ["person_name"]),
        ("Sabine Hoffmann schreibt", ["person_name"]),
        ("Ursula von der Leyen", ["person_name"]),
        ("Anna Müller geb. Schmidt", ["person_name"]),  # no date: no birth date
        ("die Bürgerin Svantje Krause fragt", ["person_name"]),
        ("Mit freundlichen Grüßen Ole Brandt", ["person_name"]),
    ],
)
def test_true_positives(text: str, kinds: list[str]) -> None:
    assert strong(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "Vorlage DS/2024/117 beschlossen",
        "Az. 0815/2024",
        "Az. 32.1-0815/2024",
        "06217 Merseburg",
        "Sitzung am 01.02.2024 um 17:00 Uhr",
        "Ansatz 1.234.567,89 EUR",
        "Produkt 5.4.1.01, Sachkonto 4211000",
        "Gemeindeschlüssel 15088205",
        "Haushaltsjahre 2023-2024",
        "PLZ-Bereich 06217-06258",
        "0,5 Stellen, 12 % Anteil",
        "DE89 3704 0044 0532 0130 01",  # wrong check digits
        "86095742718",  # wrong check digit
        "Versichertennummer fehlt, A123456781",
        "A123456780",  # KVNR format without keyword
        "geb. 12.03.2099",  # future
        "Stand: 31.12.2023",
        "Sanierung der Goethestraße",
        "Im Jahr 2024 wurden 12 Anträge gestellt",
        "Im Ausschuss 12 Stimmen dafür",
        "Parkplatz 3 ist gesperrt",
        "Radweg 12 km lang",
        "Goethestraße 12 %",
        "Karl-Marx-Straße",
        "im August Beginn der Arbeiten",
        "Anne Frank Schule",
        "Frau Bürgermeisterin eröffnet",
        "Frau K. (Name der Verwaltung bekannt)",
        "Einwohner Merseburgs",
    ],
)
def test_negatives(text: str) -> None:
    assert strong(text) == []


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("poststelle@saalekreis.de", ["email"]),
        ("Telefon Zentrale 03461 40-0", ["phone"]),
        ("Landratsamt, Domplatz 9, 06217 Merseburg", ["postal_address"]),
        ("Landrat Hartmut Handschak eröffnet", ["person_name"]),
        ("Peter Werner, Landrat", ["person_name"]),
        ("Gymnasium „Georg Cantor“", ["person_name"]),
        ("Sitzungssaal, Rathaus, Markt 1, 06217 Merseburg", []),
        ("Parkverstoß vor Am Markt 5", ["postal_address"]),
        ("siehe 03461401234", ["phone"]),  # bare digits, no keyword
        ("Vollsperrung Merseburger Straße 1-15", ["postal_address"]),
    ],
)
def test_weak_hints(text: str, kinds: list[str]) -> None:
    assert strong(text) == []
    assert weak(text) == kinds


def test_previous_and_next_line_give_context() -> None:
    assert strong("14.02.1968", before="Geburtsdatum:") == ["birth_date"]
    assert strong("Gartenweg 7", after="06242 Braunsbedra")
    assert weak("Domplatz 9", before="Landkreis Saalekreis – Der Landrat")
    # an unrelated office on the line before does not make a resident public
    assert strong("Herr Franke, wohnhaft Kirchgasse 2", before="Herr X (Bauamt)") == [
        "person_name",
        "postal_address",
    ]
    assert weak("Jana Vogel", after="Landrätin") == ["person_name"]


def test_column_roles() -> None:
    assert strong("Müller", role="last_name") == ["person_name"]
    assert strong("Müller, Anna", role="full_name") == ["person_name"]
    assert strong("14.02.1968", role="birth_date") == ["birth_date"]
    assert strong("03461401234", role="phone") == ["phone"]
    assert strong("Oberaltenburg 2", role="address") == ["postal_address"]
    assert strong("Bauordnungsamt", role="full_name") == []
    assert strong("14.02.1968") == []
    # numbers in identifier columns are no phone numbers or tax IDs
    assert strong("03461401234", column_type="id") == []
    assert strong("86095742719", column_type="id") == []


def test_public_table_context_weakens_contacts() -> None:
    assert weak("03461 212345", public=True) == ["phone"]
    assert weak("Goethestraße 3", public=True) == ["postal_address"]
    assert weak("gs-stadtpark@merseburg.de", public=True) == ["email"]
    assert strong("jana.vogel@merseburg.de", public=True) == ["email"]


@pytest.mark.parametrize(
    ("value", "role", "expected"),
    [
        ("Müller", "last_name", True),
        ("Anna", "first_name", True),
        ("Dr. Jana Vogel", "full_name", True),
        ("Müller, Anna", "full_name", True),
        ("Müller", "full_name", False),
        ("Grundschule Am Stadtpark", "full_name", False),
        ("SV Merseburg 99 e.V.", "full_name", False),
        ("Landrat", "last_name", False),
        ("Goethestraße", "last_name", False),
        ("anna müller", "full_name", False),
    ],
)
def test_looks_like_name(value: str, role: str, expected: bool) -> None:
    assert looks_like_name(value, role, LEX) is expected


def test_spans_are_claimed_once() -> None:
    hits = detect("IBAN DE89 3704 0044 0532 0130 00", Context(), LEX)
    assert [h.kind for h in hits] == ["iban"]  # its digits are no phone number
    hits = detect("max.mueller@web.de", Context(), LEX)
    assert [h.kind for h in hits] == ["email"]
