"""Importing an external calendar: repeats expanded exactly as `recurring-ical-events` expands
them (BYDAY=-1SU, EXDATE, a moved single date), all-day and several-day events kept all-day,
changes and cancellations taken over on the next import, an event edited here flagged
instead of overwritten; a file that is no calendar or an address in a private network
changes nothing."""

import calendar
from datetime import date, datetime, timedelta

import pytest
import recurring_ical_events
from django.utils import timezone
from django_scopes import scope

from querschnitt.events.fetch import FetchError, fetch_calendar
from querschnitt.events.ical_in import CalendarProblem, parse
from querschnitt.events.models import CalendarSubscription, Event, EventDate, Format
from querschnitt.events.services.events import event_update
from querschnitt.events.services.imports import import_window, subscription_import
from querschnitt.events.tests.helpers import office_user

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def last_sunday(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - 6) % 7)


LEFT_OUT = last_sunday(YEAR + 1, 2)
MOVED = last_sunday(YEAR + 1, 3)
MOVED_TO = MOVED - timedelta(days=1)

# As Outlook exports it: its own name for the time zone, a monthly meeting on the last
# Sunday, one date left out, one moved; an all-day event over three days.
OUTLOOK = f"""BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
METHOD:PUBLISH
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E0080000000010C5AF6B
SUMMARY:Elterncafé International
LOCATION:Familienzentrum\\, Mannheim
DTSTART;TZID=W. Europe Standard Time:{YEAR}0125T150000
DTEND;TZID=W. Europe Standard Time:{YEAR}0125T170000
RRULE:FREQ=MONTHLY;BYDAY=-1SU;COUNT=30
EXDATE;TZID=W. Europe Standard Time:{LEFT_OUT:%Y%m%d}T150000
DTSTAMP:{YEAR}0101T120000Z
END:VEVENT
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E0080000000010C5AF6B
RECURRENCE-ID;TZID=W. Europe Standard Time:{MOVED:%Y%m%d}T150000
SUMMARY:Elterncafé International (Ostern)
DTSTART;TZID=W. Europe Standard Time:{MOVED_TO:%Y%m%d}T160000
DTEND;TZID=W. Europe Standard Time:{MOVED_TO:%Y%m%d}T180000
DTSTAMP:{YEAR}0101T120000Z
END:VEVENT
BEGIN:VEVENT
UID:outlook-allday-fest
SUMMARY:Fest der Kulturen
DTSTART;VALUE=DATE:{YEAR + 1}0612
DTEND;VALUE=DATE:{YEAR + 1}0615
DTSTAMP:{YEAR}0101T120000Z
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n").encode()


def subscription(municipality) -> CalendarSubscription:
    with scope(municipality=municipality):
        found = Format.objects.create(municipality=municipality, name="Elterncafé", slug="ec")
        return CalendarSubscription.objects.create(
            municipality=municipality, format=found, url="https://verein.example/kalender.ics"
        )


def imported(municipality, uid: str) -> list[tuple[datetime, datetime, bool, bool]]:
    with scope(municipality=municipality):
        return list(
            EventDate.objects.filter(event__source_uid=uid)
            .order_by("start")
            .values_list("start", "end", "event__all_day", "cancelled")
        )


def test_an_outlook_calendar_is_expanded_as_the_library_expands_it(mannheim) -> None:
    feed = subscription(mannheim)
    now = timezone.now()
    with scope(municipality=mannheim):
        counts = subscription_import(subscription=feed, content=OUTLOOK, now=now)
    since, until = import_window(now)
    expected = sorted(
        (component.start, component.end)
        for component in recurring_ical_events.of(parse(OUTLOOK)).between(since, until)
        if str(component["uid"]).startswith("0400")
    )
    dates = imported(mannheim, "040000008200E00074C5B7101A82E0080000000010C5AF6B")
    assert [(start, end) for start, end, _all_day, _c in dates] == expected
    assert len(dates) > 10
    local = [timezone.localtime(start) for start, *_rest in dates]
    moved = [d for d in local if (d.year, d.month) == (MOVED.year, MOVED.month)]
    assert [(d.date(), d.hour) for d in moved] == [(MOVED_TO, 16)], "moved, not the rule's"
    assert all(d.hour == 15 and d.weekday() == 6 for d in local if d not in moved)
    assert all(d.date() == last_sunday(d.year, d.month) for d in local if d not in moved)
    assert LEFT_OUT not in [d.date() for d in local], "EXDATE"
    ((start, end, all_day, _cancelled),) = imported(mannheim, "outlook-allday-fest")
    assert all_day
    assert (timezone.localtime(end).date() - timezone.localtime(start).date()).days == 3
    assert counts["added"] == len(dates) + 1


def test_the_next_import_takes_over_changes_and_flags_what_was_edited_here(mannheim) -> None:
    feed = subscription(mannheim)
    with scope(municipality=mannheim):
        subscription_import(subscription=feed, content=OUTLOOK)
        fest = Event.objects.get(source_uid="outlook-allday-fest")
        event_update(event=fest, by=office_user(), cost_note="Eintritt frei")
    changed = (
        OUTLOOK.decode()
        .replace("SUMMARY:Elterncafé International\r\n", "SUMMARY:Elterncafé Weltweit\r\n")
        .replace("SUMMARY:Fest der Kulturen", "SUMMARY:Fest aller Kulturen")
        .replace(
            "SUMMARY:Elterncafé International (Ostern)",
            "SUMMARY:Elterncafé International (Ostern)\r\nSTATUS:CANCELLED",
        )
    ).encode()
    with scope(municipality=mannheim):
        counts = subscription_import(subscription=feed, content=changed)
        series = Event.objects.get(source_uid__startswith="0400")
        fest.refresh_from_db()
    assert series.title["de"] == "Elterncafé Weltweit"
    assert counts["cancelled"] == 1
    cancelled = [
        timezone.localtime(start).day
        for start, _end, _all_day, cancelled in imported(mannheim, series.source_uid)
        if cancelled
    ]
    assert cancelled == [MOVED_TO.day]
    assert fest.title["de"] == "Fest der Kulturen", "edited here: not overwritten"
    assert fest.source_changed
    assert counts["flagged"] >= 1


def test_what_is_no_calendar_changes_nothing(mannheim) -> None:
    feed = subscription(mannheim)
    with scope(municipality=mannheim):
        before = Event.objects.count()
        for content in (b"<html><body>Kalender</body></html>", b"BEGIN:VCALENDAR\r\nBROKEN"):
            with pytest.raises(CalendarProblem):
                subscription_import(subscription=feed, content=content)
        feed.refresh_from_db()
        assert Event.objects.count() == before
    assert feed.last_error
    assert feed.last_success_at is None
    with pytest.raises(FetchError, match="private network"):
        fetch_calendar("https://127.0.0.1/kalender.ics")
