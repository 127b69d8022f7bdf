"""The alliance's and the declaration's reads are remembered per content version
(`core.versioned`), and the alliance's plain page's content with the language, time zone and
URL map: a change made through the services shows on the next request, a remembered page is
the page made afresh, and a page that asks for something is its own."""

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import public_page
from querschnitt.network.models import Alliance, Signature
from querschnitt.network.services import declarations as services
from querschnitt.network.services.organisations import organisation_update

pytestmark = pytest.mark.django_db

ALLIANCE = "/mannheim/buendnisse/mannheimer-buendnis/"
DECLARATION = "/mannheim/erklaerungen/mannheimer-erklaerung/"


def english() -> Client:
    client = Client()
    client.cookies["qs_language"] = "en"
    return client


def fetched(path: str) -> str:
    """The page in English as its view renders it (not from the page cache)."""
    return public_page(path, "en").decode()


def first_listed(mannheim) -> Signature:
    with scopes_disabled():
        return (
            Signature.objects.filter(
                municipality=mannheim,
                state="accepted",
                withdrawn_at__isnull=True,
                organisation__visibility="public",
                organisation__status="published",
            )
            .select_related("organisation")
            .order_by("organisation__name", "id")
            .first()
        )


def test_a_withdrawal_shows_at_once_on_both_pages_and_in_the_list(mannheim) -> None:
    member = first_listed(mannheim)
    name = member.organisation.name
    assert "335 institutions belong" in fetched(ALLIANCE)
    assert f">{name}<" in fetched(ALLIANCE)
    assert f">{name}<" in fetched(ALLIANCE + "?page=1")
    assert "335 institutions have signed" in fetched(DECLARATION)
    with scope(municipality=mannheim):
        services.signature_withdraw(signature=member)
    alliance = fetched(ALLIANCE)
    assert "334 institutions belong" in alliance
    assert "333 of them are listed by name" in alliance
    assert f">{name}<" not in alliance
    assert "334 institutions have signed" in fetched(DECLARATION)


def test_a_renamed_member_and_alliance_show_at_once(mannheim) -> None:
    member = first_listed(mannheim)
    fetched(ALLIANCE)
    with scope(municipality=mannheim):
        organisation_update(organisation=member.organisation, by=None, name="Aaa Neu")
        alliance = Alliance.objects.get(slug="mannheimer-buendnis")
        alliance.name = {"de": "Umbenannt", "en": "Renamed alliance"}
        alliance.save()
    content = fetched(ALLIANCE)
    assert ">Aaa Neu<" in content
    assert "Renamed alliance" in content


def test_another_municipality_does_not_get_mannheims_remembered_reads(mannheim) -> None:
    fetched(ALLIANCE)
    fetched(DECLARATION)
    assert english().get("/bamberg/buendnisse/mannheimer-buendnis/").status_code == 404
    assert english().get("/bamberg/erklaerungen/mannheimer-erklaerung/").status_code == 404


def test_the_plain_alliance_page_remembered_is_the_page_made_afresh() -> None:
    for zone in ("Europe/Berlin", "Pacific/Kiritimati"):  # the zone makes the days shown
        with timezone.override(zone):
            fresh = {
                language: public_page(ALLIANCE, language, forget=True)
                for language in ("de", "en", "ar")
            }
            for language in ("de", "en", "ar", "de", "en", "ar"):
                assert public_page(ALLIANCE, language) == fresh[language], (zone, language)
    with timezone.override("Europe/Berlin"):
        assert public_page(ALLIANCE, "de") != fresh["de"]


def test_a_page_that_asks_is_not_the_plain_page(mannheim) -> None:
    plain = fetched(ALLIANCE)
    assert "Page 1 of 7" in plain
    assert "Page 2 of 7" in fetched(ALLIANCE + "?page=2")
    found = fetched(ALLIANCE + "?name=sport")
    assert "match the filter" in found
    assert "Show all members" in found
    assert fetched(ALLIANCE) == plain
