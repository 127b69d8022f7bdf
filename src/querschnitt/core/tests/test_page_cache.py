"""Anonymous visitors get cached pages; a change to the municipality's data shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import signed_in_client
from querschnitt.core import selectors


def anonymous_get(path: str) -> tuple[str, int]:
    selectors._recent.clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.django_db
def test_a_repeated_anonymous_visit_is_served_from_the_cache() -> None:
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
