"""DCAT-AP.de benchmark: catalogue rendering and conformance checking.

* renders a catalogue page of 100 datasets with ckanext-dcat's stock
  ``euro_dcat_ap_3`` profile and with ``euro_dcat_ap_3 dcat_ap_de`` on the
  same datasets (the issue's goal: ratio <= 1.25),
* checks 1,000 datasets with the built-in conformance check (goal: <= 100 ms
  per dataset), reading the official shapes from ``../shared``.

The datasets are package dicts as ``package_show`` returns them (taken from
the demo datasets' shape, numbered), so no database is needed beyond CKAN's
start-up. Run as ``make bench-dcat`` or::

    .venv/bin/python scripts/bench_dcat.py --ini test.ini
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import ckan_app

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "dcat-ap-de"
ORG_ID = "5b0c9a52-6f38-4c70-9a43-1e2f3c4d5e6f"
SETTINGS = {
    "ckan.plugins": (
        "pg_search dcat scheming_datasets scheming_organizations dcat_ap_de"
    ),
    "ckanext.dcat_ap_de.contributor_id": (
        "http://dcat-ap.de/def/contributors/landSachsenAnhalt"
    ),
    "ckanext.dcat_ap_de.political_geocoding": (
        "http://dcat-ap.de/def/politicalGeocoding/districtKey/15088"
    ),
    "ckanext.dcat_ap_de.shapes_dir": str(SHARED / "shapes-3.0"),
    "ckanext.dcat_ap_de.quality_shapes_dir": str(SHARED / "shapes-govdata-mqa"),
    "ckanext.dcat_ap_de.vocabularies_dirs": (
        f"{SHARED / 'vocabularies'} {SHARED / 'ontologies'}"
    ),
}
ORGANIZATION = {
    "id": ORG_ID,
    "name": "fd-geoinformation",
    "title": "Fachdienst Geoinformation",
    "email": "geo@saalekreis.example",
    "url": "https://www.saalekreis.de",
    "dcat_type": "http://purl.org/adms/publishertype/LocalAuthority",
}


def dataset(number: int) -> dict[str, Any]:
    """A dataset as package_show returns it, with most DCAT-AP.de fields."""
    dataset_id = str(uuid.UUID(int=number + 1))
    base = {
        "id": dataset_id,
        "name": f"datensatz-{number:04d}",
        "title": f"Schulstandorte im Saalekreis {number}",
        "notes": "Alle allgemeinbildenden Schulen mit Adresse und Schulform.",
        "type": "dataset",
        "state": "active",
        "private": False,
        "metadata_created": "2025-01-02T10:00:00",
        "metadata_modified": "2025-03-04T11:00:00",
        "license_id": "dl-by-de/2.0",
        "owner_org": ORG_ID,
        "organization": ORGANIZATION,
        "tags": [{"name": "Schule"}, {"name": "Bildung"}],
        "theme": ["http://publications.europa.eu/resource/authority/data-theme/EDUC"],
        "language": ["http://publications.europa.eu/resource/authority/language/DEU"],
        "frequency": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
        "contact": [{"name": "Fachdienst Bildung", "email": "bildung@example.org"}],
        "temporal_coverage": [{"start": "2024", "end": "2025-07-31"}],
        "spatial": '{"type": "Point", "coordinates": [11.99, 51.35]}',
        "extras": [],
        "resources": [],
    }
    for index, fmt in enumerate(("CSV", "JSON")):
        base["resources"].append(
            {
                "id": str(uuid.UUID(int=(number + 1) * 10 + index)),
                "package_id": dataset_id,
                "url": f"https://daten.example/{number}.{fmt.lower()}",
                "name": f"Schulstandorte ({fmt})",
                "format": fmt,
                "created": "2025-01-02T10:00:00",
                "metadata_modified": "2025-03-04T11:00:00",
            }
        )
    return copy.deepcopy(base)


def render_catalogue(profiles: list[str], datasets: list[dict[str, Any]]) -> float:
    """Seconds to render one catalogue page (Turtle) with these profiles."""
    from ckanext.dcat.processors import RDFSerializer

    started = time.perf_counter()
    RDFSerializer(profiles=profiles).serialize_catalog(
        {}, dataset_dicts=datasets, _format="turtle"
    )
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ini", default="test.ini")
    parser.add_argument("--page", type=int, default=100, help="datasets per page")
    parser.add_argument("--validate", type=int, default=1000, help="datasets checked")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"{SHARED} is missing: the official shapes are needed", file=sys.stderr)
        return 2
    ckan_app.start(args.ini, SETTINGS)
    from ckanext.dcat.profiles.base import RDFProfile

    # ckanext-dcat looks the publisher up once per organisation
    RDFProfile._org_cache[ORG_ID] = ORGANIZATION
    page = [dataset(n) for n in range(args.page)]
    render_catalogue(["euro_dcat_ap_3", "dcat_ap_de"], page[:2])  # warm-up
    stock, ours = [], []
    for _ in range(args.repeat):
        stock.append(render_catalogue(["euro_dcat_ap_3"], page))
        ours.append(render_catalogue(["euro_dcat_ap_3", "dcat_ap_de"], page))
    stock_s, ours_s = statistics.median(stock), statistics.median(ours)

    from ckanext.dcat_ap_de import validation

    started = time.perf_counter()
    validation.validate_dataset_dicts([dataset(0)])
    first_s = time.perf_counter() - started  # includes loading shapes
    datasets = [dataset(n) for n in range(args.validate)]
    started = time.perf_counter()
    reports: dict[str, Any] = {}
    for start in range(0, len(datasets), 100):
        reports.update(validation.validate_dataset_dicts(datasets[start : start + 100]))
    validate_s = time.perf_counter() - started
    clean = sum(1 for r in reports.values() if r.conforms)

    lines = [
        f"# bench-dcat ({platform.python_version()}, {os.cpu_count()} CPUs)",
        "",
        f"Catalogue page of {args.page} datasets (Turtle, median of {args.repeat}):",
        f"- euro_dcat_ap_3 alone:       {stock_s * 1000:8.1f} ms",
        f"- euro_dcat_ap_3 dcat_ap_de:  {ours_s * 1000:8.1f} ms",
        f"- ratio profile/stock:        {ours_s / stock_s:8.2f} (goal <= 1.25)",
        "",
        f"Conformance check of {len(datasets)} datasets (batches of 100):",
        f"- first check incl. loading shapes: {first_s * 1000:8.1f} ms",
        f"- total {validate_s:6.1f} s = {validate_s / len(datasets) * 1000:6.1f} ms "
        "per dataset (goal <= 100 ms)",
        f"- conforming: {clean} of {len(reports)}",
    ]
    text = "\n".join(lines)
    print(text)
    out = HERE.parent / ".local" / "bench-dcat.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
