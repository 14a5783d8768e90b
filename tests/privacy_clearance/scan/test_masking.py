"""Masking keeps a shape, never the value."""

from __future__ import annotations

import re

import pytest

from ckanext.privacy_clearance.scan import masking


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (masking.mask_email, "max.mustermann@beispiel.de", "m***@b***.de"),
        (masking.mask_iban, "DE89370400440532013000", "DE89 **** **** **** **30 00"),
        (
            masking.mask_iban,
            "DE89 3704 0044 0532 0130 00",
            "DE89 **** **** **** **30 00",
        ),
        (masking.mask_phone, "+49 3461 401234", "+49 3461 ****34"),
        (masking.mask_phone, "(0345) 12 34 56", "(0345) ** ** 56"),
        (masking.mask_phone, "01711234567", "0171*****67"),
        (masking.mask_tax_id, "86095742719", "** *** *** *19"),
        (masking.mask_social_security, "15 070649 C 103", "15 ****** * **3"),
        (masking.mask_social_security, "A123456780", "A********0"),
        (masking.mask_date, "14.02.1968", "**.**.19**"),
        (masking.mask_date, "1979-11-03", "**.**.19**"),
        (masking.mask_name, "Herr Dr. Michael Schröder-Kühn", "Herr Dr. M*** S***"),
        (masking.mask_name, "Müller, Anna", "M***, A***"),
    ],
)
def test_masks(function: object, value: str, expected: str) -> None:
    assert function(value) == expected  # type: ignore[operator]


def test_mask_address() -> None:
    assert masking.mask_address("Gartenweg 7", "06242") == "G***weg **, 06***"
    assert masking.mask_address("Am Anger 3") == "Am A*** **"
    assert masking.mask_address("Merseburger Straße 12a") == "M*** Straße **"
    assert masking.mask_address("Thomas-Müntzer-Straße 5") == "T***Straße **"


RAW = [
    "anna.mueller@web.de",
    "0345 6781234",
    "+49 (0) 345 123456",
    "DE02 1203 0000 0000 2020 51",
    "86095742719",
    "15070649C103",
    "14.02.1968",
    "Sabine Hoffmann",
    "Lindenstraße 14",
]
MASKS = [
    masking.mask_email,
    masking.mask_phone,
    masking.mask_phone,
    masking.mask_iban,
    masking.mask_tax_id,
    masking.mask_social_security,
    masking.mask_date,
    masking.mask_name,
    masking.mask_address,
]


@pytest.mark.parametrize(("value", "mask"), zip(RAW, MASKS, strict=True))
def test_no_raw_value_survives(value: str, mask: object) -> None:
    excerpt = mask(value)  # type: ignore[operator]
    assert value not in excerpt
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 6:  # a number: at least four digits hidden
        assert excerpt.count("*") >= 4
        assert digits not in re.sub(r"\D", "", excerpt)
    for word in re.findall(r"[^\W\d_]{3,}", value):
        if word not in ("Straße", "web"):
            assert word not in excerpt
