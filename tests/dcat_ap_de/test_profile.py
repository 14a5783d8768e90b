"""The RDF profile: what GovData gets from the portal, judged by the referee."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckanext.dcat.processors import RDFParser, RDFSerializer
from rdflib import Graph

from .conftest import CONTRIBUTOR, SAALEKREIS, SHARED, portal
from .referee import judge

MERSEBURG = "http://dcat-ap.de/def/politicalGeocoding/regionalKey/150880216216"
EU = "http://publications.europa.eu/resource/authority/"
PROFILES = ["euro_dcat_ap_3", "dcat_ap_de"]


def full_dataset(owner_org: str, **extra: Any) -> dict[str, Any]:
    """A dataset with every field of the schema filled in."""
    return {
        "name": "schulstandorte-voll",
        "title": "Schulstandorte im Saalekreis",
        "notes": "Alle allgemeinbildenden Schulen mit Adresse und Schulform.",
        "tag_string": "Schule,Bildung",
        "theme": ["EDUC", EU + "data-theme/SOCI"],
        "language": ["DEU", "ENG"],
        "url": "https://www.saalekreis.de/schulen",
        "conforms_to": ["https://www.xrepository.de/details/urn:xoev-de:xschule"],
        "version": "2.1",
        "owner_org": owner_org,
        "contact": [
            {
                "name": "Fachdienst Bildung",
                "email": "bildung@saalekreis.example",
                "phone": "+49 3461 40-1234",
                "url": "https://www.saalekreis.de/bildung",
            }
        ],
        "contributor_id": CONTRIBUTOR,
        "custodian": [
            {"name": "Schulverwaltungsamt", "email": "schulamt@saalekreis.example"}
        ],
        "originator": [{"name": "Statistisches Landesamt Sachsen-Anhalt"}],
        "legal_basis": "§ 65 SchulG LSA",
        "applicable_legislation": ["http://data.europa.eu/eli/reg_impl/2023/138/oj"],
        "political_geocoding_level": (
            "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
        ),
        "political_geocoding": [SAALEKREIS, MERSEBURG],
        "geocoding_description": "Kreisgebiet mit Stadt Merseburg",
        "spatial": json.dumps({"type": "Point", "coordinates": [11.99, 51.35]}),
        "spatial_resolution_in_meters": "10",
        "temporal_coverage": [{"start": "2024", "end": "2025-07-31"}],
        "temporal_resolution": "P1Y",
        "frequency": "ANNUAL",
        "issued": "2024-09-01",
        "modified": "2025-08-15T10:30:00",
        "license_id": "dl-by-de/2.0",
        "license_attribution_by_text": "© Landkreis Saalekreis (2025)",
        "access_rights": "PUBLIC",
        "resources": [
            {
                "url": "https://www.saalekreis.de/daten/schulen.csv",
                "name": "Schulstandorte (CSV)",
                "description": "Eine Zeile je Schule.",
                "format": "csv",
                "mimetype": "text/csv",
                "license": "dl-zero-de/2.0",
                "license_attribution_by_text": "Landkreis Saalekreis",
                "download_url": "https://www.saalekreis.de/daten/schulen.csv",
                "size": 48213,
                "hash": "9F86D081884C7D659A2FEAA0C55AD015" + "A3BF4F1B2B0B822C" * 2,
                "hash_algorithm": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256",
                "availability": "STABLE",
                "status": "COMPLETED",
                "language": ["DEU"],
                "conforms_to": ["https://www.rfc-editor.org/rfc/rfc4180"],
                "issued": "2024-09-01",
                "modified": "2025-08",
            },
            {"url": "https://geo.saalekreis.example/wms", "format": "WMS_SRVC"},
        ],
        **extra,
    }


def _create(data: dict[str, Any]) -> dict[str, Any]:
    user = factories.Sysadmin()
    return tk.get_action("package_create")({"user": user["name"]}, data)


def _serialize(dataset: dict[str, Any], fmt: str = "turtle") -> str:
    return RDFSerializer(profiles=PROFILES).serialize_dataset(dataset, _format=fmt)


@pytest.fixture
def organization() -> dict[str, Any]:
    return factories.Organization(
        title="Fachdienst Bildung",
        email="bildung@saalekreis.example",
        url="https://www.saalekreis.de",
        dcat_type="LocalAuthority",
    )


@portal
@pytest.mark.usefixtures("clean_db", "needs_shared")
class TestSerialize:
    def test_every_field_conforms(self, organization: dict[str, Any]) -> None:
        dataset = _create(full_dataset(organization["id"]))
        verdict = judge(_serialize(dataset))
        assert verdict["problems"] == []

    def test_mandatory_fields_only_conform(self, organization: dict[str, Any]) -> None:
        dataset = _create(
            {
                "name": "minimal",
                "title": "Kreistagsbeschlüsse",
                "notes": "Beschlüsse des Kreistages.",
                "tag_string": "Kreistag",
                "license_id": "dl-zero-de/2.0",
                "owner_org": organization["id"],
                "resources": [{"url": "https://ratsinfo.example/beschluesse.csv"}],
            }
        )
        verdict = judge(_serialize(dataset))
        assert verdict["problems"] == []

    def test_german_terms_and_their_2_0_mirrors(
        self, organization: dict[str, Any]
    ) -> None:
        dataset = _create(full_dataset(organization["id"]))
        turtle = _serialize(dataset)
        graph = Graph().parse(data=turtle, format="turtle")
        text = graph.serialize(format="nt")
        for expected in (
            "<http://dcat-ap.de/def/dcatde/contributorID> <" + CONTRIBUTOR,
            "<http://dcat-ap.de/def/dcatde/politicalGeocodingURI> <" + MERSEBURG,
            "<http://purl.org/dc/terms/spatial> <" + MERSEBURG,
            "<http://data.europa.eu/930/custodian>",
            "<http://dcat-ap.de/def/dcatde/maintainer>",
            "<http://dcat-ap.de/def/dcatde/licenseAttributionByText>",
            "<http://purl.org/dc/terms/license> <http://dcat-ap.de/def/licenses/dl-zero-de/2.0>",
            "<http://purl.org/dc/terms/license> <http://dcat-ap.de/def/licenses/dl-by-de/2.0>",
            "<" + EU + "file-type/CSV>",
            "<https://www.iana.org/assignments/media-types/text/csv>",
            "<tel:+493461401234>",
            "<mailto:bildung@saalekreis.example>",
        ):
            assert expected in text, expected
        # never the literal forms the German shapes reject
        assert '"de"' not in text
        assert "locn#geometry" not in text

    def test_portal_default_contributor_and_area(
        self, organization: dict[str, Any]
    ) -> None:
        data = full_dataset(organization["id"], name="ohne-angaben")
        for key in (
            "contributor_id",
            "political_geocoding",
            "political_geocoding_level",
        ):
            data.pop(key)
        text = _serialize(_create(data))
        assert CONTRIBUTOR in text
        assert SAALEKREIS in text


@portal
@pytest.mark.usefixtures("clean_db", "needs_shared")
class TestParse:
    def test_own_output_round_trips(self, organization: dict[str, Any]) -> None:
        dataset = _create(full_dataset(organization["id"]))
        parser = RDFParser(profiles=PROFILES)
        parser.parse(_serialize(dataset), _format="turtle")
        (parsed,) = list(parser.datasets())
        for key in (
            "title", "notes", "theme", "language", "url", "conforms_to", "version",
            "contributor_id", "legal_basis", "applicable_legislation",
            "political_geocoding_level", "political_geocoding",
            "geocoding_description", "temporal_resolution", "frequency", "issued",
            "modified", "access_rights", "temporal_coverage",
        ):  # fmt: skip
            assert _norm(parsed.get(key)) == _norm(dataset.get(key)), key
        (contact,) = parsed["contact"]
        assert contact["phone"] == "+493461401234"  # a tel: IRI has no spaces
        assert {**contact, "phone": "+49 3461 40-1234"} == dataset["contact"][0]
        assert parsed["custodian"][0]["name"] == "Schulverwaltungsamt"
        assert parsed["originator"][0]["name"].startswith("Statistisches")
        assert {t["name"] for t in parsed["tags"]} == {"Schule", "Bildung"}
        assert json.loads(parsed["spatial"])["type"] == "Polygon"
        by_url = {r["url"]: r for r in parsed["resources"]}
        csv = by_url["https://www.saalekreis.de/daten/schulen.csv"]
        original = dataset["resources"][0]
        for key in (
            "name", "description", "format", "mimetype",
            "license_attribution_by_text", "download_url", "hash", "hash_algorithm",
            "availability", "status", "language", "conforms_to", "issued",
            "modified",
        ):  # fmt: skip
            assert _norm(csv.get(key)) == _norm(original.get(key)), key
        assert int(csv["size"]) == original["size"]
        # each distribution keeps its licence (the dataset's or its own)
        for resource in dataset["resources"]:
            copy = by_url[resource["url"]]
            expected = resource.get("license") or dataset["license_id"]
            assert (copy.get("license") or parsed["license_id"]) == expected

    def test_parsed_dataset_can_be_created_again(
        self, organization: dict[str, Any]
    ) -> None:
        dataset = _create(full_dataset(organization["id"]))
        parser = RDFParser(profiles=PROFILES)
        parser.parse(_serialize(dataset), _format="turtle")
        (parsed,) = list(parser.datasets())
        parsed.update(name="kopie", owner_org=organization["id"])
        parsed.pop("id", None)
        copy = _create(parsed)
        assert copy["contributor_id"] == CONTRIBUTOR
        licences = {
            r["url"]: r.get("license") or copy["license_id"] for r in copy["resources"]
        }
        assert licences == {
            "https://www.saalekreis.de/daten/schulen.csv": "dl-zero-de/2.0",
            "https://geo.saalekreis.example/wms": "dl-by-de/2.0",
        }


def _norm(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("["):
        value = json.loads(value)
    if isinstance(value, list):
        return sorted(json.dumps(v, sort_keys=True) for v in value)
    return value


REAL_CATALOGUES = SHARED / "examples" / "real-catalogs"


@pytest.mark.parametrize("name", sorted(p.name for p in REAL_CATALOGUES.glob("*.rdf")))
@portal
@pytest.mark.usefixtures("clean_db", "needs_shared")
def test_real_catalogues_parse_with_per_dataset_errors(name: str) -> None:
    """Messy real catalogues: every dataset is read, none crashes the parser,
    and a dataset that cannot be stored says why, in the user's language."""
    organization = factories.Organization()
    user = factories.Sysadmin()
    parser = RDFParser(profiles=PROFILES)
    parser.parse((REAL_CATALOGUES / name).read_bytes(), "xml")
    datasets = list(parser.datasets())
    assert datasets and all(d.get("title") for d in datasets)
    created = refused = 0
    for index, dataset in enumerate(datasets[:12]):
        dataset.update(name=f"real-{index}", owner_org=organization["id"])
        dataset.pop("id", None)
        try:
            tk.get_action("package_create")({"user": user["name"]}, dataset)
            created += 1
        except tk.ValidationError as error:
            refused += 1
            assert error.error_summary, error
    assert created + refused == min(12, len(datasets))
