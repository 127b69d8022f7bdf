"""Repeat rules (RRULE of RFC 5545): checked, and expanded into dates exactly as
`recurring-ical-events` expands them, in Europe/Berlin (summer time included).

An all-day date runs from local midnight to the midnight after its last day."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

import recurring_ical_events
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur

# More dates than this are refused: a series of a few years of weekly dates fits.
MAX_DATES = 260
PARTS = {
    "FREQ",
    "INTERVAL",
    "UNTIL",
    "COUNT",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "BYWEEKNO",
    "BYYEARDAY",
    "WKST",
}
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def until_of(day: date, *, all_day: bool) -> date | datetime:
    """UNTIL for "up to and including this day": a date for all-day events, else the end of
    the local day in UTC (RFC 5545 wants UTC when DTSTART has a time zone)."""
    if all_day:
        return day
    return local_midnight(day + timedelta(days=1)).astimezone(UTC) - timedelta(seconds=1)


def weekday_position(start: date) -> str:
    """BYDAY for "the same weekday of the month": `2TH`, or `-1SU` in the last week."""
    weekday = WEEKDAYS[start.weekday()]
    if (start + timedelta(days=7)).month != start.month:
        return f"-1{weekday}"
    return f"{(start.day - 1) // 7 + 1}{weekday}"


def rrule_clean(text: str, *, start: datetime, end: datetime, all_day: bool) -> str:
    """The rule in its normal form; ValidationError with a reason if it cannot be used."""
    text = text.strip().removeprefix("RRULE:").strip()
    if not text:
        return ""
    try:
        rule = vRecur.from_ical(text)
    except (ValueError, TypeError) as error:
        raise ValidationError(_("This is not a repeat rule of RFC 5545.")) from error
    unknown = sorted(set(rule) - PARTS)
    if unknown:
        raise ValidationError(
            _("This repeat rule uses parts that are not supported here: %(parts)s.")
            % {"parts": ", ".join(unknown)}
        )
    if not set(rule.get("FREQ", [])) <= FREQUENCIES or len(rule.get("FREQ", [])) != 1:
        raise ValidationError(
            _("A repeat rule begins with how often: daily, weekly, monthly or yearly.")
        )
    if "UNTIL" in rule and "COUNT" in rule:
        raise ValidationError(_("A repeat rule ends either on a date or after a number of dates."))
    if "UNTIL" not in rule and "COUNT" not in rule:
        raise ValidationError(
            _(
                "A repeat rule needs an end: a last date (UNTIL) or a number of dates (COUNT). "
                "Series without an end cannot take registrations."
            )
        )
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        if isinstance(until, datetime):
            rule["UNTIL"] = [until.astimezone(UTC) if until.tzinfo else until.replace(tzinfo=UTC)]
        else:
            rule["UNTIL"] = [until_of(until, all_day=all_day)]
    normal = rule.to_ical().decode()
    try:
        dates = expand(start=start, end=end, all_day=all_day, rrule=normal, limit=MAX_DATES + 1)
    except (ValueError, TypeError, recurring_ical_events.InvalidCalendar) as error:
        raise ValidationError(_("This repeat rule cannot be expanded into dates.")) from error
    if len(dates) > MAX_DATES:
        raise ValidationError(
            _("This repeat rule makes more than %(count)d dates; end it earlier.")
            % {"count": MAX_DATES}
        )
    if len(dates) < 2:
        raise ValidationError(_("This repeat rule makes no date after the first one."))
    return normal


def expand(
    *, start: datetime, end: datetime, all_day: bool, rrule: str, limit: int = MAX_DATES
) -> list[tuple[datetime, datetime]]:
    """The dates (start, end) of the first date and its repeats, at most `limit`."""
    if not rrule:
        return [(start, end)]
    calendar = Calendar()
    component = Event()
    component.add("uid", "series")
    if all_day:
        component.add("dtstart", timezone.localtime(start).date())
        component.add("dtend", timezone.localtime(end).date())
    else:
        component.add("dtstart", timezone.localtime(start))
        component.add("dtend", timezone.localtime(end))
    component.add("rrule", vRecur.from_ical(rrule))
    calendar.add_component(component)
    found = []
    for occurrence in islice(recurring_ical_events.of(calendar).all(), limit):
        begins, ends = occurrence.start, occurrence.end
        if all_day:
            found.append((local_midnight(begins), local_midnight(ends)))
        else:
            found.append((begins, ends))
    return found


def rule_from_choice(
    *,
    repeat: str,
    start: datetime,
    all_day: bool,
    until: date | None,
    count: int | None,
    custom: str,
) -> str:
    """An RRULE from the staff form's choices (or the rule written out under "custom")."""
    if repeat == "" or repeat == "none":
        return ""
    if repeat == "custom":
        return custom
    local = timezone.localtime(start)
    parts = {
        "daily": "FREQ=DAILY",
        "weekly": "FREQ=WEEKLY",
        "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
        "monthly_day": f"FREQ=MONTHLY;BYMONTHDAY={local.day}",
        "monthly_weekday": f"FREQ=MONTHLY;BYDAY={weekday_position(local.date())}",
        "yearly": "FREQ=YEARLY",
    }[repeat]
    if count:
        return f"{parts};COUNT={count}"
    if until:
        value = until_of(until, all_day=all_day)
        stamp = (
            value.strftime("%Y%m%dT%H%M%SZ")
            if isinstance(value, datetime)
            else value.strftime("%Y%m%d")
        )
        return f"{parts};UNTIL={stamp}"
    return parts
