"""The calendar as iCalendar (RFC 5545): a Europe/Berlin VTIMEZONE, one VEVENT per date with
a stable UID, a SEQUENCE that grows with each change a calendar must take over, cancelled
dates kept with STATUS:CANCELLED. Written date by date as it is read, so that a feed of ten
thousand events streams in the memory of one."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django_scopes import scope
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.translation import translate
from querschnitt.events.models import EventDate

PRODID = "-//Querschnitt//Veranstaltungen//DE"
CHUNK = 500


def uid_domain() -> str:
    """The deployment's host: UIDs stay the same whichever address a feed is fetched at."""
    return urlsplit(settings.PUBLIC_BASE_URL).hostname or "querschnitt.invalid"


def date_uid(date: EventDate) -> str:
    return f"event-date-{date.pk}@{uid_domain()}"


def berlin_timezone() -> Timezone:
    """Europe/Berlin by its rules: summer time from the last Sunday of March, 02:00, to the
    last Sunday of October, 03:00."""
    zone = Timezone()
    zone.add("tzid", "Europe/Berlin")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("dtstart", datetime(1970, 3, 29, 2, 0))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("dtstart", datetime(1970, 10, 25, 3, 0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(microsecond=0)


def vevent(date: EventDate, *, municipality: Municipality) -> Event:
    """One date as a VEVENT (its event selected with it)."""
    event = date.event
    component = Event()
    component.add("uid", date_uid(date))
    changed = max(date.updated_at, event.updated_at)
    component.add("dtstamp", _utc(changed))
    component.add("last-modified", _utc(changed))
    component.add("created", _utc(event.created_at))
    if event.all_day:
        component.add("dtstart", timezone.localtime(date.start).date())
        component.add("dtend", timezone.localtime(date.end).date())
    else:
        component.add("dtstart", timezone.localtime(date.start).replace(microsecond=0))
        component.add("dtend", timezone.localtime(date.end).replace(microsecond=0))
    component.add("summary", translate(event.title).text or "–")
    url = settings.PUBLIC_BASE_URL + municipality_reverse(
        municipality, "events:detail", pk=event.pk
    )
    description = translate(event.description).text
    component.add("description", f"{description}\n\n{url}".strip())
    component.add("url", url)
    place = event.place_text
    if place:
        component.add("location", place)
    elif event.online:
        component.add("location", "Online")
    component.add("status", "CANCELLED" if date.cancelled else "CONFIRMED")
    component.add("sequence", date.sequence)
    component.add("transp", "OPAQUE")
    if event.format is not None:
        component.add("categories", [event.format.name])
    return component


def calendar_head(name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    calendar.add_component(berlin_timezone())
    text = calendar.to_ical()
    return text[: text.rindex(b"END:VCALENDAR")]


def calendar_stream(
    dates: QuerySet[EventDate], *, municipality: Municipality, name: str
) -> Iterator[bytes]:
    """The whole calendar, written piece by piece as the dates are read. Runs after the view
    has returned, so it enters the municipality's scope itself."""
    yield calendar_head(name)
    with scope(municipality=municipality):
        for date in dates.iterator(chunk_size=CHUNK):
            yield vevent(date, municipality=municipality).to_ical()
    yield b"END:VCALENDAR\r\n"
