"""Parts of pages remembered per content version (`core.versioned`) change on the next request
after a change, in every language, and stay apart between municipalities."""

import pytest
from django.test import Client
from django_scopes import scope

from querschnitt.network.models import Alliance
from querschnitt.strategy.models import FieldOfAction

pytestmark = pytest.mark.django_db


def start_page(slug: str, language: str) -> str:
    client = Client()
    client.cookies["qs_language"] = language
    # with a query: rendered afresh, not from the whole-page cache
    response = client.get(f"/{slug}/?neu=1")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["de", "ar", "fa"])
def test_a_renamed_field_of_action_and_alliance_show_at_once(
    mannheim, bamberg, language: str
) -> None:
    start_page("mannheim", language)
    start_page("bamberg", language)
    with scope(municipality=mannheim):
        field = FieldOfAction.objects.order_by("position", "id").first()
        field.name = {"de": "Umbenanntes Handlungsfeld", "ar": "مجال معاد تسميته"}
        field.save()
        alliance = Alliance.objects.first()
        alliance.name = {"de": "Umbenanntes Bündnis"}
        alliance.save()
    page = start_page("mannheim", language)
    assert ("مجال معاد تسميته" if language == "ar" else "Umbenanntes Handlungsfeld") in page
    assert "Umbenanntes Bündnis" in page
    other = start_page("bamberg", language)
    assert "Umbenanntes" not in other
    assert "مجال معاد تسميته" not in other


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_renamed_district_shows_at_once_in_the_directory_filter(mannheim, language: str) -> None:
    from querschnitt.network.models import District

    client = Client()
    client.cookies["qs_language"] = language
    with scope(municipality=mannheim):
        district = District.objects.order_by("name").first()
    assert district.name in client.get("/mannheim/akteure/?q=").content.decode()
    with scope(municipality=mannheim):
        district.name = "Umbenannter Bezirk"
        district.save()
    page = client.get("/mannheim/akteure/?q=").content.decode()
    assert "Umbenannter Bezirk" in page
