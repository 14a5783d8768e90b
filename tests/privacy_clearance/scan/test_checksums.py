"""Check-digit algorithms: known valid numbers and every single-digit error."""

from __future__ import annotations

import pytest

from ckanext.privacy_clearance.scan.checksums import (
    iban_valid,
    kvnr_valid,
    rvnr_valid,
    tax_id_check_digit,
    tax_id_valid,
)

# published examples (ECBS, BZSt, Deutsche Rentenversicherung, GKV)
VALID_IBANS = [
    "DE89 3704 0044 0532 0130 00",
    "DE02120300000000202051",
    "GB82 WEST 1234 5698 7654 32",
    "AT611904300234573201",
    "NL91ABNA0417164300",
]
VALID_TAX_IDS = ["86095742719", "47036892816", "65929970489", "57549285017"]


@pytest.mark.parametrize("iban", VALID_IBANS)
def test_valid_ibans(iban: str) -> None:
    assert iban_valid(iban)


@pytest.mark.parametrize(
    "iban",
    [
        "DE89 3704 0044 0532 0130 01",  # check digits do not fit
        "DE89 3704 0044 0532 0130 0",  # DE has 22 characters
        "DE893704004405320130000",
        "XX89370400440532013000",  # country letters checked via mod 97
        "1234 5678 9012 3456 78",
        "",
    ],
)
def test_invalid_ibans(iban: str) -> None:
    assert not iban_valid(iban)


@pytest.mark.parametrize("tax_id", VALID_TAX_IDS)
def test_valid_tax_ids(tax_id: str) -> None:
    assert tax_id_valid(tax_id)
    assert tax_id_valid(f"{tax_id[:2]} {tax_id[2:5]} {tax_id[5:8]} {tax_id[8:]}")


@pytest.mark.parametrize("tax_id", VALID_TAX_IDS)
def test_tax_id_detects_every_changed_check_digit(tax_id: str) -> None:
    for digit in "0123456789":
        if digit != tax_id[-1]:
            assert not tax_id_valid(tax_id[:-1] + digit)


@pytest.mark.parametrize(
    "head",
    [
        "0123456789",  # leading zero
        "1234567890",  # no digit repeated
        "1122345678",  # two digits repeated
        "1112345678",  # one digit three times in a row
        "1111234567",  # four times
    ],
)
def test_tax_id_digit_rules(head: str) -> None:
    assert not tax_id_valid(head + str(tax_id_check_digit(head)))


def test_tax_id_three_times_not_adjacent_is_allowed() -> None:
    head = "1213456789"[:10]  # "1" twice is fine
    assert tax_id_valid(head + str(tax_id_check_digit(head)))
    head = "1213145678"  # "1" three times, not adjacent
    assert tax_id_valid(head + str(tax_id_check_digit(head)))


def test_rvnr_published_example() -> None:
    assert rvnr_valid("15 070649 C 103")
    assert rvnr_valid("15070649C103")


@pytest.mark.parametrize(
    "value",
    [
        "15 070649 C 104",  # wrong check digit
        "15 320649 C 103",  # day 32
        "15 071349 C 103",  # month 13
        "00 070649 C 103",  # area 00
        "15 070649 1 103",  # no letter
    ],
)
def test_rvnr_invalid(value: str) -> None:
    assert not rvnr_valid(value)


def test_kvnr() -> None:
    assert kvnr_valid("A123456780")
    assert not kvnr_valid("A123456781")
    assert not kvnr_valid("1123456780")
