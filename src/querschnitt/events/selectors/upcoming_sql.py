"""The calendar's page of coming dates as one plain SQL query kept per database alias
(`core/sql_rows.py`'s converters): the ORM took three times longer to build the query, with
its filters and four joins, than the database to answer it. The same rows, in the same order,
as `_upcoming(…).values_list(*ROW_FIELDS)` gives (`events/tests/test_upcoming_sql.py`
compares them for every filter, cursor and day on SQLite and PostgreSQL). Tenancy is the
caller's: the query names the municipality in its WHERE."""

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.bodies.models import Body
from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import RawRows, column, field_converters, raw_rows
from querschnitt.events.models import Event, EventDate, Format
from querschnitt.events.recurrence import local_midnight
from querschnitt.network.models import Organisation

SELECT = """
SELECT d."id", d."event_id", d."start", d."end", d."cancelled", d."moved_at", e."all_day",
       e."title", e."format_id", f."name", e."organiser", b."name", b."is_public", o."name",
       o."status", o."visibility", e."place_name", e."room", e."street_address",
       e."postal_code", e."locality", e."online", e."step_free", e."free"
FROM "events_eventdate" d
JOIN "events_event" e ON e."id" = d."event_id"
LEFT JOIN "events_format" f ON f."id" = e."format_id"
LEFT JOIN "bodies_body" b ON b."id" = e."organiser_body_id"
LEFT JOIN "network_organisation" o ON o."id" = e."organiser_organisation_id"
WHERE d."municipality_id" = %s AND e."state" = %s"""

# the converters of each column, in `ROW_FIELDS`' order
FIELDS = (
    *(column(EventDate, name) for name in ("id", "event", "start", "end", "cancelled", "moved_at")),
    *(
        column(Event, name)
        for name in (
            "all_day",
            "title",
            "format",
        )
    ),
    column(Format, "name"),
    column(Event, "organiser"),
    column(Body, "name"),
    column(Body, "is_public"),
    *(column(Organisation, name) for name in ("name", "status", "visibility")),
    *(
        column(Event, name)
        for name in (
            "place_name",
            "room",
            "street_address",
            "postal_code",
            "locality",
            "online",
            "step_free",
            "free",
        )
    ),
)


@lru_cache(maxsize=8)
def _contains_json(vendor: str) -> str:
    """A JSON list holds a value, matched as text as the ORM's `icontains` matches it."""
    if vendor == "postgresql":
        return 'UPPER(e."{}"::text) LIKE UPPER(%s)'
    return "e.\"{}\" LIKE %s ESCAPE '\\'"


def upcoming_values(
    *,
    municipality: Municipality,
    filters: Any,
    after: Any,
    since: date | None,
    now: datetime,
    limit: int,
) -> list[tuple[Any, ...]]:
    """The values of `ROW_FIELDS` for the first `limit` dates that have not ended (from
    `since` on), after the cursor, in order of start and id, of published events that pass
    the filters (`CalendarFilters`)."""
    found = upcoming_raw(
        municipality=municipality, filters=filters, after=after, since=since, now=now, limit=limit
    )
    return converted_values(found)


def converted_values(found: RawRows) -> list[tuple[Any, ...]]:
    """The rows of `upcoming_raw` converted as the ORM converts `ROW_FIELDS`."""
    connection = connections[router.db_for_read(EventDate)]
    return [_converted(connection, raw) for raw in found]


def upcoming_raw(
    *,
    municipality: Municipality,
    filters: Any,
    after: Any,
    since: date | None,
    now: datetime,
    limit: int,
) -> RawRows:
    """The rows of `upcoming_values` as the database gives them (a key for what is drawn
    from them; PostgreSQL gives JSON as text, as SQLite does)."""
    connection = connections[router.db_for_read(EventDate)]
    moment = connection.ops.adapt_datetimefield_value
    where = [SELECT]
    params: list[Any] = [municipality.pk, Event.State.PUBLISHED]
    if filters.format:
        where.append('f."slug" = %s')
        params.append(filters.format)
    organiser = filters.organiser
    if organiser == "office":
        where.append('e."organiser" = %s')
        params.append(Event.Organiser.OFFICE)
    elif organiser.startswith("body-") and organiser[5:].isdigit():
        where.append('e."organiser_body_id" = %s')
        params.append(int(organiser[5:]))
    elif organiser.startswith("org-") and organiser[4:].isdigit():
        where.append('e."organiser_organisation_id" = %s')
        params.append(int(organiser[4:]))
    for name, value in (("languages", filters.language), ("target_groups", filters.target_group)):
        if value:
            where.append(_contains_json(connection.vendor).format(name))
            params.append(f"%{connection.ops.prep_for_like_query(f'"{value}"')}%")
    for name, wanted in (
        ("step_free", filters.accessible),
        ("free", filters.free),
        ("online", filters.online),
    ):
        if wanted:
            where.append(f'e."{name}" = %s')
            params.append(True)
    if since is not None:
        where.append('d."start" >= %s')
        params.append(moment(local_midnight(since)))
    else:
        where.append('d."start" >= %s AND d."end" >= %s')
        params += [moment(now - timedelta(days=Event.MAX_DAYS)), moment(now)]
    if after is not None:
        where.append('(d."start" > %s OR (d."start" = %s AND d."id" > %s))')
        params += [moment(after.start), moment(after.start), after.pk]
    sql = " AND ".join(where) + f' ORDER BY d."start", d."id" LIMIT {int(limit)}'
    return raw_rows(sql, params, EventDate)


# The same dates are read again and again, page after page: each row's values converted as
# the ORM converts them (`field_converters`), remembered under the row as the database gave
# it (a changed value is another key). Rows that cannot be keyed (PostgreSQL gives JSON as
# dicts) are converted each time.
REMEMBERED = 4096
_remembered: dict[tuple[str, tuple[Any, ...]], tuple[Any, ...]] = {}


def _converted(connection: Any, raw: tuple[Any, ...]) -> tuple[Any, ...]:
    key = (connection.alias, raw)
    try:
        found = _remembered.get(key)
    except TypeError:
        return _convert(connection, raw)
    if found is None:
        if len(_remembered) >= REMEMBERED:
            _remembered.clear()
        found = _remembered[key] = _convert(connection, raw)
    return found


def _convert(connection: Any, raw: tuple[Any, ...]) -> tuple[Any, ...]:
    values = list(raw)
    for index, (col, chain) in enumerate(field_converters(FIELDS, connection)):
        for converter in chain:
            values[index] = converter(values[index], col, connection)
    return tuple(values)
