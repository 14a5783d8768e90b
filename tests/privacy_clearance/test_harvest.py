"""Harvested datasets: created private and submitted by the harvest itself;
a standing clearance of the source publishes later runs of the same shape.

Uses ckanext-harvest's own import code (HarvesterBase._create_or_update_package),
the path the DCAT, OParl and geodata harvesters take.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource

from .conftest import CHECKLIST, call, make_office, portal

PLUGINS = "pg_search activity harvest privacy_clearance"


@pytest.fixture
def harvest_tables(clearance_db: None, migrate_db_for: Any) -> None:
    """ckanext-harvest's tables (dropped by tests that reset the database)."""
    if not sa.inspect(model.meta.engine).has_table("harvest_object"):
        migrate_db_for("harvest")


class FakeHarvester(HarvesterBase):
    """Only the import step, as every real harvester ends."""

    def info(self) -> dict[str, str]:
        return {"name": "test", "title": "Test", "description": "Test"}


def harvest(source: HarvestSource, guid: str, package: dict[str, Any]) -> dict:
    job = HarvestJob(source=source)
    job.save()
    obj = HarvestObject(guid=guid, job=job, source=source)
    obj.save()
    FakeHarvester()._create_or_update_package(
        dict(package), obj, package_dict_form="package_show"
    )
    model.Session.remove()
    return call("package_show", _site(), id=package["id"])


def _site() -> dict[str, Any]:
    from ckan.plugins import toolkit as tk

    return tk.get_action("get_site_user")({"ignore_auth": True}, {})


def dataset(office: Any, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "name": f"sitzungen-{uuid.uuid4().hex[:6]}",
        "title": "Sitzungen des Kreistags",
        "owner_org": office.org["id"],
        "private": False,
        "resources": [{"url": "https://ris.example/2024.csv", "format": "CSV"}],
        **extra,
    }


@portal(PLUGINS)
@pytest.mark.usefixtures("harvest_tables")
class TestHarvested:
    def source(self, office: Any) -> HarvestSource:
        # the source's own dataset record, as harvest_source_create makes it
        # (with its URL: ckanext-harvest compares every new source's with it)
        url = f"https://ris-{uuid.uuid4().hex[:6]}.example/oparl"
        pkg = model.Package(
            name=f"quelle-{uuid.uuid4().hex[:6]}",
            type="harvest",
            url=url,
            owner_org=office.org["id"],
        )
        model.Session.add(pkg)
        model.Session.flush()
        source = HarvestSource(id=pkg.id, url=url, type="test")
        source.save()
        return source

    def test_created_private_and_submitted(self):
        office = make_office()
        source = self.source(office)
        package = dataset(office)
        shown = harvest(source, "g1", package)
        assert shown["private"] is True
        clearance = call("privacy_clearance_show", office.reviewer, id=package["id"])
        assert clearance["state"] == "submitted"
        assert clearance["harvest_source_id"] == source.id
        queue = call("privacy_clearance_queue", office.reviewer)
        assert package["id"] in {e["package_id"] for e in queue}

    def test_standing_clearance_publishes_runs_of_the_same_shape(self):
        office = make_office()
        source = self.source(office)
        package = dataset(office)
        harvest(source, "g1", package)
        shown = call("privacy_clearance_show", office.reviewer, id=package["id"])
        call(
            "privacy_clearance_approve",
            office.reviewer,
            id=package["id"],
            fingerprint=shown["fingerprint"],
            checklist=CHECKLIST,
            standing=True,
        )
        # next run: new rows in the snapshot, same shape
        changed = dict(
            package,
            resources=[{"url": "https://ris.example/2025.csv", "format": "CSV"}],
        )
        assert harvest(source, "g1", changed)["private"] is False
        shown = call("privacy_clearance_show", office.reviewer, id=package["id"])
        assert shown["state"] == "cleared"
        assert [e["action"] for e in shown["history"]][-2:] == [
            "void",
            "standing_approve",
        ]
        # a new field is a new shape: back to a review, private meanwhile
        reshaped = dict(changed, author_email="sachbearbeitung@ris.example")
        assert harvest(source, "g1", reshaped)["private"] is True
        shown = call("privacy_clearance_show", office.reviewer, id=package["id"])
        assert shown["state"] == "submitted"

    def test_revoking_ends_the_standing_clearance(self):
        office = make_office()
        source = self.source(office)
        package = dataset(office)
        harvest(source, "g1", package)
        shown = call("privacy_clearance_show", office.reviewer, id=package["id"])
        call(
            "privacy_clearance_approve",
            office.reviewer,
            id=package["id"],
            fingerprint=shown["fingerprint"],
            checklist=CHECKLIST,
            standing=True,
        )
        call(
            "privacy_clearance_revoke",
            office.reviewer2,
            id=package["id"],
            reason="Quelle liefert jetzt Namen.",
        )
        again = dict(package, notes="Neue Beschreibung", url="https://ris.example/x")
        assert harvest(source, "g1", again)["private"] is True
