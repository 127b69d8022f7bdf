"""The calendar's section of the public start page: the next dates.

Read as plain values by one plain SQL query (`upcoming_rows`) and kept in the cache under the
municipality's content version for a few minutes at most (dates pass), so that the start page
needs no query of its own for it most of the time (as plain tuples: a dataclass takes the
cache's pickling twice as long); the dates are written in Python (`start_rows.date_rows`)."""

from functools import partial
from typing import Any

from django.core.cache import cache

from querschnitt.core.models import Municipality
from querschnitt.events.selectors.calendar import CalendarFilters, DateRow, upcoming_rows
from querschnitt.events.start_rows import date_rows

CACHE_SECONDS = 300
SHOWN = 4


def plain(date: DateRow) -> tuple[Any, ...]:
    """The values of a date in `DateRow`'s order."""
    return tuple(getattr(date, name) for name in DateRow.__slots__)


def start_section(municipality: Municipality) -> dict[str, Any] | None:
    key = f"events:start:{municipality.pk}:{municipality.content_version}"
    kept = cache.get(key)
    if kept is None:
        dates, _following = upcoming_rows(
            municipality=municipality, filters=CalendarFilters(), size=SHOWN
        )
        cache.set(key, [plain(date) for date in dates], CACHE_SECONDS)
    else:
        dates = [DateRow(*values) for values in kept]
    return {"dates": dates, "rows": partial(date_rows, dates, municipality=municipality)}
