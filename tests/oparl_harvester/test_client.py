"""Tests for the OParl client against the fake server (no CKAN needed)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest

from ckanext.oparl_harvester.client import OParlClient, pagination, vendors
from ckanext.oparl_harvester.client.errors import (
    OParlCircuitOpen,
    OParlConnectionError,
    OParlError,
    OParlHTTPError,
    OParlJSONError,
    OParlNotFoundError,
    OParlServerError,
    OParlTimeout,
)
from ckanext.oparl_harvester.client.pagination import RECENT_IDS, CrawlReport, RecentIds
from ckanext.oparl_harvester.client.wire import (
    body_lists,
    has_param,
    is_error_object,
    iter_embedded,
    parse_json,
    with_param,
)

from .conftest import PUBLIC_HTTPS, make_client
from .fake_oparl import FakeOParl


def crawl(
    client: OParlClient, url: str, **kwargs: Any
) -> tuple[list[dict[str, Any]], CrawlReport]:
    listing = client.iter_list(url, **kwargs)
    return list(listing), listing.report


def ids(objects: list[dict[str, Any]]) -> set[str]:
    return {obj["id"] for obj in objects}


def first_body(client: OParlClient, server: FakeOParl) -> dict[str, Any]:
    return client.bodies(client.system(server.url))[0]


# -- full crawls ------------------------------------------------------------


def test_full_crawl_oparl_11_finds_every_object(oparl_server, client):
    body = first_body(client, oparl_server)
    lists = body_lists(body)
    assert set(lists) == set(vendors._TYPE_SEGMENTS.values()) - {"System", "Body"}
    for type_name, url in lists.items():
        objects, report = crawl(client, url)
        assert report.complete, report.errors
        assert len(objects) == oparl_server.count(type_name), type_name
        assert report.objects == len(ids(objects)) == len(objects)
        assert not report.errors


def test_full_crawl_oparl_10_lists_and_embedded_objects(oparl_server, client):
    oparl_server.reset(version="1.0")
    system = client.system(oparl_server.url)
    assert client.profile.oparl_version == "1.0"
    body = client.bodies(system)[0]
    assert set(body_lists(body)) == {"Organization", "Person", "Meeting", "Paper"}
    files: set[str] = set()
    for type_name, url in body_lists(body).items():
        objects, report = crawl(client, url)
        assert report.complete
        assert len(objects) == oparl_server.count(type_name)
        assert all("/1.0/" in obj["type"] for obj in objects)
        files |= {
            e["id"]
            for obj in objects
            for e in iter_embedded(obj)
            if "/File" in e["type"]
        }
    # In 1.0 files exist only embedded in papers and meetings.
    assert len(files) == oparl_server.count("File")


def test_crawl_request_count_is_one_per_page(oparl_server, client):
    _, report = crawl(client, oparl_server.list_url("Paper"))
    pages = -(-oparl_server.count("Paper") // 25)
    assert report.pages == pages
    assert report.requests == pages == oparl_server.requests_to("/paper")


def test_report_summary_is_german(oparl_server, client):
    _, report = crawl(client, oparl_server.list_url("Organization"))
    assert "vollständig" in report.summary()
    assert report.total_announced == report.objects


# -- incremental ------------------------------------------------------------


def test_incremental_returns_exactly_the_changes(oparl_server, client):
    last_run = oparl_server.clock.now
    oparl_server.clock.advance(3600)
    paper = oparl_server.object_id
    touched = [paper("Paper", n) for n in (1, 2, 3, 21)]
    oparl_server.touch(touched)
    deleted = [paper("Paper", n) for n in (10, 11)]
    oparl_server.delete(deleted)
    added = oparl_server.add("Paper", 2)
    oparl_server.depublish([paper("Paper", 20), paper("Paper", 21)])
    objects, report = crawl(
        client, oparl_server.list_url("Paper"), modified_since=last_run
    )
    assert report.complete and report.filter_honoured
    assert ids(objects) == set(touched[:3]) | set(deleted) | set(added)
    assert {o["id"] for o in objects if o.get("deleted")} == set(deleted)
    assert report.deleted == 2 and report.objects == 7
    assert all(
        set(o) == {"id", "type", "created", "modified", "deleted"}
        for o in objects
        if o.get("deleted")
    )


def test_overlap_window_includes_changes_just_before_since(oparl_server, client):
    paper = oparl_server.sample_ids("Paper", n=1)
    oparl_server.touch(paper)
    since = oparl_server.clock.advance(120)  # changed 2 minutes before `since`
    url = oparl_server.list_url("Paper")
    five = timedelta(minutes=5)
    objects, _ = crawl(client, url, modified_since=since, overlap=five)
    assert ids(objects) == set(paper)
    objects, _ = crawl(client, url, modified_since=since)  # no overlap
    assert objects == []


def test_embedded_change_shows_in_parent_and_in_file_list(oparl_server, client):
    since = oparl_server.clock.now
    oparl_server.clock.advance(60)
    file_id = oparl_server.object_id("File", "p7-1")
    oparl_server.touch([file_id])
    papers, _ = crawl(client, oparl_server.list_url("Paper"), modified_since=since)
    files, _ = crawl(client, oparl_server.list_url("File"), modified_since=since)
    assert ids(papers) == {oparl_server.object_id("Paper", 7)}
    assert ids(files) == {file_id}


def test_modified_since_reappended_when_next_link_drops_it(oparl_server, client):
    since = oparl_server.clock.now
    oparl_server.clock.advance(60)
    changed = oparl_server.sample_ids("Paper", n=60)  # three pages of changes
    oparl_server.touch(changed)
    oparl_server.faults.enable("modified_since_dropped_from_next")
    objects, report = crawl(
        client, oparl_server.list_url("Paper"), modified_since=since
    )
    assert ids(objects) == set(changed)
    assert report.complete and report.pages == 3
    assert any("wieder angehängt" in w for w in report.warnings)


def test_ignored_modified_since_is_reported_not_fatal(oparl_server, client):
    since = oparl_server.clock.advance(60)
    oparl_server.faults.enable("modified_since_ignored")
    objects, report = crawl(
        client, oparl_server.list_url("Paper"), modified_since=since
    )
    assert len(objects) == oparl_server.count("Paper")
    assert report.complete
    assert report.filter_honoured is False
    assert any("ignoriert modified_since" in w for w in report.warnings)


def test_since_has_whole_seconds_and_vendor_encoding(oparl_server, client):
    oparl_server.reset(vendor="somacos")  # rejects encoded values and fractions
    oparl_server.faults.disable("spurious_500")
    since = oparl_server.clock.now.replace(microsecond=123456)
    url = oparl_server.list_url("Paper")
    _, report = crawl(client, url, modified_since=since)  # generic: encoded
    assert not report.complete and "HTTP 404" in report.errors[0]
    client.system(oparl_server.url)
    assert client.profile.name == "somacos"
    _, report = crawl(client, url, modified_since=since)
    assert report.complete, report.errors
    assert report.modified_since and "." not in report.modified_since


# -- retries, timeouts, breaker --------------------------------------------


def test_spurious_500_is_retried(oparl_server, client):
    oparl_server.faults.enable("spurious_500", path="/paper/3", first=2)
    paper = client.get_object(oparl_server.object_id("Paper", 3))
    assert paper["id"].endswith("/paper/3")
    assert oparl_server.requests_to("/paper/3") == 3


def test_permanent_500_gives_german_error_after_bounded_attempts(oparl_server, client):
    oparl_server.faults.enable("permanent_500", path="/paper/3")
    url = oparl_server.object_id("Paper", 3)
    with pytest.raises(OParlHTTPError) as info:
        client.get_object(url)
    assert info.value.status == 500 and info.value.attempts == 3
    assert str(info.value) == f"Server antwortete mit HTTP 500 für {url} (3 Versuche)"
    assert oparl_server.requests_to("/paper/3") == 3


def test_client_errors_are_not_retried(oparl_server, client):
    url = oparl_server.object_id("Paper", 99_999)
    with pytest.raises(OParlNotFoundError, match="nicht gefunden"):
        client.get_object(url)
    assert oparl_server.requests_to("/paper/99999") == 1


def test_slow_server_times_out_within_bounds(oparl_server, client):
    oparl_server.faults.enable("slow", path="/paper/5", seconds=3)
    started = time.monotonic()
    with pytest.raises(OParlTimeout, match="Zeitüberschreitung"):
        client.get_object(oparl_server.object_id("Paper", 5))
    assert time.monotonic() - started < 2.5  # 3 attempts of 0.5 s, not 9 s


def test_slow_first_answer_is_retried(oparl_server, client):
    oparl_server.faults.enable("slow", path="/paper/5", seconds=2, first=1)
    assert client.get_object(oparl_server.object_id("Paper", 5))["id"]


@pytest.mark.parametrize("first", [1, None])
def test_connection_reset(oparl_server, client, first):
    oparl_server.faults.enable("reset", path="/paper/6", first=first)
    url = oparl_server.object_id("Paper", 6)
    if first:
        assert client.get_object(url)["id"] == url
    else:
        with pytest.raises(OParlConnectionError, match="Verbindungsfehler"):
            client.get_object(url)


@pytest.mark.parametrize("mode", ["body", "connection"])
def test_truncated_json_is_retried(oparl_server, client, mode):
    oparl_server.faults.enable("truncated_json", path="/paper/8", first=1, mode=mode)
    assert client.get_object(oparl_server.object_id("Paper", 8))["name"]


def test_permanently_truncated_json_is_a_json_error(oparl_server, client):
    oparl_server.faults.enable("truncated_json", path="/paper/8")
    with pytest.raises(OParlJSONError, match="Ungültiges JSON"):
        client.get_object(oparl_server.object_id("Paper", 8))


def test_html_with_200(oparl_server, client):
    oparl_server.faults.enable("html_200", path="/paper")
    _, report = crawl(client, oparl_server.list_url("Paper"))
    assert not report.complete
    assert "HTML statt JSON" in report.errors[0]


def test_error_object_with_200(oparl_server, client):
    oparl_server.faults.enable("error_object_200", path="/meeting/2")
    with pytest.raises(OParlServerError, match="Requested class") as info:
        client.get_object(oparl_server.object_id("Meeting", 2))
    assert info.value.payload["debug"] == "Error-Code 101"
    assert oparl_server.requests_to("/meeting/2") == 1  # deliberate, no retry


def test_circuit_breaker_fails_fast_then_recovers(oparl_server):
    oparl_server.faults.enable("permanent_500")
    with make_client(breaker_threshold=3, breaker_cooldown=0.3, max_retries=1) as c:
        url = oparl_server.object_id("Paper", 1)
        with pytest.raises(OParlHTTPError):
            c.get_object(url)  # 2 failures
        with pytest.raises(OParlCircuitOpen):
            c.get_object(url)  # 3rd failure opens, the retry is refused
        served = oparl_server.request_count
        with pytest.raises(OParlCircuitOpen, match="vorübergehend gesperrt"):
            c.get_object(oparl_server.object_id("Person", 1))
        assert oparl_server.request_count == served  # no request at all
        oparl_server.faults.clear()
        time.sleep(0.35)
        assert c.get_object(url)["id"] == url  # half-open trial succeeds
        assert not c.breaker.is_open("127.0.0.1")


def test_crawl_stops_with_breaker_open(oparl_server):
    oparl_server.faults.enable("permanent_500", path="/paper")
    with make_client(breaker_threshold=2, max_retries=3) as c:
        objects, report = crawl(c, oparl_server.list_url("Paper"))
    assert objects == [] and not report.complete
    assert oparl_server.requests_to("/paper") == 2


# -- bounds and loops -------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "to_page", "fresh", "message"),
    [
        (2, 2, False, "wurde bereits abgerufen"),
        (3, 1, True, "beginnt mit demselben Objekt"),
    ],
)
def test_next_link_loop_is_detected(oparl_server, page, to_page, fresh, message):
    oparl_server.faults.enable(
        "next_loop", page=page, to_page=to_page, fresh_urls=fresh
    )
    with make_client(max_pages=20) as client:  # bounded even if detection broke
        objects, report = crawl(client, oparl_server.list_url("Paper"))
    assert not report.complete
    assert "Endlosschleife" in report.errors[0] and message in report.errors[0]
    assert report.pages == page + (to_page < page)
    assert len(objects) == page * 25


def test_page_limit(oparl_server):
    with make_client(max_pages=2) as c:
        objects, report = crawl(c, oparl_server.list_url("Paper"))
    assert len(objects) == 50 and not report.complete
    assert "Seitenlimit" in report.errors[0]


def test_time_limit_never_hangs(oparl_server):
    oparl_server.faults.enable("slow", path="/paper", seconds=0.3)
    started = time.monotonic()
    with make_client(max_seconds=0.5, timeout=2) as c:
        objects, report = crawl(c, oparl_server.list_url("Paper"))
    assert time.monotonic() - started < 1.5
    assert not report.complete and objects
    assert "Zeit" in report.errors[-1]  # Zeitlimit or Zeitüberschreitung


def test_insert_during_crawl_yields_no_duplicates(oparl_server, client):
    before = {oparl_server.object_id("Paper", i) for i in range(120)}
    oparl_server.faults.enable("insert_during_crawl", type="paper", after=1, n=3)
    objects, report = crawl(client, oparl_server.list_url("Paper"))
    assert report.complete
    assert len(objects) == len(ids(objects))
    assert before <= ids(objects)
    assert report.duplicates == 3


def test_recent_ids_window_is_bounded():
    window = RecentIds(size=5)
    for i in range(5 + 3):
        window.add(f"id-{i}")
    assert len(window) == 5
    assert "id-0" not in window and "id-2" not in window  # oldest forgotten
    assert all(f"id-{i}" in window for i in range(3, 8))
    window.add("id-7")  # already held: no change, nothing evicted
    assert len(window) == 5 and "id-3" in window
    assert RecentIds().size == RECENT_IDS


def test_duplicate_on_next_page_dropped_with_small_window(
    oparl_server, client, monkeypatch
):
    # A window far smaller than the list (and than a page of 100) still
    # catches the insertion duplicates: they turn up right on the next page.
    windows: list[RecentIds] = []

    class Spy(RecentIds):
        def __init__(self, size: int = RECENT_IDS) -> None:
            super().__init__(size)
            windows.append(self)

    monkeypatch.setattr(pagination, "RECENT_IDS", 10)
    monkeypatch.setattr(pagination, "RecentIds", Spy)
    oparl_server.faults.enable("insert_during_crawl", type="paper", after=1, n=3)
    objects, report = crawl(client, oparl_server.list_url("Paper"))
    assert report.complete
    assert len(objects) == len(ids(objects)) == 120
    assert report.duplicates == 3
    assert [(w.size, len(w)) for w in windows] == [(10, 10)]


def test_wrong_totals_are_a_warning(oparl_server, client):
    oparl_server.faults.enable("wrong_totals", delta=5)
    objects, report = crawl(client, oparl_server.list_url("Paper"))
    assert report.complete and len(objects) == 120
    assert report.total_announced == 125
    assert any("125" in w for w in report.warnings)


def test_crawl_is_iterable_once(oparl_server, client):
    listing = client.iter_list(oparl_server.list_url("Organization"))
    assert len(list(listing)) == oparl_server.count("Organization")
    assert list(listing) == []


# -- empty lists and odd shapes ----------------------------------------------


def test_empty_list_as_404_with_sternberg_profile(oparl_server, client):
    oparl_server.reset(vendor="sternberg")
    client.system(oparl_server.url)
    since = oparl_server.clock.advance(3600)
    objects, report = crawl(
        client, oparl_server.list_url("Paper"), modified_since=since
    )
    assert objects == [] and report.complete
    assert "404" in report.warnings[0]


def test_empty_list_as_404_heuristic_without_profile(oparl_server, client):
    oparl_server.faults.enable("empty_list_404")
    since = oparl_server.clock.advance(3600)
    url = oparl_server.list_url("Paper")
    objects, report = crawl(client, url, modified_since=since)
    assert objects == [] and report.complete
    oparl_server.depublish(oparl_server.sample_ids("LegislativeTerm", n=2))
    _, report = crawl(client, oparl_server.list_url("LegislativeTerm"))
    assert not report.complete  # unfiltered 404: no reason to believe "empty"


def test_empty_list_as_bare_array(oparl_server, client):
    oparl_server.faults.enable("empty_list_array")
    since = oparl_server.clock.advance(3600)
    objects, report = crawl(
        client, oparl_server.list_url("Paper"), modified_since=since
    )
    assert objects == [] and report.complete


def test_body_list_that_is_a_single_object(oparl_server, client):
    oparl_server.reset(vendor="sternberg")
    bodies = client.bodies(client.system(oparl_server.url))
    assert [b["name"] for b in bodies] == ["Landkreis Musterkreis"]


def test_two_bodies(oparl_server, client):
    oparl_server.reset(bodies=2)
    bodies = client.bodies(client.system(oparl_server.url))
    assert [b["name"] for b in bodies] == ["Landkreis Musterkreis", "Stadt Musterstadt"]
    objects, report = crawl(client, body_lists(bodies[1])["Paper"])
    assert report.complete and len(objects) == oparl_server.count("Paper", body=2)


def test_missing_reference_is_not_found(oparl_server, client):
    oparl_server.faults.enable("missing_reference")
    meeting = client.get_object(oparl_server.object_id("Meeting", 0))
    with pytest.raises(OParlNotFoundError):
        client.get_object(meeting["participant"][-1])


def test_depublished_object_vanishes(oparl_server, client):
    url = oparl_server.object_id("Paper", 4)
    oparl_server.depublish([url])
    with pytest.raises(OParlNotFoundError):
        client.get_object(url)
    objects, _ = crawl(client, oparl_server.list_url("Paper"))
    assert url not in ids(objects)


# -- vendor quirks end to end -----------------------------------------------


def test_allris_quirks_are_normalised(oparl_server, client):
    oparl_server.reset(vendor="allris")
    client.system(oparl_server.url)
    assert client.profile.name == "allris"
    objects, report = crawl(client, oparl_server.list_url("Paper"))
    assert report.complete, report.errors
    assert len(objects) == 120
    assert not any("\x0b" in p["name"] for p in objects)
    assert any("\t" in p["name"] for p in objects)  # tabs are legal text
    files = [e for p in objects for e in iter_embedded(p) if "/File" in e["type"]]
    assert {f["mimeType"] for f in files} <= set(vendors.SHORT_MIME_TYPES.values())
    assert all("downloadUrl" not in f for f in files)  # "" removed
    assert all(o["modified"][-6:-3] in ("+01", "+02") for o in objects)
    meetings, _ = crawl(client, oparl_server.list_url("Meeting"))
    assert all(isinstance(m["auxiliaryFile"], list) for m in meetings)
    locations, _ = crawl(client, oparl_server.list_url("Location"))
    assert all("streetAddress" not in loc for loc in locations)


def test_swapped_coordinates_are_fixed(oparl_server, client):
    oparl_server.faults.enable("swapped_latlon")
    objects, report = crawl(client, oparl_server.list_url("Location"))
    assert report.fixups["swap_latlon"] == len(objects)
    for location in objects:
        lon, lat = location["geojson"]["geometry"]["coordinates"]
        assert 10.5 < lon < 13.2 and 50.9 < lat < 53.1  # Sachsen-Anhalt


def test_ids_that_differ_from_their_url_are_made_canonical(oparl_server, client):
    oparl_server.faults.enable("id_differs_from_url", scope="all")
    objects, report = crawl(client, oparl_server.list_url("Paper"))
    assert report.complete
    assert all(o["id"].startswith(oparl_server.base) for o in objects)
    assert objects[0]["_original_id"].startswith("http://ris-intern.musterkreis.test")
    assert client.get_object(objects[0]["mainFile"]["id"])["name"]


def test_http_ids_on_https_server(oparl_server, https_client):
    oparl_server.faults.enable("http_ids_on_https", scope="all")
    system = https_client.system(oparl_server.url)
    assert system["id"] == f"{PUBLIC_HTTPS}/oparl/v1/system"
    body = https_client.bodies(system)[0]
    objects, report = crawl(https_client, body_lists(body)["Paper"])
    assert report.complete and report.pages == 5
    assert all(o["id"].startswith("https://") for o in objects)
    assert all(o["_original_id"].startswith("http://") for o in objects)


def test_more_rubin_synthetic_timestamps(oparl_server, client):
    oparl_server.reset(vendor="more-rubin")
    client.system(oparl_server.url)
    assert client.profile.name == "more-rubin"
    assert client.profile.oparl_version == "1.0"
    since = oparl_server.clock.advance(3600)
    objects, report = crawl(
        client, oparl_server.list_url("Paper"), modified_since=since
    )
    assert len(objects) == 120  # the filter is ignored
    assert all(o["_synthetic_modified"] for o in objects)
    assert report.filter_honoured is None  # synthetic stamps prove nothing
    with pytest.raises(OParlServerError):  # 1.1 lists: error object, HTTP 200
        client.get_object(oparl_server.list_url("File"))


def test_sternberg_deleted_objects_get_their_type(oparl_server, client):
    oparl_server.reset(vendor="sternberg")
    client.system(oparl_server.url)
    since = oparl_server.clock.now
    oparl_server.clock.advance(60)
    gone = oparl_server.sample_ids("Meeting", n=2)
    oparl_server.delete(gone)
    objects, _ = crawl(client, oparl_server.list_url("Meeting"), modified_since=since)
    assert ids(objects) == set(gone)
    assert {o["type"] for o in objects} == {"https://schema.oparl.org/1.1/Meeting"}


@pytest.mark.parametrize("vendor", ["sternberg", "allris", "somacos", "more-rubin"])
def test_vendor_modes_are_detected_and_crawl_completely(oparl_server, client, vendor):
    oparl_server.reset(vendor=vendor)
    body = first_body(client, oparl_server)
    assert client.profile.name == vendor
    for type_name, url in body_lists(body).items():
        objects, report = crawl(client, url)
        assert report.complete, (type_name, report.errors)
        assert len(objects) == oparl_server.count(type_name)


# -- units ------------------------------------------------------------------


def test_parse_json_tolerates_control_characters():
    body = b'{"name": "Beschluss\x0bvorlage\tneu", "n": 1}'
    assert parse_json(body, url="u") == {"name": "Beschlussvorlage\tneu", "n": 1}


@pytest.mark.parametrize(
    ("body", "ctype", "message"),
    [
        (b"<html><body>Wartung</body></html>", "text/html", "HTML statt JSON"),
        (b"", "application/json", "Leere Antwort"),
        (b'{"data": [{"id": "x"', "application/json", "Ungültiges JSON"),
    ],
)
def test_parse_json_errors(body, ctype, message):
    with pytest.raises(OParlJSONError, match=message):
        parse_json(body, url="https://x", content_type=ctype)


def test_parse_json_accepts_json_sent_as_html_and_latin1():
    assert parse_json(b'{"a": 1}', url="u", content_type="text/html") == {"a": 1}
    text = '{"name": "Straße"}'.encode("cp1252")
    assert parse_json(text, url="u") == {"name": "Straße"}


def test_error_object_shapes():
    assert is_error_object({"type": "https://schema.oparl.org/1.0/Error"})
    assert is_error_object({"error": "x", "code": 802, "type": "SD.NET RIM Webservice"})
    assert not is_error_object(
        {"id": "x", "type": "https://schema.oparl.org/1.1/Paper"}
    )
    assert not is_error_object({"data": [], "error": None})


def test_query_helpers():
    url = "https://x/papers.asp?body=1&p=2"
    raw = with_param(url, "modified_since", "2024-01-01T00:00:00+00:00", raw=True)
    assert raw.endswith("&modified_since=2024-01-01T00:00:00+00:00")
    encoded = with_param(url, "modified_since", "2024-01-01T00:00:00+00:00")
    assert encoded.endswith("modified_since=2024-01-01T00%3A00%3A00%2B00%3A00")
    assert has_param(encoded, "modified_since") and not has_param(url, "modified")
    assert with_param(encoded, "modified_since", "x").count("modified_since") == 1


def test_errors_share_one_base_class():
    for cls in (OParlHTTPError, OParlJSONError, OParlServerError, OParlTimeout):
        assert issubclass(cls, OParlError)
    assert issubclass(OParlCircuitOpen, OParlError)
    assert issubclass(OParlNotFoundError, OParlHTTPError)


# -- the outbound policy -------------------------------------------------------


def test_internal_address_is_refused_without_retries(monkeypatch):
    from ckanext.oparl_harvester.client.errors import OParlRefusedError

    from ..outbound.conftest import ProbeServer

    internal = ProbeServer()
    try:
        with make_client() as c, pytest.raises(OParlRefusedError) as caught:
            c.system(f"{internal.origin}/oparl/v1/system")
    finally:
        internal.stop()
    assert internal.hits == []  # not contacted, not even once
    assert c.request_count == 1  # and not retried
    assert str(caught.value).startswith("Adresse nicht erlaubt: interne Netzadresse")


def test_redirect_to_internal_address_is_refused(monkeypatch):
    import ckan.plugins.toolkit as tk

    from ckanext.oparl_harvester.client.errors import OParlRefusedError

    from ..outbound.conftest import ProbeServer

    public, internal = ProbeServer(), ProbeServer()
    monkeypatch.setitem(tk.config, "ckanext.outbound.allow", public.hostport)
    try:
        with make_client() as c, pytest.raises(OParlRefusedError):
            c.system(f"{public.origin}/redirect?to={internal.origin}/system")
    finally:
        public.stop()
        internal.stop()
    assert public.hits == ["/redirect"]
    assert internal.hits == []
