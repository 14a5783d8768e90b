"""The invariant as a matrix: for every actor and every write path, an
uncleared dataset never becomes public and a cleared one never changes without
losing its clearance; for every read path, an uncleared dataset stays unseen.

Actors: the organisation's editor and admin, a sysadmin, a harvest job (the
site user with ``ignore_auth``) and anonymous visitors.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests import factories

from .conftest import approve, call, make_office, portal

PLUGINS = "pg_search activity datastore dcat privacy_clearance"
ACTORS = ["editor", "admin", "sysadmin", "harvest"]


def context_of(actor: str, office: Any) -> dict[str, Any]:
    """An action context for one of :data:`ACTORS`."""
    if actor == "harvest":
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        return {"user": site["name"], "ignore_auth": True}
    if actor == "sysadmin":
        return {"user": factories.Sysadmin()["name"], "ignore_auth": False}
    return {"user": getattr(office, actor)["name"], "ignore_auth": False}


def act(actor: str, office: Any, action: str, **data: Any) -> Any:
    return tk.get_action(action)(context_of(actor, office), data)


def visible_to_public(dataset_id: str) -> bool:
    """Whether the dataset is public in the database and in the index."""
    model.Session.remove()
    pkg = model.Package.get(dataset_id)
    found = tk.get_action("package_search")(
        {"user": "", "ignore_auth": False}, {"q": f"id:{dataset_id}"}
    )["count"]
    return (not pkg.private and pkg.state == "active") or found > 0


def state_of(office: Any, dataset_id: str) -> str:
    return call("privacy_clearance_show", office.admin, id=dataset_id)["state"]


def new_dataset(office: Any, **extra: Any) -> dict[str, Any]:
    return call(
        "package_create",
        office.editor,
        name=factories.Dataset.stub().name,
        owner_org=office.org["id"],
        resources=[
            {"url": "https://daten.example/a.csv", "format": "CSV", "name": "A"},
            {"url": "https://daten.example/b.csv", "format": "CSV", "name": "B"},
        ],
        **extra,
    )


def cleared(office: Any) -> dict[str, Any]:
    dataset = new_dataset(office)
    call("privacy_clearance_submit", office.editor, id=dataset["id"])
    approve(office, dataset["id"])
    assert not call("package_show", office.editor, id=dataset["id"])["private"]
    return call("package_show", office.editor, id=dataset["id"])


# -- publishing an uncleared dataset ---------------------------------------


def _publish_create(actor: str, office: Any, dataset: dict) -> str:
    return act(
        actor,
        office,
        "package_create",
        name=factories.Dataset.stub().name,
        owner_org=office.org["id"],
        private=False,
    )["id"]


def _publish_create_default(actor: str, office: Any, dataset: dict) -> str:
    # the API default of `private` is public
    return act(
        actor,
        office,
        "package_create",
        name=factories.Dataset.stub().name,
        owner_org=office.org["id"],
    )["id"]


def _publish_update(actor: str, office: Any, dataset: dict) -> str:
    return act(actor, office, "package_update", **dict(dataset, private=False))["id"]


def _publish_patch(actor: str, office: Any, dataset: dict) -> str:
    return act(actor, office, "package_patch", id=dataset["id"], private=False)["id"]


def _publish_revise(actor: str, office: Any, dataset: dict) -> str:
    act(
        actor,
        office,
        "package_revise",
        match={"id": dataset["id"]},
        update={"private": False},
    )
    return dataset["id"]


def _publish_bulk(actor: str, office: Any, dataset: dict) -> str:
    act(
        actor,
        office,
        "bulk_update_public",
        datasets=[dataset["id"]],
        org_id=office.org["id"],
    )
    return dataset["id"]


def _publish_undelete(actor: str, office: Any, dataset: dict) -> str:
    act(actor, office, "package_delete", id=dataset["id"])
    act(actor, office, "package_patch", id=dataset["id"], state="active", private=False)
    return dataset["id"]


def _publish_after_rejection(actor: str, office: Any, dataset: dict) -> str:
    call("privacy_clearance_submit", office.editor, id=dataset["id"])
    call(
        "privacy_clearance_reject",
        office.reviewer,
        id=dataset["id"],
        reason="Enthält Namen von Privatpersonen.",
    )
    return act(actor, office, "package_patch", id=dataset["id"], private=False)["id"]


PUBLISH_PATHS = {
    "package_create private=false": _publish_create,
    "package_create without private": _publish_create_default,
    "package_update": _publish_update,
    "package_patch": _publish_patch,
    "package_revise": _publish_revise,
    "bulk_update_public": _publish_bulk,
    "package_delete + undelete": _publish_undelete,
    "package_patch after rejection": _publish_after_rejection,
}


@portal(PLUGINS)
class TestNoPublicationWithoutClearance:
    @pytest.mark.parametrize("actor", ACTORS)
    @pytest.mark.parametrize("path", list(PUBLISH_PATHS))
    def test_path(self, path: str, actor: str):
        office = make_office()
        dataset = new_dataset(office)
        try:
            dataset_id = PUBLISH_PATHS[path](actor, office, dataset)
        except tk.NotAuthorized:
            dataset_id = dataset["id"]  # refused by CKAN itself: also no leak
        assert not visible_to_public(dataset_id)
        assert state_of(office, dataset_id) != "cleared"

    def test_anonymous_cannot_write(self):
        office = make_office()
        dataset = new_dataset(office)
        for action, data in [
            ("package_patch", {"id": dataset["id"], "private": False}),
            (
                "bulk_update_public",
                {"datasets": [dataset["id"]], "org_id": office.org["id"]},
            ),
            ("privacy_clearance_submit", {"id": dataset["id"]}),
            (
                "privacy_clearance_approve",
                {"id": dataset["id"], "fingerprint": "x", "checklist": {}},
            ),
        ]:
            with pytest.raises(tk.NotAuthorized):
                call(action, None, **data)
        assert not visible_to_public(dataset["id"])

    @pytest.mark.ckan_config("ckan.auth.create_unowned_dataset", "true")
    def test_dataset_without_organisation_is_refused(self):
        with pytest.raises(tk.ValidationError) as error:
            tk.get_action("package_create")(
                {"user": factories.Sysadmin()["name"]},
                {"name": factories.Dataset.stub().name},
            )
        assert "Fachdienst" in str(error.value.error_dict["owner_org"])


# -- changing a cleared dataset --------------------------------------------


def _change_resource_create(actor, office, dataset):
    act(
        actor,
        office,
        "resource_create",
        package_id=dataset["id"],
        url="https://daten.example/neu.csv",
        format="CSV",
    )


def _change_resource_update(actor, office, dataset):
    res = dataset["resources"][0]
    act(
        actor, office, "resource_update", **dict(res, url="https://daten.example/x.csv")
    )


def _change_resource_patch(actor, office, dataset):
    act(
        actor,
        office,
        "resource_patch",
        id=dataset["resources"][0]["id"],
        description="Jetzt mit Adressen",
    )


def _change_resource_delete(actor, office, dataset):
    act(actor, office, "resource_delete", id=dataset["resources"][0]["id"])


def _change_package_patch(actor, office, dataset):
    act(actor, office, "package_patch", id=dataset["id"], url="https://anders.example")


def _change_package_update_tags(actor, office, dataset):
    act(
        actor,
        office,
        "package_update",
        **dict(dataset, tags=[{"name": "Einwohner"}], private=False),
    )


def _change_package_revise(actor, office, dataset):
    act(
        actor,
        office,
        "package_revise",
        match={"id": dataset["id"]},
        update={"version": "2.0"},
    )


def _change_owner_org(actor, office, dataset):
    other = factories.Organization(
        users=[
            {"name": office.admin["name"], "capacity": "admin"},
            {"name": office.editor["name"], "capacity": "editor"},
        ]
    )
    act(
        actor,
        office,
        "package_owner_org_update",
        id=dataset["id"],
        organization_id=other["id"],
    )


def _change_datastore_create(actor, office, dataset):
    act(
        actor,
        office,
        "datastore_create",
        resource_id=dataset["resources"][0]["id"],
        records=[{"name": "Erika Muster"}],
        force=True,
    )


def _change_datastore_upsert(actor, office, dataset):
    rid = dataset["resources"][1]["id"]
    datastore_table(rid)
    _recleared(office, dataset["id"])
    act(
        actor,
        office,
        "datastore_upsert",
        resource_id=rid,
        method="insert",
        records=[{"wert": 99}],
        force=True,
    )


def _change_datastore_delete(actor, office, dataset):
    rid = dataset["resources"][1]["id"]
    datastore_table(rid)
    _recleared(office, dataset["id"])
    act(
        actor,
        office,
        "datastore_delete",
        resource_id=rid,
        filters={"wert": 1},
        force=True,
    )


def datastore_table(resource_id: str) -> None:
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("datastore_create")(
        {"ignore_auth": True, "user": site["name"]},
        {
            "resource_id": resource_id,
            "records": [{"wert": 1}, {"wert": 2}],
            "force": True,
        },
    )


def _recleared(office, dataset_id):
    """Submit and approve again after the set-up voided the clearance."""
    call("privacy_clearance_submit", office.editor, id=dataset_id)
    approve(office, dataset_id)
    assert visible_to_public(dataset_id)


CHANGE_PATHS = {
    "resource_create": _change_resource_create,
    "resource_update": _change_resource_update,
    "resource_patch": _change_resource_patch,
    "resource_delete": _change_resource_delete,
    "package_patch": _change_package_patch,
    "package_update (tags, private=false)": _change_package_update_tags,
    "package_revise": _change_package_revise,
    "package_owner_org_update": _change_owner_org,
    "datastore_create": _change_datastore_create,
    "datastore_upsert": _change_datastore_upsert,
    "datastore_delete": _change_datastore_delete,
}


@portal(PLUGINS)
class TestNoChangeWithoutVoiding:
    @pytest.mark.parametrize("actor", ACTORS)
    @pytest.mark.parametrize("path", list(CHANGE_PATHS))
    def test_path(self, path: str, actor: str):
        office = make_office()
        dataset = cleared(office)
        try:
            CHANGE_PATHS[path](actor, office, dataset)
        except tk.NotAuthorized:
            # CKAN itself refuses this actor: nothing changed, still cleared
            assert visible_to_public(dataset["id"])
            assert state_of(office, dataset["id"]) == "cleared"
            return
        assert not visible_to_public(dataset["id"])
        shown = call("privacy_clearance_show", office.admin, id=dataset["id"])
        assert shown["state"] == "draft"
        assert shown["history"][-1]["action"] == "void"

    def test_reordering_resources_is_no_change_of_content(self):
        office = make_office()
        dataset = cleared(office)
        ids = [r["id"] for r in dataset["resources"]]
        call(
            "package_resource_reorder",
            office.editor,
            id=dataset["id"],
            order=list(reversed(ids)),
        )
        assert visible_to_public(dataset["id"])
        assert state_of(office, dataset["id"]) == "cleared"
