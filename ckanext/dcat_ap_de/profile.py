"""The RDF profile ``dcat_ap_de``: DCAT-AP.de 3.0 on top of ``euro_dcat_ap_3``.

It is listed after ckanext-dcat's ``euro_dcat_ap_3`` (``ckanext.dcat.rdf.profiles
= euro_dcat_ap_3 dcat_ap_de``) and works on the graph that profile built: it
adds the German properties of the mapping table (``mapping.yaml``) and
corrects what the German shapes reject (literal geometries, language and
licence literals, format labels, publisher e-mail literals, a catalog without
publisher). Parsing is the mirror image and also reads the older dcatde
namespaces of real catalogues.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, cast

from ckanext.dcat.profiles.base import CleanedURIRef
from ckanext.dcat.profiles.euro_dcat_ap_3 import EuropeanDCATAP3Profile
from ckanext.dcat.utils import resource_uri
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, Namespace
from rdflib.term import Node

from . import codelists, config, mapping
from .mapping import Row

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
# ckanext-dcat marks every licence with this type; the German list has none.
_UNKNOWN_IPR = URIRef("http://purl.org/adms/licencetype/UnknownIPR")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def normalize_date(value: str) -> str:
    """Bring dates of real catalogues into ISO form where it is unambiguous.

    ``20.05.2019`` becomes ``2019-05-20``, ``2019-05-20 10:00:00`` becomes
    ``2019-05-20T10:00:00``; anything else is returned unchanged (the schema
    then rejects it with a clear message instead of guessing).

    :param value: a date as found in RDF
    """
    text = value.strip()
    german = _GERMAN_DATE.match(text)
    if german:
        day, month, year = (int(part) for part in german.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return text
    if re.match(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text):
        return text.replace(" ", "T", 1)
    return text


def geojson_bbox_wkt(geojson: str) -> str | None:
    """The bounding box of a GeoJSON geometry as a WKT polygon, or None.

    :param geojson: GeoJSON geometry text
    """
    try:
        geometry = json.loads(geojson)
    except (TypeError, ValueError):
        return None
    points: list[tuple[float, float]] = []

    def collect(coords: Any) -> None:
        if (
            isinstance(coords, list | tuple)
            and len(coords) >= 2
            and all(isinstance(c, int | float) for c in coords[:2])
        ):
            points.append((float(coords[0]), float(coords[1])))
        elif isinstance(coords, list | tuple):
            for item in coords:
                collect(item)

    if not isinstance(geometry, dict):
        return None
    collect(geometry.get("coordinates"))
    for part in geometry.get("geometries") or []:
        collect(part.get("coordinates") if isinstance(part, dict) else None)
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    w, e, s, n = min(xs), max(xs), min(ys), max(ys)
    return f"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))"


def wkt_bbox_geojson(wkt: str) -> str | None:
    """A GeoJSON polygon for a WKT polygon/bbox literal, or None.

    :param wkt: WKT text, e.g. ``POLYGON((11.7 51.2, …))``
    """
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", wkt)]
    if len(numbers) < 4 or len(numbers) % 2:
        return None
    ring = [[numbers[i], numbers[i + 1]] for i in range(0, len(numbers), 2)]
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def _iri(value: str) -> URIRef:
    """ckanext-dcat's cleaned IRI (spaces and the like quoted)."""
    # CleanedURIRef is a factory: its __new__ returns a URIRef
    return cast(URIRef, CleanedURIRef(value))


class DcatApDeProfile(EuropeanDCATAP3Profile):
    """DCAT-AP.de 3.0 additions to ``euro_dcat_ap_3`` (use both, in that order)."""

    # Serialising ----------------------------------------------------------

    def graph_from_dataset(
        self, dataset_dict: dict[str, Any], dataset_ref: Node
    ) -> None:
        self._bind_namespaces()
        for row in mapping.own_rows("dataset"):
            self._write_row(dataset_ref, row, dataset_dict.get(row.field))
        self._fix_publisher(dataset_dict, dataset_ref)
        self._write_phones(dataset_dict, dataset_ref)
        self._fix_spatial(dataset_dict, dataset_ref)
        for resource in dataset_dict.get("resources", []):
            distribution = _iri(resource_uri(resource))
            self._fix_distribution(dataset_dict, resource, distribution)
        self._fix_agent_mailboxes()

    def graph_from_catalog(
        self, catalog_dict: dict[str, Any] | None, catalog_ref: Node
    ) -> None:
        g = self.g
        self._bind_namespaces()
        catalog_dict = catalog_dict or {}
        for predicate, value in (
            (DCTERMS.title, catalog_dict.get("title") or config.catalog_title()),
            (
                DCTERMS.description,
                catalog_dict.get("description") or config.catalog_description(),
            ),
        ):
            g.remove((catalog_ref, predicate, None))
            if value:
                g.add((catalog_ref, predicate, Literal(value)))
        g.remove((catalog_ref, FOAF.homepage, None))
        homepage = catalog_dict.get("homepage") or config.catalog_homepage()
        if homepage:
            g.add((catalog_ref, FOAF.homepage, URIRef(homepage)))
        g.remove((catalog_ref, DCTERMS.language, None))
        for language in config.catalog_languages():
            g.add((catalog_ref, DCTERMS.language, URIRef(language)))
            g.add((URIRef(language), RDF.type, DCTERMS.LinguisticSystem))
        if config.catalog_license():
            license_ref = URIRef(config.catalog_license())
            g.add((catalog_ref, DCTERMS.license, license_ref))
            g.add((license_ref, RDF.type, DCTERMS.LicenseDocument))
        if not any(g.objects(catalog_ref, DCTERMS.publisher)):
            self._add_catalog_publisher(catalog_ref)

    def _bind_namespaces(self) -> None:
        for prefix, namespace in mapping.namespaces().items():
            self.g.bind(prefix, namespace)

    def _add_catalog_publisher(self, subject: Node) -> None:
        """The portal's publisher (settings) as ``dct:publisher`` of ``subject``."""
        publisher = config.catalog_publisher()
        agent = URIRef(publisher["uri"])
        self.g.add((subject, DCTERMS.publisher, agent))
        self._describe_agent(agent, publisher)

    def _write_row(self, subject: Node, row: Row, value: Any) -> None:
        if row.kind == "agent":
            self._write_agents(subject, row, value)
            return
        values = self._read_list_value(value) if row.kind == "iri_list" else [value]
        if not any(values) and row.default:
            default = getattr(config, row.default)()
            values = default if isinstance(default, list) else [default]
        for item in filter(None, values):
            if row.kind == "literal":
                obj: Node = Literal(item)
            else:
                iri = codelists.get(row.codelist).iri(item) if row.codelist else None
                obj = URIRef(iri or item)
            for predicate in row.predicates:
                self.g.add((subject, predicate, obj))
            if row.mirror:
                predicate, cls = row.mirror
                self.g.add((subject, predicate, obj))
                self.g.add((obj, RDF.type, cls))

    def _write_agents(self, subject: Node, row: Row, value: Any) -> None:
        agents = value if isinstance(value, list) else []
        for agent in agents:
            if not isinstance(agent, dict) or not agent.get("name"):
                continue
            ref: Node = _iri(agent["uri"]) if agent.get("uri") else BNode()
            for predicate in row.predicates:
                self.g.add((subject, predicate, ref))
            self._describe_agent(ref, agent)

    def _describe_agent(self, ref: Node, agent: dict[str, Any]) -> None:
        g = self.g
        g.add((ref, RDF.type, FOAF.Agent))
        g.add((ref, RDF.type, FOAF.Organization))
        if agent.get("name"):
            g.add((ref, FOAF.name, Literal(agent["name"])))
        if agent.get("email"):
            g.add((ref, FOAF.mbox, URIRef(self._add_mailto(agent["email"]))))
        if agent.get("url"):
            g.add((ref, FOAF.homepage, URIRef(agent["url"])))
        if agent.get("type"):
            g.add((ref, DCTERMS.type, URIRef(agent["type"])))

    def _fix_publisher(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        """Every dataset has one publisher with a name (mandatory in DCAT-AP.de)."""
        g = self.g
        publishers = list(g.objects(dataset_ref, DCTERMS.publisher))
        if not publishers:
            self._add_catalog_publisher(dataset_ref)
            return
        organization = dataset_dict.get("organization") or {}
        for agent in publishers:
            g.add((agent, RDF.type, FOAF.Organization))
            if not any(g.objects(agent, FOAF.name)) and organization.get("title"):
                g.add((agent, FOAF.name, Literal(organization["title"])))
            # an unlisted publisher type is worse than none
            for kind in list(g.objects(agent, DCTERMS.type)):
                if kind not in codelists.get("publisher_type"):
                    g.remove((agent, DCTERMS.type, kind))

    def _write_phones(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        contacts = dataset_dict.get("contact")
        points = list(self.g.objects(dataset_ref, DCAT.contactPoint))
        if not isinstance(contacts, list) or len(points) != len(contacts):
            return
        # ckanext-dcat writes no telephone: find each contact's point by name
        by_name = {str(self.g.value(p, VCARD.fn)): p for p in points}
        for contact in contacts:
            point = by_name.get(str(contact.get("name")))
            if point is not None and contact.get("phone"):
                number = re.sub(r"[^0-9+]", "", contact["phone"])
                self.g.add((point, VCARD.hasTelephone, URIRef("tel:" + number)))

    def _fix_spatial(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        """Geometry as ``dcat:bbox`` literal; ``locn:geometry`` literals violate."""
        g = self.g
        for location in list(g.objects(dataset_ref, DCTERMS.spatial)):
            for geometry in list(g.objects(location, LOCN.geometry)):
                if isinstance(geometry, Literal):
                    g.remove((location, LOCN.geometry, geometry))
            for bbox in list(g.objects(location, DCAT.bbox)):
                if isinstance(bbox, Literal) and bbox.datatype != GSP.wktLiteral:
                    g.remove((location, DCAT.bbox, bbox))
            if isinstance(location, BNode) and not any(
                p for p, _ in g.predicate_objects(location) if p != RDF.type
            ):
                g.remove((location, None, None))
                g.remove((dataset_ref, DCTERMS.spatial, location))
        wkt = geojson_bbox_wkt(dataset_dict.get("spatial") or "")
        if wkt:
            location = BNode()
            g.add((dataset_ref, DCTERMS.spatial, location))
            g.add((location, RDF.type, DCTERMS.Location))
            g.add((location, DCAT.bbox, Literal(wkt, datatype=GSP.wktLiteral)))

    def _fix_distribution(
        self, dataset_dict: dict[str, Any], resource: dict[str, Any], distribution: Node
    ) -> None:
        g = self.g
        for license_ref in list(g.objects(distribution, DCTERMS.license)):
            g.remove((license_ref, DCTERMS.type, _UNKNOWN_IPR))
        g.remove((distribution, DCTERMS.license, None))
        licence = codelists.license(resource.get("license") or "") or codelists.license(
            dataset_dict.get("license_id") or ""
        )
        if licence:
            license_ref = URIRef(licence["iri"])
            g.add((distribution, DCTERMS.license, license_ref))
            g.add((license_ref, RDF.type, DCTERMS.LicenseDocument))
        for row in mapping.own_rows("resource"):
            value = resource.get(row.field)
            if row.inherit and not value:
                value = dataset_dict.get(row.field)
            self._write_row(distribution, row, value)

        # ckanext-dcat leaves out accessURL when it equals downloadURL, but
        # accessURL is mandatory in DCAT-AP
        access = resource.get("access_url") or resource.get("url")
        if access and not any(g.objects(distribution, DCAT.accessURL)):
            g.add((distribution, DCAT.accessURL, URIRef(access)))

        g.remove((distribution, DCTERMS["format"], None))
        file_type = codelists.get("file_type").get(resource.get("format") or "")
        if file_type:
            g.add((distribution, DCTERMS["format"], URIRef(file_type.iri)))
            g.add((URIRef(file_type.iri), RDF.type, DCTERMS.MediaTypeOrExtent))
        g.remove((distribution, DCAT.mediaType, None))
        media_type = codelists.media_type_iri(resource.get("mimetype") or "")
        if media_type:
            g.add((distribution, DCAT.mediaType, URIRef(media_type)))
            g.add((URIRef(media_type), RDF.type, DCTERMS.MediaType))

    def _fix_agent_mailboxes(self) -> None:
        """``foaf:mbox`` must be a ``mailto:`` IRI, not a literal."""
        for agent, mailbox in list(self.g.subject_objects(FOAF.mbox)):
            if isinstance(mailbox, Literal):
                self.g.remove((agent, FOAF.mbox, mailbox))
                self.g.add((agent, FOAF.mbox, URIRef(self._add_mailto(str(mailbox)))))

    # Parsing --------------------------------------------------------------

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> dict:
        for row in mapping.own_rows("dataset"):
            self._read_row(dataset_dict, dataset_ref, row)
        self._read_contacts(dataset_dict, dataset_ref)
        self._read_spatial(dataset_dict, dataset_ref)
        for key in ("issued", "modified"):
            if isinstance(dataset_dict.get(key), str):
                dataset_dict[key] = normalize_date(dataset_dict[key])
        for period in dataset_dict.get("temporal_coverage") or []:
            for key in ("start", "end"):
                if isinstance(period.get(key), str):
                    period[key] = normalize_date(period[key])
        distributions = {
            str(d): d for d in self.g.objects(dataset_ref, DCAT.distribution)
        }
        for resource in dataset_dict.get("resources", []):
            distribution = distributions.get(resource.get("uri", ""))
            self._read_distribution(resource, distribution)
        self._read_licences(dataset_dict)
        return dataset_dict

    def _read_licences(self, dataset_dict: dict[str, Any]) -> None:
        """DCAT has licences per distribution only: the most frequent one becomes
        the dataset's (which the others inherit), deviating ones stay on their
        resource."""
        resources = dataset_dict.get("resources", [])
        counts: dict[str, int] = {}
        for resource in resources:
            if resource.get("license"):
                counts[resource["license"]] = counts.get(resource["license"], 0) + 1
        licence = codelists.license(dataset_dict.get("license_id") or "")
        if counts:
            licence = codelists.license(max(counts, key=lambda k: counts[k]))
        if not licence:
            return
        dataset_dict["license_id"] = licence["id"]
        for resource in resources:
            if resource.get("license") == licence["id"]:
                resource.pop("license")

    def _objects(self, subject: Node, row: Row) -> list[Node]:
        found: list[Node] = []
        for predicate in row.predicates:
            variants = [predicate]
            if str(predicate).startswith(mapping.namespaces()["dcatde"]):
                local = str(predicate)[len(mapping.namespaces()["dcatde"]) :]
                variants += [URIRef(ns + local) for ns in mapping.legacy_namespaces()]
            for variant in variants:
                found += [o for o in self.g.objects(subject, variant) if o not in found]
        return found

    def _read_row(self, dataset_dict: dict[str, Any], subject: Node, row: Row) -> None:
        objects = self._objects(subject, row)
        if not objects:
            return
        if row.kind == "agent":
            value: Any = self._read_agents(objects)
        elif row.kind == "literal":
            value = str(objects[0])
        else:
            items = [self._normal_iri(row, str(o)) for o in objects]
            value = json.dumps(items) if row.kind == "iri_list" else items[0]
        self._set_value(dataset_dict, row.field, value)

    def _normal_iri(self, row: Row, value: str) -> str:
        if not row.codelist:
            return value
        return codelists.get(row.codelist).iri(value) or value

    def _read_agents(self, refs: list[Node]) -> list[dict[str, str]]:
        agents = []
        for ref in refs:
            agent = {
                "name": str(self.g.value(ref, FOAF.name) or ""),
                "email": self._without_mailto(str(self.g.value(ref, FOAF.mbox) or ""))
                or self._without_mailto(str(self.g.value(ref, VCARD.hasEmail) or "")),
                "url": str(self.g.value(ref, FOAF.homepage) or ""),
            }
            agents.append({k: v for k, v in agent.items() if v})
        return agents[:1]

    def _set_value(self, dataset_dict: dict[str, Any], key: str, value: Any) -> None:
        """A field of the schema at the root, anything else as an extra (text,
        replacing one ckanext-dcat may have set under the same key)."""
        if self._schema_field(key):
            dataset_dict[key] = value
            return
        if not isinstance(value, str):
            value = json.dumps(value)
        extras = [e for e in dataset_dict.get("extras", []) if e["key"] != key]
        extras.append({"key": key, "value": value})
        dataset_dict["extras"] = extras

    def _read_contacts(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        if not self._schema_field("contact"):
            return
        contacts = []
        for point in self.g.objects(dataset_ref, DCAT.contactPoint):
            contact = {
                "name": str(self.g.value(point, VCARD.fn) or ""),
                "email": self._without_mailto(
                    str(self.g.value(point, VCARD.hasEmail) or "")
                ),
                "phone": str(
                    self.g.value(point, VCARD.hasTelephone) or ""
                ).removeprefix("tel:"),
                "url": str(self.g.value(point, VCARD.hasURL) or ""),
            }
            contact = {k: v for k, v in contact.items() if v}
            if contact:
                contacts.append(contact)
        if contacts:
            dataset_dict["contact"] = contacts

    def _read_spatial(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        geocoding = set(
            self._read_list_value(
                self._get_dict_value(dataset_dict, "political_geocoding")
            )
        )
        extras = dataset_dict.get("extras", [])
        # ckanext-dcat reads a dct:spatial IRI as `spatial_uri`; ours mirror
        # the political geocoding and are kept there only
        dataset_dict["extras"] = [
            e
            for e in extras
            if not (e["key"] == "spatial_uri" and e["value"] in geocoding)
        ]
        for location in self.g.objects(dataset_ref, DCTERMS.spatial):
            for bbox in self.g.objects(location, DCAT.bbox):
                geojson = wkt_bbox_geojson(str(bbox))
                if geojson:
                    self._set_value(dataset_dict, "spatial", geojson)
                    return

    def _read_distribution(
        self, resource: dict[str, Any], distribution: Node | None
    ) -> None:
        licence = codelists.license(resource.get("license") or "")
        if licence:
            resource["license"] = licence["id"]
        file_type = codelists.get("file_type").get(resource.get("format") or "")
        if file_type:
            resource["format"] = file_type.code
        mimetype = str(resource.get("mimetype") or "")
        if mimetype:
            resource["mimetype"] = codelists.media_type(mimetype) or mimetype
        if distribution is not None:
            for row in mapping.own_rows("resource"):
                objects = self._objects(distribution, row)
                if objects:
                    resource[row.field] = str(objects[0])
        for key in ("issued", "modified"):
            if isinstance(resource.get(key), str):
                resource[key] = normalize_date(resource[key])


__all__ = ["DcatApDeProfile", "normalize_date"]
