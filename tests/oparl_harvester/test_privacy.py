"""Privacy rules: what of the OParl data never reaches the portal."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from ckanext.oparl_harvester import privacy

from . import oparl_samples as samples


def _rules(dropped: list[privacy.Dropped]) -> set[str]:
    return {d.rule for d in dropped}


class TestStandard:
    def test_meeting(self) -> None:
        original = samples.meeting_11()
        kept, dropped = privacy.apply(original)
        assert kept is not None
        assert "participant" not in kept
        file_names = [f["name"] for f in kept["auxiliaryFile"]]
        assert file_names == ["Präsentation Haushalt 2024"]
        assert "text" not in kept["auxiliaryFile"][0]
        numbers = [i["number"] for i in kept["agendaItem"]]
        assert numbers == ["1", "2", "4"]  # the unmarked item stays
        # PDFs stay links
        assert kept["invitation"]["accessUrl"].startswith("https://")
        assert original == samples.meeting_11()  # input untouched
        by_rule = {(d.rule, d.path) for d in dropped}
        assert by_rule == {
            ("meeting_participant", "participant"),
            ("file_attendance_list", "auxiliaryFile[0]"),
            ("file_text", "auxiliaryFile[1].text"),
            ("agenda_item_not_public", "agendaItem[2]"),
        }
        item = next(d for d in dropped if d.rule == "agenda_item_not_public")
        assert item.object_id == f"{samples.RIS}/agendaitem/1003"

    def test_person(self) -> None:
        kept, dropped = privacy.apply(samples.person_11())
        assert kept is not None
        for key in ("phone", "email", "location", "locationObject"):
            assert key not in kept
        assert kept["familyName"] == "Probe"
        assert len(kept["membership"]) == 2
        assert "gender" in kept and "life" in kept  # only the strict profile
        assert _rules(dropped) == {"person_contact", "person_address"}

    def test_paper_signature_list_dropped_originator_kept(self) -> None:
        kept, dropped = privacy.apply(samples.paper_11())
        assert kept is not None
        assert [f["name"] for f in kept["auxiliaryFile"]] == ["Anlage 1 Haushaltsplan"]
        assert kept["originatorPerson"] == [f"{samples.RIS}/person/5"]
        assert [(d.rule, d.path) for d in dropped] == [
            ("file_attendance_list", "auxiliaryFile[1]")
        ]

    def test_untyped_embedded_items_are_checked_by_their_field(self) -> None:
        kept, dropped = privacy.apply(samples.meeting_10())
        assert kept is not None
        assert [i["number"] for i in kept["agendaItem"]] == ["Ö 1"]
        assert [d.path for d in dropped] == ["agendaItem[1]"]

    def test_location_persons(self) -> None:
        kept, dropped = privacy.apply(samples.location_11())
        assert kept is not None and "persons" not in kept
        assert kept["meetings"] == [f"{samples.RIS}/meeting/100"]
        assert _rules(dropped) == {"location_persons"}

    @pytest.mark.parametrize(
        "name",
        [
            "Anwesenheitsliste",
            "Anwesenheits-Liste TOP 1.pdf",
            "Teilnehmerliste_Ausschuss",
            "Teilnehmer-innen-Liste",
            "Präsenzliste",
            "Unterschriftenliste Einwohnerantrag",
            "Liste Sitzungsgeld 2024",
        ],
    )
    def test_attendance_and_signature_lists(self, name: str) -> None:
        obj = {
            "id": f"{samples.RIS}/file/9",
            "type": samples.S11 + "File",
            "name": "Dokument",
            "fileName": name,
            "accessUrl": f"{samples.RIS}/file/9/view",
        }
        kept, dropped = privacy.apply(obj)
        assert kept is None
        assert dropped == [
            privacy.Dropped("file_attendance_list", f"{samples.RIS}/file/9", "")
        ]

    @pytest.mark.parametrize(
        "name", ["Niederschrift", "Teilnahme am Wettbewerb", "Anlage 2 Lageplan"]
    )
    def test_ordinary_documents_stay(self, name: str) -> None:
        obj = {
            "id": "https://x.example/f/1",
            "type": samples.S11 + "File",
            "name": name,
        }
        kept, dropped = privacy.apply(obj)
        assert kept == obj and dropped == []

    def test_unknown_types_pass_unchanged(self) -> None:
        obj: dict[str, Any] = {"id": "https://x.example/1", "type": "x", "phone": ["1"]}
        kept, dropped = privacy.apply(obj)
        assert kept == obj and kept is not obj and dropped == []


class TestStrict:
    def test_unmarked_agenda_items_go_too(self) -> None:
        kept, dropped = privacy.apply(samples.meeting_11(), "strict")
        assert kept is not None
        assert [i["number"] for i in kept["agendaItem"]] == ["1", "2"]
        assert "agenda_item_unmarked" in _rules(dropped)

    def test_person_details_and_contact_names(self) -> None:
        person, _ = privacy.apply(samples.person_11(), "strict")
        assert person is not None
        for key in ("gender", "life", "lifeSource", "image"):
            assert key not in person
        system, _ = privacy.apply(samples.system_11(), privacy.get_profile("strict"))
        assert system is not None and "contactName" not in system
        paper, _ = privacy.apply(samples.paper_11(), "strict")
        assert paper is not None and "originatorPerson" not in paper

    def test_strict_contains_standard(self) -> None:
        standard = {r.key for r in privacy.get_profile("standard").rules}
        strict = {r.key for r in privacy.get_profile("strict").rules}
        assert standard < strict


class TestRules:
    def test_profiles_and_descriptions(self) -> None:
        assert privacy.profiles() == ["standard", "strict"]
        assert privacy.DEFAULT_PROFILE == "standard"
        for name in privacy.profiles():
            chosen = privacy.get_profile(name)
            assert chosen.label and chosen.description
            for rule in chosen.rules:
                assert rule.description and "\n" not in rule.description
                assert rule.drop_fields or rule.drop_object

    def test_unknown_profile(self) -> None:
        with pytest.raises(KeyError):
            privacy.get_profile("lax")

    def test_a_misspelt_field_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        broken = tmp_path / "privacy.yaml"
        broken.write_text(
            "rules:\n  r:\n    description: x\n    types: [Person]\n"
            "    drop_fields: [telefon]\n"
            "profiles:\n  standard: {label: S, description: S, rules: [r]}\n",
            encoding="utf-8",
        )
        monkeypatch.setattr(privacy, "RULES_FILE", broken)
        privacy._load.cache_clear()
        try:
            with pytest.raises(ValueError, match="telefon"):
                privacy.profiles()
        finally:
            monkeypatch.undo()
            privacy._load.cache_clear()


def test_drop_log_lines_for_the_harvest_report() -> None:
    log = privacy.DropLog()
    for obj in (samples.meeting_11(), samples.person_11(), samples.paper_11()):
        log.add(privacy.apply(copy.deepcopy(obj))[1])
    assert log.counts["person_contact"] == 2  # phone and email ...
    assert log.objects["person_contact"] == 1  # ... of one person
    lines = log.lines()
    assert lines[0].startswith("Telefonnummern und E-Mail-Adressen von Personen")
    assert "2 Angaben in 1 Objekt entfernt" in lines[0]
    attendance = next(line for line in lines if "file_attendance_list" in line)
    assert attendance.endswith("2 Objekte entfernt")
    assert len(lines) == len(log.counts)
