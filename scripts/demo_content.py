"""Demo content for the development portal of the Landkreis Saalekreis.

Usage::

    .venv/bin/python scripts/demo_content.py .local/ckan.ini

Creates a sysadmin ``admin`` and, in its name, the demo content (organisations,
groups, datasets, harvest sources) through CKAN's action layer. The content is
data, not code: it is read from ``demo_content.yaml`` next to this script
(another file with ``--content``), and checked before CKAN is loaded.
Idempotent: what exists already is left alone, so a second run changes
nothing. The admin password is generated on the first run and kept in
``.local/admin-password`` (mode 600); later runs make sure the user still
exists, is an active sysadmin and has that password.

All content is invented; the links point to placeholder pages.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ckan_app
import yaml

ROOT = Path(__file__).resolve().parent.parent
PASSWORD_FILE = ROOT / ".local" / "admin-password"
REVIEWER_PASSWORD_FILE = ROOT / ".local" / "pruefer-password"
ADMIN_NAME = "admin"
ADMIN_EMAIL = "opendata-admin@saalekreis.example"
CONTENT_FILE = Path(__file__).resolve().with_suffix(".yaml")

SECTIONS = {"extents", "organizations", "groups", "datasets", "harvest_sources"}
HARVEST_SOURCE_REQUIRED = ("name", "title", "owner_org", "source_type", "url")
DATASET_REQUIRED = ("name", "title", "organization", "notes")
DATASET_KEYS = {*DATASET_REQUIRED, "groups", "tags", "resources", "spatial", "extras"}
RESOURCE_KEYS = ("name", "format", "url")


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


class ContentError(ValueError):
    """The content file is not what this script expects; names the bad entry."""


@dataclass(frozen=True)
class Content:
    """The demo content as data dicts for CKAN's ``<kind>_create`` actions.

    The datasets' dicts have no ``license_id`` yet; :func:`pick_license` decides.
    """

    organizations: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    datasets: list[dict[str, Any]]
    harvest_sources: list[dict[str, Any]]


@dataclass(frozen=True)
class Known:
    """What a dataset may refer to: extents (as polygons), organizations, groups."""

    extents: dict[str, str]
    organizations: set[str]
    groups: set[str]


def load_content(path: Path) -> Content:
    """Read and check the demo content from a YAML file.

    :param path: the content file, see ``demo_content.yaml`` for its form
    :returns: the content
    :raises ContentError: if the file cannot be read or an entry is incomplete
    """
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict):
            raise ContentError(
                "expected a mapping with extents, organizations, groups, datasets"
            )
        if unknown := sorted(set(doc) - SECTIONS):
            raise ContentError(f"unknown sections {unknown}")
        extents = _extents(doc.get("extents") or {})
        organizations = [dict(e) for _, e in _entries(doc, "organizations")]
        groups = [dict(e) for _, e in _entries(doc, "groups")]
        known = Known(
            extents,
            {org["name"] for org in organizations},
            {group["name"] for group in groups},
        )
        datasets = [
            _package(where, entry, known)
            for where, entry in _entries(doc, "datasets", DATASET_REQUIRED)
        ]
        harvest_sources = [
            _harvest_source(where, entry, known)
            for where, entry in _entries(
                doc, "harvest_sources", HARVEST_SOURCE_REQUIRED
            )
        ]
    except (OSError, yaml.YAMLError, ContentError) as err:
        raise ContentError(f"{path}: {err}") from err
    return Content(organizations, groups, datasets, harvest_sources)


def _harvest_source(where: str, entry: dict[str, Any], known: Known) -> dict[str, Any]:
    """The data dict of ``harvest_source_create`` (``config`` as JSON text)."""
    if entry["owner_org"] not in known.organizations:
        raise ContentError(f"{where}: unknown organization {entry['owner_org']!r}")
    data = dict(entry)
    data["config"] = json.dumps(entry.get("config") or {}, ensure_ascii=False)
    return data


def _extents(value: Any) -> dict[str, str]:
    """Return the named extents as ``spatial`` polygons.

    :param value: the ``extents`` mapping of name to [west, south, east, north]
    :returns: the polygons by name
    """
    if not isinstance(value, dict):
        raise ContentError("extents: expected a mapping of name to a bounding box")
    polygons: dict[str, str] = {}
    for name, box in value.items():
        if not (
            isinstance(box, list)
            and len(box) == 4
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in box)
        ):
            raise ContentError(
                f"extents {name!r}: expected [west, south, east, north], got {box!r}"
            )
        polygons[str(name)] = bbox(*box)
    return polygons


def _entries(
    doc: dict[str, Any], section: str, required: tuple[str, ...] = ("name", "title")
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield the entries of a section with a label for error messages.

    :param doc: the whole content file
    :param section: ``organizations``, ``groups`` or ``datasets``
    :param required: the keys each entry must have, as non-empty text
    :returns: pairs of label (e.g. ``datasets #3 (name)``) and entry
    """
    entries = doc.get(section)
    if not isinstance(entries, list) or not entries:
        raise ContentError(f"{section}: expected a non-empty list")
    for number, entry in enumerate(entries, 1):
        where = f"{section} #{number}"
        if not isinstance(entry, dict):
            raise ContentError(f"{where}: expected a mapping, got {entry!r}")
        if isinstance(entry.get("name"), str):
            where += f" ({entry['name']})"
        for key in required:
            _text(entry, key, where)
        yield where, entry


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    """Return ``entry[key]``, which must be non-empty text.

    :param entry: an entry of the content file
    :param key: the key
    :param where: the entry's label for the error message
    :returns: the text
    """
    if key not in entry:
        raise ContentError(f"{where}: missing {key!r}")
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: {key!r} must be non-empty text, not {value!r}")
    return value


def _names(entry: dict[str, Any], key: str, where: str) -> list[str]:
    """Return ``entry[key]``, an optional list of non-empty texts.

    :param entry: an entry of the content file
    :param key: the key
    :param where: the entry's label for the error message
    :returns: the list, empty if the key is missing
    """
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ContentError(f"{where}: {key!r} must be a list of texts, not {value!r}")
    return value


def _package(where: str, entry: dict[str, Any], known: Known) -> dict[str, Any]:
    """Turn a dataset entry into ``package_create``'s data dict, less the licence.

    :param where: the entry's label for error messages
    :param entry: the dataset entry
    :param known: what the entry may refer to
    :returns: the data dict
    """
    if unknown := sorted(set(entry) - DATASET_KEYS):
        raise ContentError(f"{where}: unknown keys {unknown}")
    org = entry["organization"]
    if org not in known.organizations:
        raise ContentError(f"{where}: unknown organization {org!r}")
    groups = _names(entry, "groups", where)
    if missing := [g for g in groups if g not in known.groups]:
        raise ContentError(f"{where}: unknown groups {missing}")
    fields: dict[str, str] = {}
    extras = entry.get("extras", {})
    if not isinstance(extras, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in extras.items()
    ):
        raise ContentError(f"{where}: 'extras' must map texts to texts")
    if (spatial := entry.get("spatial")) is not None:
        if not isinstance(spatial, str) or spatial not in known.extents:
            raise ContentError(
                f"{where}: unknown extent {spatial!r} "
                f"(extents: {', '.join(known.extents) or 'none'})"
            )
        # a field of the DCAT-AP.de schema (ckanext-spatial reads it there)
        fields["spatial"] = known.extents[spatial]
    return {
        **fields,
        "name": entry["name"],
        "title": entry["title"],
        "owner_org": org,
        "notes": entry["notes"],
        "private": False,
        "groups": [{"name": g} for g in groups],
        "tags": [{"name": t} for t in _names(entry, "tags", where)],
        "resources": _resources(where, entry.get("resources", [])),
        "extras": [{"key": k, "value": v} for k, v in extras.items()],
    }


def _resources(where: str, value: Any) -> list[dict[str, str]]:
    """Check a dataset's resources: each a mapping of name, format and url.

    :param where: the dataset's label for error messages
    :param value: the ``resources`` list of the dataset entry
    :returns: the resources
    """
    if not isinstance(value, list):
        raise ContentError(f"{where}: 'resources' must be a list, not {value!r}")
    for number, res in enumerate(value, 1):
        label = f"{where}, resource #{number}"
        if not isinstance(res, dict):
            raise ContentError(f"{label}: expected a mapping, got {res!r}")
        if unknown := sorted(set(res) - set(RESOURCE_KEYS)):
            raise ContentError(f"{label}: unknown keys {unknown}")
        for key in RESOURCE_KEYS:
            _text(res, key, label)
    return [dict(res) for res in value]


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


REVIEWER_NAME = "pruefer"
REVIEWER_EMAIL = "datenschutz-pruefung@saalekreis.example"
DEMO_CHECKLIST = {
    "personal_data": False,
    "third_party_rights": True,
    "secrets": True,
    "statistical_confidentiality": True,
    "security": True,
}


def clear_datasets(context: dict[str, Any], names: list[str], password: str) -> int:
    """Give the demo datasets their data-protection clearance, as a county
    would: the admin submits, a designated reviewer of each organisation
    approves (four eyes). Does nothing without the privacy_clearance plugin.

    :param context: action context of the admin
    :param names: dataset names
    :param password: password of the demo reviewer ``pruefer``
    :returns: number of datasets cleared now
    """
    from ckan import model
    from ckan.plugins import toolkit as tk

    try:
        tk.get_action("privacy_clearance_show")
    except KeyError:
        return 0
    if model.User.get(REVIEWER_NAME) is None:
        tk.get_action("user_create")(
            dict(context),
            {
                "name": REVIEWER_NAME,
                "email": REVIEWER_EMAIL,
                "password": password,
                "fullname": "Datenschutz-Prüfung (Demo)",
            },
        )
    reviewer = {"user": REVIEWER_NAME, "ignore_auth": False}
    cleared = 0
    for name in names:
        state = tk.get_action("privacy_clearance_show")(dict(context), {"id": name})
        if state["state"] == "cleared":
            continue
        org = tk.get_action("package_show")(dict(context), {"id": name})["owner_org"]
        tk.get_action("privacy_reviewer_add")(
            dict(context), {"owner_org": org, "user": REVIEWER_NAME}
        )
        if state["state"] not in ("submitted", "in_review"):
            tk.get_action("privacy_clearance_submit")(dict(context), {"id": name})
        shown = tk.get_action("privacy_clearance_show")(dict(reviewer), {"id": name})
        tk.get_action("privacy_clearance_approve")(
            dict(reviewer),
            {
                "id": name,
                "fingerprint": shown["fingerprint"],
                "checklist": DEMO_CHECKLIST,
                "reason": "Demo-Inhalt",
            },
        )
        cleared += 1
    return cleared


def pick_license(context: dict[str, Any]) -> str:
    """Return the Datenlizenz Deutschland - Namensnennung 2.0 under the id CKAN
    knows it by (``dl-by-de/2.0`` from dcat_ap_de's licence list), else ``cc-by``.

    :param context: action context
    :returns: a licence id
    """
    from ckan.plugins import toolkit as tk

    known = {lic["id"] for lic in tk.get_action("license_list")(dict(context), {})}
    for candidate in ("dl-by-de/2.0", "dl-de-by-2.0"):
        if candidate in known:
            return candidate
    return "cc-by"


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
    parser.add_argument(
        "--oparl-port",
        type=int,
        default=5001,
        help="port of the demo OParl server (scripts/run-portal.sh: PORT+1)",
    )
    parser.add_argument(
        "--content",
        type=Path,
        default=CONTENT_FILE,
        help=f"the demo content as YAML (default: {CONTENT_FILE})",
    )
    args = parser.parse_args(argv)
    if not args.ini.is_file():
        parser.error(f"{args.ini} does not exist")
    try:
        content = load_content(args.content)
    except ContentError as err:
        parser.exit(2, f"{parser.prog}: error: {err}\n")

    with ckan_app.running(args.ini):
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
            *(("organization", org) for org in content.organizations),
            *(("group", group) for group in content.groups),
            *(
                ("package", {**package, "license_id": license_id})
                for package in content.datasets
            ),
        ]
        todo += [
            (
                "harvest_source",
                {**hs, "url": hs["url"].format(oparl_port=args.oparl_port)},
            )
            for hs in content.harvest_sources
        ]
        created = {"organization": 0, "group": 0, "package": 0, "harvest_source": 0}
        for kind, data in todo:
            _, new = ensure(context, kind, data)
            created[kind] += new
        cleared = clear_datasets(
            context,
            [package["name"] for package in content.datasets],
            read_or_create_password(REVIEWER_PASSWORD_FILE)[0],
        )

    print(
        f"Demo-Inhalte: {created['organization']}/{len(content.organizations)} "
        f"Organisationen, {created['group']}/{len(content.groups)} Gruppen, "
        f"{created['package']}/{len(content.datasets)} Datensätze, "
        f"{created['harvest_source']}/{len(content.harvest_sources)} "
        f"Harvest-Quellen neu angelegt (Lizenz {license_id})."
    )
    print(
        f"Datenschutzfreigaben: {cleared} Datensätze neu freigegeben "
        f"(Prüfer '{REVIEWER_NAME}', Passwort in {REVIEWER_PASSWORD_FILE})."
    )
    where = "neu erzeugt" if new_password else "unverändert"
    print(f"Admin '{ADMIN_NAME}': {admin}; Passwort in {args.password_file} ({where}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
