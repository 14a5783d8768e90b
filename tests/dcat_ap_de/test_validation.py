"""The conformance engine (validation.py) on the shared official examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from ckanext.dcat_ap_de import validation

from .conftest import SHARED, shared_settings

EXAMPLES = SHARED / "examples"
QUICKTEST = EXAMPLES / "govdata-testcases" / "tc_quicktest.ttl"
OFFICIAL = EXAMPLES / "3.0-official"
QUICK = "http://example.org/quicktest/"
DCT = "http://purl.org/dc/terms/"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")


def shared(fn):
    """Point the engine at ../shared (settings only; no plugins, no DB)."""
    for key, value in shared_settings().items():
        fn = pytest.mark.ckan_config(key, value)(fn)
    return pytest.mark.usefixtures("needs_shared")(fn)


def _parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _copy(i: int) -> tuple[Graph, URIRef]:
    """The quick test with every subject renamed (the catalog stays shared)."""
    blanks: dict[BNode, BNode] = {}

    def rename(node):
        text = str(node)
        shared_catalog = text == QUICK + "catalog"
        if isinstance(node, URIRef) and text.startswith(QUICK) and not shared_catalog:
            return URIRef(f"{QUICK}{i}/{text[len(QUICK) :]}")
        if isinstance(node, BNode):
            return blanks.setdefault(node, BNode())
        return node

    graph = Graph()
    for s, p, o in _parse(QUICKTEST):
        graph.add((rename(s), p, rename(o)))
    return graph, URIRef(f"{QUICK}{i}/dataset")


def _copies(count: int) -> tuple[Graph, list[URIRef]]:
    """``count`` renamed copies of the quick test in one graph."""
    graph = Graph()
    refs = []
    for i in range(count):
        part, ref = _copy(i)
        graph += part
        refs.append(ref)
    return graph, refs


@shared
class TestExamples:
    def test_quicktest_conforms_with_one_warning(self) -> None:
        report = validation.validate_graph(_parse(QUICKTEST))
        assert report.conforms
        assert report.violations == [] and report.quality == []
        assert len(report.warnings) == 1  # spdx:algorithm, as the referee says

    def test_official_example_literal_geometry_and_adms_status(self) -> None:
        report = validation.validate_graph(
            _parse(OFFICIAL / "Dataset-und-Distribution.ttl")
        )
        assert not report.conforms
        by_path = {(f.path, f.level) for f in report.violations}
        # locn:geometry is a WKT literal: fixed in the dataset's spatial field
        assert (DCT + "spatial", "dataset") in by_path
        # the purl ADMS status is not from the EU list: one per distribution
        status = [f for f in report.violations if f.path.endswith("adms#status")]
        assert len(status) == 2
        assert {f.level for f in status} == {"resource"}
        assert all(f.value == "http://purl.org/adms/status/Completed" for f in status)
        assert all(f.message_de and f.message for f in report.violations)

    def test_series_example_violates(self) -> None:
        report = validation.validate_graph(_parse(OFFICIAL / "DatasetSeries.ttl"))
        assert len(report.violations) == 5
        assert len(report.quality) == 9

    def test_quality_rules_can_be_left_out(self) -> None:
        graph = _parse(OFFICIAL / "DatasetSeries.ttl")
        assert validation.validate_graph(graph, quality=False).quality == []

    def test_report_is_json(self) -> None:
        data = validation.validate_graph(
            _parse(OFFICIAL / "DatasetSeries.ttl")
        ).as_dict()
        again = json.loads(json.dumps(data))
        assert again["conforms"] is False
        assert again["counts"] == {"violations": 5, "warnings": 0, "quality": 9}
        finding = again["violations"][0]
        for key in (
            "severity",
            "focus",
            "path",
            "value",
            "message",
            "message_de",
            "field",
            "field_label",
            "level",
        ):
            assert key in finding


@shared
class TestFindings:
    def test_missing_description_is_the_notes_field(self) -> None:
        graph = _parse(QUICKTEST)
        graph.remove((URIRef(QUICK + "dataset"), URIRef(DCT + "description"), None))
        report = validation.validate_graph(graph)
        assert not report.conforms
        [finding] = [f for f in report.violations if f.path == DCT + "description"]
        assert finding.field == "notes"
        assert finding.level == "dataset"
        assert finding.component == "MinCount"
        assert finding.focus == QUICK + "dataset"
        assert finding.field_label in finding.message_de

    def test_wrong_datatype_is_a_resource_finding(self) -> None:
        graph = _parse(QUICKTEST)
        distribution = URIRef(QUICK + "distribution")
        graph.remove((distribution, DCAT.byteSize, None))
        graph.add((distribution, DCAT.byteSize, Literal("48 KB")))
        report = validation.validate_graph(graph)
        [finding] = [f for f in report.violations if f.path == str(DCAT.byteSize)]
        assert finding.level == "resource"
        assert finding.component == "Datatype"
        assert finding.focus == str(distribution)
        assert finding.value == "48 KB"
        assert finding.field_label in finding.message_de

    def test_batch_equals_one_by_one(self) -> None:
        graph, refs = _copies(5)
        batch = validation.validate_datasets(graph, refs)
        assert set(batch) == {str(r) for r in refs}
        for i, ref in enumerate(refs):
            single = validation.validate_datasets(_copy(i)[0], [ref])
            assert single[str(ref)].as_dict() == batch[str(ref)].as_dict()
        first = batch[str(refs[0])]
        assert first.conforms and len(first.warnings) == 1
        assert first.warnings[0].focus.startswith(f"{QUICK}0/")

    def test_batch_of_differing_datasets(self) -> None:
        graph, refs = _copies(3)
        broken = refs[1]
        graph.remove((broken, URIRef(DCT + "description"), None))
        reports = validation.validate_datasets(graph, refs)
        assert reports[str(broken)].violations
        assert reports[str(refs[0])].conforms and reports[str(refs[2])].conforms

    def test_blank_node_agent_belongs_to_its_dataset(self) -> None:
        graph, refs = _copies(2)
        publisher = URIRef(f"{QUICK}1/publisher")
        blank = BNode()
        for s, p, o in list(graph.triples((publisher, None, None))):
            graph.remove((s, p, o))
            if p != FOAF.name:
                graph.add((blank, p, o))
        for s, p, _o in list(graph.triples((None, None, publisher))):
            graph.remove((s, p, publisher))
            graph.add((s, p, blank))
        reports = validation.validate_datasets(graph, refs)
        found = [f for f in reports[str(refs[1])].quality if f.level == "agent"]
        assert found and found[0].path == str(FOAF.name)
        assert reports[str(refs[0])].conforms

    def test_shapes_are_loaded_once(self) -> None:
        validation.validate_graph(_parse(QUICKTEST))
        loads = validation.load_count()
        for _ in range(3):
            validation.validate_graph(_parse(QUICKTEST))
        validation.validate_datasets(*_copies(2))
        assert validation.load_count() == loads


@pytest.mark.ckan_config("ckanext.dcat_ap_de.shapes_dir", "/nonexistent/shapes")
def test_missing_shapes_say_what_to_do() -> None:
    with pytest.raises(validation.ShapesNotFound) as error:
        validation.validate_graph(Graph())
    assert "fetch-shapes" in str(error.value)
    assert "ckanext.dcat_ap_de.shapes_dir" in str(error.value)
