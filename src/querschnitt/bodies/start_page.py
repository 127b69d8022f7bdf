"""Bodies' section of the public start page: the next public meetings.

Read by plain SQL (`coming_meeting_rows`) and kept in the process under the municipality's content
version (which moves whenever its data changes), for a few minutes at most since meetings
pass (`start_page.kept_read`: the cache's round trip, its pickling, cost more than the rest
of a section read afresh), as the rows the database gives (`drawn_meetings`: the section's
markup is remembered under them, `start_page.drawn_markup`). The rows are
written in Python (`meeting_rows`) in the language of the page, each remembered
(`start_page.remembered_rows`).
"""

from datetime import timedelta
from functools import partial
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from querschnitt.bodies.rows import MeetingRow, meeting_row, meeting_rows
from querschnitt.bodies.selectors.public_sql import coming_meeting_rows, meeting_values
from querschnitt.bodies.visibility import PUBLIC
from querschnitt.core.models import Municipality
from querschnitt.core.rows import shown
from querschnitt.core.sql_rows import RawRows
from querschnitt.core.start_page import address, kept_read, remembered_rows

CACHE_SECONDS = 300
SHOWN = 4


def read_meetings(municipality: Municipality) -> RawRows:
    since = timezone.now() - timedelta(hours=3)
    return coming_meeting_rows(municipality=municipality, viewer=PUBLIC, since=since, limit=SHOWN)


def drawn_meetings(municipality: Municipality) -> RawRows:
    """The rows of the next meetings as the database gives them, kept (`kept_read`)."""
    return kept_read(municipality, "bodies", partial(read_meetings, municipality), CACHE_SECONDS)


def start_section(municipality: Municipality, drawn: RawRows) -> dict[str, Any]:
    """The meetings of `drawn_meetings`."""
    meetings = [meeting_row(values) for values in meeting_values(drawn)]
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
