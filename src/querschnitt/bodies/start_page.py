"""Bodies' section of the public start page: the next public meetings.

Read by plain SQL (`coming_meetings`) and kept in the cache under the municipality's content
version (which moves whenever its data changes), for a few minutes at most since meetings
pass, so the start page needs no query of its own for it most of the time (as plain tuples:
a dataclass takes the cache's pickling twice as long). The rows are
written in Python (`meeting_rows`) in the language of the page, each remembered
(`start_page.remembered_rows`).
"""

from datetime import timedelta
from functools import partial
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from querschnitt.bodies.rows import MeetingRow, meeting_row, meeting_rows
from querschnitt.bodies.selectors.public_sql import coming_meetings
from querschnitt.bodies.visibility import PUBLIC
from querschnitt.core.models import Municipality
from querschnitt.core.rows import shown
from querschnitt.core.start_page import address, remembered_rows

CACHE_SECONDS = 300
SHOWN = 4


def plain(meeting: MeetingRow) -> tuple[Any, ...]:
    """The values of a meeting in `MeetingRow`'s order."""
    return tuple(getattr(meeting, name) for name in MeetingRow.__slots__)


def start_section(municipality: Municipality) -> dict[str, Any] | None:
    key = f"bodies:start:{municipality.pk}:{municipality.content_version}"
    kept = cache.get(key)
    if kept is None:
        since = timezone.now() - timedelta(hours=3)
        values = coming_meetings(municipality=municipality, viewer=PUBLIC, since=since, limit=SHOWN)
        meetings = [meeting_row(found) for found in values]
        cache.set(key, [plain(meeting) for meeting in meetings], CACHE_SECONDS)
    else:
        meetings = [MeetingRow(*values) for values in kept]
    return {
        "meetings": meetings,
        "rows": partial(start_rows, meetings, municipality=municipality),
    }


def _meeting_key(row: MeetingRow) -> MeetingRow:
    return row


def _meeting_row(row: MeetingRow, municipality: Municipality) -> str:
    return meeting_rows((row,), municipality=municipality)


def start_rows(meetings: list[MeetingRow], *, municipality: Municipality) -> SafeString:
    """`meeting_rows(meetings, municipality=municipality)`."""
    return remembered_rows(municipality, meetings, _meeting_key, _meeting_row)


def section_markup(municipality: Municipality, section: dict[str, Any]) -> str:
    """`bodies/start_section.html`."""
    if section["meetings"]:
        rows = section["rows"]()
    else:
        rows = f"<li>{_('No public meetings are planned at the moment.')}</li>"
    calendar = shown(address(municipality, "bodies:meeting_calendar"))
    papers = shown(address(municipality, "bodies:paper_search"))
    return (
        '<section aria-labelledby="meetings">\n'
        f'  <h2 class="kern-heading-medium" id="meetings">{_("Next public meetings")}</h2>\n'
        f'  <ul class="kern-list">\n    {rows}\n  </ul>\n'
        f'  <p class="kern-body"><a class="kern-link" href="{calendar}">{_("Meeting calendar")}'
        f'</a> · <a class="kern-link" href="{papers}">{_("Search papers")}</a></p>\n'
        "</section>\n"
    )
