"""What people read when a fetch fails, and the start-up check of the settings."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.exceptions import CkanConfigurationException

from ckanext.outbound import OutboundError, outbound_fetch, outbound_policy
from ckanext.outbound.plugin import OutboundPlugin

GERMAN = [
    ("internal", {}, "Adresse nicht erlaubt: interne Netzadresse"),
    (
        "scheme",
        {},
        "Adresse nicht erlaubt: Nur http- und https-Links können abgerufen werden",
    ),
    ("too_large", {"mb": "20"}, "Datei zu groß (mehr als 20 MB)"),
    (
        "unknown_host",
        {"host": "www.saalekreis.de"},
        "Adresse nicht gefunden: Der Servername www.saalekreis.de ließ sich nicht"
        " auflösen",
    ),
    ("redirects", {"limit": 5}, "Zu viele Weiterleitungen (mehr als 5)"),
    ("status", {"status": 404}, "Der Server antwortete mit dem Fehler 404"),
    (
        "timeout",
        {"host": "a.example", "seconds": "30"},
        "Keine Antwort von a.example innerhalb von 30 Sekunden",
    ),
]


@pytest.mark.ckan_config("ckan.plugins", "outbound")
@pytest.mark.usefixtures("with_plugins", "with_request_context")
@pytest.mark.parametrize(("reason", "values", "german"), GERMAN)
def test_messages_are_german(reason, values, german):
    assert OutboundError(reason, "http://a.example/", **values).message() == german


@pytest.mark.ckan_config("ckan.plugins", "outbound")
@pytest.mark.usefixtures("with_plugins", "with_request_context")
def test_refusal_reads_as_a_sentence_not_an_exception(internal_server):
    with pytest.raises(OutboundError) as caught:
        outbound_fetch(f"{internal_server.origin}/ok")
    assert caught.value.message() == "Adresse nicht erlaubt: interne Netzadresse"
    assert internal_server.hits == []


@pytest.mark.ckan_config("ckanext.outbound.allow", "127.0.0.1:5091 10.20.0.0/16")
@pytest.mark.ckan_config("ckanext.outbound.max_redirects", "2")
def test_policy_from_the_settings():
    policy = outbound_policy()
    assert policy.max_redirects == 2
    assert len(policy.allow.entries) == 2
    assert policy.read_timeout == 30  # the declared default


@pytest.mark.ckan_config("ckanext.outbound.allow", "gis.example 10.0.0.0/33")
def test_unreadable_allow_list_stops_the_start():
    with pytest.raises(CkanConfigurationException, match=r"10\.0\.0\.0/33"):
        OutboundPlugin().configure(tk.config)


def test_background_jobs_speak_the_portal_language():
    # no request: a job of the worker, the portal's default language (test.ini)
    assert tk.config["ckan.locale_default"] == "de"
    message = OutboundError("internal", "http://10.0.0.1/").message()
    assert message == "Adresse nicht erlaubt: interne Netzadresse"
