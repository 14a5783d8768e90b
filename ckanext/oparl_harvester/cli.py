"""``ckan oparl-harvester check URL``: probe an OParl server before it
becomes a harvest source.

Prints the OParl version, the vendor profile the harvester would use, the
Bodies and the number of objects per list (as the server announces it, or
counted with ``--count``), within a time limit. Exit status 1 with a German
message when the server cannot be read.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, NoReturn

import click

from . import config
from .client import OParlClient, OParlError, body_lists

__all__ = ["oparl_harvester"]

LIST_LABELS = {
    "Organization": "Gremien",
    "Person": "Personen",
    "Meeting": "Sitzungen",
    "Paper": "Vorlagen",
    "AgendaItem": "Tagesordnungspunkte",
    "Consultation": "Beratungen",
    "File": "Dokumente",
    "Membership": "Mitgliedschaften",
    "LegislativeTerm": "Wahlperioden",
    "Location": "Orte",
}


@click.group(name="oparl-harvester", short_help="OParl-Harvester: Server prüfen.")
def oparl_harvester() -> None:
    """OParl-Harvester (oparl_harvester): Werkzeuge für OParl-Quellen."""


def _client(timeout: float, seconds: float) -> OParlClient:
    limits = config.client_limits(timeout)
    # a check answers quickly: one retry at most, short pauses
    return OParlClient(
        replace(
            limits,
            max_retries=min(limits.max_retries, 1),
            backoff_cap=min(limits.backoff_cap, 5.0),
            max_seconds=seconds,
        )
    )


def _count(
    client: OParlClient, url: str, deadline: float, full: bool
) -> tuple[int | None, str]:
    """Objects in a list: announced by the server, or counted page by page."""
    client.max_seconds = max(0.1, deadline - time.monotonic())
    listing = client.iter_list(url)
    seen = 0
    for _ in listing:
        seen += 1
        if not full and listing.report.total_announced is not None:
            return listing.report.total_announced, "laut Server"
    report = listing.report
    if report.complete:
        return seen, "gezählt"
    return (seen or None), "; ".join(report.errors) or "unvollständig"


def _print_system(client: OParlClient, system: Mapping[str, Any], url: str) -> None:
    profile = client.profile
    click.echo(f"OParl-System: {url}")
    click.echo(f"  Version:  OParl {profile.oparl_version}")
    click.echo(f"  Profil:   {profile.label} ({profile.name})")
    for key, label in (("product", "Produkt"), ("vendor", "Hersteller")):
        if system.get(key):
            click.echo(f"  {label}: {' ' * (8 - len(label))}{system[key]}")


def _check_body(
    client: OParlClient, body: Mapping[str, Any], deadline: float, full: bool
) -> bool:
    """Print one Body and its lists; returns False if a list failed."""
    name = body.get("name") or body.get("id")
    click.echo(f"\nKörperschaft: {name} ({body.get('id')})")
    lists = body_lists(body)
    results: list[tuple[str, int | None, str]] = []
    with click.progressbar(
        list(lists.items()), label="  Listen abfragen", show_pos=True
    ) as bar:
        for type_name, url in bar:
            if time.monotonic() >= deadline:
                results.append((type_name, None, "nicht geprüft (Zeitlimit)"))
                continue
            count, note = _count(client, url, deadline, full)
            results.append((type_name, count, note))
    ok = True
    for type_name, count, note in results:
        shown = "?" if count is None else str(count)
        click.echo(f"  {LIST_LABELS.get(type_name, type_name):<22}{shown:>8}  ({note})")
        ok &= note in ("laut Server", "gezählt")
    return ok


@oparl_harvester.command()
@click.argument("url")
@click.option(
    "--timeout", type=float, default=10.0, show_default=True,
    help="Zeitlimit je Anfrage (Sekunden).",
)  # fmt: skip
@click.option(
    "--max-seconds", type=float, default=None,
    help="Zeitlimit der ganzen Prüfung (Sekunden); Voreinstellung aus "
    "ckanext.oparl_harvester.check_timeout.",
)  # fmt: skip
@click.option(
    "--count", "full", is_flag=True,
    help="Objekte seitenweise zählen statt der Angabe des Servers zu trauen.",
)  # fmt: skip
def check(url: str, timeout: float, max_seconds: float | None, full: bool) -> None:
    """Prüft einen OParl-Server: Version, Herstellerprofil, Körperschaften und
    Anzahl der Objekte je Liste."""
    seconds = max_seconds or config.check_timeout()
    deadline = time.monotonic() + seconds
    try:
        with _client(timeout, seconds) as client:
            system = client.system(url)
            _print_system(client, system, url)
            bodies = client.bodies(system)
            # every Body is checked, also after a failed one
            results = [_check_body(client, b, deadline, full) for b in bodies]
    except OParlError as exc:
        _fail(f"Server nicht lesbar: {exc}")
    if not bodies:
        _fail("Der Server liefert keine Körperschaft.")
    if not all(results):
        _fail("Nicht alle Listen waren vollständig lesbar.")
    click.echo("\nPrüfung erfolgreich.")


def _fail(message: str) -> NoReturn:
    """End with exit status 1 and a German message (not click's English)."""
    click.echo(f"Fehler: {message}", err=True)
    raise SystemExit(1)
