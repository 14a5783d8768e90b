"""The bundle's one German folding."""

from __future__ import annotations

import pytest

from ckanext.kommunal.text import fold, slugify


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("Müller-Lüdenscheidt", "mueller-luedenscheidt"),
        ("ÖFFENTLICHE Übersicht", "oeffentliche uebersicht"),
        ("Café São Paulo", "cafe sao paulo"),
        ("Anlage 3 (öffentlich).pdf", "anlage 3 (oeffentlich).pdf"),
        ("Łódź", "łodz"),  # letters without decomposition stay
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_umlauts_written_either_way_compare_equal() -> None:
    assert fold("Großkorbetha") == fold("GROSSKORBETHA") == fold("Grosskorbetha")
    assert fold("Mücheln") == fold("Muecheln")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Straßen Übersicht", "strassen-uebersicht"),
        ("  Kreistag -- Sitzungen 2024!  ", "kreistag-sitzungen-2024"),
        ("Łódź", "odz"),
        ("???", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
