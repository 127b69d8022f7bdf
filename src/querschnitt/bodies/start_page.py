"""Bodies' section of the public start page: the next public meetings.

Kept in the cache under the municipality's content version (which moves whenever its data
changes), for a few minutes at most since meetings pass, so the start page needs no query
of its own for it most of the time.
"""

from typing import Any

from django.core.cache import cache

from querschnitt.bodies.selectors.meetings import upcoming_meetings
from querschnitt.bodies.visibility import PUBLIC
from querschnitt.core.models import Municipality

CACHE_SECONDS = 300


def start_section(municipality: Municipality) -> dict[str, Any] | None:
    key = f"bodies:start:{municipality.pk}:{municipality.content_version}"
    meetings = cache.get(key)
    if meetings is None:
        meetings = upcoming_meetings(municipality=municipality, viewer=PUBLIC, limit=4)
        cache.set(key, meetings, CACHE_SECONDS)
    return {"meetings": meetings}
