"""The calendar's rows are remembered under every value they are made of (`events/rows.py`):
a changed title, place or cancellation shows on the next request in every language, and a
row of one municipality never shows in the other's calendar."""

from typing import Any

import pytest
from django.test import Client
from django_scopes import scope

from querschnitt.events.models import Event, EventDate
from querschnitt.events.selectors.calendar import CalendarFilters, upcoming_rows
from querschnitt.events.tests.helpers import fresh

pytestmark = pytest.mark.django_db

LANGUAGES = ("de", "ar", "fa", "en", "tr", "uk")


def calendar(slug: str, language: str) -> str:
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(f"/{slug}/veranstaltungen/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_change_of_a_row_shows_at_once_in_every_language(mannheim: Any, bamberg: Any) -> None:
    with scope(municipality=mannheim):
        rows, _following = upcoming_rows(municipality=mannheim, filters=CalendarFilters())
        first = rows[0]
    before = {language: calendar("mannheim", language) for language in LANGUAGES}
    for language in LANGUAGES:  # remembered now
        assert calendar("mannheim", language) == before[language]
    title = {code: f"Neu {code} & <Abend>" for code in ("de", "en", "ar", "fa", "tr", "uk")}
    with scope(municipality=mannheim):
        Event.objects.filter(pk=first.event_id).update(title=title, place_name="Ort X&Y")
        EventDate.objects.filter(pk=first.pk).update(cancelled=True)
    fresh()
    for language in LANGUAGES:
        html = calendar("mannheim", language)
        shown_in = html.split('<html lang="', 1)[1].split('"', 1)[0]
        assert f"Neu {shown_in} &amp; &lt;Abend&gt;" in html
        assert "Ort X&amp;Y" in html
        assert "qs-events-date--cancelled" in html
        assert f"Neu {shown_in}" not in before[language]
        other = calendar("bamberg", language)
        assert "&lt;Abend&gt;" not in other
        assert "Ort X&amp;Y" not in other
