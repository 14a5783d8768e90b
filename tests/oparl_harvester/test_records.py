"""Typed records of OParl objects: parsing 1.0 and 1.1, tolerance, hashing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from ckanext.oparl_harvester import records
from ckanext.oparl_harvester.records import LOCAL_TIME

from . import oparl_samples as samples

UTC = dt.UTC


class TestParse:
    def test_meeting_11_with_embedded_objects(self) -> None:
        meeting = records.parse(samples.meeting_11())
        assert isinstance(meeting, records.Meeting)
        assert meeting.oparl_version == "1.1"
        assert meeting.type_name == "Meeting"
        assert meeting.start == dt.datetime(2024, 3, 14, 16, 0, tzinfo=UTC)
        assert meeting.cancelled is False
        assert isinstance(meeting.location, records.Location)
        assert meeting.location.locality == "Musterstadt"
        assert isinstance(meeting.invitation, records.File)
        assert meeting.invitation.date == dt.date(2024, 3, 1)
        assert [type(i) for i in meeting.agenda_item] == [records.AgendaItem] * 4
        assert meeting.agenda_item[2].public is False
        assert meeting.agenda_item[3].public is None
        # references stay id strings
        assert meeting.participant == (
            f"{samples.RIS}/person/5",
            f"{samples.RIS}/person/6",
        )
        assert meeting.keyword == ("Haushalt",)

    def test_meeting_10_local_time_and_untyped_embedded_items(self) -> None:
        meeting = records.parse(samples.meeting_10())
        assert meeting.oparl_version == "1.0"
        assert meeting.start == dt.datetime(2023, 11, 23, 18, 0, tzinfo=LOCAL_TIME)
        first, second = meeting.agenda_item
        assert isinstance(first, records.AgendaItem)
        assert first.oparl_version is None  # its type was implied by the field
        assert first.number == "Ö 1"
        assert second.oparl_version == "1.0"

    def test_paper_with_reference_instead_of_embedded_file(self) -> None:
        paper = records.parse(samples.paper_10())
        assert isinstance(paper, records.Paper)
        assert paper.main_file == f"{samples.OLD}/file/770"
        assert paper.synthetic_modified is True
        assert paper.consultation == ()
        assert paper.date == dt.date(2023, 10, 5)

    def test_paper_11_consultations(self) -> None:
        paper = records.parse(samples.paper_11())
        assert isinstance(paper, records.Paper)
        roles = [
            c.role for c in paper.consultation if isinstance(c, records.Consultation)
        ]
        assert roles == ["Vorberatung", "Entscheidung"]
        assert paper.consultation[1].authoritative is True
        assert isinstance(paper.location[0], records.Location)
        assert paper.location[0].geojson == {
            "type": "Point",
            "coordinates": [11.9, 51.4],
        }

    def test_body_terms_and_lists(self) -> None:
        body = records.parse(samples.body_11())
        assert isinstance(body, records.Body)
        assert [t.name for t in body.terms] == [
            "Wahlperiode 2019–2024",
            "Wahlperiode 2024–2029",
        ]
        assert body.terms[0].start_date == dt.date(2019, 7, 1)
        assert body.paper == f"{samples.RIS}/body/1/papers"
        assert body.legislative_term_list.endswith("/legislativeterms")
        assert body.oparl_since is not None

    def test_system_version_iri_is_not_the_record_version(self) -> None:
        system = records.parse(samples.system_10())
        assert isinstance(system, records.System)
        assert system.oparl_version == "1.0"
        assert system.oparl_version_iri == "https://schema.oparl.org/1.0/"

    def test_person_with_memberships_and_image(self) -> None:
        person = records.parse(samples.person_11())
        assert isinstance(person, records.Person)
        assert [type(m) for m in person.membership] == [records.Membership] * 2
        assert person.membership[0].voting_right is True
        assert isinstance(person.image, records.File)
        assert person.title == ("Dr.",)

    @pytest.mark.parametrize("version", ["1.0", "1.1"])
    @pytest.mark.parametrize("name", sorted(records.TYPES))
    def test_every_type_from_id_and_type_alone(self, name: str, version: str) -> None:
        obj = {
            "id": f"{samples.RIS}/x/1",
            "type": f"https://schema.oparl.org/{version}/{name}",
        }
        record = records.parse(obj)
        assert type(record).__name__ == name
        assert record.oparl_version == version
        assert record.name is None and record.modified is None
        assert record.deleted is False

    def test_records_are_frozen(self) -> None:
        paper = records.parse(samples.paper_11())
        with pytest.raises(dataclasses.FrozenInstanceError):
            paper.name = "anders"  # type: ignore[misc]


class TestTolerance:
    def _meeting(self, **fields: Any) -> records.Meeting:
        obj = {"id": f"{samples.RIS}/meeting/1", "type": samples.S11 + "Meeting"}
        record = records.parse({**obj, **fields})
        assert isinstance(record, records.Meeting)
        return record

    @pytest.mark.parametrize(
        "value", ["gestern", "2024-13-45T00:00:00", 20240101, None]
    )
    def test_malformed_dates_become_none(self, value: Any) -> None:
        assert self._meeting(start=value).start is None

    def test_a_date_where_a_datetime_belongs_is_local_midnight(self) -> None:
        start = self._meeting(start="2024-05-02").start
        assert start == dt.datetime(2024, 5, 2, tzinfo=LOCAL_TIME)

    def test_a_datetime_where_a_date_belongs_gives_the_day(self) -> None:
        paper = records.parse(
            {
                "id": "https://x.example/p/1",
                "type": samples.S11 + "Paper",
                "date": "2024-02-12T23:30:00+01:00",
            }
        )
        assert paper.date == dt.date(2024, 2, 12)

    def test_single_value_where_a_list_belongs(self) -> None:
        meeting = self._meeting(organization=f"{samples.RIS}/organization/1")
        assert meeting.organization == (f"{samples.RIS}/organization/1",)

    def test_wrong_scalar_types(self) -> None:
        meeting = self._meeting(cancelled="true", name=42, keyword=[None, "", "A"])
        assert meeting.cancelled is True
        assert meeting.name == "42"
        assert meeting.keyword == ("A",)
        assert self._meeting(cancelled="vielleicht").cancelled is None

    def test_embedded_junk_is_dropped(self) -> None:
        meeting = self._meeting(invitation=["kein", "Objekt"], agendaItem=[1, {"x": 1}])
        assert meeting.invitation is None
        assert meeting.agenda_item == ()

    def test_embedded_object_of_the_wrong_type_is_dropped(self) -> None:
        meeting = self._meeting(
            location={"id": "https://x.example/f/1", "type": samples.S11 + "File"}
        )
        assert meeting.location is None

    @pytest.mark.parametrize(
        "obj",
        [
            {
                "id": "https://x.example/1",
                "type": "https://schema.oparl.org/1.1/Vendor",
            },
            {"id": "https://x.example/1", "type": "https://example.org/1.1/Paper"},
            {"id": "https://x.example/1"},
            {"type": samples.S11 + "Paper"},
        ],
    )
    def test_unknown_type_or_missing_id(self, obj: dict[str, Any]) -> None:
        with pytest.raises(records.UnknownTypeError):
            records.parse(obj)
        assert issubclass(records.UnknownTypeError, ValueError)


class TestContentHash:
    def test_key_order_and_volatile_keys_do_not_matter(self) -> None:
        first = samples.meeting_11()
        second = dict(reversed(list(samples.meeting_11().items())))
        second["modified"] = "2099-01-01T00:00:00+01:00"
        second["created"] = None
        second["_synthetic_modified"] = True
        second["_original_id"] = "https://alt.example/meeting/100"
        second["agendaItem"][0]["modified"] = "2099-01-01T00:00:00+01:00"
        assert records.content_hash(first) == records.content_hash(second)

    def test_content_changes_change_the_hash(self) -> None:
        changed = samples.meeting_11()
        changed["agendaItem"][1]["result"] = "vertagt"
        assert records.content_hash(changed) != records.content_hash(
            samples.meeting_11()
        )

    def test_hash_format(self) -> None:
        digest = records.content_hash(samples.paper_11())
        assert len(digest) == 64 and int(digest, 16) >= 0


def test_embedded_fields_and_keys_come_from_the_records() -> None:
    assert records.embedded_fields("Meeting")["agendaItem"] == "AgendaItem"
    assert records.embedded_fields("Paper")["consultation"] == "Consultation"
    assert records.embedded_fields("Person")["locationObject"] == "Location"
    assert "participant" not in records.embedded_fields("Meeting")
    assert {"phone", "email", "locationObject", "id", "type"} <= records.oparl_keys(
        "Person"
    )
    assert records.record_type(samples.paper_10()) == ("Paper", "1.0")
    assert records.record_type({"type": 3}) is None


def test_embedded_files_of_meetings_and_papers() -> None:
    meeting = records.parse(samples.meeting_11())
    numbers = [f.id.rsplit("/", 1)[-1] for f in records.embedded_files(meeting)]
    assert numbers == ["201", "202", "203", "204", "205", "206"]
    paper = records.parse(samples.paper_10())  # only a reference: nothing
    assert list(records.embedded_files(paper)) == []
    twice = samples.paper_11()
    twice["auxiliaryFile"].append(twice["mainFile"])
    ids = [f.id for f in records.embedded_files(records.parse(twice))]
    assert len(ids) == len(set(ids)) == 3
