"""The calendar as iCalendar (RFC 5545): a Europe/Berlin VTIMEZONE, one VEVENT per date with
a stable UID, a SEQUENCE that grows with each change a calendar must take over, cancelled
dates kept with STATUS:CANCELLED. Written date by date as it is read, so that a feed of ten
thousand events streams in the memory of one chunk.

The lines are written here rather than through the `icalendar` library, whose serialisation
cost milliseconds per date; the feed tests check the result with vobject (strict) and
`icalendar`, and a property test does so for arbitrary text."""

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django_scopes import scope

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.translation import translate
from querschnitt.events.models import EventDate

PRODID = "-//Querschnitt//Veranstaltungen//DE"
BERLIN = ZoneInfo("Europe/Berlin")
# Rows fetched at a time, and dates written per chunk of the response.
CHUNK = 500
WRITE_EVERY = 50
# What a VEVENT shows: only these columns are read (and no JSON the feed does not need).
FIELDS = (
    *("start", "end", "updated_at", "cancelled", "sequence", "event"),
    *("event__updated_at", "event__created_at", "event__all_day", "event__online"),
    *("event__title", "event__description", "event__format__name", "event__place_name"),
    *("event__room", "event__street_address", "event__postal_code", "event__locality"),
)
LINE_OCTETS = 75

# Europe/Berlin by its rules: summer time from the last Sunday of March, 02:00, to the last
# Sunday of October, 03:00.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZNAME:CEST",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZNAME:CET",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "END:VTIMEZONE",
)

# Control characters are not allowed in TEXT values (RFC 5545 3.3.11), except tab.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value: str) -> str:
    """What a TEXT value can carry: line breaks as LF, no other control characters."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped."""
    value = clean_text(value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line with CRLF, folded so that no line is longer than 75 octets and no
    UTF-8 sequence is split; a continuation line begins with a space."""
    if len(line) <= LINE_OCTETS and (line.isascii() or len(line.encode()) <= LINE_OCTETS):
        return line + "\r\n"
    if line.isascii():
        rest = range(LINE_OCTETS, len(line), LINE_OCTETS - 1)
        pieces = [line[:LINE_OCTETS], *(line[at : at + LINE_OCTETS - 1] for at in rest)]
        return "\r\n ".join(pieces) + "\r\n"
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def berlin_time(name: str, value: datetime) -> str:
    local = value.astimezone(BERLIN)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        # The hour the clock runs twice in October: readers differ on which of the two a
        # Berlin time names (RFC 5545 3.3.5 says the first), so these instants go in UTC.
        return f"{name}:{utc_stamp(value)}"
    return f"{name};TZID=Europe/Berlin:{local.strftime('%Y%m%dT%H%M%S')}"


def whole_day(name: str, value: date) -> str:
    return f"{name};VALUE=DATE:{value.strftime('%Y%m%d')}"


def uid_domain() -> str:
    """The deployment's host: UIDs stay the same whichever address a feed is fetched at."""
    return urlsplit(settings.PUBLIC_BASE_URL).hostname or "querschnitt.invalid"


def date_uid(found: EventDate, domain: str | None = None) -> str:
    return f"event-date-{found.pk}@{domain or uid_domain()}"


def calendar_head(name: str) -> str:
    lines = (
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Berlin",
        *VTIMEZONE,
    )
    return "".join(fold(line) for line in lines)


class VeventWriter:
    """Writes dates as VEVENTs; what is the same for every date is worked out once."""

    def __init__(self, municipality: Municipality) -> None:
        self.domain = uid_domain()
        marker = 987654321
        detail = municipality_reverse(municipality, "events:detail", pk=marker)
        self.url_head, _marker, self.url_tail = (settings.PUBLIC_BASE_URL + detail).partition(
            str(marker)
        )

    def lines(self, found: EventDate) -> Iterator[str]:
        """One date as VEVENT lines (its event and format selected with it)."""
        event = found.event
        changed = max(found.updated_at, event.updated_at)
        url = f"{self.url_head}{event.pk}{self.url_tail}"
        yield "BEGIN:VEVENT"
        yield f"UID:{date_uid(found, self.domain)}"
        yield f"DTSTAMP:{utc_stamp(changed)}"
        yield f"LAST-MODIFIED:{utc_stamp(changed)}"
        yield f"CREATED:{utc_stamp(event.created_at)}"
        if event.all_day:
            yield whole_day("DTSTART", found.start.astimezone(BERLIN).date())
            yield whole_day("DTEND", found.end.astimezone(BERLIN).date())
        else:
            yield berlin_time("DTSTART", found.start)
            yield berlin_time("DTEND", found.end)
        yield f"SUMMARY:{escape_text(clean_text(translate(event.title).text) or '–')}"
        # control characters out before the ends are trimmed, so that none hides a space
        description = clean_text(f"{translate(event.description).text}\n\n{url}").strip()
        yield f"DESCRIPTION:{escape_text(description)}"
        yield f"URL:{url}"
        if place := clean_text(event.place_text):
            yield f"LOCATION:{escape_text(place)}"
        elif event.online:
            yield "LOCATION:Online"
        yield f"STATUS:{'CANCELLED' if found.cancelled else 'CONFIRMED'}"
        yield f"SEQUENCE:{found.sequence}"
        yield "TRANSP:OPAQUE"
        if event.format is not None and (category := clean_text(event.format.name)):
            yield f"CATEGORIES:{escape_text(category)}"
        yield "END:VEVENT"

    def write(self, found: EventDate) -> str:
        return "".join(fold(line) for line in self.lines(found))


def calendar_text(dates: Iterable[EventDate], *, municipality: Municipality, name: str) -> str:
    """A whole calendar of the given dates at once (for tests and small calendars)."""
    writer = VeventWriter(municipality)
    body = "".join(writer.write(found) for found in dates)
    return f"{calendar_head(name)}{body}END:VCALENDAR\r\n"


def calendar_stream(
    dates: QuerySet[EventDate], *, municipality: Municipality, name: str
) -> Iterator[bytes]:
    """The whole calendar, written piece by piece as the dates are read (one query, its
    rows fetched CHUNK at a time). Runs after the view has returned, so it enters the
    municipality's scope itself."""
    yield calendar_head(name).encode()
    with scope(municipality=municipality):
        writer = VeventWriter(municipality)
        pending: list[str] = []
        read = dates.select_related(None).select_related("event__format").only(*FIELDS)
        for found in read.iterator(chunk_size=CHUNK):
            pending.append(writer.write(found))
            if len(pending) == WRITE_EVERY:
                yield "".join(pending).encode()
                pending = []
        yield ("".join(pending) + "END:VCALENDAR\r\n").encode()
