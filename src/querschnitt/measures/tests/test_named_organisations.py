"""The public names an organisation of the network on a measure (as proposer or partner) only
while it is publicly listed, as the directory does: on the measure's page and in an edition
frozen from it. The office sees every name."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from querschnitt.accounts.models import User
from querschnitt.core.models import Visibility
from querschnitt.measures.models import CatalogueEntry, Measure
from querschnitt.measures.selectors import public_q
from querschnitt.measures.services.catalogues import catalogue_freeze
from querschnitt.network.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

LISTED = "Offener Treff Neckarstadt"
HIDDEN = {
    "Elterninitiative im Aufbau": (Organisation.Status.IN_REVIEW, Visibility.PUBLIC),
    "Beratungsstelle intern": (Organisation.Status.PUBLISHED, Visibility.INTERNAL),
    "Netzwerk nur angemeldet": (Organisation.Status.PUBLISHED, Visibility.NETWORK),
    "Aufgelöster Verein": (Organisation.Status.ARCHIVED, Visibility.PUBLIC),
}


def organisation(municipality, name: str, status: str, visibility: str) -> Organisation:
    return Organisation.objects.create(
        municipality=municipality, name=name, status=status, visibility=visibility
    )


@pytest.fixture
def measure(mannheim) -> Measure:
    found = Measure.objects.filter(public_q(), municipality=mannheim).order_by("key").first()
    partners = [organisation(mannheim, LISTED, "published", "public")]
    partners += [organisation(mannheim, name, *how) for name, how in HIDDEN.items()]
    found.partners.set(partners)
    found.proposer_kind = Measure.ProposerKind.ORGANISATION
    found.proposer_body = found.proposer_department = None
    found.proposer_organisation = partners[2]  # "Beratungsstelle intern"
    found.save()
    cache.clear()
    return found


def test_the_measure_page_names_only_publicly_listed_organisations(measure) -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/mannheim/massnahmen/{measure.key}/")
    text = html.content.decode()
    assert LISTED in text
    for name in HIDDEN:
        assert name not in text
    assert "an organisation of the network" in text


def test_an_edition_names_only_publicly_listed_organisations(mannheim, measure) -> None:
    catalogue = catalogue_freeze(
        municipality=mannheim,
        by=User.objects.get(email="team@mannheim.example"),
        year=timezone.localdate().year + 1,
        as_of=timezone.localdate(),
        title="Maßnahmenkatalog Test",
    )
    entry = CatalogueEntry.objects.get(catalogue=catalogue, measure=measure)
    assert entry.partners == [LISTED]
    assert entry.proposer == "eine Organisation des Netzwerks"


def test_the_office_still_sees_who_proposed_it(measure) -> None:
    assert measure.proposer_label == "Beratungsstelle intern"
