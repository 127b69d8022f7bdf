"""Anonymous visitors get cached pages; a change to the municipality's data shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import signed_in_client
from querschnitt.core import selectors, start_page


def anonymous_get(path: str) -> tuple[str, int]:
    selectors._recent.clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.django_db
def test_a_repeated_anonymous_visit_is_served_from_the_cache() -> None:
    start_page.forget_sections()  # the first visit renders them (see core.start_page)
    first, first_queries = anonymous_get("/mannheim/")
    second, second_queries = anonymous_get("/mannheim/")
    assert second == first
    assert second_queries == 1 < first_queries


@pytest.mark.django_db
def test_a_change_by_the_office_shows_on_the_next_anonymous_visit() -> None:
    anonymous_get("/mannheim/")
    anonymous_get("/mannheim/impressum/")
    staff = signed_in_client("team@mannheim.example")
    staff.post("/mannheim/verwaltung/seiten/impressum/", {"body_de": "Geändertes Impressum."})
    assert "Geändertes Impressum." in anonymous_get("/mannheim/impressum/")[0]


@pytest.mark.django_db
def test_signed_in_people_and_other_languages_get_their_own_pages() -> None:
    german, _ = anonymous_get("/bamberg/")
    english = Client()
    english.cookies["qs_language"] = "en"
    assert 'lang="en"' in english.get("/bamberg/").content.decode()
    signed_in = signed_in_client("gremium@bamberg.example").get("/bamberg/").content.decode()
    assert "/bamberg/verwaltung/" in signed_in
    assert "/bamberg/verwaltung/" not in german


@pytest.mark.django_db
def test_a_change_ends_every_process_memory_of_the_municipality_at_once(
    django_capture_on_commit_callbacks,
) -> None:
    """Without clearing the memory by hand: the change moves the stamp in the shared cache."""
    visitor = Client()
    assert "Sofort geändert." not in visitor.get("/mannheim/impressum/").content.decode()
    assert selectors._recent  # remembered for anonymous views
    staff = signed_in_client("team@mannheim.example")
    with django_capture_on_commit_callbacks(execute=True):
        staff.post("/mannheim/verwaltung/seiten/impressum/", {"body_de": "Sofort geändert."})
    assert "Sofort geändert." in visitor.get("/mannheim/impressum/").content.decode()


@pytest.mark.django_db
def test_settings_of_the_municipality_end_the_memory_too(
    django_capture_on_commit_callbacks,
) -> None:
    from querschnitt.core.models import Municipality

    visitor = Client()
    visitor.get("/mannheim/")
    with django_capture_on_commit_callbacks(execute=True):
        municipality = Municipality.objects.get(slug="mannheim")
        municipality.office_name = "Büro für Zusammenleben"
        municipality.save()
    assert "Büro für Zusammenleben" in visitor.get("/mannheim/").content.decode()
