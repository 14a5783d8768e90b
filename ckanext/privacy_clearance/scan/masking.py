"""Masking of found values: enough to recognise them, never the value.

Every excerpt the scan stores goes through one of these functions; the
reviewer finds the place by the location and sees only a shape.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_KEEP_WORDS = frozenset({"Herr", "Herrn", "Frau", "Hr.", "Fr.", "Dr.", "Prof."})


def mask_word(word: str) -> str:
    """``"Müller"`` -> ``"M***"``."""
    return word[:1] + "***" if word else ""


def mask_email(value: str) -> str:
    """``"max.mustermann@beispiel.de"`` -> ``"m***@b***.de"``.

    :param value: an e-mail address
    :returns: first letter of local part and domain, and the top-level domain
    """
    local, _, domain = value.partition("@")
    host, _, tld = domain.rpartition(".")
    return f"{local[:1]}***@{host[:1]}***.{tld}"


def mask_digits(value: str, keep_start: int = 0, keep_end: int = 2) -> str:
    """Replace digits by ``*`` except the first and last few, keep layout.

    :param value: e.g. ``"0345 1234567"``
    :param keep_start: digits kept at the start
    :param keep_end: digits kept at the end
    :returns: e.g. ``"0345 *****67"``
    """
    total = sum(ch.isdigit() for ch in value)
    seen = 0
    out = []
    for ch in value:
        if ch.isdigit():
            seen += 1
            visible = seen <= keep_start or seen > total - keep_end
            out.append(ch if visible else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask_phone(value: str) -> str:
    """``"+49 3461 401234"`` -> ``"+49 3461 ****34"``: area code, last 2."""
    groups = re.findall(r"\d+", value)
    total = sum(len(g) for g in groups)
    keep = 0
    for group in groups:
        keep += len(group)
        # stop after the area code: the first group that is not the country
        # code "49" or the "(0)" of "+49 (0) 345"
        if group not in ("49", "0049", "0") or not value.lstrip().startswith(
            ("+", "00")
        ):
            break
    if keep == total:  # no separators: the area code is at least 4 digits
        keep = 4
    return mask_digits(value, keep_start=min(keep, total - 4), keep_end=2)


def mask_iban(value: str) -> str:
    """``"DE89370400440532013000"`` -> ``"DE89 **** **** **** **30 00"``."""
    compact = value.replace(" ", "").upper()
    masked = compact[:4] + "*" * (len(compact) - 8) + compact[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def mask_tax_id(value: str) -> str:
    """``"86095742719"`` -> ``"** *** *** *19"`` (the last two digits)."""
    compact = mask_digits(value.replace(" ", ""), keep_end=2)
    return f"{compact[:2]} {compact[2:5]} {compact[5:8]} {compact[8:]}"


def mask_social_security(value: str) -> str:
    """``"15070649C103"`` -> ``"15 ****** * **3"`` (area, check digit)."""
    compact = value.replace(" ", "").upper()
    if len(compact) == 10:  # Krankenversichertennummer
        return compact[0] + "*" * 8 + compact[-1]
    return f"{compact[:2]} ****** * **{compact[-1]}"


def mask_date(value: str) -> str:
    """``"14.02.1968"`` -> ``"**.**.19**"``: only the century stays."""
    year = re.search(r"(1[89]|20)\d\d", value)
    return "**.**." + (year.group(1) + "**" if year else "****")


def mask_name(value: str) -> str:
    """``"Herr Dr. Michael Schröder"`` -> ``"Herr Dr. M*** S***"``."""
    words = [
        word if word in _KEEP_WORDS else _WORD.sub(lambda m: mask_word(m[0]), word)
        for word in value.split()
    ]
    return " ".join(words)


# words of a street name that are no one's name and stay readable
_STREET_WORDS = frozenset(
    re.findall(
        r"\S+",
        "Am An Auf Im In Zum Zur Unter Hinter Vor Beim Bei der den dem des Straße "
        "Str. Weg Allee Platz Ring Gasse Damm Ufer Chaussee Promenade",
    )
)
_STREET_SUFFIX = re.compile(
    r"(?:straße|strasse|str\.|weg|platz|allee|ring|gasse|damm|ufer|chaussee|"
    r"promenade)$",
    re.IGNORECASE,
)


def mask_address(street: str, postcode: str = "") -> str:
    """``("Gartenweg 7", "06242")`` -> ``"G***weg **, 06***"``.

    :param street: street and house number, may be empty
    :param postcode: five-digit postcode, may be empty
    :returns: initials and type of the street, first two postcode digits
    """
    parts = []
    if street:
        words = []
        for word in re.sub(r"\s+\d.*$", "", street.strip()).split():
            suffix = _STREET_SUFFIX.search(word)
            if word in _STREET_WORDS:
                words.append(word)
            elif suffix and suffix.start() > 0:
                words.append(word[0] + "***" + suffix.group(0))
            else:
                words.append(mask_word(word))
        parts.append(" ".join([*words, "**"]))
    if postcode:
        parts.append(postcode[:2] + "***")
    return ", ".join(parts)


def mask_text(value: str) -> str:
    """Fallback: initial letters of words, digits starred."""
    return mask_digits(mask_name(value), keep_end=0)
