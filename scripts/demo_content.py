"""Demo content for the development portal of the Landkreis Saalekreis.

Usage::

    .venv/bin/python scripts/demo_content.py .local/ckan.ini

Creates a sysadmin ``admin`` and, in its name, invented demo content
(organisations, groups, datasets) through CKAN's action layer. Idempotent: what
exists already is left alone, so a second run changes nothing. The admin password
is generated on the first run and kept in ``.local/admin-password`` (mode 600);
later runs make sure the user still exists, is an active sysadmin and has that
password.

All content is invented; the links point to placeholder pages.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD_FILE = ROOT / ".local" / "admin-password"
ADMIN_NAME = "admin"
ADMIN_EMAIL = "opendata-admin@saalekreis.example"

SK = "https://www.saalekreis.de/opendata"
MER = "https://www.merseburg.de/opendata"


def bbox(west: float, south: float, east: float, north: float) -> str:
    """Return a GeoJSON polygon of a bounding box, as a ``spatial`` extra wants.

    :param west: western longitude
    :param south: southern latitude
    :param east: eastern longitude
    :param north: northern latitude
    :returns: the polygon as a JSON string
    """
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


# Approximate extents: the whole district, the town of Merseburg, the north.
SAALEKREIS = bbox(11.42, 51.22, 12.17, 51.58)
MERSEBURG = bbox(11.95, 51.33, 12.03, 51.38)
SAALEKREIS_NORD = bbox(11.62, 51.45, 12.05, 51.58)

ORGANIZATIONS: list[dict[str, str]] = [
    {
        "name": "fd-finanzen",
        "title": "Fachdienst Finanzen",
        "description": "Der Fachdienst Finanzen des Landkreises Saalekreis stellt "
        "den Kreishaushalt auf, bewirtschaftet ihn und veröffentlicht Haushaltspläne "
        "und Jahresabschlüsse.",
    },
    {
        "name": "fd-bildung",
        "title": "Fachdienst Bildung",
        "description": "Schulträgeraufgaben des Landkreises Saalekreis: "
        "Schulentwicklungsplanung, Schülerbeförderung und Schulstandorte.",
    },
    {
        "name": "fd-geoinformation",
        "title": "Fachdienst Geoinformation",
        "description": "Geobasis- und Geofachdaten des Landkreises Saalekreis: "
        "Verwaltungsgrenzen, Radwege, Schulstandorte und weitere Karten als offene "
        "Daten und Kartendienste (WMS, WFS).",
    },
    {
        "name": "kreistagsbuero",
        "title": "Kreistagsbüro",
        "description": "Das Kreistagsbüro organisiert die Sitzungen des Kreistags "
        "und seiner Ausschüsse und veröffentlicht Sitzungstermine, Tagesordnungen "
        "und Beschlüsse.",
    },
    {
        "name": "fd-kfz-zulassung",
        "title": "Fachdienst KFZ-Zulassung",
        "description": "Die Zulassungsbehörde des Landkreises Saalekreis mit "
        "Standorten in Merseburg und Querfurt. Veröffentlicht zusammengefasste "
        "Statistiken zum Fahrzeugbestand.",
    },
    {
        "name": "fd-integration",
        "title": "Fachdienst Integration",
        "description": "Koordinierung der Integrationsarbeit im Landkreis "
        "Saalekreis: Beratungsangebote, Sprach- und Integrationskurse und "
        "zusammengefasste Statistiken.",
    },
    {
        "name": "merseburg-stadtplanung",
        "title": "Stadt Merseburg – Stadtplanung",
        "description": "Das Sachgebiet Stadtplanung der Stadt Merseburg stellt "
        "Bauleitpläne, Flächennutzungsplan und Daten zur Stadtentwicklung bereit.",
    },
]

GROUPS: list[dict[str, str]] = [
    {
        "name": "umwelt",
        "title": "Umwelt",
        "description": "Natur, Klima, Energie und Flächennutzung.",
    },
    {
        "name": "bildung",
        "title": "Bildung",
        "description": "Schulen, Kindertagesstätten und Weiterbildung.",
    },
    {
        "name": "verkehr",
        "title": "Verkehr",
        "description": "Straßen, Radwege, Nahverkehr und Fahrzeugbestand.",
    },
    {
        "name": "politik",
        "title": "Politik",
        "description": "Kreistag, Ausschüsse, Beschlüsse und Wahlen.",
    },
    {
        "name": "finanzen",
        "title": "Finanzen",
        "description": "Haushalt, Steuern, Abgaben und Fördermittel.",
    },
    {
        "name": "bevoelkerung",
        "title": "Bevölkerung",
        "description": "Einwohner, Zuwanderung und Integration.",
    },
]


@dataclass
class Demo:
    """One demo dataset, turned into ``package_create``'s data dict."""

    name: str
    title: str
    org: str
    notes: str
    groups: list[str]
    tags: list[str]
    resources: list[tuple[str, str, str]]
    spatial: str | None = None
    extras: dict[str, str] = field(default_factory=dict)

    def data_dict(self, license_id: str) -> dict[str, Any]:
        """Return the data dict for ``package_create``.

        :param license_id: the licence of the dataset
        :returns: the data dict
        """
        extras = dict(self.extras)
        if self.spatial:
            extras["spatial"] = self.spatial
        return {
            "name": self.name,
            "title": self.title,
            "owner_org": self.org,
            "notes": self.notes,
            "license_id": license_id,
            "private": False,
            "groups": [{"name": g} for g in self.groups],
            "tags": [{"name": t} for t in self.tags],
            "resources": [
                {"name": n, "format": f, "url": u} for n, f, u in self.resources
            ],
            "extras": [{"key": k, "value": v} for k, v in extras.items()],
        }


DATASETS: list[Demo] = [
    Demo(
        name="haushaltsplan-2025-landkreis-saalekreis",
        title="Haushaltsplan 2025 Landkreis Saalekreis",
        org="fd-finanzen",
        notes="Der vom Kreistag beschlossene Haushaltsplan des Landkreises "
        "Saalekreis für das Haushaltsjahr 2025 mit Ergebnis- und Finanzplan, "
        "Teilhaushalten der Fachbereiche und Stellenplan.\n\n"
        "Die Tabellen enthalten die Planansätze je Produkt in Euro.",
        groups=["finanzen", "politik"],
        tags=["Haushalt", "Finanzen", "Kreishaushalt", "Doppik"],
        resources=[
            (
                "Haushaltsplan 2025 (PDF)",
                "PDF",
                f"{SK}/haushalt/haushaltsplan-2025.pdf",
            ),
            ("Ergebnisplan 2025", "CSV", f"{SK}/haushalt/ergebnisplan-2025.csv"),
            ("Finanzplan 2025", "CSV", f"{SK}/haushalt/finanzplan-2025.csv"),
        ],
        spatial=SAALEKREIS,
    ),
    Demo(
        name="schulentwicklungsplanung",
        title="Schulentwicklungsplanung",
        org="fd-bildung",
        notes="Schulentwicklungsplan des Landkreises Saalekreis für die "
        "Planungszeiträume ab dem Schuljahr 2025/26: Schülerzahlen und Prognosen "
        "je Schulbezirk, Kapazitäten der Standorte sowie geplante Änderungen im "
        "Schulnetz der Grund- und Sekundarschulen und Gymnasien.",
        groups=["bildung"],
        tags=["Schule", "Schulentwicklung", "Prognose"],
        resources=[
            (
                "Schulentwicklungsplan (PDF)",
                "PDF",
                f"{SK}/bildung/schulentwicklungsplan.pdf",
            ),
            ("Schülerzahlen je Standort", "CSV", f"{SK}/bildung/schuelerzahlen.csv"),
        ],
        spatial=SAALEKREIS,
    ),
    Demo(
        name="schulstandorte-saalekreis",
        title="Schulstandorte im Saalekreis",
        org="fd-geoinformation",
        notes="Lage aller allgemeinbildenden und berufsbildenden Schulen in "
        "Trägerschaft des Landkreises und der Gemeinden als Punktdaten mit "
        "Schulform und Adresse der Einrichtung.",
        groups=["bildung"],
        tags=["Schule", "Geodaten", "Standorte"],
        resources=[
            ("Schulstandorte (GeoJSON)", "GeoJSON", f"{SK}/geo/schulstandorte.geojson"),
            ("WMS Schulstandorte", "WMS", f"{SK}/geo/wms/schulstandorte"),
        ],
        spatial=SAALEKREIS,
    ),
    Demo(
        name="kfz-zulassungen-nach-gemeinden-2024",
        title="Kfz-Zulassungen nach Gemeinden 2024",
        org="fd-kfz-zulassung",
        notes="Bestand der zugelassenen Kraftfahrzeuge im Landkreis Saalekreis "
        "zum 31.12.2024, gegliedert nach Gemeinden und Fahrzeugart (Pkw, Krafträder, "
        "Lkw, Zugmaschinen) sowie nach Antriebsart (Benzin, Diesel, Elektro, Hybrid).",
        groups=["verkehr"],
        tags=["Kfz", "Fahrzeugbestand", "Elektromobilität", "Statistik"],
        resources=[
            (
                "Fahrzeugbestand 2024 nach Gemeinden",
                "CSV",
                f"{SK}/kfz/zulassungen-2024.csv",
            ),
            ("Fahrzeugbestand 2024 (Excel)", "XLSX", f"{SK}/kfz/zulassungen-2024.xlsx"),
        ],
        spatial=SAALEKREIS,
    ),
    Demo(
        name="ladesaeulen-saalekreis",
        title="Öffentliche Ladesäulen für Elektrofahrzeuge",
        org="fd-geoinformation",
        notes="Öffentlich zugängliche Ladepunkte für Elektrofahrzeuge im "
        "Saalekreis mit Ladeleistung, Steckertyp und Betreiber.",
        groups=["verkehr", "umwelt"],
        tags=["Elektromobilität", "Ladeinfrastruktur", "Geodaten"],
        resources=[
            ("Ladesäulen (GeoJSON)", "GeoJSON", f"{SK}/geo/ladesaeulen.geojson"),
            ("Ladesäulen (CSV)", "CSV", f"{SK}/geo/ladesaeulen.csv"),
        ],
        spatial=SAALEKREIS,
    ),
    Demo(
        name="sitzungen-des-kreistags",
        title="Sitzungen des Kreistags",
        org="kreistagsbuero",
        notes="Termine, Orte und Tagesordnungen der öffentlichen Sitzungen des "
        "Kreistags Saalekreis und seiner Ausschüsse. Die Daten stammen aus dem "
        "Ratsinformationssystem und stehen auch über die OParl-Schnittstelle bereit.",
        groups=["politik"],
        tags=["Kreistag", "Sitzungen", "Ratsinformationssystem", "OParl"],
        resources=[
            ("Sitzungskalender (iCal)", "ICS", f"{SK}/kreistag/sitzungen.ics"),
            ("Sitzungen (CSV)", "CSV", f"{SK}/kreistag/sitzungen.csv"),
            ("OParl-Schnittstelle", "JSON", f"{SK}/oparl/v1/body/1"),
        ],
    ),
    Demo(
        name="beschluesse-des-kreistags-2024",
        title="Beschlüsse des Kreistags 2024",
        org="kreistagsbuero",
        notes="Übersicht der im Jahr 2024 gefassten Beschlüsse des Kreistags "
        "Saalekreis mit Beschlussnummer, Datum, Betreff und Abstimmungsergebnis.",
        groups=["politik"],
        tags=["Kreistag", "Beschlüsse"],
        resources=[
            ("Beschlüsse 2024", "CSV", f"{SK}/kreistag/beschluesse-2024.csv"),
        ],
    ),
    Demo(
        name="bebauungsplaene-stadt-merseburg",
        title="Bebauungspläne der Stadt Merseburg",
        org="merseburg-stadtplanung",
        notes="Geltungsbereiche der rechtskräftigen und im Verfahren befindlichen "
        "Bebauungspläne der Stadt Merseburg mit Planname, Verfahrensstand und "
        "Verweis auf die Planurkunde.",
        groups=["umwelt"],
        tags=["Bauleitplanung", "Bebauungsplan", "XPlanung", "Geodaten"],
        resources=[
            (
                "Geltungsbereiche (GeoJSON)",
                "GeoJSON",
                f"{MER}/stadtplanung/bebauungsplaene.geojson",
            ),
            ("WMS Bebauungspläne", "WMS", f"{MER}/stadtplanung/wms"),
        ],
        spatial=MERSEBURG,
    ),
    Demo(
        name="spielplaetze-stadt-merseburg",
        title="Spielplätze der Stadt Merseburg",
        org="merseburg-stadtplanung",
        notes="Öffentliche Spielplätze und Bolzplätze in Merseburg und den "
        "Ortsteilen mit Ausstattung und Altersempfehlung.",
        groups=["bildung"],
        tags=["Spielplätze", "Freizeit", "Geodaten"],
        resources=[
            ("Spielplätze (GeoJSON)", "GeoJSON", f"{MER}/spielplaetze.geojson"),
        ],
        spatial=MERSEBURG,
    ),
    Demo(
        name="radwegenetz-saalekreis",
        title="Radwegenetz Saalekreis",
        org="fd-geoinformation",
        notes="Radwege und touristische Radrouten im Landkreis Saalekreis, "
        "darunter der Saale-Radweg und der Radweg Himmelsscheibe, mit Belag, "
        "Wegeart und Beschilderung.",
        groups=["verkehr", "umwelt"],
        tags=["Radverkehr", "Radwege", "Tourismus", "Geodaten"],
        resources=[
            ("Radwegenetz (GeoJSON)", "GeoJSON", f"{SK}/geo/radwegenetz.geojson"),
            ("Radwegenetz (KML)", "KML", f"{SK}/geo/radwegenetz.kml"),
            ("WFS Radwegenetz", "WFS", f"{SK}/geo/wfs/radwege"),
        ],
        spatial=SAALEKREIS,
    ),
    Demo(
        name="verwaltungsgrenzen-saalekreis",
        title="Verwaltungsgrenzen der Gemeinden im Saalekreis",
        org="fd-geoinformation",
        notes="Grenzen des Landkreises, der Einheits- und Verbandsgemeinden und "
        "der Ortsteile im Saalekreis als Flächen.",
        groups=["umwelt"],
        tags=["Verwaltungsgrenzen", "Gemeinden", "Geodaten"],
        resources=[
            ("Gemeindegrenzen (GeoJSON)", "GeoJSON", f"{SK}/geo/gemeinden.geojson"),
            ("Gemeindegrenzen (Shapefile)", "SHP", f"{SK}/geo/gemeinden.zip"),
        ],
        spatial=SAALEKREIS_NORD,
    ),
    Demo(
        name="integrationskurse-und-beratungsangebote",
        title="Integrationskurse und Beratungsangebote",
        org="fd-integration",
        notes="Angebote von Sprach- und Integrationskursen sowie Beratungsstellen "
        "für Zugewanderte im Saalekreis mit Träger, Ort und Sprache des Angebots.",
        groups=["bevoelkerung", "bildung"],
        tags=["Integration", "Sprachkurse", "Beratung"],
        resources=[
            ("Angebote (CSV)", "CSV", f"{SK}/integration/angebote.csv"),
        ],
    ),
    Demo(
        name="auslaendische-bevoelkerung-nach-gemeinden-2024",
        title="Ausländische Bevölkerung nach Gemeinden 2024",
        org="fd-integration",
        notes="Zahl der Einwohnerinnen und Einwohner ohne deutsche "
        "Staatsangehörigkeit je Gemeinde zum 31.12.2024, zusammengefasst nach "
        "Altersgruppen. Nur zusammengefasste Zahlen, keine Einzelangaben.",
        groups=["bevoelkerung"],
        tags=["Bevölkerung", "Integration", "Statistik"],
        resources=[
            (
                "Bevölkerung nach Gemeinden 2024",
                "CSV",
                f"{SK}/integration/bevoelkerung-2024.csv",
            ),
        ],
        spatial=SAALEKREIS,
    ),
]


@contextmanager
def ckan_app(ini: Path) -> Iterator[None]:
    """Load CKAN from a config file, as ``ckan``'s CLI does, for the block.

    :param ini: the CKAN config file
    """
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app: Any = make_app(load_config(str(ini)))
    try:
        flask_app = app.apps["flask_app"]._wsgi_app
    except AttributeError:
        flask_app = app._wsgi_app
    with flask_app.test_request_context():
        yield


def read_or_create_password(path: Path) -> tuple[str, bool]:
    """Return the admin password stored in ``path``, creating it if needed.

    :param path: the password file; created with mode 600
    :returns: the password, and whether it was created now
    """
    if path.exists():
        os.chmod(path, 0o600)
        password = path.read_text(encoding="utf-8").strip()
        if len(password) >= 8:
            return password, False
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(15)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(password + "\n")
    return password, True


def ensure_admin(context: dict[str, Any], password: str) -> str:
    """Make sure ``admin`` is an active sysadmin with the given password.

    :param context: action context of the site user
    :param password: the password the user must have
    :returns: what was done: ``created``, ``updated`` or ``unchanged``
    """
    import ckan.model as model
    from ckan.plugins import toolkit as tk

    user = model.User.get(ADMIN_NAME)
    if user is None:
        tk.get_action("user_create")(
            dict(context),
            {
                "name": ADMIN_NAME,
                "email": ADMIN_EMAIL,
                "password": password,
                "fullname": "Portal-Administration",
            },
        )
        user = model.User.get(ADMIN_NAME)
        assert user is not None
        user.sysadmin = True
        model.repo.commit()
        return "created"
    changed = False
    if not user.sysadmin:
        user.sysadmin = True
        changed = True
    if user.state != model.State.ACTIVE:
        user.state = model.State.ACTIVE
        changed = True
    if not user.validate_password(password):
        user.password = password
        changed = True
    if changed:
        model.repo.commit()
    return "updated" if changed else "unchanged"


def ensure(
    context: dict[str, Any], kind: str, data: dict[str, Any]
) -> tuple[dict[str, Any], bool]:
    """Create an organization, group or dataset unless it exists already.

    A deleted one is brought back; an existing one is left as it is.

    :param context: action context of the site user
    :param kind: ``organization``, ``group`` or ``package``
    :param data: the data dict for ``<kind>_create``
    :returns: the object, and whether it was created or restored
    """
    from ckan.plugins import toolkit as tk

    try:
        found = tk.get_action(f"{kind}_show")(dict(context), {"id": data["name"]})
    except tk.ObjectNotFound:
        return tk.get_action(f"{kind}_create")(dict(context), data), True
    if found.get("state") != "active":
        patch = {"id": found["id"], "state": "active"}
        return tk.get_action(f"{kind}_patch")(dict(context), patch), True
    return found, False


def pick_license(context: dict[str, Any]) -> str:
    """Return ``dl-de-by-2.0`` if CKAN knows it, else ``cc-by``.

    :param context: action context
    :returns: a licence id
    """
    from ckan.plugins import toolkit as tk

    known = {lic["id"] for lic in tk.get_action("license_list")(dict(context), {})}
    return "dl-de-by-2.0" if "dl-de-by-2.0" in known else "cc-by"


def main(argv: list[str] | None = None) -> int:
    """Create the admin and the demo content.

    :param argv: command-line arguments (default: ``sys.argv[1:]``)
    :returns: the exit status
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ini", type=Path, help="CKAN config file")
    parser.add_argument(
        "--password-file",
        type=Path,
        default=PASSWORD_FILE,
        help=f"where the admin password is kept (default: {PASSWORD_FILE})",
    )
    args = parser.parse_args(argv)
    if not args.ini.is_file():
        parser.error(f"{args.ini} does not exist")

    with ckan_app(args.ini):
        from ckan.plugins import toolkit as tk

        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        context: dict[str, Any] = {"user": site_user["name"], "ignore_auth": True}

        password, new_password = read_or_create_password(args.password_file)
        admin = ensure_admin(context, password)
        # The content is created in the admin's name: CKAN hides the site user's
        # activities (ckan.hide_activity_from_users), and the creator of an
        # organization becomes its admin.
        context = {"user": ADMIN_NAME, "ignore_auth": True}

        license_id = pick_license(context)
        todo: list[tuple[str, dict[str, Any]]] = [
            *(("organization", org) for org in ORGANIZATIONS),
            *(("group", group) for group in GROUPS),
            *(("package", demo.data_dict(license_id)) for demo in DATASETS),
        ]
        created = {"organization": 0, "group": 0, "package": 0}
        for kind, data in todo:
            _, new = ensure(context, kind, data)
            created[kind] += new

    print(
        f"Demo-Inhalte: {created['organization']}/{len(ORGANIZATIONS)} Organisationen, "
        f"{created['group']}/{len(GROUPS)} Gruppen, "
        f"{created['package']}/{len(DATASETS)} Datensätze neu angelegt "
        f"(Lizenz {license_id})."
    )
    where = "neu erzeugt" if new_password else "unverändert"
    print(f"Admin '{ADMIN_NAME}': {admin}; Passwort in {args.password_file} ({where}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
