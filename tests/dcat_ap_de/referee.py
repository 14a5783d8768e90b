"""The offline referee (``../shared/tools/validate_dcat_ap_de.py``), loaded
from the shared folder (not copied) so the tests judge our RDF exactly as the
issue's acceptance check does."""

from __future__ import annotations

import collections
import functools
import importlib.util
from types import ModuleType
from typing import Any

from rdflib import Graph

from .conftest import SHARED

TOOL = SHARED.parent / "tools" / "validate_dcat_ap_de.py"


@functools.cache
def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("validate_dcat_ap_de", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _shapes_and_vocabulary() -> tuple[Graph, Graph]:
    tool = _tool()
    shapes = tool.load_shapes() + tool.load_shapes("shapes-govdata-mqa")
    return shapes, tool.load_vocabularies()


def judge(data: Graph | str, fmt: str = "turtle") -> dict[str, Any]:
    """Violations and GovData quality findings of RDF, as the referee counts.

    :param data: a graph or serialised RDF
    :param fmt: rdflib format of serialised RDF
    """
    tool = _tool()
    graph = Graph()
    if isinstance(data, Graph):
        graph += data
    else:
        graph.parse(data=data, format=fmt)
    shapes, vocabulary = _shapes_and_vocabulary()
    graph += vocabulary
    _, report, _ = tool.validate(
        graph, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    results = tool.summarize(report)
    counts = collections.Counter(r["severity"] for r in results)
    problems = [
        r
        for r in results
        if r["severity"] not in ("Warning", "Info")
        and not r["severity"].startswith("count_")
    ]
    return {"counts": counts, "problems": problems, "results": results}
