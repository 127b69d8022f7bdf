"""The rows of the office's list of events, written out in Python (see core/rows.py).

`staff_event_rows` gives exactly what the `{% for %}` loop of events/staff/event_list.html
gave; `events/tests/test_staff_rows.py` renders both with arbitrary text, in every language
and zone, for every state, organiser and list shown, and for an empty list.
"""

from collections.abc import Iterable
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality, choice_labels
from querschnitt.core.routing import municipality_reverser
from querschnitt.core.rows import date_shown, shown
from querschnitt.core.translation import translate
from querschnitt.events.models import Event

# What a row shows, read as plain values (`event_rows(…).values(…)`)
STAFF_EVENT_ROW_FIELDS = (
    "pk",
    "title",
    "format_id",
    "format__name",
    "start",
    "next_start",
    "date_count",
    "state",
    "source_changed",
    "organiser",
    "organiser_body__name",
    "organiser_organisation__name",
)
CELL = '            <td class="kern-table__cell">'


def organiser_name(row: dict[str, Any], *, municipality: Municipality) -> str:
    """`Event.organiser_name` of a row."""
    if row["organiser"] == Event.Organiser.BODY and row["organiser_body__name"] is not None:
        return str(row["organiser_body__name"])
    organisation = row["organiser_organisation__name"]
    if row["organiser"] == Event.Organiser.ORGANISATION and organisation is not None:
        return str(organisation)
    return municipality.office_name


@lru_cache(maxsize=4096)
def _when(
    value: datetime, kind: tzinfo | None, fold: int, zone: tzinfo, language: str | None
) -> str:
    # `date_shown` under the active `zone` and `language`, remembered: a list shows the same
    # few dates to every visitor. Equal moments of another zone or fold print differently,
    # so `value`'s own zone and fold are part of the key.
    return date_shown(value, "SHORT_DATETIME_FORMAT")


def _moment_shown(value: Any, zone: tzinfo, language: str | None) -> str:
    """`{{ value|date:"SHORT_DATETIME_FORMAT" }}` under the active `zone` and `language`."""
    if isinstance(value, datetime):
        return _when(value, value.tzinfo, value.fold, zone, language)
    return date_shown(value, "SHORT_DATETIME_FORMAT")


def staff_event_rows(
    events: Iterable[dict[str, Any]], *, shown_list: str, municipality: Municipality
) -> SafeString:
    """events/staff/event_list.html: the events as `.values(*STAFF_EVENT_ROW_FIELDS)`;
    `shown_list` the list shown (`zeige`)."""
    language = get_language()
    # each state's label escaped once, not once a row
    states = {
        state: shown(label)
        for state, label in choice_labels(Event._meta.get_field("state"), language).items()
    }
    office, untitled = _("the office"), _("Event")
    changed = (
        '<br><span class="kern-badge kern-badge--warning"><span class="kern-label">'
        f"{_('changed at the source')}</span></span>"
    )
    detail = municipality_reverser(municipality, "staff:event_detail")
    zone = get_current_timezone()
    parts = []
    for event in events:
        url = detail(pk=event["pk"])
        name = translate(event["title"], language).text or untitled
        kind = (
            f'<br><span class="kern-body--small">{shown(event["format__name"])}</span>'
            if event["format_id"] is not None
            else ""
        )
        if shown_list == "vergangen":
            when = _moment_shown(event["start"], zone, language)
        elif event["next_start"]:
            when = _moment_shown(event["next_start"], zone, language)
        else:
            when = "–"
        state = event["state"]
        organiser = (
            office
            if event["organiser"] == "office"
            else f"<bdi>{shown(organiser_name(event, municipality=municipality))}</bdi>"
        )
        parts.append(
            '\n          <tr class="kern-table__row">\n'
            '            <th class="kern-table__cell" scope="row"><a class="kern-link" '
            f'href="{shown(url)}">{shown(name)}</a>{kind}</th>\n'
            f'            <td class="kern-table__cell qs-events-nowrap">{when}</td>\n'
            f"{CELL}{shown(event['date_count'])}</td>\n"
            f"{CELL}{states[state] if state in states else shown(state)}"
            f"{changed if event['source_changed'] else ''}</td>\n"
            f"{CELL}{organiser}</td>\n"
            "          </tr>\n        "
        )
    if not parts:
        parts.append(
            '\n          <tr class="kern-table__row"><td class="kern-table__cell" colspan="5">'
            f"{_('No events found.')}</td></tr>\n        "
        )
    return mark_safe("".join(parts))
