"""DCAT-AP.de 3.0 conformance checking with the official SHACL shapes.

The shapes, code lists and ontologies are read once per process and kept
compiled (:class:`_Bundle`); they are read again only when a file in one of
the configured folders changes. Validating a graph adds to it just the
vocabulary facts about the IRIs it uses, so a check costs milliseconds
instead of merging tens of thousands of code-list triples every time.

Results are turned into :class:`Finding` objects that say, in plain
language, which form field to fix.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import RDF, RDFS, SKOS, BNode, Graph, Namespace, URIRef
from rdflib.term import Node

from . import config, mapping
from .helpers import ui_language

log = logging.getLogger(__name__)

SH = Namespace("http://www.w3.org/ns/shacl#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ORG = Namespace("http://www.w3.org/ns/org#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DCT = Namespace("http://purl.org/dc/terms/")

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".jsonld": "json-ld",
}

LEVEL_DATASET = "dataset"
LEVEL_RESOURCE = "resource"
LEVEL_AGENT = "agent"
LEVEL_CATALOG = "catalog"

# rdf:type → level of the form the value is edited in. Subclasses from the
# ontologies (foaf:Organization, vcard:Individual …) are found through them.
_LEVEL_CLASSES = {
    DCAT.Dataset: LEVEL_DATASET,
    DCAT.DatasetSeries: LEVEL_DATASET,
    DCAT.Distribution: LEVEL_RESOURCE,
    DCAT.Catalog: LEVEL_CATALOG,
    FOAF.Agent: LEVEL_AGENT,
    VCARD.Kind: LEVEL_AGENT,
    ORG.Organization: LEVEL_AGENT,
}
# When a node has several of these types, the first level wins.
_LEVEL_ORDER = (LEVEL_DATASET, LEVEL_RESOURCE, LEVEL_CATALOG, LEVEL_AGENT)
_DATE_TYPES = {XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth, XSD.dateTimeStamp}
# How far a result's focus node may be from the dataset/distribution/agent
# whose form field holds it (dataset → spatial → geometry is two steps).
_MAX_DEPTH = 6


class ShapesNotFound(RuntimeError):  # noqa: N818 - the name the API promises
    """The SHACL shapes are missing; the message tells the admin what to do."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        super().__init__(
            _t(
                "The DCAT-AP.de shapes were not found in {folder}. Run "
                "'ckan dcat-ap-de fetch-shapes' or set "
                "ckanext.dcat_ap_de.shapes_dir."
            ).format(folder=folder)
        )


@dataclasses.dataclass
class Finding:
    """One result of the check, explained for the person who fixes it.

    ``focus`` is the node whose form holds the value (dataset, distribution,
    agent); ``path`` the predicate of that form field; ``value`` the
    offending value, if any. ``message`` is the shape's own text,
    ``message_de`` the plain-language sentence in the portal's language.
    """

    severity: str
    focus: str
    path: str
    value: str | None
    message: str
    message_de: str
    field: str
    field_label: str
    level: str
    component: str = ""
    shape: str = ""
    resource_id: str | None = None

    def key(self) -> tuple[str, ...]:
        return (
            self.severity,
            self.focus,
            self.path,
            self.value or "",
            self.component,
            self.shape,
            self.message,
        )

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Report:
    """The check of one dataset (or one graph)."""

    violations: list[Finding] = dataclasses.field(default_factory=list)
    warnings: list[Finding] = dataclasses.field(default_factory=list)
    quality: list[Finding] = dataclasses.field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True without violations and without GovData quality findings."""
        return not self.violations and not self.quality

    def findings(self) -> Iterator[Finding]:
        yield from self.violations
        yield from self.warnings
        yield from self.quality

    def add(self, finding: Finding) -> None:
        if finding.severity == "Violation":
            self.violations.append(finding)
        elif finding.severity in ("Warning", "Info"):
            self.warnings.append(finding)
        else:
            self.quality.append(finding)

    def sort(self) -> None:
        for findings in (self.violations, self.warnings, self.quality):
            findings.sort(key=Finding.key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "counts": {
                "violations": len(self.violations),
                "warnings": len(self.warnings),
                "quality": len(self.quality),
            },
            "violations": [f.as_dict() for f in self.violations],
            "warnings": [f.as_dict() for f in self.warnings],
            "quality": [f.as_dict() for f in self.quality],
        }


# --- i18n -------------------------------------------------------------------


def _t(msgid: str) -> str:
    """``tk._`` that also works outside a request or app context."""
    try:
        return tk._(msgid)
    except Exception:  # no Flask app or request (plain scripts, import time)
        return msgid


# --- loading ----------------------------------------------------------------


def _rdf_files(folder: str, recursive: bool) -> list[Path]:
    root = Path(folder)
    if not root.is_dir():
        return []
    found = root.rglob("*") if recursive else root.glob("*")
    return sorted(p for p in found if p.is_file() and p.suffix.lower() in RDF_SUFFIXES)


def _parse(paths: Iterable[Path], graph: Graph | None = None) -> Graph:
    graph = Graph() if graph is None else graph
    for path in paths:
        graph.parse(path, format=RDF_SUFFIXES[path.suffix.lower()])
    return graph


def _shape_paths(shapes: Graph) -> set[URIRef]:
    """Every predicate a shape can follow (sh:path, also inside complex paths)."""
    found: set[URIRef] = set()
    todo: list[Node] = list(shapes.objects(None, SH.path))
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if isinstance(node, URIRef):
            if node != RDF.nil:
                found.add(node)
        elif isinstance(node, BNode):
            for p, o in shapes.predicate_objects(node):
                if p in (RDF.first, RDF.rest) or str(p).startswith(str(SH)):
                    todo.append(o)
    return found


def _eu_scheme(concept: URIRef) -> URIRef | None:
    """The EU authority table a concept IRI lies in (``…/authority/<table>/X``)."""
    rest = str(concept)[len(EU_AUTHORITY) :]
    if not str(concept).startswith(EU_AUTHORITY) or "/" not in rest:
        return None
    return URIRef(EU_AUTHORITY + rest.split("/", 1)[0])


class _Vocabulary:
    """The facts about code-list entries and classes the shapes look at."""

    def __init__(self, graph: Graph, predicates: set[URIRef]) -> None:
        # The trimmed EU copies carry no skos:inScheme: the IRI tells it.
        for concept in set(graph.subjects(RDF.type, SKOS.Concept)):
            if (
                isinstance(concept, URIRef)
                and graph.value(concept, SKOS.inScheme) is None
            ):
                scheme = _eu_scheme(concept)
                if scheme is not None:
                    graph.add((concept, SKOS.inScheme, scheme))
        wanted = predicates | {RDF.type, SKOS.inScheme}
        self.facts: dict[Node, list[tuple[Node, Node, Node]]] = {}
        for s, p, o in graph:
            if p in wanted and isinstance(s, URIRef):
                self.facts.setdefault(s, []).append((s, p, o))
        self.superclasses: dict[Node, set[Node]] = {}
        for cls in set(graph.subjects(RDFS.subClassOf, None)):
            self.superclasses[cls] = {
                up
                for up in graph.transitive_objects(cls, RDFS.subClassOf)
                if up is not None and up != cls
            }
        self.labels: dict[Node, str] = {}
        for concept_scheme in set(graph.subjects(RDF.type, SKOS.ConceptScheme)):
            labels = list(graph.objects(concept_scheme, SKOS.prefLabel)) or list(
                graph.objects(concept_scheme, RDFS.label)
            )
            german = [x for x in labels if getattr(x, "language", None) == "de"]
            if german or labels:
                self.labels[concept_scheme] = str((german or labels)[0])

    def enrich(self, data: Graph) -> Graph:
        """Add the facts about IRIs used in ``data``, in place."""
        nodes = {n for triple in data for n in triple if isinstance(n, URIRef)}
        extra = [t for n in nodes for t in self.facts.get(n, ())]
        for t in extra:
            data.add(t)
        # sh:class and sh:targetClass follow rdfs:subClassOf inside the data.
        for cls in set(data.objects(None, RDF.type)):
            for up in self.superclasses.get(cls, ()):
                data.add((cls, RDFS.subClassOf, up))
        return data

    def is_a(self, cls: Node, target: Node) -> bool:
        return cls == target or target in self.superclasses.get(cls, ())


class _Bundle:
    """Shapes compiled once, with the vocabulary index they need."""

    loads = 0  # how often shapes were read, for tests and logging

    def __init__(self, shapes: Graph, quality: Graph | None, vocab: Graph) -> None:
        type(self).loads += 1
        self.shapes_graph = shapes
        combined = Graph()
        for t in shapes:
            combined.add(t)
        if quality is not None:
            for t in quality:
                combined.add(t)
        self.base = ShapesGraph(shapes)
        self.full = ShapesGraph(combined) if quality is not None else self.base
        # Building the shape objects is the expensive part: do it now, once.
        _ = self.base.shapes, self.full.shapes
        self.vocabulary = _Vocabulary(vocab, _shape_paths(combined))


_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "bundle": None}


def _folders() -> tuple[str, str, tuple[str, ...]]:
    return (
        config.shapes_dir(),
        config.quality_shapes_dir(),
        tuple(config.vocabularies_dirs()),
    )


def _stamp(folders: tuple[str, str, tuple[str, ...]]) -> tuple[Any, ...]:
    shapes, quality, vocabularies = folders
    files = [*_rdf_files(shapes, False), *_rdf_files(quality, False)]
    for folder in vocabularies:
        files.extend(_rdf_files(folder, True))
    return (folders, tuple((str(p), p.stat().st_mtime_ns) for p in files))


def _bundle() -> _Bundle:
    folders = _folders()
    key = _stamp(folders)
    with _lock:
        if _cache["key"] != key:
            shapes_dir, quality_dir, vocab_dirs = folders
            shape_files = _rdf_files(shapes_dir, False)
            if not shape_files:
                raise ShapesNotFound(shapes_dir)
            quality_files = _rdf_files(quality_dir, False)
            vocab = Graph()
            for folder in vocab_dirs:
                _parse(_rdf_files(folder, True), vocab)
            _cache["bundle"] = _Bundle(
                _parse(shape_files),
                _parse(quality_files) if quality_files else None,
                vocab,
            )
            _cache["key"] = key
            log.info("DCAT-AP.de shapes loaded from %s", shapes_dir)
        return _cache["bundle"]


def load_count() -> int:
    """How often the shapes were read in this process."""
    return _Bundle.loads


def clear_cache() -> None:
    """Forget the compiled shapes (they are read again on the next check)."""
    with _lock:
        _cache.update(key=None, bundle=None)


# --- running pyshacl ----------------------------------------------------------


class _RawValidator(Validator):
    """pyshacl's validator returning its raw results instead of a report graph.

    Building the report graph copies every blank node of every result; the
    raw result triples carry all we need.
    """

    # pyshacl's own method returns the report graph and text; its Validator
    # calls it with these three, and only the raw results are needed
    @classmethod
    def create_validation_report(cls, sg, conforms, results):
        return [r[2] for r in results], ""


# The compiled shapes are shared; pyshacl does not promise that they may be
# used by two runs at once. Runs are CPU-bound under the GIL anyway, so
# serialising them costs no throughput.
_run_lock = threading.Lock()


def _run(shapes: ShapesGraph, data: Graph) -> list[dict[Node, list[Node]]]:
    with _run_lock:
        return _run_unlocked(shapes, data)


def _run_unlocked(shapes: ShapesGraph, data: Graph) -> list[dict[Node, list[Node]]]:
    validator = _RawValidator(
        DataGraph.from_rdflib(data),
        shacl_graph=shapes.graph,
        options={"inference": "none", "inplace": True, "allow_warnings": True},
    )
    # Reuse the compiled shapes instead of the fresh wrapper made above.
    validator.shacl_graph = shapes
    _conforms, results, _text = validator.run()
    raw = []
    for triples in results:
        entry: dict[Node, list[Node]] = {}
        for _s, p, o in triples:
            node = o[1] if isinstance(o, tuple) else o
            entry.setdefault(p, []).append(node)
        raw.append(entry)
    return raw


# --- explaining the results ---------------------------------------------------


class _Explainer:
    """Turns raw results into findings, remembering walks through the graph."""

    def __init__(self, bundle: _Bundle, data: Graph) -> None:
        self.bundle = bundle
        self.data = data
        self.vocabulary = bundle.vocabulary
        self.shapes = bundle.full.graph
        self._levels: dict[Node, str | None] = {}
        self._owners: dict[Node, list[tuple[Node, Node | None]]] = {}
        self._datasets: dict[Node, set[Node]] = {}
        self._lang = ui_language()

    def level(self, node: Node) -> str | None:
        if node not in self._levels:
            found = set()
            for cls in self.data.objects(node, RDF.type):
                for target, level in _LEVEL_CLASSES.items():
                    if self.vocabulary.is_a(cls, target):
                        found.add(level)
            self._levels[node] = next((x for x in _LEVEL_ORDER if x in found), None)
        return self._levels[node]

    def owners(self, node: Node) -> list[tuple[Node, Node | None]]:
        """The nearest typed nodes holding ``node``, with the linking predicate.

        A typed node owns itself (predicate None). Otherwise the graph is
        walked backwards; the predicate kept is the one leaving the owner.
        """
        if node in self._owners:
            return self._owners[node]
        if self.level(node):
            result: list[tuple[Node, Node | None]] = [(node, None)]
        else:
            result = []
            seen = {node}
            todo = deque([(node, 0)])
            while todo:
                current, depth = todo.popleft()
                if depth >= _MAX_DEPTH:
                    continue
                for parent, pred in self.data.subject_predicates(current):
                    if parent in seen or pred == RDF.type:
                        continue
                    seen.add(parent)
                    if self.level(parent):
                        result.append((parent, pred))
                    else:
                        todo.append((parent, depth + 1))
        self._owners[node] = result
        return result

    def datasets(self, node: Node) -> set[Node]:
        """The datasets a node belongs to (itself, if it is one)."""
        if node in self._datasets:
            return self._datasets[node]
        found: set[Node] = set()
        seen = {node}
        todo = deque([node])
        while todo:
            current = todo.popleft()
            if self.level(current) == LEVEL_DATASET:
                found.add(current)
                continue
            if self.level(current) == LEVEL_CATALOG:
                continue
            for parent in self.data.subjects(None, current):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        self._datasets[node] = found
        return found

    def findings(self, raw: dict[Node, list[Node]]) -> Iterator[tuple[Node, Finding]]:
        """One finding per owner of the result's focus node, with the owner."""
        severity = _local(_first(raw, SH.resultSeverity))
        if severity.startswith("count_"):
            return  # the dashboard counts distributions this way; not a finding
        focus = _first(raw, SH.focusNode)
        path = _first(raw, SH.resultPath)
        value = _first(raw, SH.value)
        component = _first(raw, SH.sourceConstraintComponent)
        shape = _first(raw, SH.sourceShape)
        message = " ".join(str(m) for m in raw.get(SH.resultMessage, []))
        owners = self.owners(focus) or [(focus, None)]
        for owner, link in owners:
            level = self.level(owner) or LEVEL_CATALOG
            # A result on a nested node (a code-list entry, a location …) is
            # fixed in the owner's field that links to it.
            field_path = path if link is None else link
            shown_value = value if link is None or value is not None else focus
            field, label = _field(field_path, level, path if link else None)
            yield (
                owner,
                Finding(
                    severity=severity,
                    focus=str(owner),
                    path=str(field_path) if field_path is not None else "",
                    value=None if shown_value is None else str(shown_value),
                    message=message,
                    message_de=self.explain(
                        component, shape, label, severity, path, link is not None
                    ),
                    field=field,
                    field_label=label.get(self._lang) or label.get("de") or field,
                    level=level,
                    component=_local(component).replace("ConstraintComponent", ""),
                    shape=str(shape) if isinstance(shape, URIRef) else "",
                ),
            )

    def _param(self, shape: Node, param: URIRef) -> Node | None:
        return self.shapes.value(shape, param) if shape is not None else None

    def explain(
        self,
        component: Node,
        shape: Node,
        label: dict[str, str],
        severity: str,
        path: Node,
        nested: bool,
    ) -> str:
        """A plain sentence for the clerk, chosen by the constraint component."""
        name = _local(component).replace("ConstraintComponent", "")
        field = label.get(self._lang) or label.get("de") or ""
        if nested and path == SKOS.inScheme and name == "HasValue":
            scheme = self._param(shape, SH.hasValue)
            return _t(
                'The value of "{field}" is not taken from the code list "{list}".'
            ).format(field=field, list=self._scheme_label(scheme))
        if name in ("MinCount", "QualifiedMinCount"):
            if severity == "Warning":
                text = _t("Recommended information is missing: {field}.")
            else:
                text = _t("Required information is missing: {field}.")
            return text.format(field=field)
        if name in ("MaxCount", "QualifiedMaxCount"):
            limit = self._param(shape, SH.maxCount)
            if limit is not None and str(limit) == "0":
                if severity == "Warning":
                    text = _t('"{field}" is outdated and should no longer be used.')
                else:
                    text = _t('"{field}" must not be filled in.')
                return text.format(field=field)
            return _t('Too many values for "{field}": at most {count} allowed.').format(
                field=field,
                count=limit if limit is not None else 1,
            )
        if name == "Datatype":
            datatype = self._param(shape, SH.datatype)
            if datatype in _DATE_TYPES:
                return _t(
                    'Invalid date format for "{field}": please enter a date '
                    "such as 2024-05-31."
                ).format(field=field)
            return _t('Invalid format for "{field}" (expected: {type}).').format(
                field=field, type=_local(datatype)
            )
        if name == "NodeKind":
            kind = self._param(shape, SH.nodeKind)
            if kind == SH.Literal:
                text = _t('"{field}" must be a text, not a link.')
            else:
                text = _t('"{field}" must be a link (URI), not a text.')
            return text.format(field=field)
        if name == "Class":
            return _t(
                'The value of "{field}" is not of the expected kind ({type}).'
            ).format(field=field, type=_local(self._param(shape, SH["class"])))
        if name in ("In", "HasValue"):
            return _t(
                'The value of "{field}" is not one of the allowed values.'
            ).format(field=field)
        if name == "Pattern":
            return _t('The value of "{field}" does not have the expected form.').format(
                field=field
            )
        if name == "Not":
            if severity == "Warning":
                text = _t('The value of "{field}" should no longer be used.')
            else:
                text = _t('The value of "{field}" is not allowed.')
            return text.format(field=field)
        if name.startswith("SPARQL"):
            return _t('A rule for "{field}" is not met.').format(field=field)
        return _t('The information in "{field}" is not correct.').format(field=field)

    def _scheme_label(self, scheme: Node | None) -> str:
        if scheme is None:
            return ""
        return (
            self.vocabulary.labels.get(scheme)
            or str(scheme).rstrip("/").rsplit("/", 1)[-1]
        )


def _first(raw: dict[Node, list[Node]], key: Node) -> Any:
    values = raw.get(key)
    return values[0] if values else None


def _local(node: Node | None) -> str:
    if node is None:
        return ""
    text = str(node)
    for sep in ("#", "/"):
        text = text.rsplit(sep, 1)[-1] if sep in text else text
    return text


def _field(
    predicate: Node | None, level: str, inner: Node | None = None
) -> tuple[str, dict[str, str]]:
    """Form field and its labels for a predicate (the mapping table), else the
    predicate's local name.
    """
    candidates = [predicate] + ([inner] if inner is not None else [])
    for candidate in candidates:
        if isinstance(candidate, URIRef):
            found = mapping.field_for(str(candidate), level)
            if found:
                return found[0], dict(found[1])
    name = _local(predicate) if isinstance(predicate, URIRef) else ""
    return name, {"de": name, "en": name}


# --- public API ---------------------------------------------------------------


def _prepare(graph: Graph, bundle: _Bundle) -> Graph:
    data = Graph()
    for t in graph:
        data.add(t)
    return bundle.vocabulary.enrich(data)


def _results(graph: Graph, quality: bool) -> tuple[_Explainer, list[dict]]:
    bundle = _bundle()
    data = _prepare(graph, bundle)
    raw = _run(bundle.full if quality else bundle.base, data)
    return _Explainer(bundle, data), raw


def validate_graph(graph: Graph, *, quality: bool = True) -> Report:
    """Check a graph (a dataset, a catalog …) against the DCAT-AP.de shapes.

    :param graph: the RDF to check; it is not changed
    :param quality: also apply GovData's metadata-quality rules
    :raises ShapesNotFound: if the shapes folder holds no shapes
    """
    explainer, raw = _results(graph, quality)
    report = Report()
    seen: set[tuple[str, ...]] = set()
    for result in raw:
        for _owner, finding in explainer.findings(result):
            if finding.key() not in seen:
                seen.add(finding.key())
                report.add(finding)
    report.sort()
    return report


def validate_datasets(
    graph: Graph, dataset_refs: Iterable[Node], *, quality: bool = True
) -> dict[str, Report]:
    """Check many datasets in one run; a report per dataset.

    A result belongs to every listed dataset that links (directly or through
    distributions, agents, blank nodes …) to its focus node.

    :param graph: RDF holding all the datasets
    :param dataset_refs: the dataset nodes to report on
    :param quality: also apply GovData's metadata-quality rules
    :raises ShapesNotFound: if the shapes folder holds no shapes
    """
    refs = [URIRef(r) if isinstance(r, str) else r for r in dataset_refs]
    explainer, raw = _results(graph, quality)
    reports = {str(ref): Report() for ref in refs}
    seen: dict[str, set[tuple[str, ...]]] = {str(ref): set() for ref in refs}
    for result in raw:
        for owner, finding in explainer.findings(result):
            for dataset in explainer.datasets(owner):
                key = str(dataset)
                if key in reports and finding.key() not in seen[key]:
                    seen[key].add(finding.key())
                    reports[key].add(finding)
    for report in reports.values():
        report.sort()
    return reports


def dataset_graph(dataset_dict: dict[str, Any]) -> tuple[Graph, URIRef]:
    """The DCAT-AP.de RDF of a CKAN dataset, as GovData would harvest it.

    Uses ckanext-dcat's serializer with the configured profiles
    (``ckanext.dcat.rdf.profiles``).
    """
    from ckanext.dcat.processors import RDFSerializer

    serializer = RDFSerializer()
    ref = serializer.graph_from_dataset(dataset_dict)
    graph = Graph()
    for t in serializer.g:
        graph.add(t)
    return graph, ref


def _resource_ids(dataset_dict: dict[str, Any]) -> dict[str, str]:
    from ckanext.dcat.utils import resource_uri

    found = {}
    for resource in dataset_dict.get("resources") or []:
        resource = {"package_id": dataset_dict.get("id"), **resource}
        found[resource_uri(resource)] = resource["id"]
    return found


def validate_dataset_dicts(
    dataset_dicts: list[dict[str, Any]], *, quality: bool = True
) -> dict[str, Report]:
    """Check CKAN datasets in one run; reports keyed by dataset id.

    Findings about a distribution carry the ``resource_id`` to edit.
    """
    graph = Graph()
    refs: dict[str, str] = {}
    resources: dict[str, str] = {}
    for dataset_dict in dataset_dicts:
        part, ref = dataset_graph(dataset_dict)
        for t in part:
            graph.add(t)
        refs[dataset_dict["id"]] = str(ref)
        resources.update(_resource_ids(dataset_dict))
    by_ref = validate_datasets(
        graph, [URIRef(r) for r in refs.values()], quality=quality
    )
    reports = {}
    for dataset_id, dataset_ref in refs.items():
        report = by_ref[dataset_ref]
        for finding in report.findings():
            finding.resource_id = resources.get(finding.focus)
        reports[dataset_id] = report
    return reports


def is_configured() -> bool:
    """True if the shapes folder holds shapes."""
    return bool(_rdf_files(config.shapes_dir(), False))


__all__ = [
    "Finding",
    "Report",
    "ShapesNotFound",
    "clear_cache",
    "dataset_graph",
    "is_configured",
    "load_count",
    "validate_dataset_dicts",
    "validate_datasets",
    "validate_graph",
]
