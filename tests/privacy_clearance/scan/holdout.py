"""Blind held-out set for the personal-data scan (Landkreis Musterkreis).

Written without looking at the detectors or the lexicon of the scanner, from
the documented policy in ``ckanext/privacy_clearance/scan/__init__.py`` and
the labelling format of :mod:`.samples` only. The files imitate what a county
or town administration publishes or nearly publishes; every person, address,
account and number is invented. Tax IDs, Rentenversicherungsnummern and IBANs
are generated here with their own check-digit algorithms (no code of the
scanner is used); invalid look-alikes (wrong check digit) are planted as
negatives.

Labelling rules (decided before the first scan, never tuned afterwards):

* A label is personal data the reviewer must see as a strong finding
  (confidence >= ``HINT_THRESHOLD``). Public bodies (Landratsamt, Rathaus,
  schools, Kitas, ``…amt``), switchboards ("-0"), role mailboxes (info@,
  poststelle@, Fraktions- and Verwaltungspostfächer), officials in their
  function (Landrat, Bürgermeister, Kreistagsvorsitzende) and organisations
  are not labelled.
* One label per cell and kind; running text one per line (PDF, TXT) or per
  JSON string and kind.
* Column headers of columns holding personal data are labelled "header"
  (JSON: ``$.array[*].key`` and the key of a nested person object).
* A cell "Straße Nr, PLZ Ort" is one postal address; a separate "PLZ"/"Ort"
  column is not labelled.
* Small cells: counts 1 or 2 in tables of aggregated counts of persons; not
  in year, key, postcode, percentage or amount columns, not in tables of
  places or posts.
* Dates are birth dates only where they are birth dates (column or "geb.").
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from ckanext.kommunal.text import fold

from .samples import SampleFile, write_pdf

SEED = 77_2025

# --- identifiers with their own check-digit algorithms ------------------------


def steuer_id_check_digit(head: str) -> int:
    """ISO 7064 MOD 11,10 check digit of the first ten digits."""
    product = 10
    for char in head:
        total = (int(char) + product) % 10 or 10
        product = (total * 2) % 11
    check = 11 - product
    return 0 if check == 10 else check


def steuer_id_valid(number: str) -> bool:
    """Check digit and repetition rule (one digit twice or thrice, rest once)."""
    digits = number.replace(" ", "")
    if len(digits) != 11 or not digits.isdigit() or digits[0] == "0":
        return False
    head = digits[:10]
    counts = sorted((head.count(d) for d in set(head)), reverse=True)
    if counts[0] not in (2, 3) or (len(counts) > 1 and counts[1] != 1):
        return False
    if counts[0] == 3 and any(head[i] == head[i + 1] == head[i + 2] for i in range(8)):
        return False
    return steuer_id_check_digit(head) == int(digits[10])


def rvnr_check_digit(head: str) -> int:
    """Check digit of a Rentenversicherungsnummer head (area, date, letter,
    serial): letter as its two-digit position, weights 2121 2712 1212 1,
    cross sums of the products, modulo 10."""
    digits = head[:8] + f"{ord(head[8].upper()) - 64:02d}" + head[9:11]
    weights = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
    total = sum(
        sum(divmod(int(d) * w, 10)) for d, w in zip(digits, weights, strict=True)
    )
    return total % 10


def iban_check(bban: str) -> int:
    """Check digits of a German IBAN (mod 97; "DE" = 13 14)."""
    return 98 - int(bban + "131400") % 97


def iban_valid(iban: str) -> bool:
    """Mod-97 test of a German IBAN."""
    compact = iban.replace(" ", "")
    moved = compact[4:] + "1314" + compact[2:4]
    return compact.startswith("DE") and int(moved) % 97 == 1


class Ids:
    """Deterministic generator of valid and invalid identifiers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def tax_id(self, spaced: bool = False, triple: bool = False) -> str:
        """A valid Steuer-IdNr (optionally with one digit three times)."""
        while True:
            pool = self.rng.sample("0123456789", 8 if triple else 9)
            twice = self.rng.choice(pool)
            head_digits = [*pool, twice] + ([twice] if triple else [])
            self.rng.shuffle(head_digits)
            head = "".join(head_digits)
            number = head + str(steuer_id_check_digit(head))
            if steuer_id_valid(number):
                break
        if spaced:
            return f"{number[:2]} {number[2:5]} {number[5:8]} {number[8:]}"
        return number

    def not_tax_id(self) -> str:
        """Eleven digits that look like a Steuer-IdNr but are not one."""
        number = self.tax_id()
        wrong = (int(number[10]) + self.rng.randint(1, 9)) % 10
        candidate = number[:10] + str(wrong)
        assert not steuer_id_valid(candidate)
        return candidate

    def rvnr(self, birth: date, surname: str, female: bool, compact: bool) -> str:
        """A valid Rentenversicherungsnummer."""
        area = self.rng.choice(["12", "13", "15", "16", "17", "24", "25", "65"])
        serial = (
            f"{self.rng.randint(50, 99) if female else self.rng.randint(0, 49):02d}"
        )
        proper = surname.removeprefix("von ")
        letter = proper.replace("Ä", "A").replace("Ö", "O").replace("Ü", "U")[0]
        head = f"{area}{birth:%d%m%y}{letter}{serial}"
        check = rvnr_check_digit(head)
        if compact:
            return f"{head}{check}"
        return f"{area} {birth:%d%m%y} {letter} {serial}{check}"

    def not_rvnr(self, birth: date, surname: str) -> str:
        """Same shape as a Rentenversicherungsnummer, wrong check digit."""
        valid = self.rvnr(birth, surname, False, True)
        wrong = (int(valid[-1]) + self.rng.randint(1, 9)) % 10
        return f"{valid[:2]} {valid[2:8]} {valid[8]} {valid[9:11]}{wrong}"

    def iban(self, grouped: bool = True) -> str:
        """A valid German IBAN."""
        blz = self.rng.choice(["80053722", "81055000", "80063508", "10050000"])
        bban = blz + f"{self.rng.randint(10**8, 10**10 - 1):010d}"
        compact = f"DE{iban_check(bban):02d}{bban}"
        if not grouped:
            return compact
        return " ".join(compact[i : i + 4] for i in range(0, 22, 4))

    def not_iban(self) -> str:
        """A German IBAN shape with wrong check digits."""
        valid = self.iban(grouped=False)
        wrong = f"{(int(valid[2:4]) + self.rng.randint(1, 40)) % 97 + 2:02d}"
        candidate = f"DE{wrong}{valid[4:]}"
        if iban_valid(candidate):
            candidate = f"DE{(int(wrong) + 1) % 100:02d}{valid[4:]}"
        assert not iban_valid(candidate)
        return " ".join(candidate[i : i + 4] for i in range(0, 22, 4))


# --- fictitious residents ---------------------------------------------------------

FEMALE = [
    "Karin",
    "Heike",
    "Birgit",
    "Silke",
    "Manuela",
    "Yvonne",
    "Nadine",
    "Cornelia",
    "Aylin",
    "Oksana",
    "Marlene",
    "Gudrun",
    "Elke",
    "Simone",
    "Jacqueline",
    "Wiebke",
    "Ortrun",
    "Edeltraud",
    "Anja",
    "Ramona",
]
MALE = [
    "Jürgen",
    "Frank",
    "Matthias",
    "Andreas",
    "Olaf",
    "Rico",
    "Sven",
    "Holger",
    "Mehmet",
    "Dariusz",
    "Hannes",
    "Wolfgang",
    "Torsten",
    "Enrico",
    "Kevin",
    "Hinnerk",
    "Bodo",
    "Gottfried",
    "Marcel",
    "Ralf",
]
SURNAMES = [
    "Albrecht",
    "Böttcher",
    "Hentschel",
    "Kaiser",
    "Lorenz",
    "Ziegler",
    "Franke",
    "Brandt",
    "Schuster",
    "Voigt",
    "Wendt",
    "Günther",
    "Haase",
    "Kretschmer",
    "Heinrich",
    "Demir",
    "Nowak",
    "Kowalski",
    "Yilmaz",
    "Petrenko",
    "Thiele",
    "Ebert",
    "Scholz",
    "Jäger",
    "Otto",
    "Schade",
    "Stiehler",
    "Pfeiffer",
    "Dietze",
    "Reichelt",
    "Müller-Brandes",
    "von Alvensleben",
    "Nguyen",
    "Ulrich",
    "Kästner",
]
STREETS = [
    "Lindenstraße",
    "Gartenstraße",
    "Bergstraße",
    "Am Mühlgraben",
    "Friedrich-Ebert-Straße",
    "Dorfstraße",
    "Wiesenweg",
    "Kastanienallee",
    "Am Sportplatz",
    "Zahnaer Weg",
    "Breite Straße",
    "Lutherstr.",
    "Fliederweg",
    "Hauptstr.",
    "Schulstraße",
    "August-Bebel-Straße",
    "Im Winkel",
    "Teichgasse",
    "Straße des Friedens",
    "An der Elbe",
]
TOWNS = [
    ("06886", "Musterstadt"),
    ("06888", "Zahnabach"),
    ("06895", "Kleinmusterdorf"),
    ("06901", "Heidebrück"),
    ("06905", "Bad Mustersee"),
    ("06917", "Elbaue-Nord"),
    ("06925", "Grenzdorf"),
]
PHONES = [
    "03491 {6}",
    "(03491) {2} {2} {2}",
    "+49 171 {7}",
    "0171/{7}",
    "0160 {8}",
    "034921-{5}",
    "+49 (0)3491 {6}",
    "0152 {8}",
    "03 49 28 / {5}",
    "0176-{8}",
]
HOSTS = ["gmx.de", "web.de", "t-online.de", "outlook.de", "mail.de", "gmx.net"]


def _ascii(text: str) -> str:
    """A name as it appears in an e-mail address, without blanks and hyphens
    ("Anna-Lena" -> "annalena")."""
    return fold(text).replace(" ", "").replace("-", "")


@dataclass
class Resident:
    """A fictitious resident of the Landkreis Musterkreis."""

    first: str
    last: str
    female: bool
    birth: date
    street: str
    postcode: str
    town: str
    phone: str
    email: str

    @property
    def name(self) -> str:
        """First name and surname."""
        return f"{self.first} {self.last}"

    @property
    def address(self) -> str:
        """Street, number, postcode, town."""
        return f"{self.street}, {self.postcode} {self.town}"


class People:
    """Deterministic residents, each name used once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[tuple[str, str]] = set()

    def digits(self, count: int) -> str:
        """Random digits, the first not 0."""
        rest = "".join(str(self.rng.randint(0, 9)) for _ in range(count - 1))
        return str(self.rng.randint(1, 9)) + rest

    def phone(self) -> str:
        """A private phone number in one of the usual spellings."""
        pattern = self.rng.choice(PHONES)
        for size in (8, 7, 6, 5, 2):
            while "{" + str(size) + "}" in pattern:
                pattern = pattern.replace("{" + str(size) + "}", self.digits(size), 1)
        return pattern

    def person(self, lo: int = 1945, hi: int = 2000) -> Resident:
        """A new resident born between ``lo`` and ``hi``."""
        rng = self.rng
        while True:
            female = rng.random() < 0.5
            first = rng.choice(FEMALE if female else MALE)
            last = rng.choice(SURNAMES)
            if (first, last) not in self.used:
                self.used.add((first, last))
                break
        birth = date(rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28))
        postcode, town = rng.choice(TOWNS)
        number = f"{rng.randint(1, 88)}{rng.choice(['', '', '', 'a', 'b'])}"
        local = rng.choice(
            [
                f"{_ascii(first)}.{_ascii(last)}",
                f"{_ascii(first)[0]}.{_ascii(last)}",
                f"{_ascii(last)}{birth:%y}",
                f"{_ascii(first)}{_ascii(last)[:3]}",
            ]
        )
        return Resident(
            first,
            last,
            female,
            birth,
            f"{rng.choice(STREETS)} {number}",
            postcode,
            town,
            self.phone(),
            f"{local}@{rng.choice(HOSTS)}",
        )


# --- writers and location helpers -------------------------------------------------


def _csv_bytes(rows: Iterable[list[object]], encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def csv_loc(row: int, header: str) -> str:
    """Location of a CSV cell (row 1 is the header row)."""
    return f"Zeile {row}, Spalte „{header}“"


def sheet_loc(sheet: str, row: int, header: str, state: str = "") -> str:
    """Location of a worksheet cell."""
    suffix = {"hidden": " (ausgeblendet)", "veryHidden": " (stark ausgeblendet)"}
    return f"Blatt „{sheet}“{suffix.get(state, '')}, Zeile {row}, Spalte „{header}“"


Cell = tuple[object, list[str]]  # value and the kinds planted in it


def table(
    sample: SampleFile,
    header: list[str],
    personal: set[str],
    rows: list[dict[str, Cell]],
    where: str,
    header_row: int = 1,
    state: str = "",
) -> list[list[object]]:
    """Label a table and return its rows (header first).

    :param where: "" for CSV, else the sheet name
    """

    def loc(row: int, name: str) -> str:
        return sheet_loc(where, row, name, state) if where else csv_loc(row, name)

    for name in header:
        if name in personal:
            sample.add("header", loc(header_row, name))
    out: list[list[object]] = [list(header)]
    for offset, row in enumerate(rows, start=1):
        values = []
        for name in header:
            value, kinds = row.get(name, ("", []))
            values.append(value)
            if value not in (None, ""):
                for kind in kinds:
                    sample.add(kind, loc(header_row + offset, name))
        out.append(values)
    return out


def lines_labels(sample: SampleFile, lines: list[tuple[str, list[str]]], prefix: str):
    """Label running text, one label per line and kind; return the text."""
    for number, (_, kinds) in enumerate(lines, start=1):
        for kind in kinds:
            sample.add(kind, f"{prefix}Zeile {number}")
    return [text for text, _ in lines]


# --- 1 Kreistag: members' private contacts and attendance (CSV, cp1252) -----------

FACTIONS = ["CDU", "SPD", "AfD", "DIE LINKE", "FDP/Freie Wähler", "GRÜNE"]


def kreistag_csv(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile(
        "kreistag_mitglieder_anwesenheit_2025.csv", "", "Kreistag, cp1252"
    )
    header = [
        "Lfd. Nr.",
        "Name",
        "Vorname",
        "Fraktion",
        "Wahlbereich",
        "Straße",
        "PLZ",
        "Ort",
        "Telefon privat",
        "Mobil",
        "E-Mail",
        "12.03.2025",
        "23.04.2025",
        "11.06.2025",
    ]
    personal = {"Name", "Vorname", "Straße", "Telefon privat", "Mobil", "E-Mail"}
    rows = []
    marks = ["anwesend", "entschuldigt", "anwesend", "anwesend", "unentschuldigt"]
    for index in range(14):
        p = people.person(1950, 1992)
        faction = FACTIONS[index % len(FACTIONS)]
        mail: Cell = (p.email, ["email"])
        if index == 5:
            mail = ("fraktion.linke@kreistag-musterkreis.de", [])
        mobile: Cell = ("", [])
        if index % 3 != 1:
            mobile = (
                f"01{people.rng.choice('567')}{people.digits(1)} {people.digits(7)}",
                ["phone"],
            )
        rows.append(
            {
                "Lfd. Nr.": (index + 1, []),
                "Name": (p.last, ["person_name"]),
                "Vorname": (p.first, ["person_name"]),
                "Fraktion": (faction, []),
                "Wahlbereich": (f"WB {index % 5 + 1}", []),
                "Straße": (p.street, ["postal_address"]),
                "PLZ": (p.postcode, []),
                "Ort": (p.town, []),
                "Telefon privat": (p.phone, ["phone"]),
                "Mobil": mobile,
                "E-Mail": mail,
                "12.03.2025": (marks[index % 5], []),
                "23.04.2025": (marks[(index + 2) % 5], []),
                "11.06.2025": ("anwesend", []),
            }
        )
    data = table(sample, header, personal, rows, "")
    (directory / sample.name).write_bytes(_csv_bytes(data, "cp1252"))
    return sample


# --- 2 Bürgerbeteiligung: comments export (JSON) ----------------------------------

COMMENTS = [
    ("Der Radweg an der K 2375 endet abrupt am Ortseingang Zahnabach.", []),
    (
        "Ich wohne in der {street} und fahre täglich mit dem Rad zur Arbeit nach "
        "Musterstadt; die Querung der B 187 ist gefährlich.",
        ["postal_address"],
    ),
    ("Bitte die Stellungnahme des Ortschaftsrates (DS/2025/0117) beachten.", []),
    ("Rückfragen gern unter {phone}, am besten abends.", ["phone"]),
    (
        "Mein Nachbar, Herr {other}, hat dort im Mai einen Unfall gehabt.",
        ["person_name"],
    ),
    (
        "Landrat Dr. Stefan Brenner hat in der Sitzung am 12.03.2025 eine Prüfung "
        "zugesagt; bitte umsetzen.",
        [],
    ),
    ("Die Beleuchtung zwischen Heidebrück und Grenzdorf fehlt auf 2,4 km.", []),
    (
        "Unsere Tochter ({kid}, 9 Jahre) fährt diesen Weg zur Grundschule Am Park.",
        ["person_name"],
    ),
]


def beteiligung_json(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile(
        "beteiligung_radverkehrskonzept_2030.json", "JSON", "Beteiligung, JSON"
    )
    entries = []
    for index in range(12):
        base = f"JSON $.stellungnahmen[{index}]"
        text, kinds = COMMENTS[index % len(COMMENTS)]
        p = people.person(1955, 2004)
        other = people.person()
        kid = people.rng.choice(["Mia", "Emil", "Frieda", "Noah", "Lina"])
        text = text.format(
            street=p.street,
            phone=people.phone(),
            other=other.name,
            kid=f"{kid} {p.last}",
        )
        for kind in kinds:
            sample.add(kind, f"{base}.text")
        if index in (3, 9):
            submitter = None  # anonymous
        elif index == 6:
            submitter = {
                "name": "ADFC Kreisverband Musterkreis e.V.",
                "email": "info@adfc-musterkreis.de",
            }
        else:
            submitter = {"name": p.name, "email": p.email, "anschrift": p.address}
            sample.add("person_name", f"{base}.einreicher.name")
            sample.add("email", f"{base}.einreicher.email")
            sample.add("postal_address", f"{base}.einreicher.anschrift")
            if index % 2 == 0:
                submitter["telefon"] = p.phone
                sample.add("phone", f"{base}.einreicher.telefon")
        entries.append(
            {
                "nr": index + 1,
                "eingang": f"2025-02-{index + 4:02d}T{8 + index % 9:02d}"
                f":1{index % 6}:00",
                "einreicher": submitter,
                "abschnitt": f"Netzabschnitt {index % 4 + 1}: K 23{75 + index}",
                "text": text,
                "abwaegung": [
                    "wird berücksichtigt",
                    "wird nicht berücksichtigt",
                    "Kenntnisnahme",
                ][index % 3],
            }
        )
    for key in [
        "einreicher",
        "einreicher.name",
        "einreicher.email",
        "einreicher.anschrift",
        "einreicher.telefon",
    ]:
        sample.add("header", f"JSON $.stellungnahmen[*].{key}")
    document = {
        "verfahren": {
            "titel": "Radverkehrskonzept Landkreis Musterkreis 2030",
            "aktenzeichen": "61.2-0815/2025",
            "zeitraum": "03.02.2025 – 16.03.2025",
            "vorlage": "DS/2025/0117",
            "kontakt": {
                "stelle": "Kreisentwicklungsamt",
                "email": "beteiligung@landkreis-musterkreis.de",
                "telefon": "03491 555-0",
                "anschrift": "Landratsamt Musterkreis, Am Schloßplatz 3, "
                "06886 Musterstadt",
            },
        },
        "stellungnahmen": entries,
        "statistik": {"eingaben": 12, "anonym": 2, "organisationen": 1},
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    (directory / sample.name).write_text(text, encoding="utf-8")
    return sample


# --- 3 Kita places with a hidden waiting list (XLSX) -------------------------------

KITAS = [
    (
        "Kita „Sonnenschein“",
        "Stadt Musterstadt",
        "Parkstraße 12, 06886 Musterstadt",
        "03491 41230",
        "kita.sonnenschein@musterstadt.de",
        120,
        30,
        118,
    ),
    (
        "Kita „Elbspatzen“",
        "AWO Kreisverband",
        "An der Elbe 4, 06917 Elbaue-Nord",
        "034925 7120",
        "elbspatzen@awo-musterkreis.de",
        64,
        16,
        63,
    ),
    (
        "Ev. Kita „Arche Noah“",
        "Ev. Kirchengemeinde",
        "Kirchplatz 2, 06888 Zahnabach",
        "034921 2290",
        "arche-noah@kirche-zahnabach.de",
        45,
        10,
        45,
    ),
    (
        "Kita „Waldwichtel“",
        "Gemeinde Heidebrück",
        "Waldweg 1, 06901 Heidebrück",
        "034923 501",
        "kita@heidebrueck.de",
        38,
        8,
        36,
    ),
]
KIDS = [
    "Emil",
    "Mia",
    "Ben",
    "Lina",
    "Noah",
    "Emma",
    "Paul",
    "Leni",
    "Mats",
    "Ida",
    "Elias",
    "Frieda",
]


def kita_xlsx(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile("kitaplaetze_2025.xlsx", "XLSX", "Kitas, verstecktes Blatt")
    book = Workbook()
    sheet = book.active
    sheet.title = "Kitas"
    sheet.append(
        ["Kindertageseinrichtungen im Landkreis Musterkreis, Stand 01.03.2025"]
    )
    sheet.append([])
    sheet.append(
        [
            "Einrichtung",
            "Träger",
            "Anschrift",
            "Telefon",
            "E-Mail",
            "Plätze gesamt",
            "davon Krippe",
            "belegt",
            "freie Plätze",
        ]
    )
    for name, carrier, address, phone, mail, total, crib, used in KITAS:
        sheet.append(
            [name, carrier, address, phone, mail, total, crib, used, total - used]
        )
    header = [
        "Lfd. Nr.",
        "Name Kind",
        "Vorname Kind",
        "Geburtsdatum Kind",
        "Wunschtermin",
        "Wunsch-Kita",
        "Erziehungsberechtigte(r)",
        "Anschrift",
        "Telefon",
        "E-Mail",
        "Bemerkung",
    ]
    personal = {
        "Name Kind",
        "Vorname Kind",
        "Geburtsdatum Kind",
        "Erziehungsberechtigte(r)",
        "Anschrift",
        "Telefon",
        "E-Mail",
    }
    rows = []
    for index in range(11):
        parent = people.person(1982, 1999)
        born = date(2023 + index % 2, (index * 5) % 12 + 1, (index * 7) % 27 + 1)
        remark: Cell = ("", [])
        if index == 2:
            remark = ("Geschwisterkind, Härtefall", [])
        elif index == 4:
            remark = (f"Vater erreichbar unter 0151 {people.digits(8)}", ["phone"])
        elif index == 7:
            remark = ("Integrationsplatz beantragt (Bescheid vom 14.01.2025)", [])
        rows.append(
            {
                "Lfd. Nr.": (index + 1, []),
                "Name Kind": (parent.last, ["person_name"]),
                "Vorname Kind": (KIDS[index], ["person_name"]),
                "Geburtsdatum Kind": (
                    datetime(born.year, born.month, born.day),
                    ["birth_date"],
                ),
                "Wunschtermin": (datetime(2025, 8 + index % 3, 1), []),
                "Wunsch-Kita": (KITAS[index % 4][0], []),
                "Erziehungsberechtigte(r)": (parent.name, ["person_name"]),
                "Anschrift": (parent.address, ["postal_address"]),
                "Telefon": (parent.phone, ["phone"]),
                "E-Mail": (parent.email, ["email"]),
                "Bemerkung": remark,
            }
        )
    hidden = book.create_sheet("Warteliste")
    hidden.sheet_state = "hidden"
    for row in table(sample, header, personal, rows, "Warteliste", state="hidden"):
        hidden.append(row)
    book.save(directory / sample.name)
    return sample


# --- 4 Gewerbeanmeldungen (CSV, UTF-8) -----------------------------------------

TRADES = [
    "Malerarbeiten",
    "Hausmeisterservice",
    "Online-Handel mit Textilien",
    "Fußpflege (mobil)",
    "Imbiss",
    "Kosmetikstudio",
    "Trockenbau",
    "Hundesalon",
    "IT-Dienstleistungen",
    "Gartenpflege",
]


def gewerbe_csv(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile("gewerbeanmeldungen_2025_q1.csv", "CSV", "Gewerbe, UTF-8")
    header = [
        "Aktenzeichen",
        "Eingang",
        "Art",
        "Name",
        "Vorname",
        "Geburtsdatum",
        "Wohnanschrift",
        "Betriebsort",
        "Tätigkeit",
        "Telefon",
        "E-Mail",
        "Steuer-IdNr.",
        "Kassenzeichen",
    ]
    personal = {
        "Name",
        "Vorname",
        "Geburtsdatum",
        "Wohnanschrift",
        "Telefon",
        "E-Mail",
        "Steuer-IdNr.",
    }
    rows = []
    for index in range(10):
        p = people.person(1960, 2003)
        mail: Cell = (p.email, ["email"])
        if index in (2, 7):
            mail = (f"info@{_ascii(p.last)}-{TRADES[index].split()[0].lower()}.de", [])
        tax: Cell = (ids.tax_id(spaced=index % 3 == 0, triple=index == 4), ["tax_id"])
        if index == 8:
            tax = ("wird nachgereicht", [])
        rows.append(
            {
                "Aktenzeichen": (f"32.1-GA-2025/{117 + index * 13:04d}", []),
                "Eingang": (f"{index * 3 + 2:02d}.0{index % 3 + 1}.2025", []),
                "Art": (["Anmeldung", "Ummeldung", "Abmeldung"][index % 3], []),
                "Name": (p.last, ["person_name"]),
                "Vorname": (p.first, ["person_name"]),
                "Geburtsdatum": (f"{p.birth:%d.%m.%Y}", ["birth_date"]),
                "Wohnanschrift": (p.address, ["postal_address"]),
                "Betriebsort": (p.town, []),
                "Tätigkeit": (TRADES[index], []),
                "Telefon": (p.phone, ["phone"]),
                "E-Mail": mail,
                "Steuer-IdNr.": tax,
                "Kassenzeichen": (ids.not_tax_id(), []),
            }
        )
    data = table(sample, header, personal, rows, "")
    (directory / sample.name).write_bytes(_csv_bytes(data, "utf-8"))
    return sample


# --- 5 Niederschrift Kreistag (PDF) --------------------------------------------


def niederschrift_pdf(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile(
        "niederschrift_kreistag_2025-03-12.pdf", "PDF", "Niederschrift, PDF"
    )
    a, b, c, d = (people.person() for _ in range(4))
    honoree = people.person(1930, 1940)
    page1 = [
        ("Landkreis Musterkreis – Der Kreistag", []),
        ("Niederschrift über die 7. Sitzung des Kreistages am 12.03.2025", []),
        ("Ort: Sitzungssaal Landratsamt, Am Schloßplatz 3, 06886 Musterstadt", []),
        ("Beginn: 17:00 Uhr, Ende: 20:45 Uhr", []),
        ("Vorsitz: Kreistagsvorsitzende Martina Ochs", []),
        ("Verwaltung: Landrat Dr. Stefan Brenner, Beigeordneter Uwe Kranich", []),
        ("Anwesend: 41 von 46 Kreistagsmitgliedern (Anwesenheitsliste Anlage 1)", []),
        ("TOP 3: Haushaltssatzung 2025 (DS/2025/0117), 29 Ja, 9 Nein, 3 Enth.", []),
        ("TOP 4: Sanierung Kreisstraße K 2375, Auftragswert 1.284.500,00 EUR", []),
        ("TOP 5: Einwohnerfragestunde", []),
        (
            f"Frau {a.name}, {a.street}, {a.postcode} {a.town}, fragt nach",
            ["person_name", "postal_address"],
        ),
        ("dem Schülerverkehr der Linie 410; Antwort erfolgt schriftlich.", []),
        (f"Herr {b.name} bittet um Rückruf unter {b.phone}.", ["person_name", "phone"]),
        (
            f"Herr {c.last} (Anwohner der {c.street.rsplit(' ', 1)[0]}) kritisiert den "
            "Lärm der Baustelle.",
            ["person_name"],
        ),
    ]
    page2 = [
        ("TOP 6: Ehrungen", []),
        (
            f"Der Landrat gratuliert Frau {honoree.name} (geb. "
            f"{honoree.birth:%d.%m.%Y}) zur Ehrenbürgerschaft.",
            ["person_name", "birth_date"],
        ),
        ("TOP 7: Anfragen; Az. 10.2-0117/2025 wird bis 30.04.2025 beantwortet.", []),
        (
            f"Kreisrat {d.name} regt an, die Sprechzeiten des Bürgerbüros "
            "(Tel. 03491 555-0) zu erweitern.",
            [],
        ),
        ("Nächste Sitzung: 23.04.2025, 17:00 Uhr.", []),
        ("Die Niederschrift wurde am 23.04.2025 genehmigt.", []),
        ("gez. Martina Ochs, Kreistagsvorsitzende", []),
        ("Protokoll: Kreistagsbüro, kreistag@landkreis-musterkreis.de", []),
    ]
    texts = [
        lines_labels(sample, page1, "Seite 1, "),
        lines_labels(sample, page2, "Seite 2, "),
    ]
    write_pdf(directory / sample.name, texts)
    return sample


# --- 6 Einbürgerungen (aggregated statistics, XLSX) ---------------------------------

NATIONS = ["Syrien", "Türkei", "Ukraine", "Rumänien", "Afghanistan", "sonstige"]
NATURALISATIONS = [
    ("Musterstadt", "15091375", "06886", [38, 12, 9, 4, 7, 15]),
    ("Zahnabach", "15091390", "06888", [6, 2, 1, 0, 3, 4]),
    ("Kleinmusterdorf", "15091110", "06895", [0, 1, 0, 2, 0, 1]),
    ("Heidebrück", "15091160", "06901", [4, 0, 2, 1, 0, 5]),
    ("Bad Mustersee", "15091020", "06905", [11, 3, 5, 0, 2, 6]),
    ("Elbaue-Nord", "15091060", "06917", [1, 0, 0, 0, 1, 2]),
    ("Grenzdorf", "15091145", "06925", [0, 0, 3, 1, 0, 0]),
]


def einbuergerung_xlsx(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile(
        "einbuergerungen_2024_gemeinden.xlsx", "XLSX", "Statistik, kleine Zellen"
    )
    book = Workbook()
    sheet = book.active
    sheet.title = "Einbürgerungen 2024"
    sheet.append(
        [
            "Einbürgerungen im Landkreis Musterkreis 2024 nach Gemeinde und "
            "bisheriger Staatsangehörigkeit (Anzahl Personen)"
        ]
    )
    sheet.append([])
    header = [
        "Gemeinde",
        "AGS",
        "PLZ",
        "Jahr",
        *NATIONS,
        "insgesamt",
        "Anteil an ausländischer Bevölkerung (%)",
    ]
    sheet.append(header)
    for row_no, (town, ags, plz, counts) in enumerate(NATURALISATIONS, start=4):
        total = sum(counts)
        share = round(total / (total * 20 + 90) * 100, 1)
        sheet.append([town, ags, plz, 2024, *counts, total, share])
        for name, value in [*zip(NATIONS, counts, strict=True), ("insgesamt", total)]:
            if 0 < value < 3:
                sample.add("small_cell", sheet_loc("Einbürgerungen 2024", row_no, name))
    sheet.append(["Landkreis", "15091", "", 2024, 60, 18, 20, 8, 13, 33, 152, 1.9])
    sheet.append([])
    sheet.append(
        [
            "Quelle: Landkreis Musterkreis, Ausländerbehörde, Am Schloßplatz 3,"
            " 06886 Musterstadt; Auskunft: 03491 555-0"
        ]
    )
    book.save(directory / sample.name)
    return sample


# --- 7 Schuleingangsuntersuchung (aggregated statistics, CSV) ------------------------

SCHOOL_ENTRY = [
    ("Musterstadt", "2024/25", 212, 41, 19, 8, "19,3"),
    ("Zahnabach", "2024/25", 37, 6, 2, 1, "16,2"),
    ("Kleinmusterdorf", "2024/25", 14, 2, 1, 0, "14,3"),
    ("Heidebrück", "2024/25", 22, 5, 3, 2, "22,7"),
    ("Bad Mustersee", "2024/25", 58, 9, 4, 1, "15,5"),
    ("Elbaue-Nord", "2024/25", 9, 1, 0, 0, "11,1"),
    ("Grenzdorf", "2024/25", 11, 2, 2, 1, "18,2"),
]


def schuleingang_csv(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile(
        "schuleingangsuntersuchung_2024.csv", "", "Statistik (Anzahl), CSV"
    )
    header = [
        "Gemeinde",
        "Schuljahr",
        "untersuchte Kinder (Anzahl)",
        "Sprachförderbedarf (Anzahl)",
        "Übergewicht (Anzahl)",
        "Förderbedarf Motorik (Anzahl)",
        "Anteil Sprachförderbedarf (%)",
    ]
    rows: list[list[object]] = [header]
    for row_no, row in enumerate(SCHOOL_ENTRY, start=2):
        rows.append(list(row))
        for name, value in zip(header[2:6], row[2:6], strict=True):
            if isinstance(value, int) and 0 < value < 3:
                sample.add("small_cell", csv_loc(row_no, name))
    (directory / sample.name).write_bytes(_csv_bytes(rows, "utf-8-sig"))
    return sample


# --- 8-10 files without personal data ------------------------------------------------


def baumkataster_csv(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile("baumkataster_musterstadt.csv", "", "Bäume, keine Personen")
    trees = [
        ("Tilia cordata", "Winter-Linde"),
        ("Acer platanoides", "Spitz-Ahorn"),
        ("Quercus robur", "Stiel-Eiche"),
        ("Aesculus hippocastanum", "Rosskastanie"),
        ("Carpinus betulus 'Fastigiata'", "Säulen-Hainbuche"),
    ]
    streets = [
        "Goethestraße",
        "Karl-Liebknecht-Straße",
        "Am Schloßplatz",
        "Parkstraße",
        "Breite Straße",
        "Friedhofsweg",
    ]
    rows: list[list[object]] = [
        [
            "Baum-Nr.",
            "Gattung/Art",
            "Deutscher Name",
            "Standort",
            "Bezug Hausnr.",
            "Pflanzjahr",
            "Stammumfang (cm)",
            "Höhe (m)",
            "Kronendurchmesser (m)",
            "Vitalität",
            "Letzte Kontrolle",
            "Rechtswert",
            "Hochwert",
        ]
    ]
    for index in range(18):
        latin, german = trees[index % 5]
        rows.append(
            [
                f"MS-{1040 + index * 7:05d}",
                latin,
                german,
                streets[index % 6],
                f"ggü. {index * 3 + 2}" if index % 4 else "",
                1955 + index * 3,
                60 + index * 11,
                8 + index % 14,
                str(4.5 + index % 6).replace(".", ","),
                index % 4,
                f"{index % 28 + 1:02d}.0{index % 9 + 1}.2024",
                f"32{712345 + index * 37}",
                f"57{45123 + index * 19}",
            ]
        )
    (directory / sample.name).write_bytes(_csv_bytes(rows, "utf-8"))
    return sample


def haushalt_xlsx(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile("haushaltsplan_2025.xlsx", "XLSX", "Haushalt, keine Personen")
    book = Workbook()
    sheet = book.active
    sheet.title = "Ergebnisplan"
    sheet.append(["Haushaltsplan 2025 – Teilergebnispläne (EUR)"])
    sheet.append(
        [
            "Produkt",
            "Bezeichnung",
            "Konto",
            "Ansatz 2025",
            "Ansatz 2024",
            "Ergebnis 2023",
            "Verantwortlich",
        ]
    )
    lines = [
        (
            "11.1.01",
            "Kreistag und Ausschüsse",
            "5431000",
            412000,
            398500,
            387211.42,
            "Büro Kreistag",
        ),
        ("11.1.02", "Landrat", "5011000", 186300, 179800, 171002.10, "Hauptamt"),
        (
            "12.6.01",
            "Brandschutz",
            "5318000",
            1250000,
            1190000,
            1043377.95,
            "Ordnungsamt",
        ),
        (
            "21.1.02",
            "Merkposten Schulpartnerschaften",
            "5318200",
            1,
            1,
            0,
            "Schulverwaltungsamt",
        ),
        (
            "36.5.01",
            "Kindertagesbetreuung",
            "5318100",
            18440000,
            17120000,
            16988012.33,
            "Jugendamt",
        ),
        (
            "54.2.01",
            "Kreisstraßen",
            "5221000",
            3400000,
            2980000,
            3101456.00,
            "Straßenbauamt",
        ),
        (
            "57.3.01",
            "Wirtschaftsförderung",
            "5318300",
            95000,
            90000,
            88104.18,
            "Kreisentwicklungsamt",
        ),
        (
            "61.1.01",
            "Steuern, allgemeine Zuweisungen",
            "4011000",
            -48200000,
            -46900000,
            -45871220.60,
            "Kämmerei, Tel. 03491 555-0",
        ),
    ]
    for line in lines:
        sheet.append(list(line))
    posts = book.create_sheet("Stellenplan")
    posts.append(
        [
            "Besoldungs-/Entgeltgruppe",
            "Stellen 2025",
            "Stellen 2024",
            "besetzt am 30.06.2024",
        ]
    )
    for group, new, old, filled in [
        ("B 4", 1, 1, 1),
        ("A 15", 2, 2, 2),
        ("A 13", 6, 5, 5),
        ("E 15", 1, 1, 0),
        ("E 11", 14.5, 13.5, 13),
        ("E 9b", 42, 40, 38.75),
        ("E 5", 2, 3, 2),
    ]:
        posts.append([group, new, old, filled])
    book.save(directory / sample.name)
    return sample


def fahrplan_csv(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile("fahrplan_linie_410.csv", "", "Busfahrplan, keine Personen")
    stops = [
        ("Musterstadt, Busbahnhof", "de:15091:4100"),
        ("Musterstadt, Markt", "de:15091:4101"),
        ("Musterstadt, Lindenstraße", "de:15091:4107"),
        ("Zahnabach, Schule", "de:15091:4120"),
        ("Zahnabach, Dorfstraße", "de:15091:4121"),
        ("Kleinmusterdorf, Gasthof", "de:15091:4133"),
        ("Heidebrück, Wendeschleife", "de:15091:4140"),
    ]
    rows: list[list[object]] = [
        [
            "Haltestelle",
            "Haltestellen-ID",
            "Tarifzone",
            "Fahrt 1",
            "Fahrt 2",
            "Fahrt 3",
            "Fahrt 4",
            "Fahrt 5",
            "Verkehrstage",
        ]
    ]
    for index, (stop, stop_id) in enumerate(stops):
        times = [f"{5 + trip * 3:02d}:{(12 + index * 4) % 60:02d}" for trip in range(5)]
        rows.append([stop, stop_id, 410 + index // 3, *times, "Mo–Fr (Schultage)"])
    rows.append(
        [
            "Gültig ab 15.12.2024; Auskunft: Verkehrsgesellschaft Musterkreis "
            "mbH, Servicetelefon 03491 6677-0",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    (directory / sample.name).write_bytes(_csv_bytes(rows, "cp1252"))
    return sample


# --- 11 Fundsachen (CSV, cp1252) --------------------------------------------------


def fundsachen_csv(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile("fundsachen_2025.csv", "CSV", "Fundbüro, cp1252")
    header = [
        "Fund-Nr.",
        "Funddatum",
        "Fundort",
        "Gegenstand",
        "Beschreibung",
        "Finder",
        "Telefon Finder",
        "Finderlohn",
        "Aufbewahrung bis",
    ]
    personal = {"Finder", "Telefon Finder"}
    items = [
        ("Fahrrad", "Damenrad, blau, 28 Zoll, Rahmen-Nr. WBK 2231457", []),
        (
            "Geldbörse",
            "schwarz, mit Personalausweis auf den Namen {owner}",
            ["person_name"],
        ),
        ("Schlüsselbund", "3 Schlüssel, Anhänger „FC Zahnabach“", []),
        ("Mobiltelefon", "Smartphone, Hülle rot, gesperrt", []),
        ("Rucksack", "grau, Inhalt: Schulbücher Klasse 7", []),
        ("Brille", "Gleitsichtbrille im Etui, Optik Behrens", []),
        ("Ausweis", "Schülerausweis {owner}, Gymnasium Musterstadt", ["person_name"]),
        ("Regenschirm", "schwarz, Knirps", []),
        ("Ehering", "Gold, Gravur „K. & M. 12.06.1998“", []),
        ("Kinderwagen", "Buggy, grün", []),
        (
            "Tasche",
            "Einkaufstasche mit Rezept für {owner}, geb. {born}",
            ["person_name", "birth_date"],
        ),
    ]
    places = [
        "Bus Linie 410, Haltestelle Markt",
        "Rathaus Musterstadt, Markt 1",
        "Freibad Bad Mustersee",
        "Stadtpark Musterstadt, Spielplatz",
        "Busbahnhof Musterstadt",
        "Landratsamt, Am Schloßplatz 3",
    ]
    rows = []
    for index, (thing, text, kinds) in enumerate(items):
        finder_p = people.person()
        owner = people.person(1940, 2012)
        text = text.format(owner=owner.name, born=f"{owner.birth:%d.%m.%Y}")
        finder: Cell = (finder_p.name, ["person_name"])
        phone: Cell = (finder_p.phone, ["phone"])
        if index % 4 == 1:
            finder, phone = ("anonym", []), ("", [])
        elif index % 4 == 3:
            finder = ("Busfahrer, Verkehrsgesellschaft Musterkreis", [])
            phone = ("03491 6677-0", [])
        rows.append(
            {
                "Fund-Nr.": (f"FB-2025-{31 + index:04d}", []),
                "Funddatum": (f"{index * 2 + 3:02d}.0{index % 5 + 1}.2025", []),
                "Fundort": (places[index % 6], []),
                "Gegenstand": (thing, []),
                "Beschreibung": (text, kinds),
                "Finder": finder,
                "Telefon Finder": phone,
                "Finderlohn": ("ja" if index % 2 else "nein", []),
                "Aufbewahrung bis": (
                    f"{index * 2 + 3:02d}.0{index % 5 + 1}.2025".replace(
                        "2025", "2026"
                    ),
                    [],
                ),
            }
        )
    data = table(sample, header, personal, rows, "")
    (directory / sample.name).write_bytes(_csv_bytes(data, "cp1252"))
    return sample


# --- 12 Schöffenwahl: Vorschlagsliste (PDF) -----------------------------------------

JOBS = [
    "Elektromeister",
    "Krankenschwester",
    "Verwaltungsfachangestellte",
    "Rentner",
    "Lehrerin",
    "Landwirt",
    "Bankkauffrau",
    "Kfz-Mechatroniker",
    "Erzieherin",
    "Ingenieur",
    "Einzelhandelskauffrau",
    "Polizeibeamter a. D.",
]
BIRTHPLACES = [
    "Magdeburg",
    "Dessau",
    "Halle (Saale)",
    "Musterstadt",
    "Leipzig",
    "Ankara",
    "Wittenberg",
    "Krakau",
]


def schoeffen_pdf(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile(
        "schoeffenwahl_vorschlagsliste_2028.pdf", "PDF", "Schöffen, PDF"
    )
    page1: list[tuple[str, list[str]]] = [
        ("Stadt Musterstadt – Vorschlagsliste für die Wahl der Schöffinnen und", []),
        ("Schöffen für die Geschäftsjahre 2029 bis 2033 (§ 36 GVG)", []),
        ("Beschluss des Stadtrates vom 20.05.2028, Vorlage DS/2028/0042", []),
        (
            "Auslegung vom 03.06. bis 10.06.2028 im Bürgerbüro, Markt 1, "
            "06886 Musterstadt",
            [],
        ),
    ]
    page2: list[tuple[str, list[str]]] = [
        ("Nr.  Name, Vorname  Geburtsdatum  Geburtsort  Beruf  Anschrift", []),
    ]
    all_kinds = ["person_name", "birth_date", "postal_address"]
    for index in range(14):
        p = people.person(1960, 1999)
        job = JOBS[index % len(JOBS)]
        place = BIRTHPLACES[index % len(BIRTHPLACES)]
        if index < 8:
            born_name = " geb. Hentschel" if index == 3 else ""
            page1.append(
                (
                    f"{index + 1}. {p.last}{born_name}, {p.first}, geb. "
                    f"{p.birth:%d.%m.%Y} in {place}, {job}, {p.address}",
                    all_kinds,
                )
            )
        else:
            page2.append(
                (
                    f"{index + 1}  {p.last}, {p.first}  {p.birth:%d.%m.%Y}  "
                    f"{place}  {job}  {p.address}",
                    all_kinds,
                )
            )
    page2 += [
        ("Einwendungen bis 17.06.2028 schriftlich an: Stadt Musterstadt,", []),
        ("Hauptamt, Markt 1, 06886 Musterstadt, hauptamt@musterstadt.de", []),
        ("Musterstadt, 22.05.2028 – Der Bürgermeister, Klaus Endres", []),
    ]
    texts = [
        lines_labels(sample, page1, "Seite 1, "),
        lines_labels(sample, page2, "Seite 2, "),
    ]
    write_pdf(directory / sample.name, texts)
    return sample


# --- 13 VHS fees: IBAN, Steuer-IdNr, RV-Nummer (CSV) --------------------------------


def honorare_csv(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile(
        "vhs_honorare_fruehjahr_2025.csv", "CSV", "Honorare mit Kennnummern"
    )
    header = [
        "Kurs-Nr.",
        "Kurs",
        "Name",
        "Vorname",
        "Honorar (EUR)",
        "IBAN",
        "Steuer-IdNr",
        "RV-Nummer",
        "Vorgangsnummer",
        "Buchungsdatum",
    ]
    personal = {"Name", "Vorname", "IBAN", "Steuer-IdNr", "RV-Nummer"}
    courses = [
        "Englisch A2",
        "Yoga für Einsteiger",
        "Excel Grundlagen",
        "Töpfern",
        "Deutsch als Zweitsprache B1",
        "Fotografie",
        "Rhetorik",
        "Spanisch A1",
        "Nähkurs",
        "Erste Hilfe",
    ]
    rows = []
    for index in range(10):
        p = people.person(1950, 1995)
        rv: Cell = (
            ids.rvnr(p.birth, p.last, p.female, compact=index % 2 == 1),
            ["social_security_id"],
        )
        if index == 6:
            rv = ("nicht versicherungspflichtig", [])
        rows.append(
            {
                "Kurs-Nr.": (f"25F{1101 + index * 12}", []),
                "Kurs": (courses[index], []),
                "Name": (p.last, ["person_name"]),
                "Vorname": (p.first, ["person_name"]),
                "Honorar (EUR)": (f"{420 + index * 37},50", []),
                "IBAN": (ids.iban(grouped=index % 3 != 0), ["iban"]),
                "Steuer-IdNr": (
                    ids.tax_id(spaced=index % 4 == 2, triple=index == 9),
                    ["tax_id"],
                ),
                "RV-Nummer": rv,
                "Vorgangsnummer": (ids.not_tax_id(), []),
                "Buchungsdatum": (f"{index + 10}.04.2025", []),
            }
        )
    data = table(sample, header, personal, rows, "")
    (directory / sample.name).write_bytes(_csv_bytes(data, "utf-8"))
    return sample


# --- 14 Posteingang Finanzverwaltung (TXT) -----------------------------------------


def posteingang_txt(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile("posteingang_kaemmerei_kw10.txt", "TXT", "Posteingang, Text")
    a, b, c = (people.person() for _ in range(3))
    lines = [
        ("Posteingangsbuch Kämmerei – KW 10/2025", []),
        (
            "03.03.2025 Widerspruch gegen Grundsteuerbescheid, Az. 20.3-GrSt-2025/0311",
            [],
        ),
        (f"Einwender: Herr {a.name}, {a.address}", ["person_name", "postal_address"]),
        (f"Steuer-ID des Einwenders: {ids.tax_id(spaced=True)}", ["tax_id"]),
        (
            f"Erstattung auf IBAN {ids.iban()} (Kontoinhaberin {b.first} {a.last})",
            ["iban", "person_name"],
        ),
        ("Formularmuster im Bescheid: IBAN " + ids.not_iban() + " (ungültig)", []),
        ("04.03.2025 Antrag auf Stundung, Kassenzeichen " + ids.not_tax_id(), []),
        (
            f"Antragstellerin: Frau {c.name}, geboren am {c.birth:%d.%m.%Y}",
            ["person_name", "birth_date"],
        ),
        (
            "Beigefügt: Rentenbescheid, Versicherungsnummer "
            + ids.rvnr(c.birth, c.last, True, compact=False),
            ["social_security_id"],
        ),
        ("Rückfragen der Antragstellerin telefonisch: " + people.phone(), ["phone"]),
        ("Vergleichsnummer aus Altverfahren: " + ids.not_rvnr(c.birth, c.last), []),
        (
            "05.03.2025 Steuernummer der Musterbau GmbH: 111/222/33334 (Gewerbesteuer)",
            [],
        ),
        (
            "Rückfragen an die Kreiskasse: kreiskasse@landkreis-musterkreis.de, "
            "Tel. 03491 555-0",
            [],
        ),
        ("Landrat Dr. Stefan Brenner zeichnet Niederschlagungen über 5.000 EUR.", []),
        (
            "06.03.2025 Eingang Mahnung Stadtwerke Musterstadt GmbH, "
            "Betrag 1.212,40 EUR",
            [],
        ),
    ]
    text = "\n".join(lines_labels(sample, lines, "")) + "\n"
    (directory / sample.name).write_text(text, encoding="utf-8")
    return sample


# --- 15 Wahllokale (JSON, public buildings only) ------------------------------------


def wahllokale_json(directory: Path, people: People, ids: Ids) -> SampleFile:
    sample = SampleFile("wahllokale_kreistagswahl.json", "JSON", "keine Personen")
    places = [
        ("001", "Grundschule Am Park", "Parkstraße 10", "06886", "Musterstadt"),
        ("002", "Rathaus, Ratssaal", "Markt 1", "06886", "Musterstadt"),
        ("003", "Dorfgemeinschaftshaus", "Dorfstraße 21", "06888", "Zahnabach"),
        ("004", "Feuerwehrgerätehaus", "Am Sportplatz 2", "06901", "Heidebrück"),
        ("005", "Kurhaus, Saal 2", "Kurpromenade 5", "06905", "Bad Mustersee"),
    ]
    document = {
        "wahl": "Kreistagswahl 2026",
        "wahltag": "2026-06-07",
        "kontakt": {
            "stelle": "Kreiswahlleitung",
            "email": "wahlen@landkreis-musterkreis.de",
            "telefon": "03491 555-0",
        },
        "wahlbezirke": [
            {
                "nr": nr,
                "wahllokal": name,
                "strasse": street,
                "plz": plz,
                "ort": town,
                "barrierefrei": nr != "003",
                "wahlberechtigte": 1200 + i,
                "briefwahlbezirk": f"B{nr}",
            }
            for i, (nr, name, street, plz, town) in enumerate(places)
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    (directory / sample.name).write_text(text, encoding="utf-8")
    return sample


BUILDERS = [
    kreistag_csv,
    beteiligung_json,
    kita_xlsx,
    gewerbe_csv,
    niederschrift_pdf,
    einbuergerung_xlsx,
    schuleingang_csv,
    baumkataster_csv,
    haushalt_xlsx,
    fahrplan_csv,
    fundsachen_csv,
    schoeffen_pdf,
    honorare_csv,
    posteingang_txt,
    wahllokale_json,
]


def generate_holdout(directory: Path, seed: int = SEED) -> list[SampleFile]:
    """Write the held-out files into ``directory`` and return their labels.

    :param directory: an existing directory
    :param seed: seed of the fictitious data
    :returns: the files with labels, in the format of :func:`.samples.evaluate`
    """
    rng = random.Random(seed)
    people, ids = People(rng), Ids(rng)
    return [build(directory, people, ids) for build in BUILDERS]
