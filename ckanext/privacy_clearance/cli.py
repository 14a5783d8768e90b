"""``ckan privacy-clearance …``: reminders, expiry, the event log and the
personal-data scan of the data-protection clearance (Datenschutzfreigabe).

``remind`` and ``expire`` are meant for a daily cron job; both are safe to run
repeatedly and concurrently (rows are locked, already handled ones skipped).
``anchor`` is meant for an hourly or daily one: it keeps the heads of the
logs outside the database, against which ``verify --anchor`` checks.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import ckan.plugins.toolkit as tk
import click
import sqlalchemy as sa
from ckan import model

from . import anchor as anchors
from . import clearance, config, eventlog, notify
from .language import N_, _
from .model import clearance_table

__all__ = ["privacy_clearance"]

OPEN = ("submitted", "in_review")


@click.group(
    name="privacy-clearance",
    short_help="Datenschutzfreigabe: Fristen, Ablauf, Protokoll, Scan.",
)
def privacy_clearance() -> None:
    """Datenschutzfreigabe (privacy_clearance): Erinnerungen, Ablauf,
    Prüfung und Export des Protokolls, Scan auf personenbezogene Daten."""


def _plural(count: int, one: str, many: str) -> str:
    """``1 Erinnerung``, ``3 Erinnerungen``: ``one`` or ``many`` (English
    message ids with ``{count}``) translated and filled in."""
    return _(one if count == 1 else many).format(count=count)


def _start_of_today() -> dt.datetime:
    """Local midnight of today, timezone-aware."""
    return dt.datetime.combine(dt.date.today(), dt.time()).astimezone()


def _title(package_id: str) -> str:
    """How people know a dataset: „Titel“ (name)."""
    pkg = model.Package.get(package_id)
    if pkg is None:
        return package_id
    if not pkg.title or pkg.title == pkg.name:
        return pkg.name
    return f"„{pkg.title}“ ({pkg.name})"


def _active_datasets(query: sa.Select) -> sa.Select:
    """Restrict a query on the clearance table to existing, active datasets."""
    pkg = model.package_table
    return query.join(pkg, pkg.c.id == clearance_table.c.package_id).where(
        pkg.c.state == "active"
    )


# --- remind -------------------------------------------------------------------


Condition = sa.ColumnElement[bool]


def _reminder_conditions() -> tuple[Condition, Condition, Condition]:
    """SQL conditions: expiring soon, past deadline, not yet reminded today."""
    c, today = clearance_table.c, dt.date.today()
    expiring = sa.and_(
        c.state == "cleared",
        c.expires >= today,
        c.expires <= today + dt.timedelta(days=config.remind_days()),
    )
    overdue = sa.and_(c.state.in_(OPEN), c.deadline < clearance.now())
    not_today = sa.or_(c.reminded_at.is_(None), c.reminded_at < _start_of_today())
    return expiring, overdue, not_today


def _due_reminders() -> list[tuple[str, str]]:
    """``(package_id, notification key)`` of every reminder due now."""
    expiring, overdue, not_today = _reminder_conditions()
    kind = sa.case((expiring, "remind_expiry"), else_="remind_deadline")
    query = _active_datasets(
        sa.select(clearance_table.c.package_id, kind)
        .where(sa.or_(expiring, overdue))
        .where(not_today)
        .order_by(clearance_table.c.package_id)
    )
    return [(row[0], row[1]) for row in model.Session.execute(query)]


def _lock_due(package_id: str) -> dict[str, Any] | None:
    """The clearance row, locked, if a reminder is still due (another run may
    have sent it meanwhile)."""
    expiring, overdue, not_today = _reminder_conditions()
    row = (
        model.Session.execute(
            sa.select(clearance_table)
            .where(clearance_table.c.package_id == package_id)
            .where(sa.or_(expiring, overdue))
            .where(not_today)
            .with_for_update(skip_locked=True)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def _remind_one(package_id: str, kind: str, dry_run: bool) -> int:
    """Remind the reviewers of one dataset.

    :param package_id: dataset id
    :param kind: ``remind_expiry`` or ``remind_deadline`` (notifications.yaml)
    :param dry_run: only count, send nothing and leave ``reminded_at`` alone
    :returns: number of e-mails sent (or that would be sent)
    """
    row = _lock_due(package_id)
    if row is None:
        model.Session.rollback()
        return 0
    notices = notify.render(kind, row, None, None)
    title = _title(package_id)
    if not notices:
        tk.error_shout(
            _("{title}: no reviewers with an e-mail address").format(title=title)
        )
    sent = len(notices) if dry_run else notify.send(notices)
    if sent and not dry_run:
        clearance.update(package_id, {"reminded_at": clearance.now()})
    model.Session.commit()
    label = _("Expiry") if kind == "remind_expiry" else _("Review period")
    mails = _plural(sent, N_("{count} e-mail"), N_("{count} e-mails"))
    click.echo(f"{label}: {title} → {mails}")
    return sent


@privacy_clearance.command("remind")
@click.option("--dry-run", is_flag=True, help="Nur anzeigen, nichts verschicken.")
def remind(dry_run: bool) -> None:
    """Erinnert die Prüferinnen und Prüfer an bald ablaufende Freigaben
    (``ckanext.privacy_clearance.remind_days``) und an überschrittene
    Prüffristen, höchstens einmal am Tag je Datensatz."""
    if not config.notify():
        click.echo(
            _(
                "E-mails are switched off (ckanext.privacy_clearance.notify); "
                "no reminders sent."
            )
        )
        return
    total = sum(_remind_one(pid, kind, dry_run) for pid, kind in _due_reminders())
    reminders = _plural(total, N_("{count} reminder"), N_("{count} reminders"))
    if dry_run:
        click.echo(_("Dry run: {reminders} would be sent").format(reminders=reminders))
    else:
        click.echo(_("{reminders} sent").format(reminders=reminders))


# --- expire -------------------------------------------------------------------


def _expired_ids() -> list[str]:
    """Datasets whose clearance is past its date but still ``cleared``."""
    c = clearance_table.c
    query = _active_datasets(
        sa.select(c.package_id)
        .where(c.state == "cleared")
        .where(c.expires < dt.date.today())
        .order_by(c.expires, c.package_id)
    )
    return list(model.Session.execute(query).scalars())


def _still_public_ids() -> list[str]:
    """Expired datasets that are still public (an earlier run was
    interrupted between the transition and hiding the dataset)."""
    query = _active_datasets(
        sa.select(clearance_table.c.package_id)
        .where(clearance_table.c.state == "expired")
        .where(model.package_table.c.private.is_(False))
    )
    return list(model.Session.execute(query).scalars())


def _hide(package_id: str) -> None:
    """Make a dataset private through ``package_patch`` (index, activity);
    the guard keeps it private from then on."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("package_patch")(
        {"ignore_auth": True, "user": site_user["name"]},
        {"id": package_id, "private": True},
    )


def _repair(package_id: str) -> bool:
    """Hide an expired dataset that is still public; not a new expiry."""
    _hide(package_id)
    click.echo(
        _("Caught up: {dataset} is private now").format(dataset=_title(package_id))
    )
    return False


def _expire_one(package_id: str) -> bool:
    """Let one clearance expire (transition ``expire``) and hide its dataset.

    :param package_id: dataset id
    :returns: ``False`` if another run or a decision got there first
    """
    pkg = clearance.lock_package(package_id)
    row = clearance.load(pkg.id, lock=True)
    expires = row["expires"] if row and row["state"] == "cleared" else None
    if row is None or expires is None or expires >= dt.date.today():
        model.Session.rollback()
        return False
    reason = f"Die Freigabe galt bis zum {expires:%d.%m.%Y}."
    clearance.record(row, "expire", None, reason=reason)
    model.Session.commit()
    _hide(package_id)
    click.echo(_("Expired: {dataset} is private now").format(dataset=_title(pkg.id)))
    return True


def _try(func: Callable[[str], bool], package_id: str) -> bool | None:
    """Run ``func(package_id)``; on an error roll back, report it and return
    ``None`` (one broken dataset must not stop the rest)."""
    try:
        return func(package_id)
    except Exception as error:
        model.Session.rollback()
        tk.error_shout(
            _("Error with {dataset}: {error}").format(
                dataset=_title(package_id), error=error
            )
        )
        return None


@privacy_clearance.command("expire")
def expire() -> None:
    """Setzt abgelaufene Freigaben auf „Abgelaufen“ und macht die Datensätze
    privat, bis sie erneut geprüft und freigegeben sind."""
    results = [_try(_expire_one, package_id) for package_id in _expired_ids()]
    results += [_try(_repair, package_id) for package_id in _still_public_ids()]
    expired = sum(1 for result in results if result)
    clearances = _plural(expired, N_("{count} clearance"), N_("{count} clearances"))
    click.echo(_("{clearances} expired").format(clearances=clearances))
    failed = results.count(None)
    if failed:
        tk.error_shout(_("{count} errors, see above").format(count=failed))
        sys.exit(1)


# --- verify and export-log ----------------------------------------------------


@privacy_clearance.command("verify")
@click.option(
    "--anchor",
    "use_anchor",
    is_flag=True,
    help="Auch gegen die Anker der eingestellten Anker-Datei prüfen.",
)
@click.option(
    "--anchor-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Gegen die Anker in dieser Datei prüfen (auch eine gespeicherte E-Mail).",
)
def verify(use_anchor: bool, anchor_file: Path | None) -> None:
    """Prüft die Hash-Ketten der Protokolle, die Prüferrollen und auf Wunsch
    die Anker (Exit-Code 1 bei Manipulation)."""
    problems = []
    for chain in eventlog.CHAINS:
        result = chain.verify()
        if result.ok:
            count = _plural(result.events, N_("{count} event"), N_("{count} events"))
            click.echo(
                _("{log} intact: {count}").format(log=_(chain.label), count=count)
            )
        else:
            problems.append(
                _(
                    "{log} damaged at event {id}: {problem} "
                    "({count} events before it intact)"
                ).format(
                    log=_(chain.label),
                    id=result.first_bad_id,
                    problem=result.problem,
                    count=result.events,
                )
            )
    problems += eventlog.unrecorded_roles()
    if use_anchor and anchor_file is None:
        if not config.anchor_file():
            _fail(
                "Keine Anker-Datei eingestellt (ckanext.privacy_clearance.anchor_file)."
            )
        anchor_file = Path(config.anchor_file())
    if anchor_file is not None:
        problems += _check_anchors(anchor_file)
    model.Session.rollback()
    if problems:
        for problem in problems:
            tk.error_shout(problem)
        sys.exit(1)


def _fail(message: str) -> None:
    tk.error_shout(message)
    sys.exit(2)


def _check_anchors(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8") as handle:
            found = anchors.read(handle)
    except (OSError, UnicodeError, ValueError) as error:
        _fail(f"Anker-Datei {path} nicht lesbar: {error}")
    problems = anchors.check(found)
    if not problems:
        newest = str(found[-1]["at"])[:19].replace("T", " ")
        count = _plural(len(found), N_("{count} anchor"), N_("{count} anchors"))
        click.echo(
            _("Anchors match: {anchors} checked, the newest of {newest} (UTC)").format(
                anchors=count, newest=newest
            )
        )
    return problems


@privacy_clearance.command("anchor")
def anchor() -> None:
    """Hält die Köpfe der Protokolle außerhalb der Datenbank fest: in der
    Anker-Datei und per E-Mail an die Datenschutzbeauftragten."""
    record = anchors.record()
    model.Session.rollback()
    where = []
    if config.anchor_file():
        path = Path(config.anchor_file())
        try:
            anchors.append_to(path, record)
        except OSError as error:
            _fail(f"Anker-Datei {path} nicht beschreibbar: {error.strerror}")
        where.append(f"in {path}")
    if config.anchor_mail():
        sent = anchors.mail(record)
        if sent:
            people = _plural(sent, N_("{count} person"), N_("{count} people"))
            where.append(_("by e-mail to {people}").format(people=people))
    if not where:
        _fail(
            "Kein Ablageort für den Anker: ckanext.privacy_clearance.anchor_file "
            "einstellen oder Datenschutzbeauftragte mit E-Mail-Adresse eintragen."
        )
    events = _plural(
        record["events"]["count"],
        N_("{count} clearance event"),
        N_("{count} clearance events"),
    )
    roles = _plural(
        record["governance"]["count"],
        N_("{count} role event"),
        N_("{count} role events"),
    )
    click.echo(f"Anker festgehalten {' und '.join(where)}: {events}, {roles}")


def _org_id(name_or_id: str | None) -> str | None:
    """The id of the organisation given with ``--org`` (a usage error if
    there is none)."""
    if not name_or_id:
        return None
    org = model.Group.get(name_or_id)
    if org is None or not org.is_organization:
        raise click.BadParameter(
            f"Organisation „{name_or_id}“ nicht gefunden.", param_hint="--org"
        )
    return org.id


def _since(value: dt.datetime | None) -> dt.datetime | None:
    """A date or time from the command line; without a zone: server time."""
    return value.astimezone() if value else None


@privacy_clearance.command("export-log")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="CSV-Datei (Standard: Standardausgabe).",
)
@click.option("--org", help="Nur Ereignisse dieser Organisation (Name oder ID).")
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]),
    help="Nur Ereignisse ab diesem Datum (JJJJ-MM-TT).",
)
def export_log(output: str | None, org: str | None, since: dt.datetime | None) -> None:
    """Exportiert das Protokoll als CSV (UTF-8, mit Prüfsummen) für die oder
    den Datenschutzbeauftragten."""
    org_id = _org_id(org)
    rows = eventlog.events(owner_orgs=[org_id] if org_id else None, since=_since(since))
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            count = _write(rows, handle)
        click.echo(
            f"{_plural(count, N_('{count} event'), N_('{count} events'))} nach {output}"
        )
    else:
        count = _write(rows, click.get_text_stream("stdout"))
        click.echo(
            f"{_plural(count, N_('{count} event'), N_('{count} events'))} exportiert",
            err=True,
        )


def _write(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write the events as CSV and end the read transaction.

    :param rows: events from :func:`eventlog.events`
    :param out: a text stream
    :returns: number of events written
    """
    count = eventlog.write_csv(rows, out)
    model.Session.rollback()
    return count


# --- scan ---------------------------------------------------------------------


@privacy_clearance.command("scan")
@click.argument("dataset")
def scan(dataset: str) -> None:
    """Durchsucht die Ressourcen eines Datensatzes sofort auf Hinweise auf
    personenbezogene Daten (sonst ein Hintergrundjob bei der Einreichung)."""
    from . import jobs

    pkg = model.Package.get(dataset)
    if pkg is None or pkg.state == "deleted":
        raise click.BadParameter(
            f"Datensatz „{dataset}“ nicht gefunden.", param_hint="DATASET"
        )
    try:
        from .scan import scan_file  # noqa: F401
    except ImportError as error:
        tk.error_shout(f"Der Scanner ist nicht verfügbar: {error}")
        sys.exit(1)
    findings = jobs.scan_dataset(pkg.id)
    hints = _plural(findings, N_("{count} hint"), N_("{count} hints"))
    click.echo(
        _("{hints} of personal data in “{dataset}”").format(
            hints=hints, dataset=pkg.title or pkg.name
        )
    )
