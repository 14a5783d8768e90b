"""The append-only, hash-chained event log: database triggers, tamper
detection and the CSV export for the data-protection officer.

The log is one chain for the whole test database: every manipulation below is
undone in ``finally`` (with the same superuser trick), so the chain stays valid
for the other tests; no test assumes the log is empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.cli.cli import ckan
from ckan.tests import factories

from ckanext.privacy_clearance import eventlog
from ckanext.privacy_clearance.model import event_table

from .conftest import Office, call, cleared_dataset, make_office, portal

EVENTS = "privacy_clearance.privacy_clearance_event"
REASON = "Straßennamen und Hausnummern gehören nicht in die Übersicht – bitte kürzen."


@contextmanager
def triggers_disabled() -> Iterator[None]:
    """Run statements with the append-only triggers off, in one transaction
    that switches them on again before it commits (as a superuser would)."""
    model.Session.rollback()
    model.Session.execute(sa.text(f"ALTER TABLE {EVENTS} DISABLE TRIGGER USER"))
    try:
        yield
    finally:
        model.Session.execute(sa.text(f"ALTER TABLE {EVENTS} ENABLE TRIGGER USER"))
        model.Session.commit()


def events_of(package_id: str) -> list[dict[str, Any]]:
    """The events of one dataset, in order."""
    return list(eventlog.events(package_id=package_id))


def returned_dataset(office: Office) -> dict[str, Any]:
    """A dataset submitted and returned with a reason full of umlauts."""
    dataset = call(
        "package_create",
        office.editor,
        name=factories.Dataset.stub().name,
        title="Anwohnerparkausweise Süd",
        owner_org=office.org["id"],
    )
    call("privacy_clearance_submit", office.editor, id=dataset["id"])
    call("privacy_clearance_return", office.reviewer, id=dataset["id"], reason=REASON)
    return dataset


def verify_ok() -> eventlog.Verification:
    """Verify the chain, insisting it is intact before a test tampers."""
    result = eventlog.verify()
    assert result.ok, f"Kette schon vor dem Test kaputt: {result}"
    return result


@portal()
class TestChain:
    def test_every_decision_extends_a_valid_chain(self) -> None:
        before = verify_ok().events
        dataset = cleared_dataset(make_office())
        after = verify_ok()
        assert after.events == before + 2
        submit, approve = events_of(dataset["id"])
        assert approve["prev_hash"] == submit["hash"]
        assert approve["hash"] == eventlog.event_hash(submit["hash"], approve)

    @pytest.mark.parametrize(
        "statement",
        [
            f"UPDATE {EVENTS} SET reason = 'geschönt' WHERE id = :id",
            f"DELETE FROM {EVENTS} WHERE id = :id",
            f"TRUNCATE {EVENTS}",
        ],
    )
    def test_database_refuses_changes(self, statement: str) -> None:
        dataset = cleared_dataset(make_office())
        first = events_of(dataset["id"])[0]
        try:
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                model.Session.execute(sa.text(statement), {"id": first["id"]})
        finally:
            model.Session.rollback()  # TRUNCATE too is undone by a rollback
        assert events_of(dataset["id"])[0] == first
        verify_ok()

    @pytest.mark.usefixtures("with_extended_cli")
    def test_changed_reason_is_detected(self, cli: Any) -> None:
        verify_ok()
        dataset = returned_dataset(make_office())
        returned = events_of(dataset["id"])[-1]
        update = sa.update(event_table).where(event_table.c.id == returned["id"])
        try:
            with triggers_disabled():
                model.Session.execute(update.values(reason="Alles in Ordnung."))
            result = eventlog.verify()
            assert not result.ok
            assert result.first_bad_id == returned["id"]
            assert "verändert" in result.problem
            shown = cli.invoke(ckan, ["privacy-clearance", "verify"])
            assert shown.exit_code == 1
            assert f"Ereignis {returned['id']}:" in shown.output
        finally:
            with triggers_disabled():
                model.Session.execute(update.values(reason=REASON))
        verify_ok()

    def test_deleted_event_is_detected(self) -> None:
        verify_ok()
        dataset = cleared_dataset(make_office())
        submit, approve = events_of(dataset["id"])
        row = model.Session.execute(
            sa.select(event_table).where(event_table.c.id == submit["id"])
        ).mappings()
        saved = dict(row.one())
        model.Session.rollback()
        try:
            with triggers_disabled():
                model.Session.execute(
                    sa.delete(event_table).where(event_table.c.id == saved["id"])
                )
            result = eventlog.verify()
            assert not result.ok
            # the gap shows at the event after the deleted one
            assert result.first_bad_id == approve["id"]
            assert "fehlt" in result.problem
        finally:
            with triggers_disabled():
                model.Session.execute(sa.insert(event_table).values(**saved))
        verify_ok()


@portal()
class TestCsvExport:
    def test_export_has_header_rows_hashes_and_umlauts(self) -> None:
        dataset = returned_dataset(make_office())
        out = io.StringIO()
        written = eventlog.write_csv(events_of(dataset["id"]), out)
        assert written == 2
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert list(rows[0]) == list(eventlog.CSV_COLUMNS)
        assert [r["action"] for r in rows] == ["submit", "return"]
        assert rows[1]["reason"] == REASON
        assert rows[1]["prev_hash"] == rows[0]["hash"]
        stored = [e["hash"] for e in events_of(dataset["id"])]
        assert [r["hash"] for r in rows] == stored

    def test_log_action_as_csv_for_the_dpo(self) -> None:
        office = make_office()
        dataset = returned_dataset(office)
        text = call(
            "privacy_clearance_log", office.admin, id=dataset["id"], format="csv"
        )
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["to_state"] for r in rows] == ["submitted", "returned"]
        assert rows[-1]["reason"] == REASON
