"""Tables (CSV, XLSX sheets, JSON record lists): header detection, column
profiles, header findings, cell scanning and small cells.

The first :data:`PROFILE_ROWS` data rows are buffered to learn what each
column holds; the rest of the table streams through with that profile, so a
table of any length needs constant memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import chain, islice, pairwise

from .detectors import Context, Hit, detect, looks_like_name
from .lexicon import MAX_HEADER_LENGTH, HeaderRole, Lexicon, normalize, tokens
from .readers import Cell, TableSource

HEADER_SEARCH_ROWS = 10
PROFILE_ROWS = 50
NAME_ROLES = frozenset({"first_name", "last_name", "full_name"})
# roles whose columns hold identifying values (for "has person columns")
PERSON_ROLES = NAME_ROLES | {"birth_date", "tax_id", "social_security_id"}
CONTACT_ROLES = NAME_ROLES | {"address", "phone", "email"}

Row = tuple[int, list[Cell]]


class Sink:
    """Receives findings (implemented by the collector in ``core``)."""

    def add(
        self, kind: str, location: str, excerpt: str, confidence: float, detector: str
    ) -> None:
        """Store one finding."""
        raise NotImplementedError

    def add_hits(self, hits: list[Hit], location: str) -> None:
        """Store the detector hits of one cell or line."""
        for hit in hits:
            self.add(hit.kind, location, hit.excerpt, hit.confidence, hit.detector)


# --- cell values ------------------------------------------------------------


def cell_text(value: Cell) -> str | None:
    """Text of a cell for the detectors; dates as TT.MM.JJJJ, no booleans."""
    if value is None or isinstance(value, bool | time):
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    text = str(value)
    return text if text.strip() else None


_GERMAN_THOUSANDS = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_GERMAN_DECIMAL = re.compile(r"-?\d+(?:,\d+)?")
_ENGLISH_DECIMAL = re.compile(r"-?\d+\.\d+")


def parse_number(value: Cell) -> float | None:
    """A number from a cell, German formats first ("1.234", "12,5").

    :param value: a cell
    :returns: the number or ``None``
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if _GERMAN_THOUSANDS.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if _GERMAN_DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    if _ENGLISH_DECIMAL.fullmatch(text):
        return float(text)
    return None


def _empty(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_PLAIN_NUMBER = re.compile(r"[\d\s.,%+€-]*")


def _skippable(text: str, role: str | None) -> bool:
    # numbers too short to be any ID or phone number: most cells of a
    # statistics table, skipped without running the detectors
    if role in ("birth_date", "phone"):
        return False
    return bool(_PLAIN_NUMBER.fullmatch(text)) and sum(c.isdigit() for c in text) < 7


# --- header detection -------------------------------------------------------

_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def _is_label(value: Cell) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    text = value.strip()
    if len(text) > MAX_HEADER_LENGTH:
        return False  # a sentence, not a column header
    if _YEAR.fullmatch(text):
        return True  # "2023" heads a column of counts
    return parse_number(text) is None and not _DATE_LIKE.search(text)


def find_header(rows: list[Row], lex: Lexicon) -> int | None:
    """Position of the header row among the first rows, skipping titles.

    :param rows: the first rows of the table
    :param lex: the lexicon
    :returns: index into ``rows`` or ``None`` when the table has no header
    """
    for pos, (_, cells) in enumerate(rows):
        filled = [c for c in cells if not _empty(c)]
        if not filled:
            continue
        labels = [c for c in filled if _is_label(c)]
        known = any(lex.header_role(str(c)) for c in labels)
        if len(filled) >= 2 and len(labels) >= 0.7 * len(filled):
            return pos
        if known and len(labels) == len(filled):
            return pos
        if len(filled) >= 2:
            return None  # a data row came first
    return None


# --- column profiles --------------------------------------------------------


@dataclass
class Column:
    """What a column holds."""

    index: int
    header: str = ""
    role: HeaderRole | None = None
    type: str = "text"  # text, count, id, year, money, percent, decimal, empty
    confirmed: bool | None = None

    @property
    def role_name(self) -> str | None:
        """The header role unless the values contradict it."""
        if self.role is None or self.confirmed is False:
            return None
        return self.role.role


@dataclass
class Profile:
    """What a table holds, learnt from its header and first rows."""

    columns: dict[int, Column] = field(default_factory=dict)
    public: bool = False
    aggregated: bool = False
    has_person_columns: bool = False
    has_direct: bool = False

    def column(self, index: int) -> Column:
        """The column at ``index`` (a plain text column if unknown)."""
        return self.columns.get(index) or Column(index)


def _header_type(header: str, lex: Lexicon) -> str | None:
    words = tokens(header)
    if any(w in lex.id_column_words or w.endswith(_ID_ENDINGS) for w in words):
        return "id"
    if any(w in lex.year_column_words for w in words):
        return "year"
    if "€" in header or any(w in lex.money_column_words for w in words):
        return "money"
    if "%" in header or any(w in lex.percent_column_words for w in words):
        return "percent"
    return None


_ID_ENDINGS = ("nummer", "schluessel", "kennziffer", "kennzahl")


def _values_type(values: list[Cell], lex: Lexicon) -> str:
    values = [v for v in values if str(v).strip() not in lex.statistics_markers]
    if not values:
        return "empty"
    numbers = [parse_number(v) for v in values]
    ints = [n for n in numbers if n is not None and n.is_integer() and n >= 0]
    if len(ints) < 0.8 * len(values):
        return "text" if None in numbers else "decimal"
    if any(n >= 1e8 for n in ints):
        return "number"  # too long for a count: an ID, tax or phone number
    if all(1900 <= n <= 2100 for n in ints):
        return "year"
    steps = {b - a for a, b in pairwise(ints)}
    if len(ints) >= 5 and steps == {1.0}:
        return "id"  # running number
    return "count"


_CONFIRM: dict[str, Callable[[str, str, Lexicon], bool]] = {
    "first_name": lambda t, r, lex: looks_like_name(t, r, lex),
    "last_name": lambda t, r, lex: looks_like_name(t, r, lex),
    "full_name": lambda t, r, lex: looks_like_name(t, r, lex),
    "birth_date": lambda t, r, lex: bool(_DATE_LIKE.search(t)),
    "email": lambda t, r, lex: "@" in t or "(at)" in t,
    "phone": lambda t, r, lex: sum(c.isdigit() for c in t) >= 6,
    "address": lambda t, r, lex: bool(re.search(r"[^\W\d_]{3}.*\d", t)),
}


def confirm_role(
    role: HeaderRole | None, values: list[Cell], lex: Lexicon
) -> bool | None:
    """Whether the values fit the header role (``None``: cannot tell)."""
    check = _CONFIRM.get(role.role) if role else None
    texts = [t for t in (cell_text(v) for v in values) if t]
    if check is None or role is None or not texts:
        return None
    return sum(check(t.strip(), role.role, lex) for t in texts) >= 0.5 * len(texts)


def _clean_header(value: Cell) -> str:
    text = " ".join(str(value).split()) if not _empty(value) else ""
    return text[:60]


def build_profile(
    header: list[str], sample: list[list[Cell]], title: str, lex: Lexicon
) -> Profile:
    """Learn column roles and types and the kind of table.

    :param header: header cells (may be empty)
    :param sample: the first data rows
    :param title: title rows and sheet name (for count words)
    :param lex: the lexicon
    :returns: the profile
    """
    width = max([len(header), *(len(r) for r in sample)], default=0)
    profile = Profile()
    for index in range(width):
        text = header[index] if index < len(header) else ""
        values = [r[index] for r in sample if index < len(r) and not _empty(r[index])]
        role = lex.header_role(text) if text else None
        kind = _header_type(text, lex) or _values_type(values, lex)
        confirmed = confirm_role(role, values, lex)
        if role and sample and not values:
            confirmed = False  # an empty column holds no personal data
        profile.columns[index] = Column(index, text, role, kind, confirmed)
    _surname_columns(profile, sample, lex)
    _classify(profile, header, sample, title, lex)
    return profile


def _surname_columns(profile: Profile, sample: list[list[Cell]], lex: Lexicon) -> None:
    # "Name" next to "Vorname" holds surnames
    columns = profile.columns.values()
    if not any(c.role and c.role.role == "first_name" for c in columns):
        return
    for column in columns:
        if column.role and column.role.role == "full_name":
            column.role = HeaderRole("last_name", column.role.level)
            values = [r[column.index] for r in sample if column.index < len(r)]
            values = [v for v in values if not _empty(v)]
            column.confirmed = confirm_role(column.role, values, lex)


def _classify(
    profile: Profile,
    header: list[str],
    sample: list[list[Cell]],
    title: str,
    lex: Lexicon,
) -> None:
    columns = profile.columns.values()
    profile.has_person_columns = any(
        c.role_name in PERSON_ROLES and c.confirmed for c in columns
    )
    profile.has_direct = any(
        c.role and c.role.level == "direct" and c.confirmed is not False
        for c in columns
    )
    words = set(tokens(" ".join([title, *header])))
    profile.aggregated = (
        bool(words & lex.count_words) and not profile.has_person_columns
    )
    facility = any(normalize(h) in lex.facility_headers for h in header if h)
    profile.public = not profile.has_person_columns and (
        facility or _public_values(profile, sample, lex)
    )


def _public_values(profile: Profile, sample: list[list[Cell]], lex: Lexicon) -> bool:
    # a text column naming public bodies in most rows ("Kreistag", "Rathaus")
    for column in profile.columns.values():
        if column.type != "text":
            continue
        texts = [str(r[column.index]) for r in sample if column.index < len(r)]
        texts = [t for t in texts if t.strip()]
        if texts and sum(lex.is_public_text(t) for t in texts) >= 0.5 * len(texts):
            return True
    return False


def header_confidence(column: Column, profile: Profile) -> float:
    """Confidence of a header finding: confirmed by the values or not.

    :param column: a column with a lexicon role
    :param profile: the table profile
    :returns: 0.85 confirmed, 0.6 no values, 0.3 contradicted or a public
        facility's contact column; quasi identifiers 0.6 next to direct ones,
        else 0.35 (common in aggregated statistics)
    """
    assert column.role is not None
    if column.role.level == "quasi":
        return 0.6 if profile.has_direct and not profile.aggregated else 0.35
    if profile.public and column.role.role in CONTACT_ROLES:
        return 0.3
    if column.confirmed is False:
        keep = profile.has_person_columns and column.role.role == "address"
        return 0.6 if keep else 0.3  # e.g. "Wohnort" next to names
    return 0.85 if column.confirmed else 0.6


# --- scanning ---------------------------------------------------------------


@dataclass
class TableScan:
    """Scans one table into a sink."""

    source: TableSource
    sink: Sink
    lex: Lexicon
    small_cell_k: int
    profile: Profile = field(default_factory=Profile)

    def run(self) -> None:
        """Read the table, emit header, cell and small-cell findings."""
        rows = iter(self.source.rows)
        head = list(islice(rows, HEADER_SEARCH_ROWS))
        header, header_row, titles, body = self._split(head)
        sample = body + list(islice(rows, max(0, PROFILE_ROWS - len(body))))
        title = " ".join(
            [self.source.name, *(str(c) for _, r in titles for c in r if c)]
        )
        self.profile = build_profile(header, [r for _, r in sample], title, self.lex)
        for row_id, cells in titles:
            self._scan_plain(row_id, cells)
        self._headers(header, header_row)
        for row_id, cells in chain(sample, rows):
            self._row(row_id, cells)

    def _split(
        self, head: list[Row]
    ) -> tuple[list[str], Row | None, list[Row], list[Row]]:
        if self.source.header is not None:
            return [_clean_header(h) for h in self.source.header], None, [], head
        pos = find_header(head, self.lex)
        if pos is None:
            return [], None, [], head
        header = [_clean_header(c) for c in head[pos][1]]
        return header, head[pos], head[:pos], head[pos + 1 :]

    def _headers(self, header: list[str], header_row: Row | None) -> None:
        row_id = header_row[0] if header_row else None
        for column in self.profile.columns.values():
            if column.role is None:
                continue
            self.sink.add(
                "header",
                self.source.locate(row_id, column.index, column.header),
                f"Spaltenkopf „{column.header}“",
                header_confidence(column, self.profile),
                "lexicon",
            )
        if header_row is not None:  # a misread data row still gets scanned
            self._scan_plain(*header_row)

    def _scan_plain(self, row_id: int, cells: list[Cell]) -> None:
        for index, value in enumerate(cells):
            text = cell_text(value)
            if not text:
                continue
            location = self.source.locate(row_id, index, "")
            self.sink.add_hits(detect(text, Context(), self.lex), location)

    def _row(self, row_id: int, cells: list[Cell]) -> None:
        profile = self.profile
        public = profile.public
        if not public and not profile.has_person_columns:
            row_text = " ".join(c for c in cells if isinstance(c, str))[:300]
            public = self.lex.is_public_text(row_text)
        label = ""
        for index, value in enumerate(cells):
            if _empty(value):
                continue
            column = profile.column(index)
            location = self.source.locate(row_id, index, column.header)
            if profile.aggregated and column.type == "count":
                self._small_cell(value, cells, column, location)
                continue
            context = Context(
                role=column.role_name,
                column_type=column.type,
                label=label,
                public=public,
            )
            self._cell(value, context, location)
            label = str(value)[:40] if _is_label(value) else ""

    def _cell(self, value: Cell, context: Context, location: str) -> None:
        text = cell_text(value)
        if text is None or _skippable(text, context.role):
            return
        self.sink.add_hits(detect(text, context, self.lex), location)

    def _small_cell(
        self, value: Cell, cells: list[Cell], column: Column, location: str
    ) -> None:
        number = parse_number(value)
        if number is None or not number.is_integer():
            return
        if 0 < number < self.small_cell_k:
            label = next((str(c) for c in cells if _is_label(c)), "")
            header = column.header or f"Spalte {column.index + 1}"
            self.sink.add(
                "small_cell",
                location,
                f"„{label[:40]}“ / „{header[:40]}“: Wert unter {self.small_cell_k}",
                0.7,
                "statistik",
            )


def scan_table(
    source: TableSource, sink: Sink, lex: Lexicon, small_cell_k: int
) -> None:
    """Scan one table.

    :param source: the table from a reader
    :param sink: receives the findings
    :param lex: the lexicon
    :param small_cell_k: cells with 0 < n < k in aggregated tables are flagged
    """
    TableScan(source, sink, lex, small_cell_k).run()
