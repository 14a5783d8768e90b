"""The scan's word lists (``lexicon.yaml``) and header normalisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

# the bundle's one folding (CKAN-free like the scan): lexicon entries and the
# scanned text must meet in the same spelling as everywhere else
from ckanext.kommunal.text import fold

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")

# "Stadt Merseburg", "Gemeinde Schkopau": the authority, not a person
_AUTHORITY = re.compile(
    r"\b(?:Stadt|Gemeinde|Landkreis|Verbandsgemeinde|Hansestadt|Kreisstadt)"
    r" +[A-ZÄÖÜ]"
)
# offices: "Wahlamt", "Ordnungsamt" (folded), but not "insgesamt"
_OFFICE = re.compile(r"\b(?!(?:ins)?gesamt\b)[a-z]{3,}amt(?:es|s)?\b")
MAX_HEADER_LENGTH = 60
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Fold ``text`` and drop everything but letters and digits.

    :param text: a header or JSON key
    :returns: e.g. ``"email"`` for ``"E-Mail"``
    """
    return _NON_ALNUM.sub("", fold(text))


def tokens(text: str) -> list[str]:
    """Folded words of ``text`` ("Ansatz 2024 (EUR)" -> ansatz, 2024, eur)."""
    return [t for t in _NON_ALNUM.split(fold(text)) if t]


@dataclass(frozen=True)
class HeaderRole:
    """What a column holds according to its header."""

    role: str
    level: str  # "direct" or "quasi"


@dataclass(frozen=True)
class Lexicon:
    """All lists of ``lexicon.yaml``, prepared for fast lookups."""

    headers: dict[str, HeaderRole]
    header_tokens: dict[str, HeaderRole]
    header_qualifiers: frozenset[str]
    facility_headers: frozenset[str]
    public_buildings: tuple[str, ...]
    public_pattern: re.Pattern[str]
    organisation_words: frozenset[str]
    official_titles: frozenset[str]
    role_mailboxes: frozenset[str]
    birth_date_context: tuple[str, ...]
    phone_context: frozenset[str]
    not_phone_context: frozenset[str]
    tax_id_context: frozenset[str]
    social_security_context: frozenset[str]
    name_blockers_before: frozenset[str]
    surname_stopwords: frozenset[str]
    count_words: frozenset[str]
    id_column_words: frozenset[str]
    year_column_words: frozenset[str]
    money_column_words: frozenset[str]
    percent_column_words: frozenset[str]
    statistics_markers: frozenset[str]
    first_names: frozenset[str]
    first_names_folded: frozenset[str]
    address_context: frozenset[str]
    person_nouns: frozenset[str]
    street_stopwords: frozenset[str]
    prep_stopwords: frozenset[str]

    def header_role(self, header: str) -> HeaderRole | None:
        """Look ``header`` up, first as is, then without qualifiers.

        :param header: a column header or JSON key
        :returns: the role or ``None``
        """
        if len(header) > MAX_HEADER_LENGTH:
            return None  # running text, not a header
        found = self.headers.get(normalize(header))
        if found is not None:
            return found
        words = [w for w in tokens(header) if w not in self.header_qualifiers]
        if words and len(words) < len(tokens(header)):
            found = self.headers.get("".join(words))
            if found is not None:
                return found
        return next(
            (self.header_tokens[w] for w in words if w in self.header_tokens), None
        )

    def is_public_text(self, text: str) -> bool:
        """Whether ``text`` names a public building or authority."""
        low = fold(text)
        if self.public_pattern.search(low):
            return True
        return bool(_AUTHORITY.search(text) or _OFFICE.search(low))

    def is_official_title(self, word: str) -> bool:
        """Whether ``word`` is a public office ("Landrätin")."""
        return fold(word.strip(" ,.:;()")) in self.official_titles


def _folded(values: list[Any]) -> frozenset[str]:
    return frozenset(fold(str(v)) for v in values)


def _headers(raw: dict[str, Any]) -> dict[str, HeaderRole]:
    table: dict[str, HeaderRole] = {}
    for role, spec in raw.items():
        entry = HeaderRole(role=role, level=spec["level"])
        for name in spec["names"]:
            table.setdefault(normalize(str(name)), entry)
    return table


_FOLDED_SETS = (
    "official_titles",
    "role_mailboxes",
    "phone_context",
    "not_phone_context",
    "tax_id_context",
    "social_security_context",
    "name_blockers_before",
    "count_words",
    "id_column_words",
    "year_column_words",
    "money_column_words",
    "percent_column_words",
    "organisation_words",
    "address_context",
)
_PLAIN_SETS = (
    "surname_stopwords",
    "statistics_markers",
    "first_names",
    "person_nouns",
    "street_stopwords",
    "prep_stopwords",
)
_NORMALIZED_SETS = ("header_qualifiers", "facility_headers")


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load and cache the lexicon.

    :param path: another YAML file with the same keys (tests); default is
        the ``lexicon.yaml`` next to this module
    :returns: the prepared lexicon
    """
    raw = yaml.safe_load(Path(path or LEXICON_PATH).read_text(encoding="utf-8"))
    sets: dict[str, frozenset[str]] = {k: _folded(raw[k]) for k in _FOLDED_SETS}
    sets |= {k: frozenset(str(v) for v in raw[k]) for k in _PLAIN_SETS}
    sets |= {k: frozenset(normalize(str(v)) for v in raw[k]) for k in _NORMALIZED_SETS}
    headers = _headers(raw["headers"])
    public = tuple(fold(str(w)) for w in raw["public_buildings"])
    return Lexicon(
        headers=headers,
        header_tokens={
            key: role
            for key, role in headers.items()
            if role.role in raw["token_match_roles"] and len(key) >= 4
        },
        public_buildings=public,
        # one alternation instead of a loop: checked for every row and line
        public_pattern=re.compile("|".join(re.escape(w) for w in public)),
        birth_date_context=tuple(fold(str(w)) for w in raw["birth_date_context"]),
        first_names_folded=_folded(raw["first_names"]),
        **sets,
    )
