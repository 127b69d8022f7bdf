"""The event page's heading and its sections after the dates are kept by the rows they are
drawn from and all they are written in (`EventDetail.event_markup`, from
`events/_event_heading.html` and `events/_event_about.html`): a kept page is the page made
afresh, in alternating languages, and a change shows at once."""

from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import public_page
from querschnitt.core import selectors
from querschnitt.core.models import Municipality
from querschnitt.events.models import Event
from querschnitt.events.views.public import _drawn_events
from querschnitt.network.models import Organisation

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


def moved(municipality: Municipality, **changed: Any) -> None:
    """The content version moved, as any change of the municipality's public data moves it."""
    Municipality.objects.filter(pk=municipality.pk).update(
        content_changed_at=timezone.now(), **changed
    )
    cache.clear()
    selectors._recent.clear()


def test_the_markup_is_kept_by_its_rows_when_the_content_version_moves(mannheim) -> None:
    """Kept by the event's row (with its format and organiser), its working groups, the
    office's name and all it is written in: a change elsewhere finds it again, a change of
    any of them draws it anew."""
    with scope(municipality=mannheim):
        events = Event.objects.filter(state=Event.State.PUBLISHED).order_by("pk")
        by_organisation = events.filter(organiser=Event.Organiser.ORGANISATION).first()
        by_office = events.filter(organiser=Event.Organiser.OFFICE).first()
    pages = {
        (event.pk, language): public_page(f"/mannheim/veranstaltungen/{event.pk}/", language)
        for event in (by_organisation, by_office)
        for language in ("de", "ar")
    }
    kept = len(_drawn_events.pieces)
    moved(mannheim)
    for (pk, language), page in pages.items():
        assert public_page(f"/mannheim/veranstaltungen/{pk}/", language) == page
    assert len(_drawn_events.pieces) == kept
    with scope(municipality=mannheim):
        Organisation.objects.filter(pk=by_organisation.organiser_organisation_id).update(
            name="Verein Umbenannt"
        )
    moved(mannheim, office_name="Amt Umbenannt")
    assert b"<bdi>Verein Umbenannt</bdi>" in public_page(
        f"/mannheim/veranstaltungen/{by_organisation.pk}/", "de"
    )
    kept_pages = {
        (pk, language): public_page(f"/mannheim/veranstaltungen/{pk}/", language)
        for pk, language in pages
    }
    assert b'__value">Amt Umbenannt</dd>' in kept_pages[by_office.pk, "ar"]
    for (pk, language), page in kept_pages.items():
        assert page == public_page(f"/mannheim/veranstaltungen/{pk}/", language, forget=True)
