"""The pure mapping: kinds, rows, partitions, licences, dataset dicts."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import typing
from collections import Counter
from typing import Any

import pytest

from ckanext.dcat_ap_de import codelists
from ckanext.oparl_harvester import mapping, privacy, records
from ckanext.oparl_harvester.logic.schema import SourceConfig
from ckanext.oparl_harvester.mapping.extract import _FUNCTIONS
from ckanext.oparl_harvester.mapping.licence import _license_aliases
from ckanext.oparl_harvester.snapshots import SnapshotInfo

from . import oparl_samples as samples

CFG = SourceConfig(contact_email="sitzungsdienst@musterkreis.example")
NAME = re.compile(r"^[a-z0-9_-]{2,100}$")
TAG = re.compile(r"^[\w .-]{2,100}$")


def _record(obj: dict[str, Any], profile: str = "standard") -> records.Record:
    kept, _ = privacy.apply(obj, profile)
    assert kept is not None
    return records.parse(kept)


def _body() -> records.Body:
    body = records.parse(samples.body_11())
    assert isinstance(body, records.Body)
    return body


def _system() -> records.System:
    system = records.parse(samples.system_11())
    assert isinstance(system, records.System)
    return system


class TestKinds:
    def test_kinds_and_defaults(self) -> None:
        assert mapping.kinds() == (
            "meetings",
            "papers",
            "organizations",
            "files",
            "persons",
        )
        assert mapping.default_kinds() == ("meetings", "papers", "organizations")
        assert mapping.get_kind("papers").label == "Vorlagen"

    @pytest.mark.parametrize("kind", mapping.kinds())
    def test_columns_name_real_record_fields(self, kind: str) -> None:
        """Every path of mapping.yaml starts with an attribute of the kind's
        types (or of the expanded type), so a typo cannot go unnoticed."""
        chosen = mapping.get_kind(kind)
        names = mapping.columns(kind)
        assert len(names) == len(set(names))
        attrs = {t: set(typing.get_type_hints(records.TYPES[t])) for t in chosen.types}
        expanded = set().union(*attrs.values())
        for column in chosen.columns:
            assert column.label, column.name
            assert column.fn is None or column.fn in _FUNCTIONS
            for path in column.paths:
                head, *rest = path.split(".")
                if head == "item":
                    assert chosen.expand and rest[0] in expanded, path
                else:
                    assert any(head in a for a in attrs.values()), path

    def test_privacy_sensitive_fields_are_no_columns(self) -> None:
        for kind in mapping.kinds():
            paths = {p for c in mapping.get_kind(kind).columns for p in c.paths}
            for field in ("phone", "email", "participant", "text", "life"):
                assert not any(field in p.split(".") for p in paths), (kind, field)


class TestRows:
    def test_meetings_one_row_per_public_agenda_item(self) -> None:
        meeting = _record(samples.meeting_11())
        got = list(mapping.rows("meetings", meeting, samples.names_11()))
        assert [r["agenda_item_number"] for r in got] == ["1", "2", "4"]
        first = got[1]
        assert first["meeting_id"] == f"{samples.RIS}/meeting/100"
        assert first["start"] == "2024-03-14T17:00:00+01:00"
        assert first["organization"] == ["Kreistag"]
        assert first["organization_id"] == [f"{samples.RIS}/organization/1"]
        assert (
            first["location"] == "Kreishaus, Saal 2, Kreisstraße 1, 06000 Musterstadt"
        )
        assert first["invitation_url"] == f"{samples.RIS}/file/201/view"
        assert first["resolution_file_url"] == f"{samples.RIS}/file/205/view"
        assert first["agenda_item_result"] == "einstimmig beschlossen"
        assert first["modified"] == "2024-04-02T11:00:00+02:00"
        assert list(first) == mapping.columns("meetings")

    def test_meeting_without_agenda_gives_one_row(self) -> None:
        obj = samples.meeting_11()
        obj["agendaItem"] = []
        (row,) = mapping.rows("meetings", obj)
        assert row["agenda_item_id"] is None
        assert row["organization"] == []  # no names known

    def test_agenda_item_on_its_own(self) -> None:
        item = samples.meeting_11()["agendaItem"][1]
        (row,) = mapping.rows("meetings", item)
        assert row["meeting_id"] == f"{samples.RIS}/meeting/100"
        assert row["meeting_name"] is None and row["agenda_item_number"] == "2"

    def test_papers(self) -> None:
        (row,) = mapping.rows("papers", _record(samples.paper_11()), samples.names_11())
        assert row["reference"] == "BV/2024/017"
        assert row["date"] == "2024-02-12"
        assert row["main_file_url"] == f"{samples.RIS}/file/301/view"
        assert row["auxiliary_file_count"] == 1  # the signature list is gone
        assert row["consultation_count"] == 2
        assert row["consultation_organization"] == [
            "Ausschuss für Umwelt und Verkehr",
            "Kreistag",
        ]
        assert row["originator_organization"] == ["Amt für Finanzen"]
        assert row["location"] == ["Kreisgebiet"]

    def test_paper_10_reference_and_synthetic_stamp(self) -> None:
        (row,) = mapping.rows("papers", samples.paper_10())
        assert row["main_file_url"] is None  # only a reference: nothing to link
        assert row["modified"] is None  # made up by the client: left out
        assert row["consultation_count"] == 0

    def test_organizations_and_terms_share_a_table(self) -> None:
        ausschuss = samples.organization_ausschuss()
        (org,) = mapping.rows("organizations", ausschuss, samples.names_11())
        (term,) = mapping.rows("organizations", samples.legislative_terms_11()[0])
        assert org["record_type"] == "Gremium"
        assert org["sub_organization_of"] == "Kreistag"
        assert term["record_type"] == "Wahlperiode"
        assert (term["start_date"], term["end_date"]) == ("2019-07-01", "2024-06-30")

    def test_persons_one_row_per_membership(self) -> None:
        person = _record(samples.person_11())
        got = list(mapping.rows("persons", person, samples.names_11()))
        assert [r["organization"] for r in got] == [
            "Kreistag",
            "Ausschuss für Umwelt und Verkehr",
        ]
        assert got[0]["on_behalf_of"] == "Fraktion Musterliste"
        assert got[0]["title"] == ["Dr."]
        assert all("phone" not in r and "email" not in r for r in got)

    def test_files(self) -> None:
        (row,) = mapping.rows("files", _record(samples.file_11()))
        assert row["size"] == 48213
        assert row["paper_id"] == [f"{samples.RIS}/paper/2001"]
        assert "text" not in row

    def test_wrong_kind_is_refused(self) -> None:
        with pytest.raises(ValueError, match="Objektart"):
            list(mapping.rows("meetings", samples.paper_11()))


class TestPartitions:
    def test_year(self) -> None:
        part = mapping.partition_for("meetings", _record(samples.meeting_11()))
        assert (part.key, part.label) == ("2024", "2024")

    def test_year_of_local_time(self) -> None:
        obj = samples.meeting_11()
        obj["start"] = "2023-12-31T23:30:00Z"  # already 2024 in Germany
        assert mapping.partition_for("meetings", records.parse(obj)).key == "2024"

    def test_term(self) -> None:
        body = _body()
        part = mapping.partition_for(
            "meetings", _record(samples.meeting_11()), mode="term", terms=body.terms
        )
        assert part == mapping.Partition(
            "wp-2019-2024", "Wahlperiode 2019–2024", "2019-07-01"
        )
        outside = samples.paper_11()
        outside["date"] = "1990-01-01"
        none = mapping.partition_for(
            "papers", records.parse(outside), mode="term", terms=body.terms
        )
        assert none.key == "ohne-datum"

    def test_undated_and_undivided(self) -> None:
        obj = samples.paper_11()
        del obj["date"]
        assert mapping.partition_for("papers", records.parse(obj)).label == "ohne Datum"
        org = records.parse(samples.organization_kreistag())
        assert mapping.partition_for("organizations", org).key == "alle"


class TestSummary:
    def test_aggregates(self) -> None:
        summary = mapping.KindSummary("papers")
        for obj in (samples.paper_11(), samples.paper_10()):
            record = _record(obj)
            summary.add(record, mapping.partition_for("papers", record), 1)
        assert summary.record_count == 2
        assert (summary.min_date, summary.max_date) == (
            dt.date(2023, 10, 5),
            dt.date(2024, 2, 12),
        )
        # paper_10's stamp is synthetic: not a content change
        assert summary.modified == dt.datetime(2024, 3, 15, 8, 0, tzinfo=dt.UTC)
        assert summary.partitions["2023"].modified is None
        assert summary.licenses == Counter({samples.CC_BY: 1})
        assert summary.keywords["Haushalt"] == 1

    def test_changed_wins_over_synthetic_stamps(self) -> None:
        summary = mapping.KindSummary("papers")
        record = _record(samples.paper_10())
        changed = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        summary.add(record, mapping.partition_for("papers", record), 1, changed=changed)
        assert summary.modified == changed

    def test_persons_temporal_from_memberships(self) -> None:
        summary = mapping.KindSummary("persons")
        record = _record(samples.person_11())
        summary.add(record, mapping.partition_for("persons", record), 2)
        assert (summary.min_date, summary.max_date) == (
            dt.date(2019, 7, 1),
            dt.date(2024, 7, 1),
        )


class TestNames:
    def test_stable_safe_and_distinct(self) -> None:
        body = _body()
        name = mapping.dataset_name("RIS Musterkreis (Test)", body, "papers")
        assert name == mapping.dataset_name("RIS Musterkreis (Test)", body.id, "papers")
        assert name.startswith("ris-musterkreis-test-vorlagen-")
        assert NAME.match(name)
        others = {
            mapping.dataset_name("RIS Musterkreis (Test)", body, kind)
            for kind in (*mapping.kinds(), mapping.API)
        }
        assert len(others) == len(mapping.kinds()) + 1
        assert mapping.dataset_name("x", f"{samples.OLD}/body/0001", "papers") != (
            mapping.dataset_name("x", body, "papers")
        )

    @pytest.mark.parametrize(
        ("source", "kind", "expected"),
        [
            ("Straßen-Übersicht Görlitz", "papers", "strassen-uebersicht-goerlitz"),
            ("Café Nöö", mapping.API, "cafe-noeoe"),
        ],
    )
    def test_names_given_before_stay(
        self, source: str, kind: str, expected: str
    ) -> None:
        # datasets keep the names the harvester gave them before the bundle
        # shared one folding (ckanext.kommunal.text)
        slug = mapping.get_kind(kind).slug if kind != mapping.API else "schnittstelle"
        name = mapping.dataset_name(source, _body(), kind)
        assert name == f"{expected}-{slug}-b7ef8772"

    def test_long_and_odd_source_names(self) -> None:
        long_name = mapping.dataset_name("Ä" * 300, _body(), "meetings")
        assert len(long_name) <= 100 and NAME.match(long_name)
        assert long_name.startswith("ae")
        assert mapping.dataset_name("%%%", _body(), "files").startswith("oparl-")


class TestLicences:
    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("https://www.govdata.de/dl-de/by-2-0", "dl-by-de/2.0"),
            ("http://www.govdata.de/dl-de/by-2-0/", "dl-by-de/2.0"),
            ("dl-de/by-2-0", "dl-by-de/2.0"),
            ("DL-DE->BY-2.0", "dl-by-de/2.0"),
            ("dl-by-de/2.0", "dl-by-de/2.0"),
            ("https://www.dcat-ap.de/def/licenses/dl-by-de/2.0", "dl-by-de/2.0"),
            ("https://www.govdata.de/dl-de/zero-2-0", "dl-zero-de/2.0"),
            ("DL-DE-ZERO-2.0", "dl-zero-de/2.0"),
            ("https://creativecommons.org/licenses/by/4.0/", "cc-by/4.0"),
            ("http://creativecommons.org/licenses/by/4.0/deed.de", "cc-by/4.0"),
            ("https://creativecommons.org/licenses/by/4.0/legalcode", "cc-by/4.0"),
            ("CC BY 4.0", "cc-by/4.0"),
            ("CC-BY-4.0", "cc-by/4.0"),
            ("https://creativecommons.org/publicdomain/zero/1.0/deed.de", "cc-zero"),
            ("CC0-1.0", "cc-zero"),
            ("https://creativecommons.org/licenses/by/3.0/de/", "cc-by-de/3.0"),
            ("https://opendatacommons.org/licenses/odbl/1-0/", "odbl"),
        ],
    )
    def test_spellings(self, value: str, code: str) -> None:
        assert mapping.license_code(value) == code

    def test_every_alias_names_a_listed_licence(self) -> None:
        for code in _license_aliases().values():
            assert codelists.license(code) is not None

    def test_precedence_and_fallback(self) -> None:
        cc, dl = samples.CC_BY, samples.DL_BY
        assert mapping.resolve_license(cc, dl, None, "dl-zero-de/2.0") == "cc-by/4.0"
        assert mapping.resolve_license(None, dl, cc, "dl-zero-de/2.0") == "dl-by-de/2.0"
        assert mapping.resolve_license("", " ", cc, "dl-zero-de/2.0") == "cc-by/4.0"
        assert mapping.resolve_license(None, None, None, "dl-zero-de/2.0") == (
            "dl-zero-de/2.0"
        )
        # an unknown own licence is not replaced by a more general one
        unknown = "https://ris.example/nutzungsbedingungen"
        assert mapping.resolve_license(unknown, dl, None, "cc-zero") == "cc-zero"
        assert mapping.license_code(unknown) is None

    def test_default_must_be_on_the_list(self) -> None:
        with pytest.raises(ValueError, match="Lizenz"):
            mapping.resolve_license(None, None, None, "proprietär")


def _assert_dcat_fields(data: dict[str, Any]) -> None:
    for key in ("title", "notes", "tag_string", "license_id", "owner_org"):
        assert data[key], key
    eu = "http://publications.europa.eu/resource/authority/"
    assert data["theme"] == [eu + "data-theme/GOVE"]
    assert data["language"] == [eu + "language/DEU"]
    assert data["access_rights"] == eu + "access-right/PUBLIC"
    assert data["frequency"].startswith(eu + "frequency/")
    assert data["contact"] == [
        {
            "name": "Sitzungsdienst – Landkreis Musterkreis",
            "email": "sitzungsdienst@musterkreis.example",
        }
    ]
    assert all(TAG.match(tag) for tag in data["tag_string"].split(","))
    keys = [r["oparl_resource"] for r in data["resources"]]
    assert len(keys) == len(set(keys))
    for resource in data["resources"]:
        assert codelists.get("file_type").get(resource["format"]) is not None


class TestApiDataset:
    def test_fields_and_resources(self) -> None:
        data = mapping.api_dataset(_system(), _body(), CFG, owner_org="kreistag")
        _assert_dcat_fields(data)
        assert (
            data["title"]
            == "Landkreis Musterkreis: Ratsinformationssystem (OParl-Schnittstelle)"
        )
        assert data["conforms_to"] == ["https://schema.oparl.org/1.1/"]
        assert data["license_id"] == "dl-by-de/2.0"
        assert data["license_attribution_by_text"] == "Landkreis Musterkreis"
        assert data["url"] == "https://ris.musterkreis.example/gremien"
        assert data["issued"] == "2019-03-01T00:00:00+01:00"
        assert data["modified"] == "2025-02-01T08:00:00+01:00"
        assert "political_geocoding" not in data and "contributor_id" not in data
        keys = [r["oparl_resource"] for r in data["resources"]]
        assert keys[:4] == ["system", "body", "list-meeting", "list-paper"]
        assert "list-person" not in keys and "list-location" not in keys
        for resource in data["resources"]:
            assert resource["url"] == resource["access_url"]
            assert resource["format"] == "JSON"

    def test_person_lists_only_with_the_persons_kind(self) -> None:
        cfg = SourceConfig(contact_email="a@b.example", kinds=("papers", "persons"))
        data = mapping.api_dataset(_system(), _body(), cfg, owner_org="o")
        keys = {r["oparl_resource"] for r in data["resources"]}
        assert {"list-person", "list-membership", "list-location"} <= keys

    def test_oparl_10(self) -> None:
        system, body = (
            records.parse(samples.system_10()),
            records.parse(samples.body_10()),
        )
        assert isinstance(system, records.System) and isinstance(body, records.Body)
        cfg = SourceConfig(contact_email="a@b.example", contact_name="Ratsbüro")
        data = mapping.api_dataset(system, body, cfg, owner_org="o")
        assert data["conforms_to"] == ["https://schema.oparl.org/1.0/"]
        assert data["license_id"] == "cc-zero"
        assert "license_attribution_by_text" not in data
        assert data["contact"][0]["name"] == "Ratsbüro"
        assert data["url"] == "https://ratsinfo.beispielstadt.example/"
        assert "Version 1.0" in data["notes"]


def _summary(kind: str, objs: list[dict[str, Any]], mode: str = "year") -> Any:
    summary = mapping.KindSummary(kind)
    for obj in objs:
        record = _record(obj)
        part = mapping.partition_for(kind, record, mode=mode, terms=_body().terms)
        summary.add(record, part, len(list(mapping.rows(kind, record))))
    return summary


class TestKindDataset:
    def test_papers(self) -> None:
        summary = _summary("papers", [samples.paper_11(), samples.paper_10()])
        summary.add_snapshot("2024", "csv", SnapshotInfo(1, 900, "cd" * 32))
        cfg = SourceConfig(
            contact_email="sitzungsdienst@musterkreis.example",
            contributor_id="http://dcat-ap.de/def/contributors/landSachsenAnhalt",
            political_geocoding_level="http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict",
            political_geocoding=(
                "http://dcat-ap.de/def/politicalGeocoding/districtKey/15088",
            ),
        )
        data = mapping.kind_dataset(
            _body(), "papers", cfg, summary, owner_org="o", system=_system()
        )
        _assert_dcat_fields(data)
        assert data["title"] == "Landkreis Musterkreis: Vorlagen und Beratungen"
        assert data["temporal_coverage"] == [
            {"start": "2023-10-05", "end": "2024-02-12"}
        ]
        assert data["modified"] == "2024-03-15T09:00:00+01:00"
        assert data["issued"] == "2024-02-12T10:00:00+01:00"
        assert data["license_id"] == "dl-by-de/2.0"  # CC BY and "none": mixed
        assert data["contributor_id"].endswith("landSachsenAnhalt")
        assert data["political_geocoding"][0].endswith("districtKey/15088")
        assert data["frequency"].endswith("/DAILY")
        assert {"Vorlagen", "Haushalt", "Finanzen"} <= set(
            data["tag_string"].split(",")
        )
        names = [r["name"] for r in data["resources"]]
        assert names == [
            "Vorlagen 2024 (CSV)",
            "Vorlagen 2024 (JSON)",
            "Vorlagen 2023 (CSV)",
            "Vorlagen 2023 (JSON)",
            "Vorlagen – aktuell über die OParl-Schnittstelle",
        ]
        csv = data["resources"][0]
        assert (csv["oparl_resource"], csv["oparl_partition"]) == ("2024.csv", "2024")
        assert (csv["size"], csv["hash"], csv["hash_algorithm"]) == (
            900,
            "cd" * 32,
            "sha256",
        )
        assert csv["url"] == "" and csv["mimetype"] == "text/csv"
        assert "Aktenzeichen" in csv["description"]
        assert "size" not in data["resources"][1]
        live = data["resources"][-1]
        assert live["url"] == f"{samples.RIS}/body/1/papers"
        assert live["conforms_to"] == ["https://schema.oparl.org/1.1/"]

    def test_one_licence_for_all_objects_wins(self) -> None:
        summary = _summary("papers", [samples.paper_11()])
        data = mapping.kind_dataset(_body(), "papers", CFG, summary, owner_org="o")
        assert data["license_id"] == "cc-by/4.0"

    def test_notes_name_the_privacy_rules_of_the_kind(self) -> None:
        summary = _summary("meetings", [samples.meeting_11()])
        notes = mapping.kind_dataset(_body(), "meetings", CFG, summary, owner_org="o")[
            "notes"
        ]
        assert "Teilnehmerlisten von Sitzungen" in notes
        assert "Nichtöffentliche Tagesordnungspunkte" in notes
        assert "Telefonnummern" not in notes  # no persons in this kind
        assert "Für jedes Jahr" in notes
        strict = SourceConfig(contact_email="a@b.example", privacy_profile="strict")
        data = mapping.kind_dataset(_body(), "meetings", strict, summary, owner_org="o")
        notes = data["notes"]
        assert "nicht ausdrücklich als öffentlich" in notes

    def test_terms_and_undivided_kinds(self) -> None:
        cfg = SourceConfig(contact_email="a@b.example", partition="term")
        summary = _summary("meetings", [samples.meeting_11()], mode="term")
        data = mapping.kind_dataset(
            _body(), "meetings", cfg, summary, owner_org="o", frequency="WEEKLY"
        )
        assert data["resources"][0]["name"] == "Sitzungen Wahlperiode 2019–2024 (CSV)"
        assert data["frequency"].endswith("/WEEKLY")
        assert "Für jede Wahlperiode" in data["notes"]
        objs = [samples.organization_kreistag(), *samples.legislative_terms_11()]
        orgs = _summary("organizations", objs)
        data = mapping.kind_dataset(_body(), "organizations", cfg, orgs, owner_org="o")
        assert [r["name"] for r in data["resources"]][:2] == [
            "Gremien (CSV)",
            "Gremien (JSON)",
        ]
        assert data["temporal_coverage"] == [
            {"start": "1994-07-01", "end": "2029-06-30"}
        ]

    def test_without_records(self) -> None:
        empty = mapping.KindSummary("files")
        data = mapping.kind_dataset(_body(), "files", CFG, empty, owner_org="o")
        assert [r["oparl_resource"] for r in data["resources"]] == ["live"]
        assert "temporal_coverage" not in data and "modified" not in data


def test_mapping_is_pure() -> None:
    """No CKAN (no database, no actions) behind the mapping."""
    code = (
        "import sys; import ckanext.oparl_harvester.mapping, "
        "ckanext.oparl_harvester.snapshots; "
        "print(sorted(m for m in sys.modules if m == 'ckan' or m.startswith('ckan.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
