"""``ckan oparl-harvester check URL`` against the fake OParl server."""

from __future__ import annotations

import pytest
from ckan.cli.cli import ckan

from .fake_oparl import FakeOParl

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "oparl_harvester harvest"),
    pytest.mark.ckan_config("ckanext.oparl_harvester.max_retries", "1"),
    pytest.mark.ckan_config("ckanext.oparl_harvester.backoff", "0.01"),
    pytest.mark.ckan_config("ckanext.oparl_harvester.backoff_cap", "0.05"),
    pytest.mark.usefixtures("with_plugins", "with_extended_cli"),
]


def check(cli, *args: str):
    return cli.invoke(ckan, ["oparl-harvester", "check", *args])


def test_check_prints_version_vendor_bodies_and_counts(cli, oparl_server: FakeOParl):
    oparl_server.reset(bodies=2)
    result = check(cli, oparl_server.url)
    assert result.exit_code == 0, result.output
    assert "OParl 1.1" in result.output
    assert "OParl (allgemein)" in result.output
    assert "Landkreis Musterkreis" in result.output
    assert "Stadt Musterstadt" in result.output
    papers = [line for line in result.output.splitlines() if "Vorlagen" in line]
    assert str(oparl_server.count("Paper")) in papers[0]
    assert "Prüfung erfolgreich" in result.output


def test_check_counts_pages_of_a_1_0_server(cli, oparl_server: FakeOParl):
    oparl_server.reset(version="1.0", vendor="sternberg")
    result = check(cli, "--count", oparl_server.url)
    assert result.exit_code == 0, result.output
    assert "OParl 1.0" in result.output
    assert "STERNBERG" in result.output
    meetings = [line for line in result.output.splitlines() if "Sitzungen" in line]
    assert str(oparl_server.count("Meeting")) in meetings[0]
    assert "gezählt" in meetings[0]


def test_check_fails_in_german(cli, oparl_server: FakeOParl):
    oparl_server.faults.enable("permanent_500", path="/system")
    result = check(cli, "--timeout", "1", oparl_server.url)
    assert result.exit_code == 1
    assert "Fehler: Server nicht lesbar" in result.output
    assert "HTTP 500" in result.output


def test_check_reports_a_broken_list(cli, oparl_server: FakeOParl):
    oparl_server.faults.enable("permanent_500", path="/paper")
    result = check(cli, oparl_server.url)
    assert result.exit_code == 1
    assert "Nicht alle Listen waren vollständig lesbar" in result.output
