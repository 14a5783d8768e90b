"""Every read path, for anonymous visitors and for logged-in strangers: an
uncleared dataset (whose editor asked for it to be public) stays unseen."""

from __future__ import annotations

import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from .conftest import call, make_office, portal

PLUGINS = "pg_search activity datastore dcat privacy_clearance"


@pytest.fixture
def hidden(clearance_db: None) -> dict[str, Any]:
    """An uncleared dataset in a group, with a DataStore table and activity."""
    office = make_office()
    group = factories.Group(
        users=[{"name": office.editor["name"], "capacity": "member"}]
    )
    suffix = uuid.uuid4().hex[:8]
    dataset = call(
        "package_create",
        office.editor,
        name=f"geheime-liste-{suffix}",
        title=f"Geheime Liste {suffix}",
        owner_org=office.org["id"],
        private=False,
        groups=[{"id": group["id"]}],
        resources=[{"url": "https://daten.example/liste.csv", "format": "CSV"}],
    )
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("datastore_create")(
        {"user": site["name"], "ignore_auth": True},
        {
            "resource_id": dataset["resources"][0]["id"],
            "force": True,
            "records": [{"name": "Erika Mustermann", "strasse": "Hauptstr. 1"}],
        },
    )
    call(
        "package_patch",
        office.editor,
        id=dataset["id"],
        notes="Zweite Fassung",
        private=False,
    )
    return {"dataset": dataset, "group": group, "office": office}


VIEWERS = ["anonymous", "stranger"]


def viewer_context(who: str) -> dict[str, Any]:
    return {
        "user": "" if who == "anonymous" else factories.User()["name"],
        "ignore_auth": False,
    }


@portal(PLUGINS)
@pytest.mark.parametrize("who", VIEWERS)
class TestActionReadPaths:
    def test_refused(self, hidden, who):
        dataset = hidden["dataset"]
        rid = dataset["resources"][0]["id"]
        for action, data in [
            ("package_show", {"id": dataset["id"]}),
            ("package_show", {"id": dataset["name"]}),
            ("resource_show", {"id": rid}),
            ("package_activity_list", {"id": dataset["id"]}),
            ("datastore_search", {"resource_id": rid}),
            ("privacy_clearance_show", {"id": dataset["id"]}),
        ]:
            with pytest.raises(tk.NotAuthorized):
                tk.get_action(action)(viewer_context(who), data)

    def test_not_listed(self, hidden, who):
        dataset, group = hidden["dataset"], hidden["group"]
        org = hidden["office"].org
        ctx = viewer_context
        search = tk.get_action("package_search")(
            ctx(who), {"q": dataset["title"], "include_private": True, "rows": 1000}
        )
        assert dataset["id"] not in {d["id"] for d in search["results"]}
        assert dataset["name"] not in tk.get_action("package_list")(ctx(who), {})
        listed = tk.get_action("current_package_list_with_resources")(ctx(who), {})
        assert dataset["id"] not in {d["id"] for d in listed}
        shown_org = tk.get_action("organization_show")(
            ctx(who), {"id": org["id"], "include_datasets": True}
        )
        assert dataset["id"] not in {d["id"] for d in shown_org["packages"]}
        assert shown_org["package_count"] == 0
        in_group = tk.get_action("group_package_show")(ctx(who), {"id": group["id"]})
        assert dataset["id"] not in {d["id"] for d in in_group}

    def test_no_activity(self, hidden, who):
        dataset, org = hidden["dataset"], hidden["office"].org
        ctx = viewer_context
        recent = tk.get_action("recently_changed_packages_activity_list")(ctx(who), {})
        assert dataset["id"] not in {a["object_id"] for a in recent}
        org_acts = tk.get_action("organization_activity_list")(
            ctx(who), {"id": org["id"]}
        )
        assert dataset["id"] not in {a["object_id"] for a in org_acts}


@portal(PLUGINS)
class TestWebReadPaths:
    def test_pages_and_downloads(self, hidden, app):
        dataset = hidden["dataset"]
        rid = dataset["resources"][0]["id"]
        for url in [
            f"/dataset/{dataset['name']}",
            f"/dataset/{dataset['id']}/resource/{rid}",
            f"/dataset/{dataset['id']}/resource/{rid}/download",
            f"/dataset/{dataset['name']}.ttl",
            f"/dataset/{dataset['name']}.rdf",
            f"/api/3/action/package_show?id={dataset['id']}",
            f"/api/3/action/datastore_search?resource_id={rid}",
        ]:
            response = app.get(url, status=None, follow_redirects=False)
            assert response.status_code in (401, 403, 404), url
            assert "Erika" not in response.get_data(as_text=True), url

    def test_catalog_and_search_pages(self, hidden, app):
        name, title = hidden["dataset"]["name"], hidden["dataset"]["title"]
        for url in [
            "/catalog.ttl",
            "/catalog.rdf",
            "/dataset/?q=Geheime",
            "/api/3/action/package_search?q=Geheime",
            f"/organization/{hidden['office'].org['name']}",
            f"/group/{hidden['group']['name']}",
        ]:
            body = app.get(url).get_data(as_text=True)
            for secret in (name, title, hidden["dataset"]["id"]):
                assert secret not in body, url

    def test_visible_once_cleared(self, hidden, app):
        """The same checks can fail: after the clearance the dataset shows."""
        from .conftest import approve

        office, dataset = hidden["office"], hidden["dataset"]
        call("privacy_clearance_submit", office.editor, id=dataset["id"])
        approve(office, dataset["id"])
        assert dataset["id"] in app.get("/catalog.ttl").get_data(as_text=True)
        visitor = {"user": "", "ignore_auth": False}
        assert tk.get_action("package_show")(visitor, {"id": dataset["id"]})["id"]
        assert app.get(f"/dataset/{dataset['name']}").status_code == 200
