"""The calendar's rows written out in Python (a row was some forty template nodes; a page of
twenty-five cost more than the rest of the page). `date_rows` gives byte for byte what the
loop over `events/_date_row.html` gave; `events/tests/test_rows.py` keeps that template and
compares both for arbitrary text, every language and every variant of a row."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape  # Django's `escape` without its lazy-text wrapper: the same text
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import date_shown
from querschnitt.core.translation import translate
from querschnitt.events.selectors.calendar import DateRow
from querschnitt.events.templatetags.events import when_words


@dataclass(frozen=True)
class _Words:
    """The row's fixed words in the active language, escaped once per list."""

    cancelled: str
    moved: str
    online: str
    step_free: str
    free: str

    @classmethod
    def now(cls) -> "_Words":
        return cls(
            cancelled=_badge_markup("danger", _("Cancelled")),
            moved=_badge_markup("warning", _("New date")),
            online=f" · <span>{escape(_('Online'))}</span>",
            step_free=f" · <span>{escape(_('Step-free access'))}</span>",
            free=f" · <span>{escape(_('Free of charge'))}</span>",
        )


def _badge_markup(kind: str, label: str) -> str:
    return (
        f' <span class="kern-badge kern-badge--{kind}"><span class="kern-label">'
        f"{escape(label)}</span></span>"
    )


def _meta(row: DateRow, office: str, words: _Words) -> str:
    organiser = (
        office if row.organiser_shown is None else f"<bdi>{escape(row.organiser_shown)}</bdi>"
    )
    return (
        "\n    "
        + (f"<span>{escape(row.format_name)}</span> · " if row.format_name is not None else "")
        + f"\n    <span>{organiser}</span>\n    "
        + (f" · <span><bdi>{escape(row.place_text)}</bdi></span>" if row.place_text else "")
        + f"\n    {words.online if row.online else ''}"
        + f"\n    {words.step_free if row.step_free else ''}"
        + f"\n    {words.free if row.free else ''}"
        + "\n  "
    )


def date_rows(rows: Iterable[DateRow], *, municipality: Municipality) -> SafeString:
    """The `<li>` of each date, as the calendar list and a format's page show them."""
    language = get_language()
    zone = timezone.get_current_timezone()
    office = escape(municipality.office_name)
    words = _words(language)
    parts = []
    for row in rows:
        url = municipality_reverse(municipality, "events:detail", pk=row.event_id)
        # everything the row's markup depends on: a changed value is another key
        key = (
            row.pk, row.event_id, row.start, row.end, row.cancelled, row.moved_at, row.all_day,
            tuple(row.title.items()), row.format_name, row.organiser_shown, row.place_text,
            row.online, row.step_free, row.free, url, office, language, zone,
        )  # fmt: skip
        try:
            found = _remembered.get(key)
        except TypeError:  # a title that holds more than texts: not remembered
            parts.append(_row(row, url, office, words, language, zone))
            continue
        if found is None:
            if len(_remembered) >= REMEMBERED_ROWS:
                _remembered.clear()
            found = _remembered[key] = _row(row, url, office, words, language, zone)
        parts.append(found)
    return mark_safe("".join(parts))  # every value above is escaped


# A calendar shows the same rows to every visitor, page after page: each row's markup is
# remembered under all the values it is made of (so a change is a new key, never stale).
REMEMBERED_ROWS = 4096
_remembered: dict[tuple[Any, ...], str] = {}


@lru_cache(maxsize=32)
def _words(language: str | None) -> _Words:
    return _Words.now()


def _row(
    row: DateRow, url: str, office: str, words: _Words, language: str | None, zone: Any
) -> str:
    title = translate(row.title)
    when = when_words(row.start, row.end, row.all_day, language, zone)
    badge = words.cancelled if row.cancelled else words.moved if row.moved_at else ""
    return (
        f'<li class="qs-events-date{" qs-events-date--cancelled" if row.cancelled else ""}">\n'
        "  \n"
        f'  <p class="qs-events-date__when"><time datetime="{date_shown(row.start, "c")}">'
        f"{escape(when)}</time>{badge}</p>\n"
        '  <h3 class="kern-heading-small qs-events-date__title"><a class="kern-link" '
        f'href="{escape(url)}" lang="{escape(title.language)}" dir="{title.direction}">'
        f"{escape(title.text)}</a></h3>\n"
        "  \n"
        '  <p class="kern-body kern-body--small qs-events-date__meta">'
        f"{_meta(row, office, words)}</p>\n"
        "</li>\n"
    )
