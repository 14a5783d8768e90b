"""Detectors for personal data in a piece of text (a cell, a line, a value).

Each detector yields :class:`Hit` objects with a masked excerpt. They run in
a fixed order; a span claimed by an earlier detector (e.g. the digits of an
IBAN) is not offered to later ones (e.g. the phone detector).

Confidence levels (the reviewer sees them; :data:`HINT_THRESHOLD` = 0.5):

* 0.9-0.99 checksum-validated IDs, values in a column whose header says what
  they are, values right after a keyword ("geb.", "Tel.", "Steuer-ID")
* 0.7-0.85 well-formed values without context
* < 0.5    weak hints: public buildings, officials, role mailboxes, bare
  numbers that might be phone numbers
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ckanext.kommunal.text import fold

from . import masking
from .checksums import IBAN_LENGTHS, iban_valid, kvnr_valid, rvnr_valid, tax_id_valid
from .lexicon import Lexicon


@dataclass(frozen=True)
class Context:
    """What surrounds a piece of text.

    :param role: header role of the column or JSON key ("phone", ...)
    :param column_type: type of the column from the table profile ("id",
        "money", "year", "count", ...); numbers in id/money/year columns are
        not phone numbers or tax IDs
    :param before: end of the previous line (running text)
    :param label: the cell to the left, for keywords only (forms exported as
        tables: "Steuer-ID" | value)
    :param after: start of the next line (running text)
    :param public: the table lists public facilities
    """

    role: str | None = None
    column_type: str = ""
    before: str = ""
    label: str = ""
    after: str = ""
    public: bool = False


@dataclass(frozen=True)
class Hit:
    """A finding inside a text, before it gets its location."""

    kind: str
    start: int
    end: int
    excerpt: str
    confidence: float
    detector: str


Detector = Callable[[str, Context, Lexicon], Iterator[Hit]]

_DIGIT = re.compile(r"\d")
_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüßé]+(?:-[A-ZÄÖÜ][a-zäöüßé]+)?"
_TOKEN_RE = re.compile(rf"(?<![\w-]){_NAME_WORD}(?![\w-])")


def _last_words(text: str, count: int = 2) -> list[str]:
    """The last ``count`` words of ``text``, folded, each also without its
    trailing punctuation ("Tel." -> "tel.", "tel")."""
    words = re.findall(r"[\w.*☎📞-]+", fold(text[-60:]))[-count:]
    return [form for word in words for form in (word, word.strip(".:-"))]


def _preceded_by(text: str, words: frozenset[str], count: int = 2) -> bool:
    return any(w in words for w in _last_words(text, count))


def _keyword_text(text: str, start: int, ctx: Context) -> str:
    """What a keyword may stand in before ``start``: this text, the cell to
    the left or the previous line."""
    return f"{ctx.before} {ctx.label} {text[:start]}"


# --- e-mail -------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*"
    r"(?:@|\s?[(\[]at[)\]]\s?)"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])"
)
_AT_RE = re.compile(r"\s?[(\[]at[)\]]\s?")


def _email_confidence(local: str, ctx: Context, lex: Lexicon) -> float:
    parts = [p for p in re.split(r"[._-]", local.lower()) if p]
    if local.lower() in lex.role_mailboxes or (
        parts and parts[0] in lex.role_mailboxes
    ):
        return 0.3
    personal = any(p in lex.first_names_folded for p in parts) or bool(
        re.fullmatch(r"[a-z]\.[a-z]{2,}", local.lower())
    )
    if personal:
        return 0.9
    return 0.4 if ctx.public else 0.75


def detect_email(text: str, ctx: Context, lex: Lexicon) -> Iterator[Hit]:
    """E-mail addresses, also written with "(at)"; role mailboxes are hints."""
    if "@" not in text and "at" not in text:
        return
    for match in _EMAIL_RE.finditer(text):
        value = _AT_RE.sub("@", match.group(0))
        local = value.partition("@")[0]
        yield Hit(
            "email",
            match.start(),
            match.end(),
            masking.mask_email(value),
            _email_confidence(local, ctx, lex),
            "regex",
        )


# --- IBAN ---------------------------------------------------------------------

_IBAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,32}")


def _iban_prefix(candidate: str) -> tuple[str, int] | None:
    # the regex may run into following words ("... 30 00 BIC ..."): try the
    # country's length first, then every length from long to short
    chars = [(i, ch) for i, ch in enumerate(candidate) if ch != " "]
    country = candidate[:2].upper()
    lengths = [IBAN_LENGTHS[country]] if country in IBAN_LENGTHS else []
    lengths += range(min(len(chars), 34), 14, -1)
    for length in lengths:
        if length > len(chars):
            continue
        compact = "".join(ch for _, ch in chars[:length])
        end = chars[length - 1][0] + 1
        after = candidate[end : end + 1]
        if (not after or not after.isalnum()) and iban_valid(compact):
            return compact, end
    return None


def detect_iban(text: str, ctx: Context, lex: Lexicon) -> Iterator[Hit]:
    """IBANs of any country, validated by length and mod 97."""
    for match in _IBAN_RE.finditer(text):
        found = _iban_prefix(match.group(0))
        if found is None:
            continue
        compact, end = found
        yield Hit(
            "iban",
            match.start(),
            match.start() + end,
            masking.mask_iban(compact),
            0.99,
            "regex+checksum",
        )


# --- social security and health insurance numbers -----------------------------

_RVNR_RE = re.compile(r"(?<![\w])\d{2} ?\d{6} ?[A-Z] ?\d{2} ?\d(?![\w])")
_KVNR_RE = re.compile(r"(?<![\w])[A-Z]\d{9}(?![\w])")


def detect_social_security(text: str, ctx: Context, lex: Lexicon) -> Iterator[Hit]:
    """Rentenversicherungsnummern (check digit); Krankenversichertennummern
    only with a keyword or header, their format is too plain otherwise."""
    if not _DIGIT.search(text):
        return
    for match in _RVNR_RE.finditer(text):
        if rvnr_valid(match.group(0)):
            yield Hit(
                "social_security_id",
                match.start(),
                match.end(),
                masking.mask_social_security(match.group(0)),
                0.95,
                "regex+checksum",
            )
    for match in _KVNR_RE.finditer(text):
        before = _keyword_text(text, match.start(), ctx)
        keyword = _preceded_by(before, lex.social_security_context, 3)
        if (keyword or ctx.role == "social_security_id") and kvnr_valid(match.group(0)):
            yield Hit(
                "social_security_id",
                match.start(),
                match.end(),
                masking.mask_social_security(match.group(0)),
                0.9,
                "regex+checksum+context",
            )


# --- Steuer-Identifikationsnummer -------------------------------------------------

_TAX_RE = re.compile(r"(?<![\d.,/-])[1-9]\d(?: ?\d{3}){3}(?!\d|[.,]\d)")


def detect_tax_id(text: str, ctx: Context, lex: Lexicon) -> Iterator[Hit]:
    """Steuer-IdNr: eleven digits passing the §139b AO rules; in identifier
    and amount columns only with a keyword."""
    numeric_column = ctx.column_type in ("id", "money", "count")
    for match in _TAX_RE.finditer(text):
        if not tax_id_valid(match.group(0)):
            continue
        keyword = _preceded_by(
            _keyword_text(text, match.start(), ctx), lex.tax_id_context, 3
        )
        sure = keyword or ctx.role == "tax_id"
        if numeric_column and not sure:
            continue
        yield Hit(
            "tax_id",
            match.start(),
            match.end(),
            masking.mask_tax_id(match.group(0)),
            0.95 if sure else 0.7,
            "regex+checksum" + ("+context" if sure else ""),
        )


# --- phone numbers ------------------------------------------------------------------

_PHONE_RE = re.compile(
    r"(?<![\w+/.,-])"
    r"(?P<area>(?:\+|00)49 ?(?:\(0\) ?)?[1-9]\d{1,4}|\(0[1-9]\d{1,4}\)|0[1-9]\d{1,4})"
    r"(?P<sep> ?[/-] ?| )?"
    r"(?P<rest>[1-9]\d+(?:[ -]\d+)*)"  # subscriber numbers never start with 0
    r"(?!\w|[.,]\d)"
)
_MOBILE = ("015", "016", "017")


def _phone_digits(value: str) -> str:
    digits = re.sub(r"\D", "", value.replace("(0)", ""))
    if value.lstrip().startswith("+"):
        return "0" + digits[2:]
    if digits.startswith("0049"):
        return "0" + digits[4:]
    return digits


def _trim_phone(value: str) -> str | None:
    # a line of numbers can run into the match: drop trailing groups until
    # the number has a German length (7..13 digits with the leading 0)
    while len(_phone_digits(value)) > 13 and re.search(r"[ -]\d+$", value):
        value = re.sub(r"[ -]\d+$", "", value)
    return value if 7 <= len(_phone_digits(value)) <= 13 else None


def _phone_confidence(
    text: str, start: int, match: re.Match[str], ctx: Context, lex: Lexicon
) -> float:
    before = ctx.before + " " + text[:start]
    if ctx.public or match.group(0).endswith("-0") or lex.is_public_text(before[-60:]):
        return 0.35  # switchboard or office number of a public body
    keyword = _preceded_by(_keyword_text(text, start, ctx), lex.phone_context, 3)
    if ctx.role == "phone" or keyword:
        return 0.95
    structured = match.group("sep") or not match.group("area").startswith("0")
    if structured:
        return 0.8
    return 0.7 if _phone_digits(match.group(0)).startswith(_MOBILE) else 0.45


def detect_phone(text: str, ctx: Context, lex: Lexicon) -> Iterator[Hit]:
    """German phone numbers: +49 …, 0345 …, (0345) 12 34 56, 0171/…."""
    if ctx.column_type in ("id", "money", "year", "count") and ctx.role != "phone":
        return
    for match in _PHONE_RE.finditer(text):
        value = _trim_phone(match.group(0))
        if value is None:
            continue
        before = text[: match.start()]
        if _preceded_by(before, lex.not_phone_context, 2):
            continue  # Az. 0815/2024, DS 0117-2024 …
        if re.search(r"\d[ -]?$", before):
            continue  # the tail of a longer number (a mistyped IBAN, a table row)
        if re.fullmatch(r"\d{3,5}/(?:19|20)\d\d", value) and ctx.role != "phone":
            continue  # file number "0815/2024"
        yield Hit(
            "phone",
            match.start(),
            match.start() + len(value),
            masking.mask_phone(value),
            _phone_confidence(text, match.start(), match, ctx, lex),
            "regex" if ctx.role != "phone" else "regex+header",
        )


# --- dates of birth -------------------------------------------------------------

_MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "mär": 3,
    "maerz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6,
    "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9,
    "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "dezember": 12, "dez": 12,
}  # fmt: skip
_DATE_RE = re.compile(
    r"(?<![\d.])(?:"
    r"(?P<d>\d{1,2})\. ?(?P<m>\d{1,2})\. ?(?P<y>(?:19|20)\d\d|\d\d)"
    r"|(?P<y2>(?:19|20)\d\d)-(?P<m2>\d\d)-(?P<d2>\d\d)"
    r"|(?P<d3>\d{1,2})\. ?(?P<mn>[A-Za-zä]{3,9})\.? (?P<y3>(?:19|20)\d\d)"
    r")(?![\d])"
)


def _parse_date(match: re.Match[str]) -> date | None:
    if match.group("d"):
        day, month, year = match.group("d", "m", "y")
        month_no = int(month)
    elif match.group("y2"):
        year, month, day = match.group("y2", "m2", "d2")
        month_no = int(month)
    else:
        day, year = match.group("d3", "y3")
        month_no = _MONTHS.get(match.group("mn").lower(), 0)
    full_year = int(year) if len(year) == 4 else 1900 + int(year)
    try:
        return date(full_year, month_no, int(day))
    except ValueError:
        return None


def _birth_keyword(before: str, lex: Lexicon) -> bool:
    tail = fold(before[-40:]).rstrip()
    tail = re.sub(r"[\s:,(]*(?:am|den|vom)?[\s:,(]*$", "", tail)
    return any(
        tail.endswith(word)
        and (len(tail) == len(word) or not tail[-len(word) - 1].isalnum())
        for word in lex.birth_date_context
    )


def detect_birth_date(text: str, ctx: Context, lex: Lexicon) -> Iterator[Hit]:
    """Dates in a birth-date column or right after "geb." / "geboren am";
    other dates (meetings, deadlines) are not birth dates."""
    if not _DIGIT.search(text):
        return
    for match in _DATE_RE.finditer(text):
        parsed = _parse_date(match)
        if parsed is None or not (parsed.year >= 1900 and parsed <= date.today()):
            continue
        if ctx.role == "birth_date":
            confidence, detector = 0.95, "header"
        elif _birth_keyword(_keyword_text(text, match.start(), ctx), lex):
            confidence, detector = 0.9, "context"
        else:
            continue
        yield Hit(
            "birth_date",
            match.start(),
            match.end(),
            masking.mask_date(match.group(0)),
            confidence,
            detector,
        )


# --- postal addresses -----------------------------------------------------------

_STRONG = (
    r"straße|strasse|str\.|weg|allee|gasse|ring|damm|chaussee|platz|ufer|"
    r"promenade|pfad|steig"
)
_WEAK = (
    r"markt|anger|graben|winkel|berg|hof|garten|feld|höhe|aue|siedlung|bogen|"
    r"tor|stieg|zeile|grund|werder|kamp"
)
_ADJ = (
    r"Große|Kleine|Alte|Neue|Lange|Obere|Untere|Hohe|Breite|Hintere|Vordere|"
    r"Innere|Äußere|Mittlere|Kurze"
)
_PREP = (
    r"Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Zum|Zur|Unter den|"
    r"Hinter der|Hinter dem|Vor dem|Beim|Bei der"
)
_UNITS = (
    r"%|€|EUR|Euro|Uhr|km|m|m²|qm|ha|Jahre|Jahren|Prozent|Mio|Tsd|Personen|"
    r"Stück|Fälle|Plätze|Kinder|Stimmen|Ja-Stimmen|Nein-Stimmen|Sitze|Mitglieder"
)
_STREET_RE = re.compile(
    rf"(?<![\w-])(?P<street>"
    rf"(?P<compound>(?:(?:{_ADJ}) )?(?:[A-ZÄÖÜ][\wäöüß]*-)*"
    rf"[A-ZÄÖÜ][a-zäöüß]*?(?:(?P<strong>{_STRONG})|(?P<weak>{_WEAK})))"
    rf"|(?P<hyph>(?:[A-ZÄÖÜ][\wäöüß]*-)+"
    rf"(?:Straße|Str\.|Weg|Allee|Platz|Ring|Gasse|Damm|Ufer|Chaussee|Promenade))"
    rf"|(?P<adj>[A-ZÄÖÜ][a-zäöüß]+(?:er|sche|scher|sches) "
    rf"(?:Straße|Str\.|Weg|Allee|Ring|Platz|Chaussee|Damm|Gasse|Ufer))"
    rf"|(?P<ofthe>(?:Straße|Platz|Allee|Ring) (?:der|des|am|zum|zur) "
    rf"[A-ZÄÖÜ][a-zäöüß]+(?: [A-ZÄÖÜ][a-zäöüß]+)?)"
    rf"|(?P<prep>(?:{_PREP}) [A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)"
    rf") (?P<num>\d{{1,3}}(?: ?[a-z](?![\wäöüß]))?(?: ?[-/] ?\d{{1,3}}[a-z]?)?)"
    rf"(?!\d|[.,:]\d| ?(?:{_UNITS})(?![\wäöüß]))"
)
_PLZ_RE = re.compile(
    r"[\s,·|/–-]{0,4}(?P<plz>(?!00)\d{5}) (?P<ort>[A-ZÄÖÜ][\wäöüß.-]+"
    r"(?: (?:[A-ZÄÖÜ(][\wäöüß.()/-]*|an der|am|ob der|bei|OT))*)"
)


def _street_ok(match: re.Match[str], lex: Lexicon) -> bool:
    street = match.group("street")
    last = street.rsplit(" ", 1)[-1]
    if match.group("prep"):  # "Am Bahnhof 4" yes, "Im Ausschuss 12" no
        return last not in lex.prep_stopwords
    return last.rsplit("-", 1)[-1] not in lex.street_stopwords


def _postcode_after(text: str, end: int, ctx: Context) -> str:
    found = _PLZ_RE.match(text, end)
    if found is None and not text[end:].strip(" ,"):
        found = _PLZ_RE.match(ctx.after)
    return found.group("plz") if found else ""


def _address_confidence(
    match: re.Match[str], text: str, plz: str, ctx: Context, lex: Lexicon
) -> float:
    # the building is named before the street or in brackets after it; the
    # street itself is left out ("Rathausstraße 3" is a private address)
    before = text[max(0, match.start() - 80) : match.start()]
    after = re.match(r"[\s,\d]*(?:[A-ZÄÖÜ][\w ]*)?\([^)]{0,40}\)", text[match.end() :])
    # the previous line counts for address blocks only (street at line start)
    above = ctx.before[-80:] if not before.strip() else ""
    window = f"{above} {before} {after.group(0) if after else ''}"
    if ctx.public or lex.is_public_text(window):
        return 0.3  # public building: not personal data
    if plz:
        return 0.9
    if ctx.role == "address" or _preceded_by(before, lex.address_context, 2):
        return 0.85
    strong = match.group("strong") or match.group("adj") or match.group("hyph")
    return 0.7 if strong and not _house_range(match.group("num")) else 0.45


def _house_range(number: str) -> bool:
    # "Merseburger Straße 1-15": a stretch of road works, not a residence
    parts = re.findall(r"\d+", number)
    return len(parts) == 2 and int(parts[1]) - int(parts[0]) > 4


def detect_address(text: str, ctx: Context, lex: Lexicon) -> Iterator[Hit]:
    """Street and house number, joined with a following "PLZ Ort" (also on
    the next line) into one finding; a bare "PLZ Ort" is not reported."""
    if not _DIGIT.search(text):
        return
    for match in _STREET_RE.finditer(text):
        if not _street_ok(match, lex):
            continue
        plz = _postcode_after(text, match.end(), ctx)
        end = match.end()
        tail = _PLZ_RE.match(text, end)
        if tail is not None and plz:
            end = tail.end()
        yield Hit(
            "postal_address",
            match.start(),
            end,
            masking.mask_address(match.group("street"), plz),
            _address_confidence(match, text, plz, ctx, lex),
            "regex+lexicon",
        )


# --- person names -------------------------------------------------------------

_SALUTATION_RE = re.compile(
    rf"(?<![\w-])(?P<sal>Herrn?|Frau|Hr\.|Fr\.) +"
    rf"(?P<titles>(?:(?:Dr|Prof|Dipl\.-Ing)\. ?(?:med\. ?|rer\. ?nat\. ?)?)*)"
    rf"(?P<n1>{_NAME_WORD})(?: +(?:(?:von|van|de|zu|von der) +)?(?P<n2>{_NAME_WORD}))?"
)


_STREET_END = re.compile(
    r"(?:straße|strasse|str\.|weg|allee|gasse|platz|chaussee|ufer|promenade)$",
    re.IGNORECASE,
)


def _not_surname(word: str, lex: Lexicon) -> bool:
    return (
        word in lex.surname_stopwords
        or lex.is_official_title(word)
        or fold(word) in lex.organisation_words
        or bool(_STREET_END.search(word))
    )


def _official_near(text: str, start: int, end: int, ctx: Context, lex: Lexicon) -> bool:
    before = (ctx.before + " " + text[:start]).rstrip(" ,(:")
    words_before = before.split()[-2:]
    after = text[end:].lstrip(" ,(–-").split()[:1]
    if not text[end:].strip() and lex.is_official_title(ctx.after):
        return True  # signature block: the title alone on the next line
    return any(lex.is_official_title(w) for w in [*words_before, *after])


def detect_salutation_name(text: str, ctx: Context, lex: Lexicon) -> Iterator[Hit]:
    """ "Herr Müller", "Frau Dr. Anna Vogel"; "Frau Landrätin X" is an official."""
    for match in _SALUTATION_RE.finditer(text):
        first, second = match.group("n1", "n2")
        end = match.end("n1")
        official = lex.is_official_title(first)
        if official:
            if second is None or _not_surname(second, lex):
                continue
            end = match.end("n2")
        elif _not_surname(first, lex):
            continue
        elif second and first in lex.first_names and not _not_surname(second, lex):
            end = match.end("n2")
        official = official or _official_near(text, match.start(), end, ctx, lex)
        yield Hit(
            "person_name",
            match.start(),
            end,
            masking.mask_name(text[match.start() : end]),
            0.3 if official else 0.85,
            "context",
        )


@lru_cache(maxsize=4)
def _noun_regex(nouns: frozenset[str]) -> re.Pattern[str]:
    words = "|".join(sorted((re.escape(n) for n in nouns), key=len, reverse=True))
    return re.compile(
        rf"(?<![\w-])(?:{words}) +(?:(?:Dr|Prof)\. +)?"
        rf"(?P<n1>{_NAME_WORD}) +(?P<n2>{_NAME_WORD})(?![\w-])"
    )


def detect_noun_name(text: str, ctx: Context, lex: Lexicon) -> Iterator[Hit]:
    """Two capitalised words after a noun for a private person ("die
    Bürgerin Svantje Krause"), also for first names the lexicon lacks."""
    for match in _noun_regex(lex.person_nouns).finditer(text):
        first, last = match.group("n1", "n2")
        if _not_surname(first, lex) or _not_surname(last, lex):
            continue
        start, end = match.span("n1")[0], match.end("n2")
        official = _official_near(text, start, end, ctx, lex)
        yield Hit(
            "person_name",
            start,
            end,
            masking.mask_name(text[start:end]),
            0.3 if official else 0.8,
            "context",
        )


def _name_span(
    tokens: list[re.Match[str]], i: int, text: str, lex: Lexicon
) -> tuple[int, int] | None:
    # first name(s) at tokens[i], then a surname separated only by blanks or a
    # particle ("von", "van der")
    j = i
    while j + 1 < len(tokens) and _adjacent(text, tokens[j], tokens[j + 1]):
        j += 1
        if tokens[j].group(0) not in lex.first_names or j + 1 >= len(tokens):
            break
    if j == i or _not_surname(tokens[j].group(0), lex):
        return None
    following = tokens[j + 1] if j + 1 < len(tokens) else None
    if (
        following is not None
        and _adjacent(text, tokens[j], following)
        and following.group(0) in lex.surname_stopwords
    ):
        return None  # "Anne Frank Schule", "Ernst Thälmann Straße"
    return tokens[i].start(), tokens[j].end()


def _adjacent(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    between = text[left.end() : right.start()]
    return bool(re.fullmatch(r" +(?:(?:von|van|de|zu|von der|van der) +)?", between))


def detect_first_name(text: str, ctx: Context, lex: Lexicon) -> Iterator[Hit]:
    """A first name of the lexicon followed by a capitalised surname."""
    tokens = list(_TOKEN_RE.finditer(text))
    for i, token in enumerate(tokens):
        if token.group(0) not in lex.first_names:
            continue
        if _preceded_by(text[: token.start()], lex.name_blockers_before, 1):
            continue  # "im August Beginn", "St. Georg"
        span = _name_span(tokens, i, text, lex)
        if span is None:
            continue
        official = _official_near(text, span[0], span[1], ctx, lex)
        yield Hit(
            "person_name",
            span[0],
            span[1],
            masking.mask_name(text[span[0] : span[1]]),
            # names in the name of a school or street are namesakes
            # ("Gymnasium „Georg Cantor“")
            0.3 if official else 0.4 if lex.is_public_text(text) else 0.75,
            "lexicon",
        )


# --- names and addresses by column header -----------------------------------------

_TITLES_RE = re.compile(r"\b(?:Herrn?|Frau|Dr\.|Prof\.|Dipl\.-\w+\.?)\s*")
_PARTICLES = frozenset({"von", "van", "de", "zu", "der", "den", "vom", "zur"})


def looks_like_name(value: str, role: str, lex: Lexicon) -> bool:
    """Whether a cell of a name column holds a person's name.

    :param value: the cell, e.g. ``"Müller, Anna"`` or ``"Dr. Jana Vogel"``
    :param role: first_name, last_name or full_name
    :param lex: the lexicon
    :returns: ``False`` for organisations, facilities and function titles
    """
    words = _TITLES_RE.sub("", value).replace(",", " ").split()
    names = [w for w in words if w not in _PARTICLES]
    if not names or len(names) > 4:
        return False
    if not all(re.fullmatch(_NAME_WORD, w) for w in names):
        return False
    if any(
        fold(w) in lex.organisation_words or lex.is_official_title(w) for w in names
    ):
        return False
    if any(_not_surname(w, lex) and w not in lex.first_names for w in names):
        return False
    return len(names) >= 2 or role != "full_name" or "," in value


_HAS_NUMBER_AND_WORD = re.compile(r"[^\W\d_]{3}.*\d|\d.*[^\W\d_]{3}")


def detect_by_role(text: str, ctx: Context, lex: Lexicon) -> Iterator[Hit]:
    """Whole cells of name and address columns (header from the lexicon)."""
    value = text.strip()
    start = text.index(value) if value else 0
    if ctx.role in ("first_name", "last_name", "full_name"):
        if looks_like_name(value, ctx.role, lex):
            yield Hit(
                "person_name",
                start,
                start + len(value),
                masking.mask_name(value),
                0.3 if ctx.public else 0.9,
                "header",
            )
        return
    # an address the street pattern misses ("Oberaltenburg 2"); the address
    # detector reports the ones it recognises itself
    if (
        ctx.role == "address"
        and _HAS_NUMBER_AND_WORD.search(value)
        and not any(True for _ in detect_address(text, ctx, lex))
    ):
        yield Hit(
            "postal_address",
            start,
            start + len(value),
            masking.mask_text(value),
            0.3 if ctx.public else 0.85,
            "header",
        )


DETECTORS: tuple[Detector, ...] = (
    detect_by_role,
    detect_email,
    detect_iban,
    detect_social_security,
    detect_tax_id,
    detect_phone,
    detect_birth_date,
    detect_address,
    detect_salutation_name,
    detect_noun_name,
    detect_first_name,
)


def detect(text: str, ctx: Context, lex: Lexicon) -> list[Hit]:
    """Run all detectors over ``text``; overlapping hits keep the first.

    :param text: a cell, line or JSON value
    :param ctx: what surrounds it
    :param lex: the lexicon
    :returns: the hits in detector order
    """
    if not text or text.isspace():
        return []
    hits: list[Hit] = []
    for detector in DETECTORS:
        for hit in detector(text, ctx, lex):
            if not any(hit.start < h.end and h.start < hit.end for h in hits):
                hits.append(hit)
    return hits
