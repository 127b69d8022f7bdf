"""The event page's heading and its sections after the dates are rendered once per content
version, language and URL map (`EventDetail.event_markup`, from `events/_event_heading.html`
and `events/_event_about.html`): a remembered page is the page made afresh, in alternating
languages, and a change shows at once."""

import pytest
from django_scopes import scope, scopes_disabled

from conftest import public_page
from querschnitt.events.models import Event

pytestmark = pytest.mark.django_db


def test_a_remembered_page_is_a_fresh_one_and_a_change_shows(mannheim) -> None:
    with scope(municipality=mannheim):
        event = Event.objects.filter(state=Event.State.PUBLISHED).order_by("pk").first()
    path = f"/mannheim/veranstaltungen/{event.pk}/"
    fresh = {language: public_page(path, language, forget=True) for language in ("de", "ar")}
    for language in ("de", "ar", "de", "ar"):
        assert public_page(path, language) == fresh[language]
    with scope(municipality=mannheim):
        event.place_name = "Ein neuer Ort"
        event.save()
    assert b"Ein neuer Ort" in public_page(path, "de")


def test_every_event_page_remembered_is_the_page_made_afresh() -> None:
    with scopes_disabled():
        events = list(
            Event.objects.filter(state=Event.State.PUBLISHED).values_list(
                "pk", "municipality__slug"
            )
        )
    assert len({town for _, town in events}) == 2
    for pk, town in events:
        path = f"/{town}/veranstaltungen/{pk}/"
        for language in ("de", "en", "ar"):
            fresh = public_page(path, language, forget=True)
            assert public_page(path, language) == fresh, (path, language)
