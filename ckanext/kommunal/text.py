"""German text for comparing and for CKAN names.

One folding for the whole bundle: the privacy scan's lexicon, the OParl
privacy rules and dataset names, and the benchmarks' generated names all
match "Straße" with "STRASSE" and "Müller" with "Mueller" the same way.
"""

from __future__ import annotations

import re
import unicodedata

# ß needs no entry: casefold() spells it "ss"
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_NOT_NAME = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Case-fold ``text``, spell umlauts out and drop other accents
    ("Straße" → "strasse", "Müller" → "mueller", "Café" → "cafe").

    :param text: any text
    :returns: the folded text; punctuation and other letters are kept
    """
    spelled = text.casefold().translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", spelled)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """A CKAN name part from German text ("Straßen Übersicht" →
    "strassen-uebersicht"): folded, ASCII letters and digits joined by
    hyphens.

    :param text: any text
    :returns: the name part, possibly empty
    """
    ascii_text = fold(text).encode("ascii", "ignore").decode()
    return _NOT_NAME.sub("-", ascii_text).strip("-")
