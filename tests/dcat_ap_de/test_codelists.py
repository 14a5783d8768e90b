"""The DCAT-AP.de code lists: complete, labelled in German, and accepted by the
official shapes (checked against ../shared/dcat-ap-de when it is there).

No CKAN app and no database needed: ``pytest -p no:ckan tests/dcat_ap_de``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ckanext.dcat_ap_de import codelists

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "dcat-ap-de"
EU = "http://publications.europa.eu/resource/authority/"

ALL_LISTS = [
    "access_right",
    "checksum_algorithm",
    "contributor",
    "data_theme",
    "distribution_status",
    "file_type",
    "frequency",
    "geocoding",
    "geocoding_level",
    "language",
    "license",
    "planned_availability",
    "publisher_type",
]


def test_every_list_is_there():
    assert codelists.names() == ALL_LISTS


@pytest.mark.parametrize("name", ALL_LISTS)
def test_every_value_has_a_german_and_an_english_label(name):
    cl = codelists.get(name)
    assert cl.label["de"] and cl.label["en"]
    assert len(cl.values) > 0
    for value in cl.values:
        assert value.label.get("de", "").strip(), value
        assert value.label.get("en", "").strip(), value
        assert value.label_for("de") == value.label["de"]


@pytest.mark.parametrize("name", ALL_LISTS)
def test_codes_and_iris_are_unique_and_canonical(name):
    cl = codelists.get(name)
    iris = [v.iri for v in cl.values]
    codes = [v.code.casefold() for v in cl.values]
    assert len(set(iris)) == len(iris)
    assert len(set(codes)) == len(codes)
    for iri in iris:
        assert iri.startswith("http://"), iri
        assert not iri.endswith("/"), iri
        assert iri == iri.strip()


@pytest.mark.parametrize("name", ALL_LISTS)
def test_every_value_is_found_by_its_code_and_iri(name):
    cl = codelists.get(name)
    for value in cl.values:
        assert cl.get(value.code) == value
        assert cl.get(value.iri) == value
        assert cl.iri(value.code) == value.iri
        assert value.iri in cl


def test_sizes():
    assert len(codelists.get("data_theme")) == 13
    assert len(codelists.get("contributor")) >= 69
    assert len(codelists.get("license")) == 34
    assert len(codelists.get("access_right")) == 3
    assert len(codelists.get("planned_availability")) == 4
    assert len(codelists.get("distribution_status")) == 4
    assert len(codelists.get("geocoding_level")) == 6
    assert len(codelists.get("publisher_type")) == 11


def test_lookup_variants():
    themes = codelists.get("data_theme")
    econ = f"{EU}data-theme/ECON"
    for variant in (
        "ECON",
        "econ",
        " Econ ",
        econ,
        econ + "/",
        econ.replace("http://", "https://"),
        econ.replace("http://", "https://") + "/",
    ):
        assert themes.iri(variant) == econ, variant
    assert themes.get(econ).label_for("de") == "Wirtschaft und Finanzen"
    assert themes.get(econ).label_for("en") == "Economy and finance"
    for unknown in ("", "   ", "ECONOMY", f"{EU}data-theme/XXXX", f"{EU}file-type/CSV"):
        assert themes.get(unknown) is None
        assert unknown not in themes
    assert None not in themes  # type: ignore[operator]


def test_label_falls_back_to_german_then_english_then_code():
    code = codelists.Code("X", "http://example.org/X", {"de": "Ix", "en": "Ex"})
    assert code.label_for("fr") == "Ix"
    assert code.label_for("en_GB") == "Ex"
    assert codelists.Code("X", "http://e/X", {"en": "Ex"}).label_for() == "Ex"
    assert codelists.Code("X", "http://e/X", {}).label_for() == "X"
    assert hash(code) == hash(codelists.Code("X", "http://example.org/X", {}))


def test_unknown_list_is_a_clear_key_error():
    with pytest.raises(KeyError, match=r"unknown code list 'themes'.*data_theme"):
        codelists.get("themes")
    with pytest.raises(KeyError):
        codelists.get("../codelists/data_theme")


def test_get_is_cached():
    assert codelists.get("language") is codelists.get("language")


def test_choices_alphabetic_by_german_label():
    labels = [c["label"] for c in codelists.get("data_theme").choices()]
    assert labels[0] == "Bevölkerung und Gesellschaft"
    assert labels[-2:] == ["Wirtschaft und Finanzen", "Wissenschaft und Technologie"]
    # umlauts sort as their base letter (Ä with A, Ö with O)
    languages = [c["label"] for c in codelists.get("language").choices()]
    assert languages.index("Deutsch") < languages.index("Englisch")
    assert languages.index("Türkisch") < languages.index("Ukrainisch")
    choice = codelists.get("data_theme").choices("en")[0]
    soci = f"{EU}data-theme/SOCI"
    assert choice == {"value": soci, "label": "Population and society"}


def test_choices_in_natural_order_where_the_list_has_one():
    freq = [c["value"].rsplit("/", 1)[1] for c in codelists.get("frequency").choices()]
    assert freq.index("HOURLY") < freq.index("DAILY") < freq.index("WEEKLY")
    assert freq.index("WEEKLY") < freq.index("MONTHLY") < freq.index("ANNUAL")
    assert freq[-1] == "UNKNOWN"
    access = [v.code for v in codelists.get("access_right").values]
    assert access == ["PUBLIC", "RESTRICTED", "NON_PUBLIC"]
    assert codelists.get("access_right").get("PUBLIC").label["de"] == "öffentlich"
    levels = [v.code for v in codelists.get("geocoding_level").values]
    assert levels[:3] == ["international", "european", "federal"]
    assert codelists.get("checksum_algorithm").values[0].code == "sha256"


def test_common_file_types_and_spellings():
    types = codelists.get("file_type")
    for code in [
        "CSV",
        "XLSX",
        "XLS",
        "ODS",
        "JSON",
        "GEOJSON",
        "XML",
        "PDF",
        "HTML",
        "ZIP",
        "SHP",
        "GML",
        "KML",
        "KMZ",
        "WMS_SRVC",
        "WFS_SRVC",
        "RDF_XML",
        "RDF_TURTLE",
        "JSON_LD",
        "TXT",
        "DOCX",
        "ODT",
        "PNG",
        "JPEG",
        "TIFF",
        "GPKG",
    ]:
        assert types.iri(code) == f"{EU}file-type/{code}", code
    assert types.get("csv").code == "CSV"
    assert types.get("jpg").code == "JPEG"
    assert types.get("ttl").code == "RDF_TURTLE"
    assert types.get("WMS").code == "WMS_SRVC"
    assert types.get("CSV").label_for("de") == "CSV"


def test_languages_for_a_german_county():
    languages = codelists.get("language")
    official_eu = (
        "BUL CES DAN DEU ELL ENG EST FIN FRA GLE HRV HUN ITA LAV LIT MLT NLD POL "
        "POR RON SLK SLV SPA SWE"
    )
    for code in [*official_eu.split(), "TUR", "ARA", "RUS", "UKR", "POL", "FAS", "KUR"]:
        assert languages.iri(code) == f"{EU}language/{code}", code
    assert languages.get("DEU").label["de"] == "Deutsch"
    assert languages.get("TUR").label["de"] == "Türkisch"


def test_retired_iris_are_read_but_never_emitted():
    status = codelists.get("distribution_status")
    assert status.iri("http://purl.org/adms/status/Completed") == (
        f"{EU}distribution-status/COMPLETED"
    )
    algorithms = codelists.get("checksum_algorithm")
    sha256 = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
    assert algorithms.iri("https://www.dcat-ap.de/def/hashAlgorithms/sha/256") == sha256
    assert algorithms.iri("SHA256") == sha256
    availability = codelists.get("planned_availability")
    assert availability.iri("http://dcat-ap.de/def/plannedAvailability/stable") == (
        f"{EU}planned-availability/STABLE"
    )
    for name in codelists.names():
        for value in codelists.get(name).values:
            assert "purl.org/adms/status" not in value.iri
            assert "hashAlgorithms" not in value.iri


def test_checksum_algorithms_are_spdx():
    algorithms = codelists.get("checksum_algorithm")
    for code in ("sha1", "sha256", "sha512", "md5"):
        assert (
            algorithms.iri(code)
            == f"http://spdx.org/rdf/terms#checksumAlgorithm_{code}"
        )
    for value in algorithms.values:
        # dcat-ap-de-deprecated.ttl warns on any algorithm IRI containing "dcat"
        assert "dcat" not in value.iri


def test_publisher_type_local_authority():
    types = codelists.get("publisher_type")
    assert types.scheme == "http://purl.org/adms/publishertype/1.0"
    local = types.get("LocalAuthority")
    assert local.iri == "http://purl.org/adms/publishertype/LocalAuthority"
    assert local.label["de"] == "Kommunalverwaltung"


def test_saalekreis_and_its_municipalities():
    geo = codelists.get("geocoding")
    base = "http://dcat-ap.de/def/politicalGeocoding/"
    saalekreis = geo.get(base + "districtKey/15088")
    assert saalekreis is not None and saalekreis.label["de"] == "Saalekreis"
    assert geo.get(base + "stateKey/15").label["de"].startswith("Sachsen-Anhalt")
    assert geo.get("15002").label["de"].startswith("Halle (Saale)")
    municipalities = [v for v in geo.values if "/regionalKey/15088" in v.iri]
    names = {v.label["de"].split(" (")[0] for v in municipalities}
    assert len(municipalities) == 20
    assert {"Merseburg", "Querfurt", "Leuna", "Wettin-Löbejün", "Schkopau"} <= names
    merseburg = geo.get(base + "regionalKey/150880216216")
    assert merseburg.label["de"].startswith("Merseburg")
    districts = [v.code for v in geo.values if "/districtKey/15" in v.iri]
    assert len(districts) == 14


def test_contributor_sachsen_anhalt():
    contributors = codelists.get("contributor")
    assert contributors.scheme == "http://dcat-ap.de/def/contributors"
    land = contributors.get("landSachsenAnhalt")
    assert land.iri == "http://dcat-ap.de/def/contributors/landSachsenAnhalt"
    assert land.label["de"] == "Land Sachsen-Anhalt"


# -- licences ---------------------------------------------------------------

CKAN_KEYS = {
    "id",
    "title",
    "url",
    "od_conformance",
    "osd_conformance",
    "status",
    "domain_content",
    "domain_data",
    "domain_software",
    "family",
    "maintainer",
}


def test_license_register_has_ckan_and_our_keys():
    register = codelists.license_register()
    assert len(register) == 34
    for entry in register:
        assert entry.keys() >= CKAN_KEYS, entry["id"]
        assert entry.keys() >= {"iri", "title_en", "open", "attribution"}
        assert entry["url"] == entry["iri"]
        assert entry["iri"] == f"http://dcat-ap.de/def/licenses/{entry['id']}"
        assert isinstance(entry["open"], bool)
        assert isinstance(entry["attribution"], bool)
        # CKAN's "open" flag agrees with GovData's
        ckan_open = "approved" in (entry["od_conformance"], entry["osd_conformance"])
        assert ckan_open == entry["open"], entry["id"]


def test_license_register_is_read_by_ckan():
    from ckan.model.license import LicenseRegister

    register = LicenseRegister.__new__(LicenseRegister)
    register.load_licenses(codelists.licenses_register_url())
    assert len(register) == 34
    dl = register["dl-by-de/2.0"]
    assert dl.title == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    assert dl.isopen()
    assert not register["other-closed"].isopen()


def test_licenses_register_url_points_at_the_file():
    url = codelists.licenses_register_url()
    assert url.startswith("file:///")
    path = Path(url.removeprefix("file://"))
    assert path.is_file()
    assert json.loads(path.read_text(encoding="utf-8")) == codelists.license_register()


def test_license_lookup():
    dl = codelists.license("dl-by-de/2.0")
    assert dl["open"] and dl["attribution"]
    iri = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    for variant in (iri, iri + "/", iri.replace("http:", "https:"), "DL-BY-DE/2.0"):
        assert codelists.license(variant)["id"] == "dl-by-de/2.0", variant
    assert codelists.license("dl-zero-de/2.0")["attribution"] is False
    assert codelists.license("cc-by/4.0")["attribution"] is True
    assert codelists.license("other-closed")["open"] is False
    assert codelists.license("no-such-licence") is None
    licenses = codelists.get("license")
    assert licenses.scheme == "http://dcat-ap.de/def/licenses"
    assert licenses.get("cc-by/4.0").label["en"].startswith("Creative Commons")


# -- against the official vocabularies and shapes (../shared) ----------------

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/dcat-ap-de (reference material) missing"
)


@pytest.fixture(scope="module")
def official():
    """Members of each scheme as the offline referee (and GovData) knows them."""
    rdflib = pytest.importorskip("rdflib")
    from rdflib.namespace import RDF, SKOS

    voc = SHARED / "vocabularies"
    members: dict[str, set[str]] = {}
    eu_files = {
        "data-theme.rdf": EU + "data-theme",
        "filetypes.rdf": EU + "file-type",
        "frequencies.rdf": EU + "frequency",
        "languages.rdf": EU + "language",
    }
    for file, scheme in eu_files.items():
        graph = rdflib.Graph().parse(voc / "eu" / file)
        members[scheme] = {str(c) for c in graph.subjects(RDF.type, SKOS.Concept)}
    for file in ("supplement.ttl", "contributors-20251021.rdf", "licenses-open.rdf"):
        graph = rdflib.Graph().parse(voc / file)
        for concept, scheme in graph.subject_objects(SKOS.inScheme):
            members.setdefault(str(scheme), set()).add(str(concept))
    text = (voc / "dcat-ap-de-lists-v102.ttl").read_text(encoding="utf-8")
    members["geocoding"] = {
        iri
        for iri in text.replace("<", " ").replace(">", " ").split()
        if iri.startswith("http://dcat-ap.de/def/politicalGeocoding/")
        and "/Level/" not in iri
    }
    return members


@pytest.fixture(scope="module")
def shape_schemes():
    """The schemes the 3.0 shapes test with ``skos:inScheme`` / ``sh:hasValue``."""
    rdflib = pytest.importorskip("rdflib")
    from rdflib.namespace import SH

    graph = rdflib.Graph()
    for path in (SHARED / "shapes-3.0").glob("*.ttl"):
        graph.parse(path, format="turtle")
    graph.parse(SHARED / "shapes-govdata-mqa" / "db-shapes.ttl", format="turtle")
    return {str(o) for o in graph.objects(None, SH.hasValue)}


SKOS_LISTS = [n for n in ALL_LISTS if n not in ("geocoding", "checksum_algorithm")]


@needs_shared
@pytest.mark.parametrize("name", SKOS_LISTS)
def test_scheme_is_the_one_the_shapes_check(name, shape_schemes):
    assert codelists.get(name).scheme in shape_schemes


@needs_shared
@pytest.mark.parametrize("name", SKOS_LISTS)
def test_every_value_is_in_the_official_scheme(name, official):
    cl = codelists.get(name)
    allowed = official.get(cl.scheme, set())
    missing = [v.iri for v in cl.values if v.iri not in allowed]
    assert not missing, f"{name}: not in {cl.scheme}: {missing}"


@needs_shared
def test_every_geocoding_key_is_in_the_official_lists(official):
    missing = [v.iri for v in codelists.get("geocoding").values]
    missing = [iri for iri in missing if iri not in official["geocoding"]]
    assert not missing


@needs_shared
def test_every_official_saalekreis_municipality_is_ours(official):
    ours = {v.iri for v in codelists.get("geocoding").values}
    saalekreis = {
        iri
        for iri in official["geocoding"]
        if "/regionalKey/15088" in iri or "/districtKey/15" in iri
    }
    assert saalekreis and saalekreis <= ours, saalekreis - ours


@needs_shared
def test_every_official_contributor_and_licence_is_ours(official):
    for name, scheme in (
        ("contributor", "http://dcat-ap.de/def/contributors"),
        ("license", "http://dcat-ap.de/def/licenses"),
    ):
        ours = {v.iri for v in codelists.get(name).values}
        assert official[scheme] <= ours, official[scheme] - ours


@needs_shared
def test_data_themes_are_all_thirteen(official):
    ours = {v.iri for v in codelists.get("data_theme").values}
    assert ours == official[EU + "data-theme"] - {EU + "data-theme/OP_DATPRO"}


@needs_shared
def test_open_flag_matches_govdata():
    rdflib = pytest.importorskip("rdflib")
    graph = rdflib.Graph().parse(SHARED / "vocabularies" / "licenses-open.rdf")
    predicate = rdflib.URIRef("http://govdata.de/mqa/#isOpenLicense")
    for subject, flag in graph.subject_objects(predicate):
        entry = codelists.license(str(subject))
        assert entry is not None, subject
        assert entry["open"] is (str(flag) == "true"), subject
