"""Template helpers of the calendar: when a date takes place, facts, languages, groups."""

from datetime import datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.events.models import EventDate, TargetGroup
from querschnitt.events.selectors.calendar import DateRow
from querschnitt.network.models import fact_label
from querschnitt.network.selectors.entries import language_name

register = template.Library()


@register.filter
def when(date: EventDate) -> str:
    """ "Tuesday, 3 March 2026, 17:00–18:30", an all-day date or several days in words."""
    return when_words(
        date.start, date.end, date.event.all_day, get_language(), timezone.get_current_timezone()
    )


@register.filter
def row_when(row: DateRow) -> str:
    """`when` of a calendar row read as plain values (`DateRow`)."""
    return when_words(
        row.start, row.end, row.all_day, get_language(), timezone.get_current_timezone()
    )


@lru_cache(maxsize=4096)
def when_words(start: datetime, end: datetime, all_day: bool, language: str, zone: tzinfo) -> str:
    # A calendar shows the same dates to every visitor: remembered (60 µs each), keyed by
    # everything the words depend on.
    start = timezone.localtime(start, zone)
    end = timezone.localtime(end, zone)
    if all_day:
        last = (end - timedelta(seconds=1)).date() if end > start else start.date()
        if last == start.date():
            return _("%(day)s, all day") % {"day": date_format(start, "l, j. F Y")}
        return _("%(first)s to %(last)s") % {
            "first": date_format(start, "l, j. F Y"),
            "last": date_format(last, "l, j. F Y"),
        }
    if end.date() == start.date():
        return _("%(day)s, %(start)s–%(end)s") % {
            "day": date_format(start, "l, j. F Y"),
            "start": date_format(start, "H:i"),
            "end": date_format(end, "H:i"),
        }
    return _("%(first)s to %(last)s") % {
        "first": date_format(start, "l, j. F Y, H:i"),
        "last": date_format(end, "l, j. F Y, H:i"),
    }


@register.filter
def fact(value: bool | None) -> str:
    return fact_label(value)


@register.filter
def language_names(codes: list[str] | None) -> str:
    return ", ".join(language_name(code) for code in codes or [])


@register.filter
def target_group_names(codes: list[str] | None) -> str:
    labels = dict(TargetGroup.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])


@register.simple_tag
def query_with(query: str, **extra: Any) -> str:
    """The list's filter query with further parameters."""
    from urllib.parse import urlencode

    addition = urlencode({key: value for key, value in extra.items() if value not in (None, "")})
    return "&".join(part for part in (query, addition) if part)
