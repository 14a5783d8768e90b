"""Settings of an OParl harvest source: defaults, normal forms, German errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ckanext.oparl_harvester import mapping
from ckanext.oparl_harvester.logic import schema
from ckanext.oparl_harvester.logic.schema import (
    ConfigError,
    SourceConfig,
    parse_source_config,
)

MAIL = "sitzungsdienst@musterkreis.example"
GEO = "http://dcat-ap.de/def/politicalGeocoding/"


def _parse(**settings: Any) -> SourceConfig:
    return parse_source_config(json.dumps({"contact_email": MAIL, **settings}))


def _errors(**settings: Any) -> dict[str, list[str]]:
    with pytest.raises(ConfigError) as caught:
        _parse(**settings)
    return caught.value.errors


def test_defaults() -> None:
    cfg = _parse()
    assert cfg == SourceConfig(contact_email=MAIL)
    assert cfg.kinds == ("meetings", "papers", "organizations")
    assert (cfg.partition, cfg.privacy_profile) == ("year", "standard")
    assert cfg.license_default == "dl-by-de/2.0"
    assert (cfg.full_resync_days, cfg.max_delete_share) == (7, 0.2)
    assert (cfg.modified_since_overlap_minutes, cfg.timeout) == (10, 30.0)
    assert cfg.max_pages is None and cfg.bodies == ()


def test_normal_forms() -> None:
    cfg = _parse(
        bodies="https://ris.example/body/1, https://ris.example/body/2",
        kinds=["persons", "papers"],
        partition="Term",
        license_default="https://www.govdata.de/dl-de/zero-2-0",
        contact_name="  Büro   des Kreistages ",
        contributor_id="landSachsenAnhalt",
        political_geocoding_level="municipality",
        political_geocoding=["150880216216"],
        privacy_profile="strict",
        full_resync_days="14",
        max_delete_share="0,5",
        modified_since_overlap_minutes=0,
        timeout=12.5,
        max_pages=3,
    )
    assert cfg.bodies == ("https://ris.example/body/1", "https://ris.example/body/2")
    assert cfg.kinds == ("papers", "persons")  # in the order of mapping.yaml
    assert cfg.partition == "term"
    assert cfg.license_default == "dl-zero-de/2.0"
    assert cfg.contact_name == "Büro des Kreistages"
    assert cfg.contributor_id == "http://dcat-ap.de/def/contributors/landSachsenAnhalt"
    assert cfg.political_geocoding_level == GEO + "Level/municipality"
    assert cfg.political_geocoding == (GEO + "regionalKey/150880216216",)
    assert (cfg.full_resync_days, cfg.max_delete_share, cfg.max_pages) == (14, 0.5, 3)


def test_empty_form_fields_mean_not_set() -> None:
    cfg = _parse(bodies="", contributor_id="", political_geocoding=[], max_pages="")
    assert cfg == SourceConfig(contact_email=MAIL)


def test_round_trip() -> None:
    cfg = _parse(kinds=["files"], political_geocoding_level="federal")
    assert parse_source_config(json.dumps(cfg.as_dict())) == cfg


@pytest.mark.parametrize(
    ("settings", "key", "words"),
    [
        ({"contact_email": ""}, "contact_email", "Bitte angeben"),
        ({"contact_email": "kein Postfach"}, "contact_email", "keine gültige E-Mail"),
        ({"bodies": ["body/1"]}, "bodies", "Keine vollständige Adresse"),
        ({"kinds": ["sitzungen"]}, "kinds", "Unbekannte Objektart"),
        ({"kinds": []}, "kinds", "mindestens eine Objektart"),
        ({"kinds": 3}, "kinds", "Liste"),
        ({"partition": "monat"}, "partition", "keine Aufteilung"),
        ({"license_default": "proprietär"}, "license_default", "keine Lizenz"),
        ({"contributor_id": "musterkreis"}, "contributor_id", "nicht in der Liste"),
        (
            {"political_geocoding": ["99999"]},
            "political_geocoding",
            "nicht in der Liste",
        ),
        ({"privacy_profile": "lax"}, "privacy_profile", "Datenschutzprofil"),
        ({"full_resync_days": -1}, "full_resync_days", "ganze Zahl von 0 bis 365"),
        ({"full_resync_days": True}, "full_resync_days", "ganze Zahl"),
        ({"full_resync_days": 1.5}, "full_resync_days", "ganze Zahl"),
        ({"max_delete_share": 1.5}, "max_delete_share", "von 0 bis 1"),
        (
            {"modified_since_overlap_minutes": "zehn"},
            "modified_since_overlap_minutes",
            "Zahl",
        ),
        ({"timeout": 0}, "timeout", "von 1 bis 600"),
        ({"max_pages": 0}, "max_pages", "ab 1"),
        ({"contact_name": "x" * 201}, "contact_name", "höchstens 200 Zeichen"),
        ({"contact_mail": MAIL}, "contact_mail", "Unbekannte Einstellung"),
    ],
)
def test_errors_in_german(settings: dict[str, Any], key: str, words: str) -> None:
    errors = _errors(**settings)
    assert key in errors, errors
    assert words in " ".join(errors[key])


@pytest.mark.parametrize(
    ("settings", "key", "text"),
    [
        (
            {"full_resync_days": -1},
            "full_resync_days",
            "„-1“: bitte eine ganze Zahl von 0 bis 365 angeben.",
        ),
        ({"max_pages": 0}, "max_pages", "„0“: bitte eine ganze Zahl ab 1 angeben."),
        ({"timeout": 0}, "timeout", "„0“: bitte eine Zahl von 1 bis 600 angeben."),
        (
            {"partition": "monat"},
            "partition",
            "„monat“ ist keine Aufteilung. Möglich sind: year (je Jahr) oder "
            "term (je Wahlperiode).",
        ),
    ],
)
def test_german_texts_are_whole_sentences(
    settings: dict[str, Any], key: str, text: str
) -> None:
    assert _errors(**settings)[key] == [text]


@pytest.mark.ckan_config("ckan.locale_default", "en")
@pytest.mark.usefixtures("ckan_config")
def test_errors_in_the_portal_language_outside_a_request() -> None:
    # a harvest run has no request: its messages follow the portal's language
    errors = _errors(full_resync_days=-1, kinds=[])
    assert errors["full_resync_days"] == [
        '"-1": please give a whole number from 0 to 365.'
    ]
    assert errors["kinds"] == ["Please choose at least one kind of object."]


class TestGeocoding:
    def test_area_needs_level(self) -> None:
        errors = _errors(political_geocoding=["15088"])
        assert "Ebene" in errors["political_geocoding_level"][0]

    def test_level_needs_area_where_it_has_keys(self) -> None:
        errors = _errors(political_geocoding_level="administrativeDistrict")
        assert "Gebiet" in errors["political_geocoding"][0]
        assert _parse(political_geocoding_level="federal").political_geocoding == ()

    def test_level_and_area_must_fit(self) -> None:
        errors = _errors(
            political_geocoding_level="municipality", political_geocoding=["15088"]
        )
        assert "Passt nicht zur Verwaltungsebene" in errors["political_geocoding"][0]
        cfg = _parse(
            political_geocoding_level="administrativeDistrict",
            political_geocoding=[GEO + "districtKey/15088"],
        )
        assert cfg.political_geocoding == (GEO + "districtKey/15088",)

    def test_every_level_of_the_code_list_is_covered(self) -> None:
        from ckanext.dcat_ap_de import codelists

        levels = {code.code for code in codelists.get("geocoding_level")}
        assert levels == set(mapping.geocoding_levels())


@pytest.mark.parametrize("text", ["{kaputt", "[1, 2]", '"text"'])
def test_no_json_object(text: str) -> None:
    with pytest.raises(ValueError, match="JSON") as caught:
        parse_source_config(text)
    assert list(caught.value.errors) == ["config"]  # type: ignore[attr-defined]


def test_empty_text_asks_for_the_contact() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_source_config("")
    assert list(caught.value.errors) == ["contact_email"]
    assert str(caught.value).startswith("Kontakt-E-Mail (contact_email): ")


def test_all_errors_at_once_with_labels() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_source_config(json.dumps({"partition": "x", "timeout": -5}))
    error = caught.value
    assert set(error.errors) == {"contact_email", "partition", "timeout"}
    assert "Aufteilung der Dateien (partition)" in str(error)


def test_every_setting_has_a_label_and_a_validator() -> None:
    names = set(SourceConfig.__dataclass_fields__)
    assert names == set(schema.source_config_schema())
    fields = mapping.source_config_fields()
    assert set(fields) == names
    assert all(v["label"] and v["help"] for v in fields.values())


def test_validators_carry_the_plugin_prefix() -> None:
    """Exactly the validators are public (``__all__``), each named
    ``oparl_harvester_*`` with a ``:param:`` docstring; helpers stay out."""
    import inspect

    from ckanext.oparl_harvester.logic import validators

    exported = set(validators.__all__)
    assert all(name.startswith("oparl_harvester_") for name in exported)
    local = {
        name
        for name, member in inspect.getmembers(validators, inspect.isfunction)
        if member.__module__ == validators.__name__ and not name.startswith("_")
    }
    assert exported == local - {"is_blank"}
    for name in exported:
        assert ":param " in (getattr(validators, name).__doc__ or ""), name
    assert validators.oparl_harvester_int(0, 0)(0, {}) == 0
    with pytest.raises(validators.tk.Invalid, match="von 0 bis 0 angeben"):
        validators.oparl_harvester_int(0, 0)(1, {})
