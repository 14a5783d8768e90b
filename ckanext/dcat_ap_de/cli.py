"""``ckan dcat-ap-de …``: conformance checks and the official shapes."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import click
import yaml
from ckan.types import Context
from rdflib import Graph

from ckanext.outbound import OutboundError, outbound_fetch

from . import config, validation

__all__ = ["dcat_ap_de"]

SOURCES_FILE = Path(__file__).with_name("shape_sources.yaml")
BATCH_SIZE = 100  # datasets per validation run: fast, and memory stays small
EXIT_FINDINGS = 1
EXIT_NO_SHAPES = 2


@click.group(name="dcat-ap-de", short_help="DCAT-AP.de conformance checks.")
def dcat_ap_de() -> None:
    """DCAT-AP.de 3.0: check datasets, fetch the official shapes."""


# --- validate -----------------------------------------------------------------


def _site_user() -> str:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


def _context(user: str) -> Context:
    # a fresh dict each time: actions write into their context
    return {"user": user, "ignore_auth": True}


def _all_dataset_ids(user: str) -> list[str]:
    """Ids of every active dataset, private ones included."""
    ids: list[str] = []
    search = tk.get_action("package_search")
    while True:
        page = search(
            _context(user),
            {
                "q": "*:*",
                "fl": "id",
                "include_private": True,
                "rows": 1000,
                "start": len(ids),
                "sort": "id asc",
            },
        )
        ids.extend(row["id"] for row in page["results"])
        if not page["results"] or len(ids) >= page["count"]:
            return ids


def _batches(ids: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _show(ref: str, user: str) -> dict[str, Any] | None:
    try:
        return tk.get_action("package_show")(_context(user), {"id": ref})
    except tk.ObjectNotFound:
        return None


def _print_table(rows: list[tuple[str, int, int, int]]) -> None:
    headers = (tk._("Dataset"), tk._("Violations"), tk._("Warnings"), tk._("Quality"))
    width = max([len(headers[0]), *(len(r[0]) for r in rows)])
    line = "{:<" + str(width) + "}  {:>10}  {:>10}  {:>10}"
    click.echo(line.format(*headers))
    click.echo("-" * (width + 36))
    for row in rows:
        click.echo(line.format(*row))
    click.echo("-" * (width + 36))
    totals = [sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows)]
    click.echo(
        line.format(tk._("Total ({count} datasets)").format(count=len(rows)), *totals)
    )


@dcat_ap_de.command("validate")
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Check every active dataset.")
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
@click.option(
    "--quality/--no-quality",
    default=True,
    help="Also apply GovData's quality rules (default: yes).",
)
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, type=int)
def validate(
    ids: tuple[str, ...], all_: bool, as_json: bool, quality: bool, batch_size: int
) -> None:
    """Check datasets (ids or names, or --all) against DCAT-AP.de 3.0.

    Exit status: 0 conforms, 1 violations or quality findings, 2 shapes
    missing.
    """
    if all_ == bool(ids):
        raise click.UsageError(tk._("Give dataset ids or names, or --all."))
    if not validation.is_configured():
        click.echo(str(validation.ShapesNotFound(config.shapes_dir())), err=True)
        sys.exit(EXIT_NO_SHAPES)
    user = _site_user()
    refs = _all_dataset_ids(user) if all_ else list(ids)
    reports: dict[str, validation.Report] = {}
    missing: list[str] = []
    with click.progressbar(
        length=len(refs), label=tk._("Checking datasets"), file=sys.stderr
    ) as bar:
        for batch in _batches(refs, max(batch_size, 1)):
            found = []
            for ref in batch:
                dataset = _show(ref, user)
                if dataset is None:
                    missing.append(ref)
                else:
                    found.append(dataset)
            try:
                checked = validation.validate_dataset_dicts(found, quality=quality)
            except validation.ShapesNotFound as error:
                click.echo(str(error), err=True)
                sys.exit(EXIT_NO_SHAPES)
            for dataset in found:
                reports[dataset["name"]] = checked[dataset["id"]]
            bar.update(len(batch))
    rows = sorted(
        (name, len(r.violations), len(r.warnings), len(r.quality))
        for name, r in reports.items()
    )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "datasets": {n: r.as_dict() for n, r in sorted(reports.items())},
                    "not_found": missing,
                    "totals": {
                        "datasets": len(rows),
                        "violations": sum(r[1] for r in rows),
                        "warnings": sum(r[2] for r in rows),
                        "quality": sum(r[3] for r in rows),
                    },
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        _print_table(rows)
    for ref in missing:
        click.echo(tk._("Dataset not found: {ref}").format(ref=ref), err=True)
    failed = missing or any(not r.conforms for r in reports.values())
    sys.exit(EXIT_FINDINGS if failed else 0)


# --- fetch-shapes -----------------------------------------------------------------


def _load_sources(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        table = yaml.safe_load(f)
    base = str(table.get("base_url") or "").rstrip("/")
    sources = []
    for entry in table["sources"]:
        url = entry.get("url") or f"{base}/{entry['path'].lstrip('/')}"
        sources.append({**entry, "url": url})
    return sources


def _targets(target: str | None) -> dict[str, Path]:
    """Folder per kind: below ``--target``, else the configured ones."""
    if target:
        root = Path(target)
        return {
            "shapes": root / "shapes",
            "quality": root / "quality-shapes",
            "vocabularies": root / "vocabularies",
        }
    return {
        "shapes": Path(config.shapes_dir()),
        "quality": Path(config.quality_shapes_dir()),
        "vocabularies": Path(config.vocabularies_dirs()[0]),
    }


def _download(source: dict[str, Any], folder: Path) -> Path:
    """Download one file atomically (through the outbound policy); the old
    file stays on any failure.

    :raises ValueError: with a German-translated reason
    :raises OutboundError: refused or failed download
    """
    folder.mkdir(parents=True, exist_ok=True)
    body = outbound_fetch(
        source["url"], headers={"User-Agent": "ckanext-dcat_ap_de fetch-shapes"}
    ).content
    expected = source.get("sha256")
    if expected and hashlib.sha256(body).hexdigest() != expected.lower():
        raise ValueError(tk._("the file's checksum does not match (sha256)"))
    name = source["name"]
    # An HTML error page must not replace good shapes: it has to be RDF.
    suffix = Path(name).suffix.lower()
    try:
        Graph().parse(data=body, format=validation.RDF_SUFFIXES.get(suffix, "turtle"))
    except Exception as error:
        raise ValueError(
            tk._("the file is not readable RDF: {error}").format(error=error)
        ) from error
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        os.replace(temp, folder / name)
    except BaseException:
        os.unlink(temp)
        raise
    return folder / name


@dcat_ap_de.command("fetch-shapes")
@click.option(
    "--target",
    type=click.Path(file_okay=False),
    help="Write into DIR/shapes, DIR/quality-shapes and DIR/vocabularies "
    "instead of the configured folders.",
)
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Another list of sources (YAML like shape_sources.yaml).",
)
def fetch_shapes(target: str | None, sources_file: str | None) -> None:
    """Download the official DCAT-AP.de shapes, code lists and ontologies."""
    sources = _load_sources(Path(sources_file) if sources_file else SOURCES_FILE)
    folders = _targets(target)
    failures = 0
    for source in sources:
        folder = folders[source["kind"]]
        try:
            path = _download(source, folder)
        except Exception as error:  # network, HTTP, checksum, syntax: report all
            # a refused or failed fetch as a sentence, not the exception text
            why = error.message() if isinstance(error, OutboundError) else error
            failures += 1
            click.echo(
                tk._(
                    "Error: {name} could not be loaded from {url} ({error}). "
                    "The previous file is kept."
                ).format(name=source["name"], url=source["url"], error=why),
                err=True,
            )
            continue
        click.echo(tk._("Saved: {path}").format(path=path))
    validation.clear_cache()
    if failures:
        click.echo(
            tk._("{count} of {total} files could not be loaded.").format(
                count=failures, total=len(sources)
            ),
            err=True,
        )
        sys.exit(EXIT_FINDINGS)
    click.echo(tk._("All {total} files are up to date.").format(total=len(sources)))
