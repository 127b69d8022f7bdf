"""The dates section of an event's page written out in Python (its template had a branch for
every state of a date and of its registration, some hundred nodes for a dozen dates).
`dates_section` gives byte for byte what that template gave; `events/tests/test_event_dates.py`
keeps the template and compares both for arbitrary text, every language and every variant
(cancelled, moved, full, waiting list, registration open, not yet open or closed, unlimited
places, an event that has taken place)."""

from datetime import datetime
from html import escape  # Django's `escape` without its lazy-text wrapper: the same text

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import date_shown, shown
from querschnitt.events.models import Event, EventDate
from querschnitt.events.selectors.calendar import Places
from querschnitt.events.templatetags.events import when_words


def _when(date: EventDate, language: str | None, zone: object) -> str:
    return escape(when_words(date.start, date.end, date.event.all_day, language, zone))


def _places(event: Event, places: Places, free: int | None) -> str:
    if free is None:
        text = escape(_("Places are not limited."))
    elif free > 0 and not places.waiting:
        text = ngettext("%(count)s place free", "%(count)s places free", free) % {
            "count": shown(free)
        }
    elif event.waiting_list:
        text = ngettext(
            "Fully booked: %(count)s person is on the waiting list.",
            "Fully booked: %(count)s people are on the waiting list.",
            places.waiting,
        ) % {"count": shown(places.waiting)}
    else:
        text = escape(_("Fully booked."))
    return f'\n                <p class="kern-body">{text}</p>\n              '


def _registration(
    event: Event,
    date: EventDate,
    places: Places,
    free: int | None,
    *,
    when: str,
    municipality: Municipality,
    now: datetime,
) -> str:
    if date.registration_is_open():
        url = municipality_reverse(municipality, "events:register", pk=event.pk, date_pk=date.pk)
        label = _("Join the waiting list") if free == 0 or places.waiting else _("Register")
        return (
            f'\n                <p><a class="kern-btn kern-btn--primary" href="{escape(url)}">'
            f'<span class="kern-label">{escape(label)}<span class="kern-sr-only"> – {when}'
            "</span></span></a></p>\n              "
        )
    opens = event.registration_opens_at
    if opens and opens > now:
        text = _("Registration opens on %(when)s.") % {"when": date_shown(opens, "DATETIME_FORMAT")}
    else:
        text = escape(_("Registration has closed."))
    return f'\n                <p class="kern-body">{text}</p>\n              '


def _upcoming_item(
    event: Event,
    date: EventDate,
    places: Places,
    free: int | None,
    *,
    language: str | None,
    zone: object,
    municipality: Municipality,
    now: datetime,
) -> str:
    when = _when(date, language, zone)
    if date.cancelled:
        badge = (
            '<span class="kern-badge kern-badge--danger"><span class="kern-label">'
            f"{escape(_('Cancelled'))}</span></span>"
        )
    elif date.moved_at:
        badge = (
            '<span class="kern-badge kern-badge--warning"><span class="kern-label">'
            f"{escape(_('New date'))}</span></span>"
        )
    else:
        badge = ""
    if date.cancelled:
        reason = (
            f'<p class="kern-body" lang="de">{escape(date.cancel_reason)}</p>'
            if date.cancel_reason
            else ""
        )
        state = f"\n              {reason}\n            "
    elif event.registration:
        state = (
            "\n              "
            + _places(event, places, free)
            + "\n              "
            + _registration(
                event, date, places, free, when=when, municipality=municipality, now=now
            )
            + "\n            "
        )
    else:
        state = ""
    return (
        '\n          <li class="qs-events-dates__item'
        f'{" qs-events-date--cancelled" if date.cancelled else ""}">\n'
        f'            <p class="kern-body"><strong><time datetime="{date_shown(date.start, "c")}">'
        f"{when}</time></strong>\n"
        f"              {badge}\n"
        "            </p>\n"
        f"            {state}\n"
        "          </li>\n        "
    )


def dates_section(
    *,
    event: Event,
    upcoming: list[tuple[EventDate, Places, int | None]],
    past: list[EventDate],
    municipality: Municipality,
    now: datetime,
) -> SafeString:
    """`<section>` of the dates: those to come with their places and registration, or, once
    the event has taken place, its last dates."""
    language = get_language()
    zone = timezone.get_current_timezone()
    heading = _("Dates") if len(upcoming) > 1 else _("When")
    if upcoming:
        items = "".join(
            _upcoming_item(
                event,
                date,
                places,
                free,
                language=language,
                zone=zone,
                municipality=municipality,
                now=now,
            )
            for date, places, free in upcoming
        )
        body = f'\n      <ul class="qs-events-dates">\n        {items}\n      </ul>\n    '
    else:
        cancelled = f" ({escape(_('cancelled'))})"
        ended = (
            '<ul class="kern-list">'
            + "".join(
                f"<li>{_when(date, language, zone)}{cancelled if date.cancelled else ''}</li>"
                for date in past
            )
            + "</ul>"
            if past
            else ""
        )
        body = (
            f'\n      <p class="kern-body">{escape(_("This event has taken place."))}</p>'
            f"\n      {ended}\n    "
        )
    feed = municipality_reverse(municipality, "events:event_feed", pk=event.pk)
    return mark_safe(
        '<section aria-labelledby="dates-heading">\n'
        f'    <h2 class="kern-heading-medium" id="dates-heading">{escape(heading)}</h2>\n'
        f"    {body}\n"
        f'    <p class="kern-body"><a class="kern-link" href="{escape(feed)}">'
        f"{escape(_('Add to my calendar (iCalendar)'))}</a></p>\n"
        "  </section>"
    )
