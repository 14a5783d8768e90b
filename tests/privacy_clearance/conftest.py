"""Shared set-up of the privacy_clearance tests: the plugin's tables, a
portal decorator, users in their roles and helpers to drive the workflow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

PLUGINS = "pg_search activity privacy_clearance"


@pytest.fixture
def clearance_db(with_plugins: None, non_clean_db: None, migrate_db_for: Any) -> None:
    """CKAN's tables, the activity plugin's column and the plugin's own tables
    (`ckan db upgrade -p …`). A test that resets the database drops CKAN's
    tables but not the plugin's schema, so this is checked before every test."""
    import sqlalchemy as sa
    from ckan import model

    inspector = sa.inspect(model.meta.engine)
    columns = {c["name"] for c in inspector.get_columns("activity")}
    if "permission_labels" not in columns:
        migrate_db_for("activity")
    if not inspector.has_table(
        "privacy_clearance_governance", schema="privacy_clearance"
    ):
        migrate_db_for("privacy_clearance")


def portal(plugins: str = PLUGINS, **settings: str) -> Any:
    """Decorate a test (class) to run with the clearance plugin loaded (and
    the DataStore configured when ``datastore`` is among the plugins)."""
    before = ["datastore_config"] if "datastore" in plugins.split() else []

    def decorate(fn: Any) -> Any:
        for key, value in {"ckan.plugins": plugins, **settings}.items():
            fn = pytest.mark.ckan_config(key, value)(fn)
        return pytest.mark.usefixtures(*before, "with_plugins", "clearance_db")(fn)

    return decorate


@dataclass
class Office:
    """One Fachdienst: its organisation and people in every role."""

    org: dict[str, Any]
    admin: dict[str, Any]
    editor: dict[str, Any]
    reviewer: dict[str, Any]
    reviewer2: dict[str, Any]
    member: dict[str, Any]


def call(action: str, as_user: dict[str, Any] | None, **data: Any) -> Any:
    """Call an action as ``as_user`` (``None``: anonymous), with auth checks."""
    context = {"user": as_user["name"] if as_user else "", "ignore_auth": False}
    return tk.get_action(action)(context, data)


def make_office() -> Office:
    """A Fachdienst with admin, editor, two designated reviewers and a member."""
    admin, editor, member = factories.User(), factories.User(), factories.User()
    reviewer, reviewer2 = factories.User(), factories.User()
    org = factories.Organization(
        users=[
            {"name": admin["name"], "capacity": "admin"},
            {"name": editor["name"], "capacity": "editor"},
            {"name": reviewer["name"], "capacity": "member"},
            {"name": reviewer2["name"], "capacity": "member"},
            {"name": member["name"], "capacity": "member"},
        ]
    )
    for person in (reviewer, reviewer2):
        call("privacy_reviewer_add", admin, owner_org=org["id"], user=person["name"])
    return Office(org, admin, editor, reviewer, reviewer2, member)


CHECKLIST = {
    "personal_data": False,
    "third_party_rights": True,
    "secrets": True,
    "statistical_confidentiality": True,
    "security": True,
}


def approve(office: Office, dataset_id: str, **extra: Any) -> dict[str, Any]:
    """Approve a submitted dataset as the first reviewer."""
    shown = call("privacy_clearance_show", office.reviewer, id=dataset_id)
    return call(
        "privacy_clearance_approve",
        office.reviewer,
        id=dataset_id,
        fingerprint=shown["fingerprint"],
        checklist=CHECKLIST,
        **extra,
    )


def cleared_dataset(office: Office, **fields: Any) -> dict[str, Any]:
    """A dataset the editor created and submitted and a reviewer approved."""
    dataset = call(
        "package_create",
        office.editor,
        name=fields.pop("name", None) or factories.Dataset.stub().name,
        owner_org=office.org["id"],
        resources=[{"url": "https://daten.example/a.csv", "format": "CSV"}],
        **fields,
    )
    call("privacy_clearance_submit", office.editor, id=dataset["id"])
    approve(office, dataset["id"])
    return call("package_show", office.editor, id=dataset["id"])


def datastore_urls() -> dict[str, str]:
    """DataStore settings on the test PostgreSQL (database datastore_test,
    read through the role datastore_ro, both made by scripts/services.sh)."""
    from sqlalchemy.engine import make_url

    main = make_url(tk.config["sqlalchemy.url"])
    write = main.set(database="datastore_test")
    read = write.set(username="datastore_ro")
    return {
        "ckan.datastore.write_url": write.render_as_string(hide_password=False),
        "ckan.datastore.read_url": read.render_as_string(hide_password=False),
    }


@pytest.fixture(scope="session")
def datastore_permissions() -> None:
    """Grant the DataStore roles as ``ckan datastore set-permissions`` would."""
    import os
    import subprocess

    from ckanext.datastore.cli import permissions_sql
    from sqlalchemy.engine import make_url

    urls = datastore_urls()
    write = make_url(urls["ckan.datastore.write_url"])
    main = make_url(tk.config["sqlalchemy.url"])
    sql = permissions_sql(
        maindb=main.database,
        datastoredb=write.database,
        mainuser=main.username,
        writeuser=write.username,
        readuser="datastore_ro",
    )
    # the script switches databases (\\connect): psql runs it, as
    # `ckan datastore set-permissions | psql` would
    subprocess.run(
        [
            "psql",
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            str(write.host),
            "-p",
            str(write.port),
            "-U",
            str(write.username),
            "-d",
            str(main.database),
        ],
        input=sql,
        text=True,
        check=True,
        capture_output=True,
        env={**os.environ, "PGPASSWORD": str(write.password)},
    )


@pytest.fixture
def datastore_config(
    ckan_config: Any, monkeypatch: pytest.MonkeyPatch, datastore_permissions: None
) -> None:
    """Point the DataStore at its test database before the plugins load."""
    for key, value in datastore_urls().items():
        monkeypatch.setitem(ckan_config, key, value)
