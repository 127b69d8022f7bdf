"""The calendar's section of the public start page: the next dates.

Read as plain values, only what the section shows of them, by one plain SQL query
(`read_dates`: the first dates of `upcoming_rows`, without the joins and columns of the
calendar's rows) and kept in the process under the municipality's content version for a few
minutes at most (dates pass; `start_page.kept_read`, without the cache's round trip), so that
the start page needs no query of its own for it most of the time (as the rows the database
gives, `drawn_dates`: the section's markup is remembered under them,
`start_page.drawn_markup`); the dates are written in Python (`start_rows.date_rows`)."""

from datetime import timedelta
from functools import partial
from typing import Any

from django.db import connections, router
from django.utils import timezone

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import RawRows, column, converted, raw_rows
from querschnitt.core.start_page import kept_read
from querschnitt.events.models import Event, EventDate
from querschnitt.events.start_rows import StartDate, date_rows

CACHE_SECONDS = 300
SHOWN = 4

# `upcoming_sql.upcoming_values` without filters, cursor or day
START_DATES_SQL = f"""
SELECT d."event_id", d."start", d."end", d."cancelled", e."all_day", e."title"
FROM "events_eventdate" d
JOIN "events_event" e ON e."id" = d."event_id"
WHERE d."municipality_id" = %s AND e."state" = %s AND d."start" >= %s AND d."end" >= %s
ORDER BY d."start", d."id" LIMIT {SHOWN}
"""  # noqa: S608 - SHOWN is ours
START_FIELDS = (
    *(column(EventDate, name) for name in ("event", "start", "end", "cancelled")),
    column(Event, "all_day"),
    column(Event, "title"),
)


def drawn_dates(municipality: Municipality) -> RawRows:
    """The rows of `read_dates`, kept (`kept_read`)."""
    return kept_read(municipality, "events", partial(read_dates, municipality), CACHE_SECONDS)


def read_dates(municipality: Municipality) -> RawRows:
    """The first SHOWN dates of `upcoming_rows(municipality=…, filters=CalendarFilters())` as
    the database gives `StartDate`'s columns (`START_FIELDS` converts them)."""
    now = timezone.now()
    moment = connections[router.db_for_read(EventDate)].ops.adapt_datetimefield_value
    params = [
        municipality.pk,
        Event.State.PUBLISHED,
        moment(now - timedelta(days=Event.MAX_DAYS)),
        moment(now),
    ]
    return raw_rows(START_DATES_SQL, params, EventDate)


def start_section(municipality: Municipality, drawn: RawRows) -> dict[str, Any]:
    """The dates of `drawn_dates`."""
    dates = [StartDate(*values) for values in converted(drawn, START_FIELDS)]
    return {"dates": dates, "rows": partial(date_rows, dates, municipality=municipality)}
