"""The generated datasets in a real portal: CKAN accepts them under the
DCAT-AP.de schema and the conformance check finds nothing."""

from __future__ import annotations

import dataclasses
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers

from ckanext.oparl_harvester import mapping, privacy, records
from ckanext.oparl_harvester.logic.schema import SourceConfig
from ckanext.oparl_harvester.snapshots import SnapshotInfo
from tests.dcat_ap_de.conftest import (  # noqa: F401 - needs_shared is a fixture
    DISTRICT_LEVEL,
    SAALEKREIS,
    needs_shared,
    portal,
)

from . import oparl_samples as samples

CFG = SourceConfig(
    contact_email="sitzungsdienst@musterkreis.example",
    political_geocoding_level=DISTRICT_LEVEL,
    political_geocoding=(SAALEKREIS,),
)


def _record(obj: dict[str, Any]) -> records.Record:
    kept, _ = privacy.apply(obj)
    assert kept is not None
    return records.parse(kept)


def _papers_summary(body: records.Body) -> mapping.KindSummary:
    summary = mapping.KindSummary("papers")
    for obj in (samples.paper_11(), samples.paper_10()):
        record = _record(obj)
        partition = mapping.partition_for("papers", record, terms=body.terms)
        rows = list(mapping.rows("papers", record, samples.names_11()))
        summary.add(record, partition, len(rows))
    summary.add_snapshot("2024", "csv", SnapshotInfo(1, 812, "ab" * 32))
    return summary


def _create(data: dict[str, Any]) -> dict[str, Any]:
    for resource in data["resources"]:  # the harvester uploads the snapshots
        resource["url"] = resource["url"] or (
            f"https://opendata.musterkreis.example/snapshots/{resource['oparl_resource']}"
        )
    user = factories.Sysadmin()
    return tk.get_action("package_create")({"user": user["name"]}, data)


def _findings(dataset: dict[str, Any]) -> dict[str, Any]:
    return helpers.call_action("dcat_ap_de_validate_dataset", id=dataset["id"])


def _meetings_summary(body: records.Body) -> mapping.KindSummary:
    summary = mapping.KindSummary("meetings")
    for obj in (samples.meeting_11(), samples.meeting_10()):
        record = _record(obj)
        partition = mapping.partition_for(
            "meetings", record, mode="term", terms=body.terms
        )
        summary.add(record, partition, len(list(mapping.rows("meetings", record))))
    return summary


def _organizations_summary() -> mapping.KindSummary:
    summary = mapping.KindSummary("organizations")
    for obj in (samples.organization_kreistag(), *samples.legislative_terms_11()):
        record = _record(obj)
        summary.add(record, mapping.partition_for("organizations", record), 1)
    return summary


@portal
@pytest.mark.usefixtures("clean_db", "needs_shared")
def test_generated_datasets_conform() -> None:
    org = factories.Organization(
        title="Landkreis Musterkreis – Sitzungsdienst",
        email="sitzungsdienst@musterkreis.example",
        url="https://www.musterkreis.example",
        dcat_type="LocalAuthority",
    )
    system = records.parse(samples.system_11())
    body = records.parse(samples.body_11())
    assert isinstance(system, records.System) and isinstance(body, records.Body)
    owner = org["id"]
    meetings_cfg = dataclasses.replace(CFG, partition="term")
    meetings = _meetings_summary(body)
    papers = _papers_summary(body)
    organizations = _organizations_summary()
    datasets = {
        mapping.API: mapping.api_dataset(system, body, CFG, owner_org=owner),
        "papers": mapping.kind_dataset(
            body, "papers", CFG, papers, owner_org=owner, system=system
        ),
        "meetings": mapping.kind_dataset(
            body, "meetings", meetings_cfg, meetings, owner_org=owner, system=system
        ),
        "organizations": mapping.kind_dataset(
            body, "organizations", CFG, organizations, owner_org=owner, system=system
        ),
    }
    created = {}
    for kind, data in datasets.items():
        data["name"] = mapping.dataset_name("ris-musterkreis", body, kind)
        created[kind] = _create(data)
        report = _findings(created[kind])
        assert report["counts"]["violations"] == 0, (kind, report["violations"])
        assert report["counts"]["quality"] == 0, (kind, report["quality"])

    shown = tk.get_action("package_show")({}, {"id": created["papers"]["id"]})
    keys = [r.get("oparl_resource") for r in shown["resources"]]
    assert keys == ["2024.csv", "2024.json", "2023.csv", "2023.json", "live"]
    assert shown["resources"][0]["oparl_partition"] == "2024"
    assert shown["resources"][0]["hash_algorithm"].endswith("sha256")
    assert shown["license_id"] == "dl-by-de/2.0"  # CC BY and none: the Body's
    assert shown["temporal_coverage"][0]["start"] == "2023-10-05"
    assert shown["tags"] and shown["contact"][0]["email"] == CFG.contact_email
