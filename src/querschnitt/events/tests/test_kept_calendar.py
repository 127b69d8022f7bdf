"""The calendar's first page without filters is kept per content version while no date on it
ends (`KeptDates`); each page is compared with a fresh read as time passes."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import public_page
from querschnitt.core import selectors
from querschnitt.events.models import Event, EventDate
from querschnitt.events.views.public import KeptDates

pytestmark = pytest.mark.django_db

CALENDAR = "/mannheim/veranstaltungen/"


def page(language: str, *, fresh: bool = False) -> bytes:
    return public_page(CALENDAR, language, forget=fresh)


def first_ending(mannheim) -> EventDate:
    with scopes_disabled():
        return (
            EventDate.objects.filter(
                municipality=mannheim,
                event__state=Event.State.PUBLISHED,
                end__gte=timezone.now(),
            )
            .order_by("end")
            .first()
        )


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_kept_page_is_a_fresh_one_as_time_passes(mannheim, monkeypatch, language) -> None:
    first = first_ending(mannheim)
    assert first is not None
    kept = page(language)
    assert kept == page(language, fresh=True)
    for later in (
        first.end,
        first.end + timedelta(seconds=1),
        first.end + timedelta(days=3),
        first.end + timedelta(days=60),
    ):
        page(language)  # kept from a moment before
        monkeypatch.setattr(timezone, "now", lambda later=later: later)
        shown = page(language)
        assert shown == page(language, fresh=True), later
    assert shown != kept


def test_a_new_date_shows_on_the_next_request(mannheim) -> None:
    first = first_ending(mannheim)
    before = page("en")
    with scope(municipality=mannheim):
        event = first.event
        event.title = {"de": "Umbenannte Veranstaltung"}
        event.save()
    assert b"Umbenannte Veranstaltung" not in before
    assert b"Umbenannte Veranstaltung" in page("en")


class Row:
    def __init__(self, start: datetime, end: datetime) -> None:
        self.start, self.end = start, end


def test_kept_dates_are_read_again_once_one_ends_or_time_goes_back() -> None:
    start = datetime(2026, 3, 3, 17, tzinfo=UTC)
    reads: list[datetime] = []

    def read(now: datetime) -> Any:
        reads.append(now)
        return (), [Row(start, start + timedelta(hours=2)), Row(start, start + timedelta(days=3))]

    kept = KeptDates()
    for now in (start, start + timedelta(hours=1), start + timedelta(hours=2)):
        kept.kept_at(now, read)
    assert reads == [start]
    kept.kept_at(start + timedelta(hours=2, seconds=1), read)
    kept.kept_at(start - timedelta(seconds=1), read)
    assert len(reads) == 3
    empty = KeptDates()
    empty.kept_at(start, lambda now: ((), []))
    assert empty.kept_at(start + timedelta(days=900), read)[1] == []


def test_the_event_page_shows_a_renamed_event_and_format_at_once(mannheim) -> None:
    first = first_ending(mannheim)
    path = f"/mannheim/veranstaltungen/{first.event_id}/?x=1"  # not from the page cache
    before = Client().get(path).content
    with scope(municipality=mannheim):
        event = first.event
        event.title = {"de": "Umbenannte Veranstaltung"}
        event.save()
        if event.format is not None:
            event.format.name = "Umbenanntes Format"
            event.format.save()
    selectors._recent.clear()
    after = Client().get(path).content
    assert b"Umbenannte Veranstaltung" not in before
    assert b"Umbenannte Veranstaltung" in after
    if event.format is not None:
        assert b"Umbenanntes Format" in after
    assert Client().get(f"/bamberg/veranstaltungen/{first.event_id}/").status_code == 404
