"""The open-data catalogue: DCAT-AP.de as Turtle and JSON-LD, validated with pySHACL against the
DCAT-AP 3.0 shapes, GovData's German additions and controlled vocabularies, and GovData's
conventions (K01 contact, K12/K13 one contributor ID, K31 licence, K32 format, K36 publisher),
with zero violations. The shapes are copied into `shapes/` (see its README): no network."""

from functools import cache
from pathlib import Path

import pytest
from django.test import Client
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef, namespace

from querschnitt.monitoring.models import MonitoringSettings

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent / "shapes"
SHAPE_FILES = [
    "semic-dcat-ap-SHACL.ttl",
    "govdata-dcat-ap-SHACL-DE.ttl",
    "govdata-dcat-ap-spec-german-additions.ttl",
    "govdata-dcat-ap-de-controlledvocabularies.ttl",
    "govdata-dcat-ap-konventionen.ttl",
]
ONTOLOGY_FILES = ["foaf_0_1.rdf", "org.ttl", "vcard.ttl"]
# The vocabularies the catalogue's IRIs come from: a validator looks them up (GovData's does it
# on the web); here they are merged into the data from local copies.
VOCABULARY_FILES = [
    "dcat-ap-de-contributors.rdf",
    "dcat-ap-de-licenses-open.rdf",
    "vocabularies.ttl",
]
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")


@cache
def shapes() -> Graph:
    graph = Graph()
    for name in SHAPE_FILES:
        graph.parse(SHAPES / name)
    return graph


def load(names: list[str]) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(SHAPES / name, format="xml" if name.endswith(".rdf") else "turtle")
    return graph


@cache
def ontology() -> Graph:
    return load(ONTOLOGY_FILES)


@cache
def vocabularies() -> Graph:
    return load(VOCABULARY_FILES)


def violations(catalogue: Graph) -> list[str]:
    data = Graph()
    for graph in (catalogue, vocabularies()):
        for triple in graph:
            data.add(triple)
    _conforms, report, _text = validate(
        data,
        shacl_graph=shapes(),
        ont_graph=ontology(),
        inference="none",
        allow_warnings=True,
        advanced=True,
        do_owl_imports=False,
    )
    sh = Namespace("http://www.w3.org/ns/shacl#")
    found = []
    for result in report.subjects(namespace.RDF.type, sh.ValidationResult):
        if (result, sh.resultSeverity, sh.Violation) in report:
            message = report.value(result, sh.resultMessage)
            focus = report.value(result, sh.focusNode)
            path = report.value(result, sh.resultPath)
            found.append(f"{focus} {path}: {message}")
    return found


@pytest.mark.parametrize("slug", ["mannheim", "bamberg"])
def test_the_catalogue_validates_without_violations(slug: str) -> None:
    response = Client().get(f"/{slug}/monitoring/catalog.ttl")
    assert response["Content-Type"].startswith("text/turtle")
    data = Graph().parse(data=response.content.decode(), format="turtle")
    datasets = set(data.subjects(namespace.RDF.type, namespace.DCAT.Dataset))
    assert len(datasets) >= 10
    assert violations(data) == []


def test_the_json_ld_says_the_same() -> None:
    client = Client()
    turtle = Graph().parse(
        data=client.get("/mannheim/monitoring/catalog.ttl").content, format="turtle"
    )
    response = client.get("/mannheim/monitoring/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    json_ld = Graph().parse(data=response.content, format="json-ld")
    assert len(json_ld) == len(turtle)
    assert violations(json_ld) == []


def test_each_dataset_names_its_downloads_licence_and_contributor() -> None:
    data = Graph().parse(
        data=Client().get("/mannheim/monitoring/catalog.ttl").content, format="turtle"
    )
    dataset = URIRef(
        "http://testserver/mannheim/monitoring/indikatoren/migrationshintergrund/#daten"
    )
    assert (dataset, namespace.RDF.type, namespace.DCAT.Dataset) in data
    assert data.value(dataset, DCATDE.contributorID) == URIRef(
        "http://dcat-ap.de/def/contributors/metropolregionRheinNeckar"
    )
    assert data.value(dataset, DCATDE.politicalGeocodingURI) == URIRef(
        "http://dcat-ap.de/def/politicalGeocoding/regionalKey/082220000000"
    )
    downloads = {
        str(data.value(d, namespace.DCAT.downloadURL))
        for d in data.objects(dataset, namespace.DCAT.distribution)
    }
    assert downloads == {
        "http://testserver/mannheim/monitoring/indikatoren/migrationshintergrund.csv",
        "http://testserver/mannheim/monitoring/indikatoren/migrationshintergrund.xlsx",
    }
    for distribution in data.objects(dataset, namespace.DCAT.distribution):
        assert data.value(distribution, namespace.DCTERMS.license) == URIRef(
            "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        )


def test_without_a_contributor_id_the_validator_objects(mannheim) -> None:
    """The check can fail: K12/K13 needs exactly one contributor ID from GovData's list."""
    MonitoringSettings.objects.with_scopes_disabled().filter(municipality=mannheim).update(
        contributor_id=""
    )
    data = Graph().parse(
        data=Client().get("/mannheim/monitoring/catalog.ttl").content, format="turtle"
    )
    found = violations(data)
    assert found
    assert all("contributorID" in entry for entry in found)
