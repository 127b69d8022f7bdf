"""The next dates on the public start page written out in Python, exactly as the `{% for %}`
loop of `events/start_section.html` wrote them (`portal/tests/test_start_sections.py` renders
both with arbitrary text in every language; `tests/test_start_section.py` compares the whole
section with the template over the ORM's dates): the section is rendered afresh on the first
request after every change of the municipality's data."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.safestring import SafeString
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.rows import date_shown, shown
from querschnitt.core.start_page import address, remembered_rows
from querschnitt.core.translation import translate
from querschnitt.events.templatetags.events import when_words


@dataclass(frozen=True, slots=True)
class StartDate:
    """What the section shows of a date (the fields of `DateRow` that it names)."""

    event_id: int
    start: datetime
    end: datetime
    cancelled: bool
    all_day: bool
    title: dict[str, str]


def _date_key(date: StartDate) -> tuple[Any, ...]:
    return (
        date.event_id,
        date.start,
        date.end,
        date.all_day,
        date.cancelled,
        tuple(date.title.items()),
    )


def _date_row(date: StartDate, municipality: Municipality) -> str:
    title = translate(date.title)
    url = address(municipality, "events:detail", pk=date.event_id)
    cancelled = f" ({_('cancelled')})" if date.cancelled else ""
    return (
        f'\n        <li><a class="kern-link" href="{shown(url)}"><span '
        f'lang="{shown(title.language)}" dir="{shown(title.direction)}">{shown(title.text)}'
        f'</span></a> – <time datetime="{date_shown(date.start, "c")}">'
        f"{shown(_when(date))}</time>{cancelled}</li>\n      "
    )


def _when(date: StartDate) -> str:
    """`row_when`."""
    return when_words(date.start, date.end, date.all_day, get_language(), get_current_timezone())


def date_rows(dates: Iterable[StartDate], *, municipality: Municipality) -> SafeString:
    return remembered_rows(municipality, dates, _date_key, _date_row)


def section_markup(municipality: Municipality, section: dict[str, Any]) -> str:
    """`events/start_section.html`."""
    if section["dates"]:
        dates = f'\n    <ul class="kern-list">\n      {section["rows"]()}\n    </ul>\n  '
    else:
        dates = f'\n    <p class="kern-body">{_("Nothing is planned at the moment.")}</p>\n  '
    calendar = shown(address(municipality, "events:calendar"))
    return (
        '<section aria-labelledby="events-start">\n'
        f'  <h2 class="kern-heading-medium" id="events-start">{_("Next dates")}</h2>\n'
        f"  {dates}\n"
        f'  <p class="kern-body"><a class="kern-link" href="{calendar}">{_("All events")}</a></p>\n'
        "</section>\n"
    )
