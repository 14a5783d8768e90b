"""The portal's pages in a real browser under the security headers: the
Content-Security-Policy (no inline scripts) blocks nothing the pages need,
the form controls whose inline handlers portal_security replaced still
work, and no page asks any host but the portal itself."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from ckan import model
from ckan.tests import factories

from ..dcat_ap_de.conftest import PORTAL_SETTINGS
from ..privacy_clearance.conftest import (
    call,
    clearance_db,  # noqa: F401
    cleared_dataset,
    make_office,
)
from .conftest import PASSWORD

PLUGINS = (
    "outbound portal_security pg_search activity dcat scheming_datasets "
    "scheming_organizations dcat_ap_de privacy_clearance"
)
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push({
  directive: e.violatedDirective, blocked: e.blockedURI,
  disposition: e.disposition, page: location.pathname}));
"""
pytestmark = [
    *(
        pytest.mark.ckan_config(key, value)
        for key, value in {
            **PORTAL_SETTINGS,
            "ckan.plugins": PLUGINS,
            "ckanext.privacy_clearance.notify": "false",
        }.items()
    ),
    pytest.mark.usefixtures("with_plugins", "clearance_db"),
]


class Visit:
    """A browser tab that records CSP violations and every host asked."""

    def __init__(self, browser: Any, origin: str) -> None:
        self.origin = origin
        self.context = browser.new_context(locale="de-DE")
        self.page = self.context.new_page()
        self.page.add_init_script(WATCH)
        self.hosts: set[str] = set()
        self.violations: list[dict[str, str]] = []
        self.page.on("request", lambda r: self.hosts.add(urlsplit(r.url).netloc))

    def open(self, path: str) -> Any:
        self.collect()
        response = self.page.goto(self.origin + path, wait_until="load")
        self.collect()
        return response

    def collect(self) -> None:
        if self.page.url.startswith(self.origin):
            self.violations += self.page.evaluate("window.__csp.splice(0)")

    def sign_in(self, user: dict[str, Any]) -> None:
        self.open("/user/login")
        self.page.fill("#field-login", user["name"])
        self.page.fill("#field-password", PASSWORD)
        self.page.press("#field-password", "Enter")
        self.page.wait_for_url(lambda url: "/user/login" not in url, timeout=10_000)
        self.page.wait_for_load_state("load")

    def assert_clean(self) -> None:
        """Nothing blocked or reported, nothing asked of another host."""
        self.collect()
        assert self.violations == []
        assert self.hosts == {urlsplit(self.origin).netloc}


@pytest.fixture
def portal_data() -> SimpleNamespace:
    """A Fachdienst with a cleared dataset and an admin who signs in."""
    office = make_office()
    dataset = cleared_dataset(
        office,
        title="Schulen im Saalekreis",
        notes="Standorte der allgemeinbildenden Schulen.",
        license_id="dl-by-de/2.0",
        tags=[{"name": "Bildung"}],
        theme=["EDUC"],
    )
    admin = factories.User(password=PASSWORD)
    call(
        "member_create",
        office.admin,
        id=office.org["id"],
        object=admin["name"],
        object_type="user",
        capacity="admin",
    )
    # factories give organisations and users pictures from other hosts,
    # which the policy rightly blocks: the portal's data here has none
    # (earlier tests' organisations and users included: the database is shared)
    model.Session.query(model.Group).update({"image_url": ""})
    model.Session.query(model.User).update({"image_url": ""})
    model.Session.commit()
    return SimpleNamespace(office=office, dataset=dataset, admin=admin)


@pytest.fixture
def visit(browser: Any, live_portal: str) -> Iterator[Visit]:
    tab = Visit(browser, live_portal)
    yield tab
    tab.context.close()


def test_pages_work_under_the_policy(visit: Visit, portal_data: Any) -> None:
    name = portal_data.dataset["name"]
    for path in ("/", "/dataset/", f"/dataset/{name}", "/organization/"):
        assert visit.open(path).status == 200, path
    resource = portal_data.dataset["resources"][0]["id"]
    assert visit.open(f"/dataset/{name}/resource/{resource}").status == 200
    visit.sign_in(portal_data.admin)
    assert "/user/login" not in visit.page.url
    for path in ("/dataset/new", f"/dataset/{name}/freigabe", "/dashboard/datasets"):
        assert visit.open(path).status == 200, path
    visit.assert_clean()


def test_the_resource_form_buttons_work(visit: Visit, portal_data: Any) -> None:
    visit.sign_in(portal_data.admin)
    visit.open(f"/dataset/{portal_data.dataset['name']}/resource/new")
    page = visit.page
    with page.expect_file_chooser() as chooser:
        page.click("#resource-upload-button")
    assert chooser.value.element.get_attribute("id") == "field-resource-upload"
    assert page.is_checked("#resource-url-upload")
    assert not page.is_visible("#resource-link-button")  # the file field instead
    page.click("#resource-url-upload + .select-type .btn-remove-url")
    assert page.is_checked("#resource-url-none")
    assert page.evaluate("document.activeElement.id") == "resource-upload-button"
    page.click("#resource-link-button")
    assert page.is_visible("#field-resource-url")
    assert page.evaluate("document.activeElement.id") == "field-resource-url"
    page.fill("#field-resource-url", "https://daten.saalekreis.example/schulen.csv")
    page.click("#resource-url-link + .select-type .btn-remove-url")
    assert page.is_checked("#resource-url-none")
    assert not page.is_visible("#field-resource-url")
    assert page.input_value("#field-resource-url") == ""
    assert page.evaluate("document.activeElement.id") == "resource-upload-button"
    visit.assert_clean()


def test_a_field_of_several_values(visit: Visit, portal_data: Any) -> None:
    visit.sign_in(portal_data.admin)
    visit.open(f"/dataset/edit/{portal_data.dataset['name']}")
    page = visit.page
    group = page.locator("fieldset[name=conforms_to]")
    label = group.locator("legend").inner_text().strip()
    group.get_by_role("textbox").first.fill("https://example.org/spec/1")
    group.locator("[data-ps-multiple-add]").click()
    fields = group.get_by_role("textbox")
    assert fields.count() == 2
    assert fields.nth(1).input_value() == ""
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        f"{label} 2"
    )
    fields.nth(1).fill("https://example.org/spec/2")
    group.locator("[data-ps-multiple-remove]").first.click()
    assert fields.count() == 1
    assert fields.first.input_value() == "https://example.org/spec/2"
    assert fields.first.get_attribute("id") == "field-conforms_to"
    assert fields.first.get_attribute("aria-label") == f"{label} 1"
    page.click("button[name=save]")
    page.wait_for_load_state("load")
    visit.assert_clean()
    saved = call("package_show", portal_data.admin, id=portal_data.dataset["id"])
    assert saved["conforms_to"] == ["https://example.org/spec/2"]


def test_the_organisation_picture_buttons(visit: Visit, portal_data: Any) -> None:
    visit.sign_in(portal_data.admin)
    visit.open(f"/organization/edit/{portal_data.office.org['name']}")
    page = visit.page
    # CKAN's image-upload script makes its buttons of javascript: links
    page.locator(".image-upload a", has_text="Link").click()
    assert page.is_visible("#field-image-url")
    assert page.evaluate("document.activeElement.id") == "field-image-url"
    visit.assert_clean()


def test_api_tokens_are_revoked(visit: Visit, portal_data: Any) -> None:
    visit.sign_in(portal_data.admin)
    visit.open(f"/user/{portal_data.admin['name']}/api-tokens")
    page = visit.page
    page.fill("#name", "Auswertung")
    page.click("button[value=create]")
    row = page.locator("#api-tokens-table tbody tr").first
    row.wait_for()
    revoke = page.locator("#revoke-tokens-button")
    assert revoke.is_disabled()
    row.get_by_role("checkbox").check()
    assert revoke.is_enabled()
    row.get_by_role("checkbox").uncheck()
    assert revoke.is_disabled()
    visit.assert_clean()
