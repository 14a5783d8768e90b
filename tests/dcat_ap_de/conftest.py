"""Shared set-up of the dcat_ap_de tests: the plugin stack and the official
shapes from ``../shared`` (beside the checkout; CI has it too)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "dcat-ap-de"
PLUGINS = "pg_search dcat scheming_datasets scheming_organizations dcat_ap_de"
CONTRIBUTOR = "http://dcat-ap.de/def/contributors/landSachsenAnhalt"
SAALEKREIS = "http://dcat-ap.de/def/politicalGeocoding/districtKey/15088"
DISTRICT_LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict"


def shared_settings() -> dict[str, str]:
    """ckan_config settings pointing the checker at the shared official files."""
    return {
        "ckanext.dcat_ap_de.shapes_dir": str(SHARED / "shapes-3.0"),
        "ckanext.dcat_ap_de.quality_shapes_dir": str(SHARED / "shapes-govdata-mqa"),
        "ckanext.dcat_ap_de.vocabularies_dirs": " ".join(
            str(SHARED / name) for name in ("vocabularies", "ontologies")
        ),
    }


PORTAL_SETTINGS: dict[str, str] = {
    "ckan.plugins": PLUGINS,
    "ckanext.dcat_ap_de.contributor_id": CONTRIBUTOR,
    "ckanext.dcat_ap_de.political_geocoding_level": DISTRICT_LEVEL,
    "ckanext.dcat_ap_de.political_geocoding": SAALEKREIS,
    "ckanext.dcat_ap_de.catalog.publisher_name": "Landkreis Saalekreis",
    "ckanext.dcat_ap_de.catalog.publisher_email": "opendata@saalekreis.example",
    **shared_settings(),
}


def portal(fn: Any) -> Any:
    """Decorate a test (class) to run with the DCAT-AP.de portal stack."""
    for key, value in PORTAL_SETTINGS.items():
        fn = pytest.mark.ckan_config(key, value)(fn)
    return pytest.mark.usefixtures("with_plugins")(fn)


@pytest.fixture
def needs_shared() -> Path:
    """The shared reference folder; skips only when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared/dcat-ap-de is not beside the checkout")
    return SHARED
