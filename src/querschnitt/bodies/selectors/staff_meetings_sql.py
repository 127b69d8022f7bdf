"""The office's list of meetings read with plain SQL: its count and its page of rows.

Building `staff_meeting_list(…)` with its two counting subqueries, filtering, counting and
reading a page of its values through the ORM cost more than the list's rows; so the two
statements are written here, per database alias, with the conditions of the list's filters
(`MeetingList.get_queryset` spells them with the ORM). `test_staff_meetings_sql.py` compares
count and rows with the ORM's for every filter and body on SQLite and PostgreSQL.

Tenancy is the caller's: every statement names the municipality in its WHERE (the
meeting's, and the agenda items' and files' as the meeting's), as django-scopes does not see
plain SQL.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connections, router

from querschnitt.bodies.models import AgendaItem, Body, File, Meeting
from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import PagedRows, column, converted_rows, count_where

# the meeting's minutes (`File.Role.RESULTS_PROTOCOL`)
MINUTES = (
    "SELECT {select} FROM {files} f WHERE f.meeting_id = m.id"
    " AND f.municipality_id = m.municipality_id AND f.role = %s"
)
ROW_FIELDS = (
    column(Meeting, "id"),
    column(Meeting, "name"),
    column(Meeting, "start"),
    column(Meeting, "state"),
    column(Meeting, "cancelled"),
    column(Meeting, "published_at"),
    None,
    None,
)


class BodyChoice(NamedTuple):
    """A body in the list's filter: what the choice shows of it."""

    pk: int
    name: str


@dataclass(frozen=True)
class MeetingFilters:
    """What the list is asked for: `shown` one of the list's FILTERS ("" for all), `body_id`
    one body or None, `now` the moment that "coming" and "to close" count from."""

    shown: str
    body_id: int | None
    now: datetime


@lru_cache(maxsize=8)
def _tables(using: str) -> dict[str, str]:
    quote = connections[using].ops.quote_name
    files = quote(File._meta.db_table)
    return {
        "meetings": f"{quote(Meeting._meta.db_table)} m",
        "items": quote(AgendaItem._meta.db_table),
        "minutes": MINUTES.format(select="1", files=files),
        "minutes_count": MINUTES.format(select="COUNT(*)", files=files),
    }


def _where(using: str, municipality: Municipality, filters: MeetingFilters) -> tuple[str, list]:
    moment = connections[using].ops.adapt_datetimefield_value
    conditions = ["m.municipality_id = %s"]
    params: list[Any] = [municipality.pk]
    if filters.body_id is not None:
        conditions.append("m.body_id = %s")
        params.append(filters.body_id)
    if filters.shown == "einladen":
        conditions.append("m.state = %s AND m.start >= %s AND NOT m.cancelled")
        params += [Meeting.State.PLANNED.value, moment(filters.now)]
    elif filters.shown == "niederschrift":
        conditions.append(f"m.state = %s AND NOT EXISTS({_tables(using)['minutes']})")
        params += [Meeting.State.HELD.value, File.Role.RESULTS_PROTOCOL.value]
    elif filters.shown == "abschliessen":
        conditions.append("m.start <= %s AND NOT m.cancelled AND m.state <> %s")
        params += [moment(filters.now - timedelta(hours=12)), Meeting.State.HELD.value]
    elif filters.shown == "kommende":
        conditions.append("m.start >= %s")
        params.append(moment(filters.now))
    return " AND ".join(conditions), params


def meeting_count(*, municipality: Municipality, filters: MeetingFilters) -> int:
    """How many meetings of the municipality the list finds."""
    using = router.db_for_read(Meeting)
    where, params = _where(using, municipality, filters)
    return count_where(using, _tables(using)["meetings"], where, params)


def meeting_values(
    *, municipality: Municipality, filters: MeetingFilters, offset: int, limit: int
) -> list[dict[str, Any]]:
    """The list's rows `offset` to `offset + limit`, as `MeetingList.get_queryset()` gives
    them (`STAFF_MEETING_ROW_FIELDS`): coming first for "to invite" and "coming", else the
    latest first."""
    using = router.db_for_read(Meeting)
    tables = _tables(using)
    where, params = _where(using, municipality, filters)
    order = "ASC" if filters.shown in ("einladen", "kommende") else "DESC"
    sql = (
        "SELECT m.id, m.name, m.start, m.state, m.cancelled, m.published_at,"  # noqa: S608
        f" (SELECT COUNT(*) FROM {tables['items']} a WHERE a.meeting_id = m.id"
        " AND a.municipality_id = m.municipality_id),"
        f" ({tables['minutes_count']})"
        f" FROM {tables['meetings']} WHERE {where}"
        f" ORDER BY m.start {order}, m.id {order} LIMIT %s OFFSET %s"
    )
    rows = converted_rows(
        sql, [File.Role.RESULTS_PROTOCOL.value, *params, limit, offset], ROW_FIELDS
    )
    return [
        {
            "pk": pk,
            "name": name,
            "start": start,
            "state": state,
            "cancelled": cancelled,
            "published_at": published_at,
            "item_count": item_count,
            "minutes_count": minutes_count,
        }
        for pk, name, start, state, cancelled, published_at, item_count, minutes_count in rows
    ]


class MeetingRows(PagedRows):
    """The list as Django's `Paginator` takes it: `meeting_count` and `meeting_values`."""

    counted = staticmethod(meeting_count)
    read = staticmethod(meeting_values)


def body_choices(*, municipality: Municipality) -> list[BodyChoice]:
    """The bodies of the municipality by name (unique there), for the list's filter."""
    using = router.db_for_read(Body)
    sql = (
        f"SELECT b.id, b.name FROM {connections[using].ops.quote_name(Body._meta.db_table)} b"  # noqa: S608
        " WHERE b.municipality_id = %s ORDER BY b.name"
    )
    fields = (column(Body, "id"), column(Body, "name"))
    return [BodyChoice(*row) for row in converted_rows(sql, [municipality.pk], fields)]
