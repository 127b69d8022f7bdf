"""Parts of pages remembered per content version (`core.versioned`) change on the next request
after a change, in every language, and stay apart between municipalities."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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


def test_the_start_page_sections_are_remembered_for_their_time_only(monkeypatch) -> None:
    from querschnitt.core import start_page as sections

    start_page("mannheim", "de")
    with CaptureQueriesContext(connection) as remembered:
        start_page("mannheim", "de")
    monkeypatch.setattr(sections, "SECONDS", 0)
    with CaptureQueriesContext(connection) as made_again:
        start_page("mannheim", "de")
    assert len(made_again) > len(remembered)


@pytest.mark.parametrize("language", ["de", "ar", "fa"])
@pytest.mark.parametrize(
    "path", ["/mannheim/akteure/?q=", "/mannheim/buendnisse/mannheimer-buendnis/?name="]
)
def test_a_renamed_district_shows_at_once_in_the_filters(
    mannheim, bamberg, language: str, path: str
) -> None:
    from querschnitt.network.models import District

    client = Client()
    client.cookies["qs_language"] = language
    with scope(municipality=mannheim):
        district = District.objects.order_by("name").first()
    assert district.name in client.get(path).content.decode()
    other = "/bamberg/akteure/?q="
    client.get(other)
    with scope(municipality=mannheim):
        district.name = "Umbenannter Bezirk"
        district.save()
    page = client.get(path).content.decode()
    assert "Umbenannter Bezirk" in page
    assert "Umbenannter Bezirk" not in client.get(other).content.decode()


def test_a_change_that_no_signal_reports_shows_after_the_content_lifetime(
    mannheim, monkeypatch
) -> None:
    import time
    from types import SimpleNamespace

    from querschnitt.core import models

    client = Client()
    path = "/mannheim/buendnisse/mannheimer-buendnis/?name="
    assert client.get(path).status_code == 200
    with scope(municipality=mannheim):
        Alliance.objects.filter(slug="mannheimer-buendnis").update(name={"de": "Still umbenannt"})
    assert "Still umbenannt" not in client.get(path).content.decode()
    later = SimpleNamespace(time=lambda: time.time() + models.CONTENT_LIFETIME)
    monkeypatch.setattr(models, "time", later)
    assert "Still umbenannt" in client.get(path).content.decode()
