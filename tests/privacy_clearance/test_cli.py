"""``ckan privacy-clearance …``: reminders, expiry, the log and the scan, as
the cron job and the data-protection officer run them."""

from __future__ import annotations

import csv
import datetime as dt
import http.server
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.cli.cli import ckan
from ckan.tests import factories

from ckanext.privacy_clearance import clearance

from .conftest import Office, call, cleared_dataset, make_office, portal
from .smtp import Mailbox, smtp_server_fixture  # noqa: F401

TODAY = dt.date.today()


def run(cli: Any, *args: str) -> Any:
    """Run ``ckan privacy-clearance ARGS``."""
    return cli.invoke(ckan, ["privacy-clearance", *args])


def set_clearance(dataset: dict[str, Any], **values: Any) -> None:
    """Change bookkeeping columns of a clearance as time would."""
    clearance.update(dataset["id"], values)
    model.Session.commit()


def submitted(office: Office) -> dict[str, Any]:
    """A dataset the editor created and submitted."""
    dataset = call(
        "package_create",
        office.editor,
        name=factories.Dataset.stub().name,
        title="Sitzungskalender Ortschaftsräte",
        owner_org=office.org["id"],
    )
    call("privacy_clearance_submit", office.editor, id=dataset["id"])
    return dataset


def sent_count(result: Any) -> int:
    """The number the summary line reports."""
    match = re.search(r"^(\d+) Erinnerung(?:en)? verschickt$", result.output, re.M)
    assert match, result.output
    return int(match.group(1))


def reviewer_mails(box: Mailbox, office: Office) -> list[str]:
    """Subjects of the e-mails the office's reviewers got."""
    people = (office.reviewer, office.reviewer2)
    return sorted(mail.subject for p in people for mail in box.to(p["email"]))


@portal()
@pytest.mark.usefixtures("with_extended_cli")
class TestRemind:
    def test_expiring_clearance_reminds_reviewers_once_a_day(
        self, cli: Any, smtp_server: Mailbox
    ) -> None:
        office = make_office()
        dataset = cleared_dataset(office, title="Baumkataster Süd")
        set_clearance(dataset, expires=TODAY + dt.timedelta(days=5))
        smtp_server.clear()

        result = run(cli, "remind")
        assert result.exit_code == 0, result.output
        subject = "Erneute Prüfung bald fällig: Baumkataster Süd"
        assert reviewer_mails(smtp_server, office) == [subject, subject]
        mail = smtp_server.one(office.reviewer["email"])
        expires = (TODAY + dt.timedelta(days=5)).strftime("%d.%m.%Y")
        assert f"läuft am {expires} ab" in mail.body
        assert sent_count(result) == len(smtp_server.mails)

        smtp_server.clear()
        again = run(cli, "remind")
        assert again.exit_code == 0, again.output
        assert reviewer_mails(smtp_server, office) == []

        set_clearance(dataset, reminded_at=clearance.now() - dt.timedelta(days=1))
        run(cli, "remind")
        assert len(reviewer_mails(smtp_server, office)) == 2

    def test_overdue_submission_reminds_reviewers(
        self, cli: Any, smtp_server: Mailbox
    ) -> None:
        office = make_office()
        dataset = submitted(office)
        set_clearance(dataset, deadline=clearance.now() - dt.timedelta(days=2))
        smtp_server.clear()
        result = run(cli, "remind")
        assert result.exit_code == 0, result.output
        mail = smtp_server.one(office.reviewer2["email"])
        assert (
            mail.subject == "Prüffrist überschritten: Sitzungskalender Ortschaftsräte"
        )
        assert f"/dataset/{dataset['name']}/freigabe" in mail.body
        assert smtp_server.to(office.editor["email"]) == []

    def test_far_expiry_and_fresh_submission_are_left_alone(
        self, cli: Any, smtp_server: Mailbox
    ) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        set_clearance(dataset, expires=TODAY + dt.timedelta(days=90))
        submitted(office)
        smtp_server.clear()
        assert run(cli, "remind").exit_code == 0
        assert reviewer_mails(smtp_server, office) == []

    def test_dry_run_sends_nothing(self, cli: Any, smtp_server: Mailbox) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        set_clearance(dataset, expires=TODAY + dt.timedelta(days=1))
        smtp_server.clear()
        result = run(cli, "remind", "--dry-run")
        assert result.exit_code == 0, result.output
        assert "Probelauf" in result.output
        assert smtp_server.mails == []
        run(cli, "remind")  # the dry run did not use up today's reminder
        assert len(reviewer_mails(smtp_server, office)) == 2


@portal()
@pytest.mark.usefixtures("with_extended_cli")
class TestExpire:
    def test_expired_clearance_hides_the_dataset(
        self, cli: Any, smtp_server: Mailbox
    ) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        keep = cleared_dataset(office)
        set_clearance(dataset, expires=TODAY - dt.timedelta(days=1))
        smtp_server.clear()

        result = run(cli, "expire")
        assert result.exit_code == 0, result.output
        assert dataset["name"] in result.output

        shown = call("privacy_clearance_show", office.editor, id=dataset["id"])
        assert shown["state"] == "expired"
        assert shown["history"][-1]["action"] == "expire"
        assert shown["history"][-1]["actor_name"] == "system"
        assert call("package_show", office.editor, id=dataset["id"])["private"]
        found = call("package_search", None, q=f"name:{dataset['name']}")
        assert found["count"] == 0
        mail = smtp_server.one(office.editor["email"])
        assert mail.subject.startswith("Datenschutzfreigabe abgelaufen")

        # the other dataset's clearance is still valid: public and found
        assert call("package_show", None, id=keep["id"])["private"] is False
        found = call("package_search", None, q=f"name:{keep['name']}")
        assert found["count"] == 1

    def test_expire_is_idempotent(self, cli: Any, smtp_server: Mailbox) -> None:
        office = make_office()
        dataset = cleared_dataset(office)
        set_clearance(dataset, expires=TODAY - dt.timedelta(days=3))
        assert run(cli, "expire").exit_code == 0
        smtp_server.clear()

        again = run(cli, "expire")
        assert again.exit_code == 0, again.output
        assert dataset["name"] not in again.output
        history = call("privacy_clearance_show", office.editor, id=dataset["id"])
        assert [e["action"] for e in history["history"]].count("expire") == 1
        assert smtp_server.to(office.editor["email"]) == []


@portal()
@pytest.mark.usefixtures("with_extended_cli")
class TestLogCommands:
    def test_verify_reports_an_intact_log(self, cli: Any) -> None:
        cleared_dataset(make_office())
        result = run(cli, "verify")
        assert result.exit_code == 0, result.output
        match = re.search(r"Protokoll unversehrt: (\d+) Ereignisse", result.output)
        assert match and int(match.group(1)) >= 2

    def test_export_log_writes_a_csv_file(self, cli: Any, tmp_path: Path) -> None:
        office = make_office()
        dataset = cleared_dataset(office, title="Wahlbezirke Größe")
        other = cleared_dataset(make_office())
        target = tmp_path / "protokoll.csv"
        result = run(
            cli,
            "export-log",
            "--output",
            str(target),
            "--org",
            office.org["name"],
            "--since",
            TODAY.isoformat(),
        )
        assert result.exit_code == 0, result.output
        assert f"2 Ereignisse nach {target}" in result.output
        rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
        assert {r["package_id"] for r in rows} == {dataset["id"]}
        assert [r["action"] for r in rows] == ["submit", "approve"]
        assert all(len(r["hash"]) == 64 for r in rows)
        assert other["id"] not in target.read_text(encoding="utf-8")

    def test_export_log_since_tomorrow_is_empty(self, cli: Any) -> None:
        cleared_dataset(make_office())
        tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
        result = run(cli, "export-log", "--since", tomorrow)
        assert result.exit_code == 0, result.output
        header = result.stdout.splitlines()[0]
        assert header.startswith("id,created,package_id")
        assert len(result.stdout.splitlines()) == 1

    def test_export_log_unknown_org_is_an_error(self, cli: Any) -> None:
        result = run(cli, "export-log", "--org", "gibt-es-nicht")
        assert result.exit_code == 2
        assert "nicht gefunden" in result.output


PEOPLE_CSV = """Name;E-Mail;Telefon;Straße
Erika Mustermann;erika.mustermann@web.de;0345 1234567;Lindenstraße 12
Max Müller;max.mueller@gmx.de;0171 9876543;Am Markt 3
"""


@pytest.fixture
def file_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 serving ``/personen.csv``, allowed by the
    outbound policy as a server on the internet would be; yields its URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = PEOPLE_CSV.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/csv; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hostport = f"127.0.0.1:{server.server_address[1]}"
    monkeypatch.setitem(tk.config, "ckanext.outbound.allow", hostport)
    try:
        yield f"http://{hostport}/personen.csv"
    finally:
        server.shutdown()
        server.server_close()


@portal()
@pytest.mark.usefixtures("with_extended_cli")
class TestScan:
    def test_scan_reports_personal_data_to_the_reviewer(
        self, cli: Any, file_server: str
    ) -> None:
        scanner = pytest.importorskip("ckanext.privacy_clearance.scan")
        if not hasattr(scanner, "scan_file"):
            pytest.skip("ckanext/privacy_clearance/scan/ hat noch kein scan_file")
        office = make_office()
        dataset = call(
            "package_create",
            office.editor,
            name=factories.Dataset.stub().name,
            title="Ehrenamtliche Helfer",
            owner_org=office.org["id"],
            resources=[{"url": file_server, "format": "CSV", "name": "Helfer"}],
        )
        result = run(cli, "scan", dataset["name"])
        assert result.exit_code == 0, result.output
        match = re.search(r"(\d+) Hinweise? auf personenbezogene Daten", result.output)
        assert match, result.output
        assert int(match.group(1)) > 0
        assert "„Ehrenamtliche Helfer“" in result.output
        shown = call("privacy_clearance_show", office.reviewer, id=dataset["id"])
        [hints] = shown["scan"]
        assert hints["resource_name"] == "Helfer"
        assert len(hints["findings"]) == int(match.group(1))
        # only masked excerpts are stored
        assert "erika.mustermann@web.de" not in str(hints["findings"])

    def test_scan_of_unknown_dataset_is_an_error(self, cli: Any) -> None:
        result = run(cli, "scan", "gibt-es-nicht")
        assert result.exit_code == 2
        assert "Datensatz „gibt-es-nicht“ nicht gefunden" in result.output
