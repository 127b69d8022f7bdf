"""Reading an external iCalendar file: its events expanded into dates exactly as
`recurring-ical-events` expands them (BYDAY=-1SU, EXDATE and RECURRENCE-ID included), all-day
events kept all-day, floating times read as Europe/Berlin."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import recurring_ical_events
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

# At most this many dates are read from one calendar.
MAX_OCCURRENCES = 5000


class CalendarProblem(Exception):
    """The file cannot be imported; the message says why, for the office."""


@dataclass(frozen=True)
class Occurrence:
    """One date of an external event, keyed by its UID and its original start."""

    uid: str
    # Of a repeating event: the local day of the original start (its RECURRENCE-ID), so that a
    # series keeps its dates when its time of day changes; "" for a single event.
    recurrence: str
    start: datetime
    end: datetime
    all_day: bool
    summary: str
    description: str
    location: str
    url: str
    cancelled: bool

    @property
    def content_hash(self) -> str:
        """What the event says about itself, apart from its dates."""
        data = [self.summary, self.description, self.location, self.url, self.all_day]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def parse(content: bytes) -> Calendar:
    """The calendar in the file, or CalendarProblem if it is none."""
    text = content.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text.upper().startswith(b"BEGIN:VCALENDAR"):
        raise CalendarProblem(
            _("The address does not deliver an iCalendar file (BEGIN:VCALENDAR).")
        )
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise CalendarProblem(
            _("The calendar file cannot be read: %(reason)s") % {"reason": str(error)[:200]}
        ) from error
    if not calendars:
        raise CalendarProblem(
            _("The address does not deliver an iCalendar file (BEGIN:VCALENDAR).")
        )
    return calendars[0]


def _aware(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # floating time: the local time of the municipality
            return value.replace(tzinfo=timezone.get_current_timezone())
        return value.astimezone(timezone.get_current_timezone())
    return datetime.combine(value, time.min, tzinfo=timezone.get_current_timezone())


def _recurrence_key(component: Any, taken: set[tuple[str, str]]) -> str:
    found = component.get("recurrence-id")
    value = found.dt if found is not None else component.start
    key = _aware(value).strftime("%Y%m%d")
    if (str(component.get("uid")), key) in taken:  # two dates of a series on one day
        key = _aware(value).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    taken.add((str(component.get("uid")), key))
    return key


def repeating_uids(calendar: Calendar) -> set[str]:
    """The UIDs of events that repeat (a rule, further dates, or moved single dates)."""
    found = set()
    for component in calendar.walk("VEVENT"):
        if "RRULE" in component or "RDATE" in component or "RECURRENCE-ID" in component:
            found.add(str(component.get("uid", "")))
    return found


def _text(component: Any, name: str, limit: int) -> str:
    value = component.get(name)
    return str(value).strip()[:limit] if value is not None else ""


def occurrences(calendar: Calendar, *, since: datetime, until: datetime) -> list[Occurrence]:
    """Every date of every event between `since` and `until`."""
    try:
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
        found_components = list(_limited(query.between(since, until)))
    except (ValueError, TypeError, recurring_ical_events.InvalidCalendar) as error:
        raise CalendarProblem(
            _("The calendar's repeat rules cannot be expanded: %(reason)s")
            % {"reason": str(error)[:200]}
        ) from error
    repeating = repeating_uids(calendar)
    taken: set[tuple[str, str]] = set()
    found = []
    for component in found_components:
        uid = _text(component, "uid", 500)
        if not uid:
            continue
        start_value = component.start
        all_day = not isinstance(start_value, datetime)
        start = _aware(start_value)
        end = max(_aware(component.end), start)
        found.append(
            Occurrence(
                uid=uid,
                recurrence=_recurrence_key(component, taken) if uid in repeating else "",
                start=start,
                end=end,
                all_day=all_day,
                summary=_text(component, "summary", 300) or _("(without title)"),
                description=_text(component, "description", 5000),
                location=_text(component, "location", 500),
                url=_text(component, "url", 500),
                cancelled=_text(component, "status", 20).upper() == "CANCELLED",
            )
        )
    return found


def _limited(iterator: Any) -> Any:
    for count, item in enumerate(iterator):
        if count >= MAX_OCCURRENCES:
            raise CalendarProblem(
                _("The calendar has more than %(count)d dates in the time imported.")
                % {"count": MAX_OCCURRENCES}
            )
        yield item
