"""Tests for vendor detection and the normalisation fix-ups."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ckanext.oparl_harvester.client import vendors
from ckanext.oparl_harvester.client.vendors import (
    canonical_url,
    detect,
    format_modified_since,
    get_profile,
    normalise,
    object_type,
    type_from_url,
)

BASE = "https://ris.musterkreis.example/oparl/v1/body/1/paper"
GENERIC = get_profile()


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ({"contactName": "STERNBERG Software GmbH & Co. KG"}, "sternberg"),
        ({"product": "SD.NET RIM 4"}, "sternberg"),
        ({"vendor": "https://www.cc-egov.de"}, "allris"),
        ({"vendor": "http://cc-egov.de/"}, "allris"),
        ({"vendor": "http://www.somacos.de"}, "somacos"),
        (
            {"product": "Sitzungsmanagementsystem Session  Copyright SOMACOS GmbH"},
            "somacos",
        ),
        ({"website": "https://gommern.gremien.info"}, "more-rubin"),
        ({"product": "more! rubin"}, "more-rubin"),
        ({"vendor": "https://oparl.example/referenz"}, "generic"),
        ({}, "generic"),
    ],
)
def test_detect(system, expected):
    assert detect(system).name == expected


def test_detect_reads_the_oparl_version():
    system = {"oparlVersion": "https://schema.oparl.org/1.0/", "vendor": "somacos"}
    profile = detect(system)
    assert (profile.name, profile.oparl_version) == ("somacos", "1.0")
    assert (
        detect({"type": "https://schema.oparl.org/1.1/System"}).oparl_version == "1.1"
    )


def test_profiles_are_data():
    assert vendors.profile_names()[0] == "generic"
    sternberg = get_profile("sternberg")
    assert sternberg.switch("empty_list_404") is True
    assert "infer_missing_type" in sternberg.fixups
    assert sternberg.fixups[: len(GENERIC.fixups)] == GENERIC.fixups
    assert get_profile("somacos").switch("modified_since_encoding") == "raw"
    assert get_profile("more-rubin").switch("synthetic_modified") is True
    assert GENERIC.switch("empty_list_404") is False
    with pytest.raises(KeyError):
        get_profile("unknown")


def test_unknown_names_in_yaml_are_rejected(tmp_path: Path):
    path = tmp_path / "vendors.yaml"
    path.write_text(
        "defaults: {fixups: [drop_placeholders], switches: {extra_retries: 0}}\n"
        "profiles: {x: {fixups: [no_such_fixup]}}\n"
    )
    with pytest.raises(ValueError, match="no_such_fixup"):
        vendors._load(path)
    path.write_text(
        "defaults: {fixups: [], switches: {extra_retries: 0}}\n"
        "profiles: {x: {switches: {typo: 1}}}\n"
    )
    with pytest.raises(ValueError, match="typo"):
        vendors._load(path)


def test_every_fixup_in_the_yaml_exists():
    names = {f for name in vendors.profile_names() for f in get_profile(name).fixups}
    assert names <= set(vendors.FIXUPS)


# -- normalise --------------------------------------------------------------


def test_placeholders_are_removed_everywhere_without_touching_the_input():
    obj = {
        "id": f"{BASE}/1",
        "name": "Vorlage",
        "reference": "N/A",
        "phone": ["", "+49 30 23125 001"],
        "streetAddress": "  ",
        "mainFile": {"id": f"{BASE}/f", "downloadUrl": "", "name": "n/a"},
        "count": 0,
        "public": False,
    }
    original = copy.deepcopy(obj)
    fixed = normalise(obj, GENERIC, base_url=BASE)
    assert obj == original
    assert fixed == {
        "id": f"{BASE}/1",
        "name": "Vorlage",
        "phone": ["+49 30 23125 001"],
        "mainFile": {"id": f"{BASE}/f"},
        "count": 0,
        "public": False,
    }


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("pdf", "application/pdf"),
        ("PDF", "application/pdf"),
        (".docx", vendors.SHORT_MIME_TYPES["docx"]),
        ("application/pdf", "application/pdf"),
        ("Application/PDF", "application/pdf"),
        ("application/octetstream", "application/octet-stream"),
        ("odp", "application/vnd.oasis.opendocument.presentation"),
        ("weird-thing", "weird-thing"),
    ],
)
def test_short_mime_types(given, expected):
    fixed = normalise({"mimeType": given}, GENERIC, base_url=BASE)
    assert fixed["mimeType"] == expected


def test_timezone_with_double_colon():
    obj = {"modified": "2019-12-16T11:21:11+01::00", "name": "a::b"}
    fixed = normalise(obj, GENERIC, base_url=BASE)
    assert fixed == {"modified": "2019-12-16T11:21:11+01:00", "name": "a::b"}


def test_single_object_where_an_array_belongs():
    obj = {"auxiliaryFile": {"id": "x"}, "mainFile": {"id": "y"}}
    fixed = normalise(obj, GENERIC, base_url=BASE)
    assert fixed == {"auxiliaryFile": [{"id": "x"}], "mainFile": {"id": "y"}}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # http id on an https server, same host
        (
            "http://ris.musterkreis.example/oparl/v1/body/1/paper/3",
            "https://ris.musterkreis.example/oparl/v1/body/1/paper/3",
        ),
        # internal host and port for the same API path
        (
            "http://ris-intern:8080/oparl/v1/body/1/paper/3",
            "https://ris.musterkreis.example/oparl/v1/body/1/paper/3",
        ),
        # default port and host case
        (
            "https://RIS.musterkreis.example:443/oparl/v1/body/1/paper/3?x=1",
            "https://ris.musterkreis.example/oparl/v1/body/1/paper/3?x=1",
        ),
        # foreign URLs outside the API stay as they are
        (
            "https://www.govdata.de/dl-de/by-2-0",
            "https://www.govdata.de/dl-de/by-2-0",
        ),
        ("http://other.example/web/1", "http://other.example/web/1"),
        ("mailto:a@b.example", "mailto:a@b.example"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url, BASE) == expected


def test_canonical_ids_keep_the_original_and_fix_references():
    obj = {
        "id": "http://ris.musterkreis.example/oparl/v1/body/1/paper/3",
        "type": "https://schema.oparl.org/1.1/Paper",
        "license": "http://www.govdata.de/dl-de/by-2-0",
        "originatorPerson": ["http://ris-intern:8080/oparl/v1/body/1/person/2"],
        "mainFile": {"id": "http://ris.musterkreis.example/oparl/v1/body/1/file/9"},
    }
    fixed = normalise(obj, GENERIC, base_url=BASE)
    assert fixed["id"] == f"{BASE}/3"
    assert fixed["_original_id"] == obj["id"]
    assert fixed["originatorPerson"] == [
        "https://ris.musterkreis.example/oparl/v1/body/1/person/2"
    ]
    assert fixed["mainFile"]["id"].startswith("https://")
    assert fixed["license"] == obj["license"]
    assert fixed["type"] == obj["type"]


def test_somacos_style_paths_have_their_api_root():
    base = "https://ratsinfo.musterstadt.example/bi/oparl/1.0/papers.asp?body=1"
    url = "http://10.0.0.5/bi/oparl/1.0/papers.asp?id=17"
    assert canonical_url(url, base) == (
        "https://ratsinfo.musterstadt.example/bi/oparl/1.0/papers.asp?id=17"
    )
    assert canonical_url("http://10.0.0.5/bi/si0057.asp", base).startswith("http://10")


def _location(lon: float, lat: float) -> dict:
    return {
        "type": "https://schema.oparl.org/1.1/Location",
        "geojson": {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        },
    }


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ((51.35, 11.99), [11.99, 51.35]),  # swapped
        ((11.99, 51.35), [11.99, 51.35]),  # right
        ((-70.0, 40.0), [-70.0, 40.0]),  # nonsense either way: left alone
        ((10.0, 10.0), [10.0, 10.0]),
    ],
)
def test_swapped_coordinates(given, expected):
    fixed = normalise(_location(*given), GENERIC, base_url=BASE)
    assert fixed["geojson"]["geometry"]["coordinates"] == expected


def test_bare_geometry_is_fixed_too():
    obj = {"geojson": {"type": "Point", "coordinates": [51.3, 12.0, 90.0]}}
    fixed = normalise(obj, GENERIC, base_url=BASE)
    assert fixed["geojson"]["coordinates"] == [12.0, 51.3, 90.0]


def test_missing_type_is_inferred_only_where_the_profile_says():
    stub = {"id": f"{BASE}/7", "deleted": True}
    assert "type" not in normalise(stub, GENERIC, base_url=BASE)
    fixed = normalise(stub, get_profile("sternberg", "1.0"), base_url=BASE)
    assert fixed["type"] == "https://schema.oparl.org/1.0/Paper"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x/oparl/v1/body/1/paper/17", "Paper"),
        ("https://x/oparl/v1/body/1", "Body"),
        ("https://x/public/oparl/organizations?typ=gr&id=334", "Organization"),
        ("https://x/bi/oparl/1.0/papers.asp?id=1664", "Paper"),
        ("https://x/webservice/oparl/v1.1/body/1/agendaitem/7595", "AgendaItem"),
        ("https://x/nothing/here", None),
    ],
)
def test_type_from_url(url, expected):
    assert type_from_url(url) == expected


def test_double_slashes_in_download_links():
    obj = {"accessUrl": "https://ris.example/files//rim/4/a.pdf", "name": "a//b"}
    fixed = normalise(obj, get_profile("sternberg"), base_url=BASE)
    assert fixed["accessUrl"] == "https://ris.example/files/rim/4/a.pdf"
    assert normalise(obj, GENERIC, base_url=BASE)["accessUrl"] == obj["accessUrl"]


def test_synthetic_modified_is_flagged_on_all_objects():
    obj = {"id": f"{BASE}/1", "mainFile": {"id": f"{BASE}/2"}, "x": {"y": 1}}
    fixed = normalise(obj, get_profile("more-rubin"), base_url=BASE)
    assert fixed["_synthetic_modified"] is True
    assert fixed["mainFile"]["_synthetic_modified"] is True
    assert "_synthetic_modified" not in fixed["x"]
    assert "_synthetic_modified" not in normalise(obj, GENERIC, base_url=BASE)


def test_fixups_are_counted():
    stats: Counter[str] = Counter()
    obj = {"a": "N/A", "f": {"mimeType": "pdf"}, "g": [{"mimeType": "docx"}]}
    normalise(obj, GENERIC, base_url=BASE, stats=stats)
    assert stats == Counter({"short_mime_types": 2, "drop_placeholders": 1})


def test_object_type():
    assert object_type({"type": "https://schema.oparl.org/1.1/Paper"}) == "Paper"
    assert object_type({"type": "SD.NET RIM Webservice"}) is None
    assert object_type({}) is None


# -- modified_since ---------------------------------------------------------

WHEN = datetime(2025, 3, 3, 11, 0, 5, 123456, tzinfo=UTC)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("utc_offset", "2025-03-03T11:00:05+00:00"),
        ("utc_z", "2025-03-03T11:00:05Z"),
        ("local_offset", "2025-03-03T12:00:05+01:00"),
    ],
)
def test_format_modified_since(style, expected):
    profile = vendors.VendorProfile(
        "x", "x", (), {**GENERIC.switches, "modified_since_format": style}
    )
    assert format_modified_since(WHEN, profile) == expected


def test_format_modified_since_converts_and_assumes_utc():
    cet = WHEN.astimezone(timezone(timedelta(hours=1)))
    assert format_modified_since(cet, GENERIC) == "2025-03-03T11:00:05+00:00"
    naive = WHEN.replace(tzinfo=None)
    assert format_modified_since(naive, GENERIC) == "2025-03-03T11:00:05+00:00"
