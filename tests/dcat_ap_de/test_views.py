"""The page "DCAT-AP.de-Prüfung" and the action behind it."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers

from .conftest import portal

GROUPS = ("violations", "warnings", "quality")


def _dataset(owner_org: str, **extra: Any) -> dict[str, Any]:
    return factories.Dataset(
        owner_org=owner_org,
        notes="Beschlüsse des Kreistages.",
        tag_string="Kreistag",
        license_id="dl-zero-de/2.0",
        resources=[{"url": "https://ratsinfo.example/beschluesse.csv"}],
        **extra,
    )


@pytest.fixture
def editor() -> dict[str, Any]:
    return factories.User()


@pytest.fixture
def dataset(editor: dict[str, Any]) -> dict[str, Any]:
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    return _dataset(org["id"])


@portal
@pytest.mark.usefixtures("clean_db", "needs_shared")
class TestAction:
    def test_report_as_json_via_get(self, app: Any, dataset: dict[str, Any]) -> None:
        url = tk.h.url_for(
            "api.action", ver=3, logic_function="dcat_ap_de_validate_dataset"
        )
        response = app.get(url, query_string={"id": dataset["name"]})
        assert response.status_code == 200
        result = response.json["result"]
        assert result["id"] == dataset["id"]
        assert set(result["counts"]) == set(GROUPS)
        for group in GROUPS:
            assert len(result[group]) == result["counts"][group]
            for finding in result[group]:
                assert finding["message_de"] and finding["field"]
                assert finding["level"] in ("dataset", "resource", "agent", "catalog")
        assert result["conforms"] == (
            not result["violations"] and not result["quality"]
        )

    def test_missing_id_is_a_validation_error(self) -> None:
        with pytest.raises(tk.ValidationError):
            helpers.call_action("dcat_ap_de_validate_dataset", {})

    def test_private_dataset_needs_access(self, editor: dict[str, Any]) -> None:
        org = factories.Organization(
            users=[{"name": editor["name"], "capacity": "editor"}]
        )
        private = _dataset(org["id"], private=True)
        stranger = factories.User()
        with pytest.raises(tk.NotAuthorized):
            helpers.call_auth(
                "dcat_ap_de_validate_dataset",
                {"user": stranger["name"]},
                id=private["id"],
            )
        assert helpers.call_auth(
            "dcat_ap_de_validate_dataset", {"user": editor["name"]}, id=private["id"]
        )

    def test_public_dataset_for_anonymous(self, dataset: dict[str, Any]) -> None:
        assert helpers.call_auth(
            "dcat_ap_de_validate_dataset", {"user": ""}, id=dataset["id"]
        )


@portal
@pytest.mark.usefixtures("clean_db", "needs_shared")
class TestPage:
    def _url(self, dataset: dict[str, Any]) -> str:
        return tk.h.url_for("dcat_ap_de.validation", id=dataset["name"])

    def test_page_renders_for_everyone_who_may_see_it(
        self, app: Any, dataset: dict[str, Any]
    ) -> None:
        response = app.get(self._url(dataset))
        assert response.status_code == 200
        body = response.body
        assert 'id="dcat-ap-de-heading"' in body
        assert "dcat-ap-de-summary" in body
        # anonymous visitors get no edit links
        assert f"/dataset/edit/{dataset['name']}" not in body

    def test_editor_sees_the_tab_and_edit_links(
        self, app: Any, dataset: dict[str, Any], editor: dict[str, Any]
    ) -> None:
        headers = {"Authorization": factories.APIToken(user=editor["name"])["token"]}
        page = app.get(
            tk.h.url_for("dataset.read", id=dataset["name"]), headers=headers
        )
        assert self._url(dataset) in page.body
        report = app.get(self._url(dataset), headers=headers)
        assert report.status_code == 200
        result = helpers.call_action("dcat_ap_de_validate_dataset", id=dataset["id"])
        if result["violations"] or result["quality"] or result["warnings"]:
            assert f"/dataset/edit/{dataset['name']}" in report.body or (
                "/resource/" in report.body
            )

    def test_tab_hidden_from_anonymous(self, app: Any, dataset: dict[str, Any]) -> None:
        page = app.get(tk.h.url_for("dataset.read", id=dataset["name"]))
        assert self._url(dataset) not in page.body

    def test_unknown_dataset_is_404(self, app: Any) -> None:
        response = app.get("/dataset/gibt-es-nicht/dcat-ap-de")
        assert response.status_code == 404

    def test_private_dataset_is_404_for_strangers(
        self, app: Any, editor: dict[str, Any]
    ) -> None:
        org = factories.Organization(
            users=[{"name": editor["name"], "capacity": "editor"}]
        )
        private = _dataset(org["id"], private=True)
        assert app.get(self._url(private)).status_code == 404


# outermost, so that it wins over the shared shapes set by @portal
@pytest.mark.ckan_config("ckanext.dcat_ap_de.shapes_dir", "/nonexistent/dcat-shapes")
@portal
@pytest.mark.usefixtures("clean_db")
def test_page_explains_missing_shapes(app: Any, editor: dict[str, Any]) -> None:
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    created = _dataset(org["id"])
    response = app.get(tk.h.url_for("dcat_ap_de.validation", id=created["name"]))
    assert response.status_code == 200
    assert "fetch-shapes" in response.body
