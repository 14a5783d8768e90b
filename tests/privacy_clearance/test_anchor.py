"""The governance log of reviewer roles, and anchors of both logs outside the
database that show removed newest entries.

As in ``test_eventlog``: the logs are one chain each for the whole test
database, every manipulation is undone in ``finally``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.cli.cli import ckan
from ckan.tests import factories

from ckanext.privacy_clearance import eventlog
from ckanext.privacy_clearance.model import (
    event_table,
    governance_table,
    reviewer_table,
)

from .conftest import call, cleared_dataset, make_office, portal
from .smtp import Mailbox, smtp_server_fixture  # noqa: F401

GOVERNANCE = "privacy_clearance.privacy_clearance_governance"
EVENTS = "privacy_clearance.privacy_clearance_event"


@contextmanager
def triggers_disabled(*tables: str) -> Iterator[None]:
    """Statements with the append-only triggers off, as a superuser could."""
    model.Session.rollback()
    for table in tables:
        model.Session.execute(sa.text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
    try:
        yield
    finally:
        for table in tables:
            model.Session.execute(sa.text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
        model.Session.commit()


def role_entries(user_id: str) -> list[dict[str, Any]]:
    rows = model.Session.execute(
        sa.select(governance_table)
        .where(governance_table.c.user_id == user_id)
        .order_by(governance_table.c.id)
    ).mappings()
    return [dict(row) for row in rows]


def run(cli: Any, *args: str) -> Any:
    return cli.invoke(ckan, ["privacy-clearance", *args])


@portal()
class TestGovernanceLog:
    def test_appointment_and_removal_are_logged(self) -> None:
        office = make_office()
        call(
            "privacy_reviewer_remove",
            office.admin,
            owner_org=office.org["id"],
            user=office.reviewer2["name"],
        )
        added, removed = role_entries(office.reviewer2["id"])
        assert (added["action"], removed["action"]) == (
            "reviewer_add",
            "reviewer_remove",
        )
        assert added["actor_name"] == removed["actor_name"] == office.admin["name"]
        assert added["owner_org_name"] == office.org["name"]
        assert removed["prev_hash"] == added["hash"]
        assert eventlog.GOVERNANCE.verify().ok
        assert eventlog.unrecorded_roles() == []

    def test_adding_twice_logs_once(self) -> None:
        office = make_office()
        call(
            "privacy_reviewer_add",
            office.admin,
            owner_org=office.org["id"],
            user=office.reviewer["name"],
        )
        assert [e["action"] for e in role_entries(office.reviewer["id"])] == [
            "reviewer_add"
        ]

    @pytest.mark.usefixtures("with_extended_cli")
    def test_role_written_past_the_application_is_detected(self, cli: Any) -> None:
        office = make_office()
        intruder = factories.User()
        insert = sa.insert(reviewer_table).values(
            owner_org=office.org["id"], user_id=intruder["id"]
        )
        model.Session.execute(insert)
        model.Session.commit()
        try:
            problems = eventlog.unrecorded_roles()
            assert any(intruder["id"] in p for p in problems)
            shown = run(cli, "verify")
            assert shown.exit_code == 1
            assert "Prüferrolle ohne Eintrag im Rollen-Protokoll" in shown.output
        finally:
            model.Session.execute(
                sa.delete(reviewer_table).where(
                    reviewer_table.c.user_id == intruder["id"]
                )
            )
            model.Session.commit()
        assert eventlog.unrecorded_roles() == []

    def test_changed_entry_is_detected(self) -> None:
        office = make_office()
        entry = role_entries(office.reviewer["id"])[0]
        change = sa.update(governance_table).where(governance_table.c.id == entry["id"])
        try:
            with triggers_disabled(GOVERNANCE):
                model.Session.execute(change.values(actor_name="jemand-anders"))
            result = eventlog.GOVERNANCE.verify()
            assert not result.ok
            assert result.first_bad_id == entry["id"]
        finally:
            with triggers_disabled(GOVERNANCE):
                model.Session.execute(change.values(actor_name=entry["actor_name"]))
        assert eventlog.GOVERNANCE.verify().ok

    def test_database_refuses_changes(self) -> None:
        office = make_office()
        entry = role_entries(office.reviewer["id"])[0]
        try:
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                model.Session.execute(
                    sa.delete(governance_table).where(
                        governance_table.c.id == entry["id"]
                    )
                )
        finally:
            model.Session.rollback()
        assert role_entries(office.reviewer["id"])[0] == entry


@pytest.fixture
def anchor_file(tmp_path: Path, ckan_config: Any, monkeypatch: Any) -> Path:
    path = tmp_path / "archiv" / "anker.jsonl"
    monkeypatch.setitem(ckan_config, "ckanext.privacy_clearance.anchor_file", str(path))
    monkeypatch.setitem(ckan_config, "ckanext.privacy_clearance.anchor_mail", "false")
    return path


@portal()
@pytest.mark.usefixtures("with_extended_cli")
class TestAnchor:
    def test_removed_newest_events_are_detected(
        self, cli: Any, anchor_file: Path
    ) -> None:
        dataset = cleared_dataset(make_office())
        written = run(cli, "anchor")
        assert written.exit_code == 0, written.output
        assert f"Anker festgehalten in {anchor_file}" in written.output
        [line] = anchor_file.read_text().splitlines()
        head = json.loads(line)["events"]
        ok = run(cli, "verify", "--anchor")
        assert ok.exit_code == 0, ok.output
        assert "Anker passen: 1 Anker geprüft" in ok.output
        newest = model.Session.execute(
            sa.select(event_table).where(event_table.c.package_id == dataset["id"])
        ).mappings()
        saved = [dict(row) for row in newest]
        model.Session.rollback()
        assert saved[-1]["id"] == head["id"]
        try:
            with triggers_disabled(EVENTS):
                model.Session.execute(
                    sa.delete(event_table).where(
                        event_table.c.package_id == dataset["id"]
                    )
                )
            # what is left is still a valid chain: only the anchor shows it
            assert eventlog.EVENTS.verify().ok
            plain = run(cli, "verify")
            assert plain.exit_code == 0, plain.output
            shown = run(cli, "verify", "--anchor")
            assert shown.exit_code == 1
            assert (
                f"Freigabe-Protokoll: Ereignis {head['id']} aus dem Anker vom"
                in shown.output
            )
            assert "die neuesten Ereignisse wurden entfernt" in shown.output
        finally:
            with triggers_disabled(EVENTS):
                for row in saved:
                    model.Session.execute(sa.insert(event_table).values(**row))
        assert run(cli, "verify", "--anchor").exit_code == 0

    def test_without_a_place_the_anchor_is_refused(
        self, cli: Any, ckan_config: Any, monkeypatch: Any
    ) -> None:
        monkeypatch.setitem(ckan_config, "ckanext.privacy_clearance.anchor_file", "")
        result = run(cli, "anchor")
        assert result.exit_code == 2
        assert "Kein Ablageort für den Anker" in result.output
        result = run(cli, "verify", "--anchor")
        assert result.exit_code == 2
        assert "Keine Anker-Datei eingestellt" in result.output


@portal(**{"ckanext.privacy_clearance.dpo_users": "dsb-anker"})
@pytest.mark.usefixtures("with_extended_cli")
def test_anchor_mailed_to_the_dpo_checks_the_logs(
    cli: Any, smtp_server: Mailbox, tmp_path: Path, ckan_config: Any, monkeypatch: Any
) -> None:
    monkeypatch.setitem(ckan_config, "ckanext.privacy_clearance.anchor_file", "")
    dpo = factories.User(name="dsb-anker", email="dsb@saalekreis.example")
    cleared_dataset(make_office())
    smtp_server.clear()
    result = run(cli, "anchor")
    assert result.exit_code == 0, result.output
    assert "per E-Mail an 1 Person" in result.output
    mail = smtp_server.one(dpo["email"])
    assert mail.subject == "Anker der Freigabe-Protokolle"
    saved = tmp_path / "anker.eml.txt"
    saved.write_text(mail.body)  # the DPO keeps the mail's text
    checked = run(cli, "verify", "--anchor-file", str(saved))
    assert checked.exit_code == 0, checked.output
    assert "Anker passen" in checked.output
