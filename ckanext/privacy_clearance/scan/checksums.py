"""Check digits of IBANs and German personal identification numbers.

A checksum turns "a number that looks like an ID" into "almost certainly an
ID": a random digit string passes each of these tests with a probability of
about 1 in 10 (1 in 97 for IBANs), which keeps false alarms in budget tables
low.
"""

from __future__ import annotations

from collections import Counter

# Lengths of IBANs per country (SWIFT IBAN registry, the countries that
# appear in German administrative data; others only need 15..34 characters).
IBAN_LENGTHS: dict[str, int] = {
    "DE": 22, "AT": 20, "CH": 21, "LI": 21, "LU": 20, "NL": 18, "BE": 16,
    "FR": 27, "IT": 27, "ES": 24, "PT": 25, "PL": 28, "CZ": 24, "SK": 24,
    "DK": 18, "SE": 24, "NO": 15, "FI": 18, "GB": 22, "IE": 22, "HU": 28,
    "RO": 24, "BG": 22, "HR": 21, "SI": 19, "GR": 27, "LT": 20, "LV": 21,
    "EE": 20, "MT": 31, "CY": 28, "TR": 26, "UA": 29,
}  # fmt: skip


def iban_valid(iban: str) -> bool:
    """Whether ``iban`` (spaces allowed) passes length and mod-97 checks.

    :param iban: e.g. ``"DE89 3704 0044 0532 0130 00"``
    :returns: ``True`` for a valid IBAN
    """
    compact = iban.replace(" ", "").upper()
    if not (15 <= len(compact) <= 34) or not compact.isalnum():
        return False
    country = compact[:2]
    if not country.isalpha() or not compact[2:4].isdigit():
        return False
    if IBAN_LENGTHS.get(country, len(compact)) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _tax_id_digits_plausible(first_ten: str) -> bool:
    # §139b AO / BZSt: exactly one digit occurs twice or three times (three
    # times only since 2016 and then never three in a row), all others at
    # most once.
    counts = Counter(first_ten)
    repeated = [d for d, n in counts.items() if n > 1]
    if len(repeated) != 1 or counts[repeated[0]] > 3:
        return False
    return not (counts[repeated[0]] == 3 and repeated[0] * 3 in first_ten)


def tax_id_check_digit(first_ten: str) -> int:
    """Check digit of a Steuer-IdNr by ISO 7064 MOD 11,10.

    :param first_ten: the first ten digits
    :returns: the eleventh digit
    """
    product = 10
    for ch in first_ten:
        total = (int(ch) + product) % 10 or 10
        product = (total * 2) % 11
    check = 11 - product
    return 0 if check == 10 else check


def tax_id_valid(value: str) -> bool:
    """Whether ``value`` is a valid Steuer-Identifikationsnummer.

    :param value: eleven digits, spaces allowed
    :returns: ``True`` when format, digit rule and check digit hold
    """
    digits = value.replace(" ", "")
    if len(digits) != 11 or not digits.isdigit() or digits[0] == "0":
        return False
    if not _tax_id_digits_plausible(digits[:10]):
        return False
    return tax_id_check_digit(digits[:10]) == int(digits[10])


def _cross_sum_check(digits: str, weights: tuple[int, ...]) -> int:
    total = 0
    for ch, weight in zip(digits, weights, strict=True):
        product = int(ch) * weight
        total += product // 10 + product % 10
    return total % 10


_RVNR_WEIGHTS = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)


def rvnr_valid(value: str) -> bool:
    """Whether ``value`` is a valid Rentenversicherungsnummer.

    Layout (§147 SGB VI, VKVV): area number (2 digits), birth date DDMMYY,
    initial of the birth name, serial number (2 digits), check digit. The
    letter counts as its two-digit position in the alphabet; the check
    digit is the sum of the cross sums of the products with weights
    2,1,2,5,7,1,2,1,2,1,2,1, modulo 10.

    :param value: e.g. ``"15 070649 C 103"`` (spaces allowed)
    :returns: ``True`` when layout, date and check digit hold
    """
    compact = value.replace(" ", "").upper()
    if len(compact) != 12 or not compact[8].isalpha():
        return False
    head, letter, tail = compact[:8], compact[8], compact[9:]
    if not (head.isdigit() and tail.isdigit()) or head[:2] == "00":
        return False
    day, month = int(head[2:4]), int(head[4:6])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    digits = head + f"{ord(letter) - 64:02d}" + tail[:2]
    return _cross_sum_check(digits, _RVNR_WEIGHTS) == int(tail[2])


def kvnr_valid(value: str) -> bool:
    """Whether ``value`` is a valid Krankenversichertennummer (10 chars).

    A letter (as two digits, A=01), eight digits and a check digit: sum of
    the cross sums with alternating weights 1,2, modulo 10.

    :param value: e.g. ``"A123456780"``
    :returns: ``True`` when the check digit holds
    """
    compact = value.replace(" ", "").upper()
    if len(compact) != 10 or not compact[0].isalpha():
        return False
    if not compact[1:].isdigit():
        return False
    digits = f"{ord(compact[0]) - 64:02d}" + compact[1:9]
    return _cross_sum_check(digits, (1, 2) * 5) == int(compact[9])
