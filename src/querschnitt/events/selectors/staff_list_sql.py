"""The office's list of events read with plain SQL: its count and its page of rows.

Building the list's ORM query (`EventList` with `event_rows`: two subqueries over the dates,
three joins), counting it and reading a page of its values cost several times what the
database needs; so the two statements are written here, per database alias, with the same
conditions for each list shown (`zeige`) and format. `test_staff_list_sql.py` compares count
and rows with the ORM's for every list and format on SQLite and PostgreSQL.

Tenancy is the caller's: every statement names the municipality in its WHERE (the event's,
and the dates' as the event's), as django-scopes does not see plain SQL.
"""

from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.bodies.models import Body
from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import (
    PagedRows,
    column,
    converted_rows,
    count_where,
    field_converters,
)
from querschnitt.events.models import Event, EventDate, Format
from querschnitt.events.staff_rows import STAFF_EVENT_ROW_FIELDS
from querschnitt.network.models import Organisation

# the event's dates (`{condition}`: which of them)
DATES = (
    "SELECT {select} FROM {dates} d WHERE d.event_id = e.id"
    " AND d.municipality_id = e.municipality_id{condition}"
)
ROW_FIELDS = (
    column(Event, "id"),
    column(Event, "title"),
    column(Event, "format"),
    column(Format, "name"),
    None,  # the two moments: `_moment`
    None,
    None,
    column(Event, "state"),
    column(Event, "source_changed"),
    column(Event, "organiser"),
    column(Body, "name"),
    column(Organisation, "name"),
)
# the row's keys, as `event_rows(…).values(*STAFF_EVENT_ROW_FIELDS)` names them
KEYS = STAFF_EVENT_ROW_FIELDS


@lru_cache(maxsize=4096)
def _converted_moment(using: str, value: Any, kind: str, zone: tzinfo | None, fold: int) -> Any:
    # what the ORM makes of a start as the database gave it, remembered: the list converts
    # the same few moments for every visitor. Equal moments of another type, zone or fold
    # are other values, so they are part of the key.
    connection = connections[using]
    ((col, chain),) = field_converters((column(EventDate, "start"),), connection)
    for converter in chain:
        value = converter(value, col, connection)
    return value


def _moment(using: str, value: Any) -> Any:
    """A start as the ORM gives it (both starts of a row are datetime columns alike)."""
    if value is None:
        return None
    return _converted_moment(
        using,
        value,
        type(value).__name__,
        getattr(value, "tzinfo", None),
        getattr(value, "fold", 0),
    )


@dataclass(frozen=True)
class EventFilters:
    """What the list is asked for: `shown` the list (`zeige`: kommend, eingereicht, entwurf,
    vergangen, importiert), `format_id` one format or None, `now` the moment that "to come"
    counts from."""

    shown: str
    format_id: int | None
    now: datetime


@lru_cache(maxsize=8)
def _tables(using: str) -> dict[str, str]:
    quote = connections[using].ops.quote_name
    dates = quote(EventDate._meta.db_table)
    start, end = quote("start"), quote("end")
    organisers = (
        f" LEFT JOIN {quote(Format._meta.db_table)} f ON f.id = e.format_id"
        f" LEFT JOIN {quote(Body._meta.db_table)} b ON b.id = e.organiser_body_id"
        f" LEFT JOIN {quote(Organisation._meta.db_table)} o ON o.id = e.organiser_organisation_id"
    )
    return {
        "events": f"{quote(Event._meta.db_table)} e",
        "joined": f"{quote(Event._meta.db_table)} e{organisers}",
        "organisers": organisers,
        "coming": DATES.format(select="1", dates=dates, condition=f" AND d.{end} >= %s"),
        "next_start": DATES.format(
            select=f"MIN(d.{start})",
            dates=dates,
            condition=f" AND d.{end} >= %s AND NOT d.cancelled",
        ),
        "all_count": DATES.format(select="COUNT(*)", dates=dates, condition=""),
        # the dates to come of every event, grouped: the list to come joins them once
        # instead of asking three correlated subqueries per event
        "coming_dates": f"SELECT d.event_id, COUNT(*) AS date_count,"  # noqa: S608
        f" MIN(CASE WHEN NOT d.cancelled THEN d.{start} END) AS next_start"
        f" FROM {dates} d WHERE d.municipality_id = %s AND d.{end} >= %s GROUP BY d.event_id",
        "start": f"e.{start}",
    }


def _where(
    using: str, municipality: Municipality, filters: EventFilters, *, joined: bool = False
) -> tuple[str, list[Any]]:
    """The list's conditions; `joined`: the dates to come are joined (`_coming_dates`), so the
    list to come needs no condition on them."""
    tables = _tables(using)
    now = connections[using].ops.adapt_datetimefield_value(filters.now)
    conditions = ["e.municipality_id = %s"]
    params: list[Any] = [municipality.pk]
    if filters.shown == "eingereicht":
        conditions.append("e.state = %s")
        params.append(Event.State.SUBMITTED.value)
    elif filters.shown == "entwurf":
        conditions.append("e.state IN (%s, %s)")
        params += [Event.State.DRAFT.value, Event.State.REJECTED.value]
    elif filters.shown == "vergangen":
        conditions.append(f"e.state = %s AND NOT EXISTS({tables['coming']})")
        params += [Event.State.PUBLISHED.value, now]
    elif filters.shown == "importiert":
        conditions.append("e.source_changed")
    elif joined:
        conditions.append("e.state = %s")
        params.append(Event.State.PUBLISHED.value)
    else:
        conditions.append(f"EXISTS({tables['coming']}) AND e.state = %s")
        params += [now, Event.State.PUBLISHED.value]
    if filters.format_id is not None:
        conditions.append("e.format_id = %s")
        params.append(filters.format_id)
    return " AND ".join(conditions), params


def _coming_only(filters: EventFilters) -> bool:
    return filters.shown not in ("eingereicht", "entwurf", "vergangen", "importiert")


def _coming_dates(
    using: str, municipality: Municipality, filters: EventFilters
) -> tuple[str, list[Any]]:
    """The list's FROM when it is the list to come: the dates to come of the municipality
    grouped by event, joined with their events. The grouped dates come first, so that SQLite
    finds each event by its key instead of building an index over the groups every time."""
    now = connections[using].ops.adapt_datetimefield_value(filters.now)
    tables = _tables(using)
    return (
        f"({tables['coming_dates']}) g INNER JOIN {tables['events']} ON e.id = g.event_id"
        f"{tables['organisers']}",
        [municipality.pk, now],
    )


def event_count(*, municipality: Municipality, filters: EventFilters) -> int:
    """How many events of the municipality the list finds."""
    using = router.db_for_read(Event)
    where, params = _where(using, municipality, filters)
    return count_where(using, _tables(using)["events"], where, params)


def event_values(
    *, municipality: Municipality, filters: EventFilters, offset: int, limit: int
) -> list[dict[str, Any]]:
    """The list's rows `offset` to `offset + limit`, as `event_rows(…).values(
    *STAFF_EVENT_ROW_FIELDS)` gives them, in the list's order."""
    using = router.db_for_read(Event)
    tables = _tables(using)
    coming_only = _coming_only(filters)
    where, params = _where(using, municipality, filters, joined=coming_only)
    if coming_only:
        table, head = _coming_dates(using, municipality, filters)
        dates = "g.next_start AS next_start, g.date_count"
    else:
        now = connections[using].ops.adapt_datetimefield_value(filters.now)
        table, head = tables["joined"], [now]
        dates = f"({tables['next_start']}) AS next_start, ({tables['all_count']})"
    if filters.shown == "eingereicht":
        order = "e.submitted_at, e.id"
    elif filters.shown == "vergangen":
        order = f"{tables['start']} DESC, e.id DESC"
    else:
        order = f"next_start, {tables['start']}, e.id"
    sql = (
        f"SELECT e.id, e.title, e.format_id, f.name, {tables['start']}, {dates},"  # noqa: S608
        " e.state, e.source_changed, e.organiser, b.name, o.name"
        f" FROM {table} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
    )
    rows = converted_rows(sql, [*head, *params, limit, offset], ROW_FIELDS)
    for row in rows:
        row[4], row[5] = _moment(using, row[4]), _moment(using, row[5])
    return [dict(zip(KEYS, row, strict=True)) for row in rows]


class EventRows(PagedRows):
    """The list as Django's `Paginator` takes it: `event_count` and `event_values`."""

    counted = staticmethod(event_count)
    read = staticmethod(event_values)
