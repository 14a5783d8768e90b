"""``ckan dcat-ap-de validate`` and ``fetch-shapes`` (against 127.0.0.1 only)."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import yaml
from ckan.cli.cli import ckan
from ckan.tests import factories

from ..outbound.conftest import ProbeServer
from .conftest import portal

SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
<urn:test:shape> a sh:NodeShape ; sh:targetClass dcat:Dataset .
"""
VOCABULARY = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <skos:Concept rdf:about="http://example.org/list/a"/>
</rdf:RDF>
"""


def dataset(**extra: Any) -> dict[str, Any]:
    """A dataset with the fields the DCAT-AP.de form requires."""
    fields = {
        "notes": "Beschlüsse des Kreistages.",
        "tag_string": "Kreistag",
        "license_id": "dl-zero-de/2.0",
        "resources": [{"url": "https://ratsinfo.example/beschluesse.csv"}],
        **extra,
    }
    if "owner_org" not in fields:
        fields["owner_org"] = factories.Organization()["id"]
    return factories.Dataset(**fields)


def _run(cli: Any, *args: str) -> Any:
    return cli.invoke(ckan, ["dcat-ap-de", *args])


def _report(result: Any) -> dict[str, Any]:
    return json.loads(result.stdout)


@portal
@pytest.mark.usefixtures("clean_db", "with_extended_cli", "needs_shared")
class TestValidate:
    def test_one_dataset_as_json(self, cli: Any) -> None:
        created = dataset()
        result = _run(cli, "validate", created["name"], "--json")
        assert result.exit_code in (0, 1), result.output
        report = _report(result)
        checked = report["datasets"][created["name"]]
        assert set(checked["counts"]) == {"violations", "warnings", "quality"}
        assert report["totals"]["datasets"] == 1
        # exit status follows the findings
        assert result.exit_code == (0 if checked["conforms"] else 1)

    def test_all_includes_private_datasets(self, cli: Any) -> None:
        org = factories.Organization()
        public = dataset(owner_org=org["id"])
        private = dataset(owner_org=org["id"], private=True)
        result = _run(cli, "validate", "--all", "--json", "--no-quality")
        assert result.exit_code in (0, 1), result.output
        names = set(_report(result)["datasets"])
        assert {public["name"], private["name"]} <= names
        for checked in _report(result)["datasets"].values():
            assert checked["quality"] == []

    def test_summary_table(self, cli: Any) -> None:
        created = dataset()
        result = _run(cli, "validate", created["id"])
        assert result.exit_code in (0, 1), result.output
        assert created["name"] in result.stdout
        assert "1" in result.stdout.splitlines()[-1]  # totals line

    def test_unknown_dataset_fails(self, cli: Any) -> None:
        result = _run(cli, "validate", "gibt-es-nicht")
        assert result.exit_code == 1
        assert "gibt-es-nicht" in result.output

    def test_ids_or_all_is_required(self, cli: Any) -> None:
        assert _run(cli, "validate").exit_code == 2
        assert _run(cli, "validate", "--all", "x").exit_code == 2


@pytest.mark.ckan_config("ckanext.dcat_ap_de.shapes_dir", "/nonexistent/dcat-shapes")
@portal
@pytest.mark.usefixtures("with_extended_cli")
def test_missing_shapes_exit_2(cli: Any) -> None:
    result = _run(cli, "validate", "--all")
    assert result.exit_code == 2
    assert "fetch-shapes" in result.output


# --- fetch-shapes ---------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Path]]:
    """A static HTTP server on 127.0.0.1 serving a temporary folder, allowed
    by the outbound policy as the official servers are."""
    root = tmp_path / "served"
    root.mkdir()
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    hostport = f"127.0.0.1:{httpd.server_address[1]}"
    monkeypatch.setitem(tk.config, "ckanext.outbound.allow", hostport)
    try:
        yield f"http://{hostport}", root
    finally:
        httpd.shutdown()
        httpd.server_close()


def _sources(tmp_path: Path, base: str, entries: list[dict[str, Any]]) -> str:
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"base_url": base, "sources": entries}))
    return str(path)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@portal
@pytest.mark.usefixtures("with_extended_cli")
class TestFetchShapes:
    def test_downloads_into_the_three_folders(
        self, cli: Any, server: tuple[str, Path], tmp_path: Path
    ) -> None:
        base, root = server
        (root / "shape.ttl").write_text(SHAPE)
        (root / "quality.ttl").write_text(SHAPE)
        (root / "list.rdf").write_text(VOCABULARY)
        sources = _sources(
            tmp_path,
            base,
            [
                {"path": "shape.ttl", "kind": "shapes", "name": "a.ttl"},
                {
                    "url": f"{base}/quality.ttl",
                    "kind": "quality",
                    "name": "q.ttl",
                    "sha256": _sha(SHAPE),
                },
                {"path": "list.rdf", "kind": "vocabularies", "name": "list.rdf"},
            ],
        )
        target = tmp_path / "target"
        result = _run(
            cli, "fetch-shapes", "--sources", sources, "--target", str(target)
        )
        assert result.exit_code == 0, result.output
        assert (target / "shapes" / "a.ttl").read_text() == SHAPE
        assert (target / "quality-shapes" / "q.ttl").read_text() == SHAPE
        assert (target / "vocabularies" / "list.rdf").read_text() == VOCABULARY
        # no temporary files are left behind
        assert not [p for p in target.rglob("*") if p.name.endswith(".part")]

    def test_failures_keep_the_old_files(
        self, cli: Any, server: tuple[str, Path], tmp_path: Path
    ) -> None:
        base, root = server
        (root / "shape.ttl").write_text(SHAPE)
        (root / "page.ttl").write_text("<html>Not RDF</html>")
        target = tmp_path / "target"
        (target / "shapes").mkdir(parents=True)
        for name in ("hash.ttl", "missing.ttl", "html.ttl"):
            (target / "shapes" / name).write_text("old")
        sources = _sources(
            tmp_path,
            base,
            [
                {"path": "shape.ttl", "kind": "shapes", "name": "hash.ttl"}
                | {"sha256": "0" * 64},
                {"path": "nothing-here.ttl", "kind": "shapes", "name": "missing.ttl"},
                {"path": "page.ttl", "kind": "shapes", "name": "html.ttl"},
                {"path": "shape.ttl", "kind": "shapes", "name": "good.ttl"},
            ],
        )
        result = _run(
            cli, "fetch-shapes", "--sources", sources, "--target", str(target)
        )
        assert result.exit_code == 1
        for name in ("hash.ttl", "missing.ttl", "html.ttl"):
            assert (target / "shapes" / name).read_text() == "old"
            assert name in result.output
        assert (target / "shapes" / "good.ttl").read_text() == SHAPE

    def test_unreachable_server(
        self, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # a port nobody listens on: connection refused, quickly
        monkeypatch.setitem(tk.config, "ckanext.outbound.allow", "127.0.0.1:9")
        sources = _sources(
            tmp_path,
            "http://127.0.0.1:9",
            [{"path": "x.ttl", "kind": "shapes", "name": "x.ttl"}],
        )
        result = _run(
            cli, "fetch-shapes", "--sources", sources, "--target", str(tmp_path)
        )
        assert result.exit_code == 1
        assert "x.ttl" in result.output
        assert "Der Server 127.0.0.1 ist nicht erreichbar" in result.output

    def test_internal_address_is_refused(self, cli: Any, tmp_path: Path) -> None:
        internal = ProbeServer()  # on loopback, not allowed
        try:
            sources = _sources(
                tmp_path,
                internal.origin,
                [{"path": "shape.ttl", "kind": "shapes", "name": "a.ttl"}],
            )
            result = _run(
                cli, "fetch-shapes", "--sources", sources, "--target", str(tmp_path)
            )
        finally:
            internal.stop()
        assert result.exit_code == 1
        assert "Adresse nicht erlaubt: interne Netzadresse" in result.output
        assert internal.hits == []
        assert not (tmp_path / "shapes" / "a.ttl").exists()


def test_shipped_sources_are_complete() -> None:
    """The list names every file the check needs, each in a known folder."""
    from ckanext.dcat_ap_de import cli as dcat_cli

    sources = dcat_cli._load_sources(dcat_cli.SOURCES_FILE)
    kinds = {s["kind"] for s in sources}
    assert kinds == {"shapes", "quality", "vocabularies"}
    names = [s["name"] for s in sources]
    assert len(names) == len(set(names))
    assert all(s["url"].startswith("https://") for s in sources)
    for expected in ("dcat-ap-SHACL.ttl", "dcat-ap-SHACL-DE.ttl", "db-shapes.ttl"):
        assert expected in names
