"""The catalogue as DCAT (rdflib), serialised as JSON-LD, for CKAN's DCAT harvester.

DCAT-AP's common properties: a dcat:Catalog published by the city, one dcat:Dataset per table
(dct:identifier, dct:title, dct:description in Japanese, dcat:keyword, dct:issued and
dct:modified, dct:temporal, dcat:landingPage, dcat:contactPoint as a vCard, dct:publisher,
dct:license and dct:rights), one dcat:Distribution per format with an absolute
dcat:downloadURL, dcat:mediaType and dct:format.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from .formats import FORMATS
from .licence import LICENCE_NAME, LICENCE_NOTE, LICENCE_URL
from .tables import Table

MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
FILE_TYPE = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON"}
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ANNUAL = URIRef("http://publications.europa.eu/resource/authority/frequency/ANNUAL")
JAPANESE = URIRef("http://publications.europa.eu/resource/authority/language/JPN")


@dataclass(frozen=True)
class Site:
    """Where the catalogue lives: absolute URLs built from the request."""

    catalog_url: str  # the JSON-LD document
    page_url: str  # the HTML list of the datasets
    download_url: Callable[[str, str], str]  # (slug, fmt) → absolute download URL


@dataclass(frozen=True)
class Publisher:
    name: str
    division: str = ""
    email: str = ""
    phone: str = ""
    homepage: str = ""


def _date(value) -> Literal:
    if isinstance(value, datetime.datetime):
        return Literal(value.replace(microsecond=0), datatype=XSD.dateTime)
    return Literal(value, datatype=XSD.date)


def _ja(text: str) -> Literal:
    return Literal(text, lang="ja")


def _licence(graph: Graph) -> URIRef:
    licence = URIRef(LICENCE_URL)
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((licence, DCTERMS.title, _ja(LICENCE_NAME)))
    return licence


def _publisher(graph: Graph, site: Site, publisher: Publisher) -> URIRef:
    node = URIRef(site.page_url + "#publisher")
    graph.add((node, RDF.type, FOAF.Organization))
    graph.add((node, FOAF.name, _ja(publisher.name)))
    if publisher.homepage:
        graph.add((node, FOAF.homepage, URIRef(publisher.homepage)))
    return node


def _contact(graph: Graph, site: Site, publisher: Publisher) -> URIRef:
    node = URIRef(site.page_url + "#contact")
    graph.add((node, RDF.type, VCARD.Organization))
    graph.add((node, VCARD.fn, _ja(" ".join(p for p in (publisher.name, publisher.division) if p))))
    if publisher.email:
        graph.add((node, VCARD.hasEmail, URIRef(f"mailto:{publisher.email}")))
    if publisher.phone:
        graph.add((node, VCARD.hasTelephone, URIRef(f"tel:{publisher.phone}")))
    return node


def catalog_graph(tables: list[Table], site: Site, publisher: Publisher) -> Graph:
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    catalog = URIRef(site.catalog_url)
    licence = _licence(graph)
    agent = _publisher(graph, site, publisher)
    contact = _contact(graph, site, publisher)
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, _ja(f"{publisher.name} 中小企業活性化施策 オープンデータ")))
    graph.add((catalog, DCTERMS.description, _ja(
        "中小企業活性化のための成長戦略に関する条例に基づく施策の実施状況（事業シート、成果・活動指標、"
        "検証意見と対応、産業振興プラン）と関連する統計。公表済みの内容のみを掲載しています。")))
    graph.add((catalog, DCTERMS.publisher, agent))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, DCTERMS.language, JAPANESE))
    graph.add((catalog, FOAF.homepage, URIRef(site.page_url)))
    modified = [t.modified for t in tables if t.modified]
    if modified:
        latest = max(modified, key=lambda m: m if isinstance(m, datetime.datetime)
                     else datetime.datetime.combine(m, datetime.time(), datetime.UTC))
        graph.add((catalog, DCTERMS.modified, _date(latest)))
    for table in tables:
        graph.add((catalog, DCAT.dataset, _dataset(graph, table, site, agent, contact, licence)))
    return graph


def _dataset(graph, table: Table, site: Site, agent, contact, licence) -> URIRef:
    landing = f"{site.page_url}#{table.slug}"
    node = URIRef(landing)
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(table.slug)))
    graph.add((node, DCTERMS.title, _ja(table.title)))
    graph.add((node, DCTERMS.description, _ja(table.description)))
    graph.add((node, DCTERMS.publisher, agent))
    graph.add((node, DCTERMS.license, licence))
    graph.add((node, DCTERMS.rights, _ja(f"{LICENCE_NAME}（{LICENCE_URL}）。{LICENCE_NOTE}")))
    graph.add((node, DCTERMS.language, JAPANESE))
    graph.add((node, DCAT.landingPage, URIRef(landing)))
    graph.add((node, DCAT.contactPoint, contact))
    for keyword in table.keywords:
        graph.add((node, DCAT.keyword, _ja(keyword)))
    if table.per_year:
        graph.add((node, DCTERMS.accrualPeriodicity, ANNUAL))
    if table.source:
        graph.add((node, DCTERMS.source, _ja(table.source)))
    if table.issued:
        graph.add((node, DCTERMS.issued, _date(table.issued)))
    if table.modified:
        graph.add((node, DCTERMS.modified, _date(table.modified)))
    if table.period:
        period = BNode()
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, _date(table.period[0])))
        graph.add((period, DCAT.endDate, _date(table.period[1])))
        graph.add((node, DCTERMS.temporal, period))
    for fmt, media_type in FORMATS.items():
        url = site.download_url(table.slug, fmt)
        distribution = URIRef(f"{landing}-{fmt}")
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, _ja(f"{table.title}（{FILE_TYPE[fmt]}）")))
        graph.add((distribution, DCAT.downloadURL, URIRef(url)))
        graph.add((distribution, DCAT.accessURL, URIRef(url)))
        graph.add((distribution, DCAT.mediaType, URIRef(MEDIA_TYPES + media_type)))
        graph.add((distribution, DCTERMS.format, URIRef(FILE_TYPES + FILE_TYPE[fmt])))
        graph.add((distribution, DCTERMS.license, licence))
        if table.modified:
            graph.add((distribution, DCTERMS.modified, _date(table.modified)))
        graph.add((node, DCAT.distribution, distribution))
    return node


CONTEXT = {"dcat": str(DCAT), "dct": str(DCTERMS), "foaf": str(FOAF), "vcard": str(VCARD),
           "xsd": str(XSD)}


def catalog_jsonld(tables: list[Table], site: Site, publisher: Publisher) -> str:
    return catalog_graph(tables, site, publisher).serialize(format="json-ld", context=CONTEXT)
