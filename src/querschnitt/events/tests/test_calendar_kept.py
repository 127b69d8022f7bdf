"""The calendar's first page (its dates and their rows) and its filters (what they ask for,
their markup, the query string) are kept for the public by the rows they are drawn from as
read (`CalendarList.first_page`, `CalendarMixin.asked_filters`): the first request after a
change elsewhere (the content version moved, the rows as they were) writes nothing and makes
no form; a change of a date, an event, a format or an organiser, even one that no signal
reports, shows at once and is the page made afresh."""

from collections.abc import Callable
from typing import Any

import pytest
from django_scopes import scope, scopes_disabled

from conftest import content_moved, public_page
from querschnitt.core.models import Municipality
from querschnitt.events.models import Event, EventDate, Format
from querschnitt.events.selectors.calendar import CalendarFilters, DateRow, upcoming_rows
from querschnitt.events.views import public
from querschnitt.network.models import Organisation

pytestmark = pytest.mark.django_db

CALENDAR = "/mannheim/veranstaltungen/"
FILTERED = [
    "/mannheim/veranstaltungen/?veranstalter=office",
    "/mannheim/veranstaltungen/?online=on&barrierefrei=on",
    "/mannheim/veranstaltungen/monat/?kostenlos=on",
]


@pytest.fixture
def written(monkeypatch) -> list[str]:
    """What was made: the first page's dates, its rows, filter forms."""
    found: list[str] = []

    def counted(name: str, made: Callable[..., Any]) -> Callable[..., Any]:
        def make(*args: Any, **kwargs: Any) -> Any:
            found.append(name)
            return made(*args, **kwargs)

        return make

    monkeypatch.setattr(public, "dates_of", counted("dates", public.dates_of))
    monkeypatch.setattr(public, "date_rows", counted("rows", public.date_rows))
    monkeypatch.setattr(public, "CalendarFilterForm", counted("form", public.CalendarFilterForm))
    return found


def first_rows(mannheim: Municipality) -> list[DateRow]:
    with scopes_disabled():
        return upcoming_rows(municipality=mannheim, filters=CalendarFilters())[0]


def test_kept_when_the_content_version_moves_alone(mannheim, written) -> None:
    fresh = {
        (path, language): public_page(path, language, forget=True)
        for path in (CALENDAR, *FILTERED)
        for language in ("de", "ar")
    }
    for path in (CALENDAR, *FILTERED):
        for language in ("de", "ar"):
            public_page(path, language)  # made again after the last fresh one forgot them
    written.clear()
    for language in ("de", "ar", "de", "ar"):
        content_moved(mannheim)
        assert public_page(CALENDAR, language) == fresh[CALENDAR, language]
    assert written == []
    for path in FILTERED:
        for language in ("de", "ar"):
            content_moved(mannheim)
            assert public_page(path, language) == fresh[path, language]
    assert "form" not in written


def test_a_change_no_signal_reports_shows_at_once(mannheim, written) -> None:
    rows = first_rows(mannheim)
    first = rows[0]
    with scopes_disabled():
        event = Event.objects.get(pk=first.event_id)
        formatted = Event.objects.get(pk=next(row.event_id for row in rows if row.format_name))
        organised = Event.objects.get(
            pk=next(
                row.event_id
                for row in rows
                if row.organiser_shown is not None
                and Event.objects.get(pk=row.event_id).organiser_organisation_id
            )
        )
    changes = [
        (
            lambda: EventDate.objects.filter(pk=first.pk).update(cancelled=True),
            b"kern-badge--danger",
            ["dates", "rows"],
        ),
        (
            lambda: Event.objects.filter(pk=event.pk).update(title={"de": "Umbenannt"}),
            b"Umbenannt",
            ["dates", "rows"],
        ),
        (
            lambda: Format.objects.filter(pk=formatted.format_id).update(name="Anderes Format"),
            b"Anderes Format",
            ["form", "dates", "rows"],
        ),
        (
            lambda: Organisation.objects.filter(pk=organised.organiser_organisation_id).update(
                name="Anderer Verein"
            ),
            b"Anderer Verein",
            ["form", "dates", "rows"],
        ),
        (
            lambda: Municipality.objects.filter(pk=mannheim.pk).update(office_name="Neues Amt"),
            b"Neues Amt",
            ["form", "rows"],
        ),
    ]
    for change, shown, made in changes:
        for language in ("en", "ar"):
            public_page(CALENDAR, language)  # all kept in both languages
        with scope(municipality=mannheim):
            change()
        pages = {}
        for language in ("en", "ar"):
            content_moved(mannheim)
            written.clear()
            pages[language] = public_page(CALENDAR, language)
            assert shown in pages[language]
            # the dates are converted once, in the first language
            expected = made if language == "en" else [name for name in made if name != "dates"]
            assert sorted(written) == sorted(expected), (shown, language)
        for language, page in pages.items():
            assert page == public_page(CALENDAR, language, forget=True)
