"""Every plugin's messages are translated, and the compiled catalogues are
those of the .po files (``make i18n`` brings them up to date)."""

from __future__ import annotations

import re

import pytest

from ckanext.kommunal import catalogues

DOMAINS = catalogues.domains()
PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sd]|%[sd]")


def test_every_plugin_that_speaks_has_catalogues() -> None:
    names = {d.plugin for d in DOMAINS}
    assert {
        "dcat_ap_de",
        "oparl_harvester",
        "outbound",
        "portal_security",
        "privacy_clearance",
    } <= names


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda d: d.plugin)
def test_every_message_of_the_code_has_a_german_translation(
    domain: catalogues.Domain,
) -> None:
    german = catalogues.read(domain.po("de"))
    untranslated = [
        f"{message.id!r} ({message.locations[0][0]})"
        for message in catalogues.extract(domain)
        if message.id
        and not (german.get(message.id) and german[message.id].string)
        and not catalogues.ckan_translates(message.id, "de")
    ]
    assert untranslated == [], "run make i18n and translate"


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda d: d.plugin)
@pytest.mark.parametrize("locale", catalogues.LOCALES)
def test_the_catalogues_are_complete_and_compiled(
    domain: catalogues.Domain, locale: str
) -> None:
    po = catalogues.read(domain.po(locale))
    german = dict(catalogues.messages(catalogues.read(domain.po("de"))))
    assert set(dict(catalogues.messages(po))) == set(german)
    assert not [m.id for m in po if m.id and m.fuzzy], "fuzzy translations"
    # babel compiles an untranslated plural as its ids: identities aside
    compiled = {
        i: s
        for i, s in catalogues.messages(catalogues.read(domain.mo(locale)))
        if s != i
    }
    translated = {
        i: s
        for i, s in catalogues.messages(po)
        if s and (not isinstance(s, tuple) or all(s)) and s != i
    }
    assert compiled == translated, "stale .mo: run make i18n"


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda d: d.plugin)
def test_translations_keep_the_placeholders(domain: catalogues.Domain) -> None:
    wrong = []
    for message_id, german in catalogues.messages(catalogues.read(domain.po("de"))):
        ids = message_id if isinstance(message_id, tuple) else (message_id,)
        strings = german if isinstance(german, tuple) else (german,)
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if string and sorted(PLACEHOLDER.findall(string)) != expected:
                wrong.append(message_id)
    assert wrong == []
