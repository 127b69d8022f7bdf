"""The open-data catalogue of the monitoring in DCAT-AP.de: one dataset per published
indicator, each with its CSV and XLSX download.

GovData's conventions are met: a contact with an e-mail address (K01), exactly one
contributor ID from GovData's list (K12/K13, a setting of the municipality: the portal that
delivers to GovData, usually the state's), a licence from the DCAT-AP.de list (K31), a format
from the EU's file-type list (K32) and a publisher (K36). `tests/test_catalog.py` validates it
with pySHACL against the DCAT-AP 3.0 shapes, GovData's German additions and conventions.
"""

from datetime import UTC, date, datetime, time
from typing import Any

from django.db.models import Max, Min
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.translation import translate
from querschnitt.monitoring.models import (
    DEFAULT_LICENCE,
    FigureTable,
    IndicatorValue,
    MonitoringSettings,
)
from querschnitt.monitoring.selectors import published_indicators

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPES = {"csv": "CSV", "xlsx": "XLSX"}
MEDIA_TYPES = {
    "csv": "https://www.iana.org/assignments/media-types/text/csv",
    "xlsx": "https://www.iana.org/assignments/media-types/application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
THEME = URIRef(f"{EU}data-theme/SOCI")
GERMAN = URIRef(f"{EU}language/DEU")
ANNUAL = URIRef(f"{EU}frequency/ANNUAL")
MUNICIPALITY_LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")


def regional_key(ags: str) -> str:
    """The 12-digit Regionalschlüssel of a municipality from its 8-digit AGS."""
    return f"{ags[:5]}0000{ags[5:]}"


def absolute(base_url: str, path: str) -> URIRef:
    return URIRef(base_url.rstrip("/") + path)


def catalogue_graph(*, municipality: Municipality, base_url: str) -> Graph:
    """The catalogue as an RDF graph; three queries."""
    settings = MonitoringSettings.objects.filter(municipality=municipality).first()
    licence = URIRef(settings.licence if settings else DEFAULT_LICENCE)
    publisher_name = (settings.publisher_name if settings else "") or municipality.name
    email = (settings.contact_email if settings else "") or municipality.contact_email
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("dcatde", DCATDE),
        ("vcard", VCARD),
    ):
        graph.bind(prefix, namespace)

    def url(name: str, **kwargs: Any) -> URIRef:
        return absolute(base_url, municipality_reverse(municipality, name, **kwargs))

    overview = url("monitoring:overview")
    catalogue = URIRef(f"{overview}#katalog")
    publisher = absolute(base_url, municipality_reverse(municipality, "portal:start"))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(publisher_name, lang="de")))
    contact = BNode()
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(municipality.office_name or publisher_name, lang="de")))
    if email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    else:
        graph.add((contact, VCARD.hasURL, publisher))
    place = URIRef(
        f"http://dcat-ap.de/def/politicalGeocoding/regionalKey/{regional_key(municipality.ags)}"
    )
    indicators = list(published_indicators(municipality=municipality))
    periods = {
        row["indicator"]: row
        for row in IndicatorValue.objects.filter(
            municipality=municipality, indicator__in=[i.pk for i in indicators]
        )
        .values("indicator")
        .annotate(first=Min("year"), last=Max("year"))
    }
    modified = FigureTable.objects.filter(municipality=municipality).aggregate(
        last=Max("computed_at")
    )["last"] or datetime.combine(date.today(), time(), tzinfo=UTC)
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add(
        (
            catalogue,
            DCTERMS.title,
            Literal(f"Integrationsmonitoring {municipality.name}", lang="de"),
        )
    )
    graph.add(
        (
            catalogue,
            DCTERMS.description,
            Literal(
                f"Kennzahlen der Integration in {municipality.name}: Bevölkerung, "
                "Staatsangehörigkeit, "
                "Bildung und Arbeit, für die ganze Stadt und ihre Bezirke. Kleine Fallzahlen sind "
                "aus Gründen der statistischen Geheimhaltung nicht veröffentlicht.",
                lang="de",
            ),
        )
    )
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, FOAF.homepage, overview))
    graph.add((catalogue, DCTERMS.language, GERMAN))
    graph.add((catalogue, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    for indicator in indicators:
        period = periods.get(indicator.pk)
        if period is None:
            continue
        page = url("monitoring:indicator", key=indicator.key)
        dataset = URIRef(f"{page}#daten")
        graph.add((catalogue, DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add(
            (dataset, DCTERMS.title, Literal(translate(indicator.name, "de").text, lang="de"))
        )
        description = (
            translate(indicator.description, "de").text or translate(indicator.name, "de").text
        )
        graph.add((dataset, DCTERMS.description, Literal(description, lang="de")))
        graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
        for keyword in ("Integration", "Migration", indicator.code):
            if keyword:
                graph.add((dataset, DCAT.keyword, Literal(keyword, lang="de")))
        graph.add((dataset, DCAT.theme, THEME))
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((dataset, DCAT.contactPoint, contact))
        if settings and settings.contributor_id:
            graph.add((dataset, DCATDE.contributorID, URIRef(settings.contributor_id)))
        graph.add((dataset, DCATDE.politicalGeocodingLevelURI, MUNICIPALITY_LEVEL))
        graph.add((dataset, DCATDE.politicalGeocodingURI, place))
        graph.add((dataset, DCTERMS.spatial, place))
        graph.add((dataset, DCTERMS.accrualPeriodicity, ANNUAL))
        graph.add((dataset, DCTERMS.language, GERMAN))
        graph.add((dataset, DCAT.landingPage, page))
        temporal = BNode()
        graph.add((temporal, RDF.type, DCTERMS.PeriodOfTime))
        graph.add(
            (temporal, DCAT.startDate, Literal(date(period["first"], 1, 1), datatype=XSD.date))
        )
        graph.add(
            (temporal, DCAT.endDate, Literal(date(period["last"], 12, 31), datatype=XSD.date))
        )
        graph.add((dataset, DCTERMS.temporal, temporal))
        changed = Literal(indicator.updated_at.astimezone(UTC), datatype=XSD.dateTime)
        graph.add((dataset, DCTERMS.issued, changed))
        graph.add((dataset, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
        attribution = indicator.numerator.source.attribution or publisher_name
        for fmt, file_type in FILE_TYPES.items():
            download = url("monitoring:indicator_download", key=indicator.key, fmt=fmt)
            distribution = URIRef(f"{download}#verteilung")
            graph.add((dataset, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCAT.accessURL, download))
            graph.add((distribution, DCAT.downloadURL, download))
            graph.add((distribution, DCTERMS.format, URIRef(f"{EU}file-type/{file_type}")))
            graph.add((distribution, DCAT.mediaType, URIRef(MEDIA_TYPES[fmt])))
            graph.add((distribution, DCTERMS.license, licence))
            graph.add(
                (distribution, DCATDE.licenseAttributionByText, Literal(attribution, lang="de"))
            )
            graph.add(
                (
                    distribution,
                    DCTERMS.title,
                    Literal(f"{translate(indicator.name, 'de').text} ({file_type})", lang="de"),
                )
            )
            graph.add((distribution, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    return graph
