"""Tests for the fake OParl server itself: spec conformance, mutators, faults.

These use plain ``requests`` so that the server is checked independently of
the client under test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests

from .fake_oparl import BERLIN, FAULTS, VENDORS, FakeOParl

HERE = Path(__file__).parent


def get(url: str, **params: Any) -> requests.Response:
    return requests.get(url, params=params, timeout=5)


def since_param(when: datetime) -> str:
    return when.replace(microsecond=0).isoformat()


def page_ids(response: requests.Response) -> list[str]:
    return [obj["id"] for obj in response.json()["data"]]


def all_ids(url: str) -> list[str]:
    found: list[str] = []
    for _ in range(100):  # bounded
        page = get(url).json()
        found += [obj["id"] for obj in page["data"]]
        url = page["links"].get("next")
        if not url:
            return found
    raise AssertionError("too many pages")


# -- structure --------------------------------------------------------------


def test_system_and_body_oparl_11(oparl_server):
    system = get(oparl_server.url).json()
    assert system["type"] == "https://schema.oparl.org/1.1/System"
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert system["vendor"] == VENDORS["generic"]["system"]["vendor"]
    bodies = get(system["body"]).json()["data"]
    body = bodies[0]
    assert body["name"] == "Landkreis Musterkreis"
    for key in ("legislativeTermList", "locationList", "agendaItem", "file"):
        assert get(body[key]).status_code == 200
    assert [t["name"] for t in body["legislativeTerm"]] == [
        "Wahlperiode 2019–2024",
        "Wahlperiode 2024–2029",
    ]
    assert body["license"] != system["license"]  # inheritance is meaningful


def test_oparl_10_has_four_lists_and_embeds_the_rest(oparl_server):
    oparl_server.reset(version="1.0")
    body = get(oparl_server.base + "/oparl/v1/body/1").json()
    assert body["type"] == "https://schema.oparl.org/1.0/Body"
    assert "file" not in body and "locationList" not in body
    assert get(oparl_server.list_url("File")).status_code == 404
    meeting = get(oparl_server.object_id("Meeting", 3)).json()
    assert meeting["agendaItem"][0]["type"].endswith("/1.0/AgendaItem")
    assert "meeting" not in meeting["agendaItem"][0]  # no backref when embedded
    embedded_file = meeting["invitation"]
    assert get(embedded_file["id"]).json()["name"] == embedded_file["name"]


def test_objects_are_realistic(oparl_server):
    meeting = get(oparl_server.object_id("Meeting", 0)).json()
    assert {"invitation", "resultsProtocol", "auxiliaryFile", "participant"} <= set(
        meeting
    )
    assert any(item["public"] is False for item in meeting["agendaItem"])
    assert meeting["auxiliaryFile"][0]["name"].startswith(
        ("Anwesenheitsliste", "Unterschriftenliste")
    )
    person = get(oparl_server.object_id("Person", 1)).json()
    assert {"email", "phone", "formOfAddress", "life", "location"} <= set(person)
    assert person["email"][0].endswith(".example")
    location = get(person["location"]).json()
    lon, lat = location["geojson"]["geometry"]["coordinates"]
    assert 10.5 < lon < 13.2 and 50.9 < lat < 53.1
    paper = get(oparl_server.object_id("Paper", 13)).json()
    assert paper["license"].startswith("https://www.govdata.de/")
    assert paper["mainFile"]["mimeType"].startswith("application/")


def test_file_download_matches_metadata(oparl_server):
    file = get(oparl_server.object_id("File", "p3-0")).json()
    assert file["paper"] == [oparl_server.object_id("Paper", 3)]
    download = get(file["accessUrl"])
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-") and download.content.endswith(
        b"%%EOF\n"
    )
    assert len(download.content) == file["size"]


def test_two_bodies(oparl_server):
    oparl_server.reset(bodies=2)
    bodies = get(oparl_server.base + "/oparl/v1/body").json()["data"]
    assert [b["shortName"] for b in bodies] == ["Musterkreis", "Musterstadt"]
    town = get(bodies[1]["paper"]).json()
    assert town["pagination"]["totalElements"] == 120 // 5


# -- pagination and filters -------------------------------------------------


def test_pagination_is_spec_conformant(oparl_server):
    url = oparl_server.list_url("Paper")
    first = get(url).json()
    assert first["pagination"] == {
        "totalElements": 120,
        "elementsPerPage": 25,
        "currentPage": 1,
        "totalPages": 5,
    }
    assert set(first["links"]) == {"first", "self", "next", "last"}
    last = get(first["links"]["last"]).json()
    assert "next" not in last["links"] and "prev" in last["links"]
    assert len(last["data"]) == 20
    ids = all_ids(url)
    assert len(ids) == len(set(ids)) == 120


def test_limit_and_page_beyond_the_end(oparl_server):
    page = get(oparl_server.list_url("Paper"), limit=10, page=2).json()
    assert len(page["data"]) == 10
    assert "limit=10" in page["links"]["next"]
    assert get(oparl_server.list_url("Paper"), page=99).json()["data"] == []
    assert get(oparl_server.list_url("Paper"), page="x").status_code == 400


def test_filters_keep_in_next_links(oparl_server):
    since = oparl_server.clock.now
    oparl_server.clock.advance(10)
    oparl_server.touch(oparl_server.sample_ids("Paper", n=30))
    url = oparl_server.list_url("Paper")
    page = get(url, modified_since=since_param(since)).json()
    assert page["pagination"]["totalElements"] == 30
    assert "modified_since=" in page["links"]["next"]
    assert len(all_ids(url + "?modified_since=" + quote(since_param(since)))) == 30


@pytest.mark.parametrize(
    ("name", "delta_days", "expected"),
    [
        ("created_since", -365, "some"),
        ("created_until", -3000, "none"),
        ("modified_until", 1, "all"),
    ],
)
def test_created_and_modified_filters(oparl_server, name, delta_days, expected):
    when = oparl_server.clock.now + timedelta(days=delta_days)
    total = get(oparl_server.list_url("Paper"), **{name: since_param(when)}).json()
    count = total["pagination"]["totalElements"]
    assert {"all": count == 120, "none": count == 0, "some": 0 < count < 120}[expected]


def test_invalid_filter_is_400(oparl_server):
    response = get(oparl_server.list_url("Paper"), modified_since="gestern")
    assert response.status_code == 400


# -- mutators and clock -----------------------------------------------------


def test_clock(oparl_server):
    start = oparl_server.clock.now
    assert oparl_server.clock.advance(90) == start + timedelta(seconds=90)
    oparl_server.clock.set(datetime(2026, 1, 1, tzinfo=BERLIN))
    assert oparl_server.clock.now.year == 2026
    oparl_server.reset()
    assert oparl_server.clock.now == start


def test_touch_sets_modified_from_the_clock(oparl_server):
    now = oparl_server.clock.advance(3600)
    paper = oparl_server.object_id("Paper", 5)
    oparl_server.touch([paper])
    assert get(paper).json()["modified"] == now.isoformat()


def test_delete_and_depublish(oparl_server):
    deleted, gone = (
        oparl_server.object_id("Paper", 1),
        oparl_server.object_id("Paper", 2),
    )
    since = since_param(oparl_server.clock.now)
    oparl_server.clock.advance(5)
    oparl_server.delete([deleted])
    oparl_server.depublish([gone])
    stub = get(deleted).json()
    assert stub["deleted"] is True and set(stub) == {
        "id",
        "type",
        "created",
        "modified",
        "deleted",
    }
    assert get(gone).status_code == 404
    unfiltered = all_ids(oparl_server.list_url("Paper"))
    assert deleted not in unfiltered and gone not in unfiltered
    filtered = page_ids(get(oparl_server.list_url("Paper"), modified_since=since))
    assert filtered == [deleted]
    assert oparl_server.count("Paper") == 118


def test_deleting_an_embedded_file_changes_its_paper(oparl_server):
    since = since_param(oparl_server.clock.now)
    oparl_server.clock.advance(5)
    oparl_server.delete([oparl_server.object_id("File", "p4-1")])
    paper = get(oparl_server.object_id("Paper", 4)).json()
    assert "auxiliaryFile" not in paper
    changed = page_ids(get(oparl_server.list_url("File"), modified_since=since))
    assert changed == [oparl_server.object_id("File", "p4-1")]


def test_add(oparl_server):
    now = oparl_server.clock.advance(60)
    new = oparl_server.add("Paper", 2)
    assert new == [oparl_server.object_id("Paper", n) for n in (120, 121)]
    paper = get(new[0]).json()
    assert paper["created"] == paper["modified"] == now.isoformat()
    assert oparl_server.count("Paper") == 122
    assert oparl_server.count("File") == 122 * 2 + 12 * 3
    with pytest.raises(ValueError, match="cannot add"):
        oparl_server.add("File")


def test_request_counter(oparl_server):
    get(oparl_server.url)
    get(oparl_server.list_url("Paper"))
    assert oparl_server.request_count == 2
    assert oparl_server.requests_to("/paper") == 1


# -- faults -----------------------------------------------------------------


def test_unknown_fault_is_rejected(oparl_server):
    with pytest.raises(ValueError):
        oparl_server.faults.enable("typo")


def test_spurious_and_permanent_500(oparl_server):
    url = oparl_server.object_id("Paper", 1)
    oparl_server.faults.enable("spurious_500", path="/paper/1", first=2)
    assert [get(url).status_code for _ in range(3)] == [500, 500, 200]
    oparl_server.faults.enable("spurious_500", every=2)
    assert [get(url).status_code for _ in range(4)] == [200, 500, 200, 500]
    oparl_server.faults.clear()
    oparl_server.faults.enable("permanent_500", path="/paper/1")
    assert {get(url).status_code for _ in range(3)} == {500}
    assert get(oparl_server.object_id("Paper", 2)).status_code == 200


def test_slow_is_bounded_and_reset_closes(oparl_server):
    oparl_server.faults.enable("slow", path="/paper/1", seconds=60)
    with pytest.raises(requests.Timeout):
        requests.get(oparl_server.object_id("Paper", 1), timeout=0.3)
    oparl_server.faults.clear()
    oparl_server.faults.enable("reset", path="/paper/2")
    with pytest.raises(requests.ConnectionError):
        requests.get(oparl_server.object_id("Paper", 2), timeout=2)


def test_broken_bodies(oparl_server):
    url = oparl_server.object_id("Paper", 3)
    oparl_server.faults.enable("truncated_json", path="/paper/3")
    with pytest.raises(json.JSONDecodeError):
        json.loads(get(url).content)
    oparl_server.faults.clear()
    oparl_server.faults.enable("html_200")
    response = get(url)
    assert response.status_code == 200 and response.text.startswith("<!DOCTYPE")
    oparl_server.faults.clear()
    oparl_server.faults.enable("invalid_json_control_chars")
    raw = get(url).content
    assert b"\x0b" in raw
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw)


@pytest.mark.parametrize("style", ["oparl", "sternberg", "plain"])
def test_error_objects_with_200(oparl_server, style):
    oparl_server.faults.enable("error_object_200", style=style)
    response = get(oparl_server.url)
    assert response.status_code == 200
    body = response.json()
    assert "id" not in body and ("error" in body or body["type"].endswith("/Error"))


def test_next_loop(oparl_server):
    oparl_server.faults.enable("next_loop", page=2, to_page=1)
    page2 = get(oparl_server.list_url("Paper"), page=2).json()
    assert page2["links"]["next"].endswith("page=1")


def test_modified_since_dropped_or_ignored(oparl_server):
    since = since_param(oparl_server.clock.now)
    oparl_server.clock.advance(5)
    oparl_server.touch(oparl_server.sample_ids("Paper", n=30))
    url = oparl_server.list_url("Paper")
    oparl_server.faults.enable("modified_since_dropped_from_next")
    page = get(url, modified_since=since).json()
    assert page["pagination"]["totalElements"] == 30
    assert "modified_since" not in page["links"]["next"]
    # Following the bare next link leaves the filtered list (the trap).
    assert get(page["links"]["next"]).json()["pagination"]["totalElements"] == 120
    oparl_server.faults.clear()
    oparl_server.faults.enable("modified_since_ignored")
    page = get(url, modified_since=since).json()
    assert page["pagination"]["totalElements"] == 120
    assert "modified_since" not in page["links"]["self"]


def test_somacos_wants_raw_timestamps(oparl_server):
    oparl_server.reset(vendor="somacos")
    oparl_server.faults.disable("spurious_500")
    url = oparl_server.list_url("Paper")
    value = "2025-01-01T00:00:00+00:00"
    assert requests.get(f"{url}?modified_since={value}", timeout=5).status_code == 200
    encoded = requests.get(url, params={"modified_since": value}, timeout=5)
    assert encoded.status_code == 404 and "html" in encoded.headers["Content-Type"]
    fraction = requests.get(f"{url}?modified_since=2025-01-01T00:00:00.5Z", timeout=5)
    assert fraction.status_code == 400


def test_insert_during_crawl_shifts_pages(oparl_server):
    oparl_server.faults.enable("insert_during_crawl", type="paper", after=1, n=3)
    url = oparl_server.list_url("Paper")
    first = page_ids(get(url))
    second = page_ids(get(url, page=2))
    assert second[:3] == first[-3:]
    assert oparl_server.count("Paper") == 123


def test_wrong_totals_and_empty_lists(oparl_server):
    oparl_server.faults.enable("wrong_totals")
    assert get(oparl_server.list_url("Paper")).json()["pagination"][
        "totalElements"
    ] == (120 + 37)
    future = since_param(oparl_server.clock.now + timedelta(days=1))
    oparl_server.faults.enable("empty_list_404")
    response = get(oparl_server.list_url("Paper"), modified_since=future)
    assert response.status_code == 404 and response.json()["code"] == 802
    oparl_server.faults.clear()
    oparl_server.faults.enable("empty_list_array")
    assert get(oparl_server.list_url("Paper"), modified_since=future).json() == []


def test_shape_quirks(oparl_server):
    for name in ("body_list_single_object", "swapped_latlon", "na_strings"):
        oparl_server.faults.enable(name)
    for name in ("mimetype_short", "tz_double_colon", "auxiliary_file_object"):
        oparl_server.faults.enable(name)
    body = get(oparl_server.base + "/oparl/v1/body").json()
    assert body["type"].endswith("/Body")
    lon, lat = body["location"]["geojson"]["geometry"]["coordinates"]
    assert lon > 50 and lat < 20
    meeting = get(oparl_server.object_id("Meeting", 1)).json()
    assert isinstance(meeting["auxiliaryFile"], dict)
    assert meeting["auxiliaryFile"]["mimeType"] in ("pdf", "docx")
    assert meeting["auxiliaryFile"]["downloadUrl"] == ""
    assert meeting["modified"].endswith("::00")
    person = get(oparl_server.object_id("Person", 1)).json()
    assert person["phone"] == [""] and person["life"] == ""


def test_ids_and_synthetic_timestamps(oparl_server):
    oparl_server.faults.enable("id_differs_from_url")
    paper = get(oparl_server.object_id("Paper", 1)).json()
    assert paper["id"].startswith("http://ris-intern.musterkreis.test:8080/")
    assert paper["body"].startswith(oparl_server.base)  # only ids differ
    oparl_server.faults.clear()
    oparl_server.faults.enable("synthetic_timestamps")
    midnight = oparl_server.clock.now.replace(hour=0, minute=0, second=0)
    paper = get(oparl_server.object_id("Paper", 1)).json()
    assert paper["created"] == paper["modified"] == midnight.isoformat()
    organization = get(oparl_server.object_id("Organization", 1)).json()
    assert "modified" not in organization


def test_http_ids_on_https_public_base(oparl_server):
    oparl_server.reset(public_base="https://ris.musterkreis.test")
    oparl_server.faults.enable("http_ids_on_https")
    served = oparl_server.served_base + "/oparl/v1/body/1/paper/1"
    paper = get(served).json()
    assert paper["id"] == "http://ris.musterkreis.test/oparl/v1/body/1/paper/1"
    assert paper["body"] == "https://ris.musterkreis.test/oparl/v1/body/1"
    oparl_server.reset()
    assert oparl_server.base == oparl_server.served_base


def test_missing_reference_and_deleted_without_type(oparl_server):
    oparl_server.faults.enable("missing_reference")
    meeting = get(oparl_server.object_id("Meeting", 2)).json()
    assert get(meeting["participant"][-1]).status_code == 404
    oparl_server.faults.enable("deleted_missing_type")
    oparl_server.delete([oparl_server.object_id("Paper", 1)])
    assert "type" not in get(oparl_server.object_id("Paper", 1)).json()


@pytest.mark.parametrize("vendor", sorted(VENDORS))
def test_vendor_modes(oparl_server, vendor):
    oparl_server.reset(vendor=vendor)
    assert set(oparl_server.faults.active) == set(VENDORS[vendor]["faults"])
    assert set(oparl_server.faults.active) <= FAULTS
    oparl_server.faults.disable("spurious_500")
    system = get(oparl_server.url).json()
    for key, value in VENDORS[vendor]["system"].items():
        assert system[key] == value
    expected = "1.0" if vendor == "more-rubin" else "1.1"
    assert system["oparlVersion"].endswith(f"/{expected}/")


def test_more_rubin_answers_unknown_paths_with_an_error_object(oparl_server):
    oparl_server.reset(vendor="more-rubin")
    response = get(oparl_server.base + "/oparl/v1.1/system")
    assert response.status_code == 200
    assert response.json()["type"] == "https://schema.oparl.org/1.0/Error"


# -- control API and standalone -------------------------------------------


def test_control_api(oparl_server):
    control = oparl_server.served_base + "/_control/"
    post = lambda action, **body: requests.post(  # noqa: E731
        control + action, json=body, timeout=5
    ).json()
    assert post("clock", advance=60)["now"] == (oparl_server.clock.now.isoformat())
    touched = post("touch", type="Paper", share=0.05)["ids"]
    assert len(touched) == 6
    assert len(post("add", type="Meeting", n=2)["ids"]) == 2
    assert post("delete", ids=touched[:1])["ids"] == touched[:1]
    assert post("fault", name="slow", params={"seconds": 1})["active"] == {
        "slow": {"seconds": 1}
    }
    assert post("fault", clear=True)["active"] == {}
    assert "error" in post("nonsense")
    stats = requests.get(control + "stats", timeout=5).json()
    assert stats["requests"] == 0  # control requests are not counted
    post("reset")
    assert oparl_server.count("Meeting") == 12


def test_standalone_server_prints_ready_and_stops():
    process = subprocess.Popen(
        [sys.executable, str(HERE / "fake_oparl.py"), "--papers", "50", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        assert line.startswith("READY http://127.0.0.1:")
        url = line.split()[1]
        assert url.endswith("/oparl/v1/system")
        assert get(url).json()["name"].startswith("Ratsinformationssystem")
    finally:
        process.terminate()
        assert process.wait(timeout=5) == 0


def test_large_dataset_is_cheap_to_build_and_serve():
    started = time.monotonic()
    with FakeOParl(papers=20_000, meetings=3_000, files_per_paper=3) as server:
        assert server.count("File") == 20_000 * 3 + 3_000 * 3
        page = get(server.list_url("File"), page=600).json()
        assert page["pagination"]["totalPages"] == 690
        assert len(page["data"]) == 100
        server.touch(server.sample_ids("Paper", share=0.01))
        since = since_param(server.clock.now - timedelta(seconds=1))
        changed = get(server.list_url("Paper"), modified_since=since).json()
        assert changed["pagination"]["totalElements"] == 200
    assert time.monotonic() - started < 10
