"""The rows of the office's lists of meetings and bodies, written out in Python (see
core/rows.py).

`staff_meeting_rows` and `staff_body_rows` give exactly what the `{% for %}` loops of
bodies/staff/meeting_list.html and body_list.html gave; `bodies/tests/test_staff_rows.py`
renders both with arbitrary text, in every language and zone, for every state and kind and
an empty list.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.bodies.models import Body, Meeting
from querschnitt.bodies.selectors.composition import Problem
from querschnitt.bodies.selectors.composition_sql import BodyRow
from querschnitt.core.models import Municipality, choice_labels
from querschnitt.core.routing import municipality_reverser
from querschnitt.core.rows import date_shown, shown

# What a row shows, read as plain values (`staff_meeting_list(…).values(…)`)
STAFF_MEETING_ROW_FIELDS = (
    "pk",
    "name",
    "start",
    "state",
    "cancelled",
    "published_at",
    "item_count",
    "minutes_count",
)
CELL = '            <td class="kern-table__cell">'


def staff_meeting_rows(
    meetings: Iterable[dict[str, Any]], *, municipality: Municipality
) -> SafeString:
    """bodies/staff/meeting_list.html: the meetings as `.values(*STAFF_MEETING_ROW_FIELDS)`."""
    states = choice_labels(Meeting._meta.get_field("state"), get_language())
    cancelled, yes, no, missing = _("cancelled"), _("yes"), _("no"), _("missing")
    detail = municipality_reverser(municipality, "staff:meeting_detail")
    parts = []
    for meeting in meetings:
        url = detail(pk=meeting["pk"])
        state = meeting["state"]
        if meeting["minutes_count"]:
            minutes = yes
        elif state == "held":
            minutes = missing
        else:
            minutes = "–"
        parts.append(
            '\n          <tr class="kern-table__row">\n'
            '            <th class="kern-table__cell" scope="row"><a class="kern-link" '
            f'href="{shown(url)}">{shown(meeting["name"])}</a></th>\n'
            '            <td class="kern-table__cell qs-bodies-nowrap">'
            f"{date_shown(meeting['start'], 'SHORT_DATETIME_FORMAT')}</td>\n"
            f"{CELL}{shown(states.get(state, state))}"
            f"{f', {cancelled}' if meeting['cancelled'] else ''}</td>\n"
            f"{CELL}{shown(meeting['item_count'])}</td>\n"
            f"{CELL}{yes if meeting['published_at'] else no}</td>\n"
            f"{CELL}{minutes}</td>\n"
            "          </tr>\n        "
        )
    if not parts:
        parts.append(
            '\n          <tr class="kern-table__row"><td class="kern-table__cell" colspan="6">'
            f"{_('No meetings found.')}</td></tr>\n        "
        )
    return mark_safe("".join(parts))


# What a row of the office's list of papers shows, read as plain values; `path` beside them:
# the names of the bodies of its steps, in order (`staff_paper_paths`)
STAFF_PAPER_ROW_FIELDS = ("pk", "reference", "name", "date", "public", "published_at")


def staff_paper_rows(papers: Iterable[dict[str, Any]], *, municipality: Municipality) -> SafeString:
    """bodies/staff/paper_list.html: the papers as `.values(*STAFF_PAPER_ROW_FIELDS)`, each
    with its `path`."""
    no, published, not_yet = _("no"), _("published"), _("not yet published")
    detail = municipality_reverser(municipality, "staff:paper_detail")
    parts = []
    for paper in papers:
        url = detail(pk=paper["pk"])
        path = " → ".join(shown(name) for name in paper["path"]) if paper["path"] else "–"
        if not paper["public"]:
            state = no
        elif paper["published_at"]:
            state = published
        else:
            state = not_yet
        parts.append(
            '\n          <tr class="kern-table__row">\n'
            '            <th class="kern-table__cell qs-bodies-nowrap" scope="row"><a '
            f'class="kern-link" href="{shown(url)}">{shown(paper["reference"])}</a></th>\n'
            f"{CELL}{shown(paper['name'])}</td>\n"
            '            <td class="kern-table__cell qs-bodies-nowrap">'
            f"{date_shown(paper['date'], 'SHORT_DATE_FORMAT')}</td>\n"
            f"{CELL}{path}</td>\n"
            f"{CELL}{state}</td>\n"
            "          </tr>\n        "
        )
    if not parts:
        parts.append(
            '\n          <tr class="kern-table__row"><td class="kern-table__cell" colspan="5">'
            f"{_('No papers found.')}</td></tr>\n        "
        )
    return mark_safe("".join(parts))


def staff_body_rows(
    rows: Iterable[tuple[Body | BodyRow, list[Problem]]], *, municipality: Municipality
) -> SafeString:
    """bodies/staff/body_list.html: each body with its composition problems."""
    kinds = choice_labels(Body._meta.get_field("kind"), get_language())
    hidden = (
        ' <span class="kern-badge kern-badge--info"><span class="kern-label">'
        f"{shown(_('not public'))}</span></span>"
    )
    as_asked = shown(_("As the rules ask"))
    detail = municipality_reverser(municipality, "staff:body_detail")
    parts = []
    for body, problems in rows:
        listed = (
            '\n                <ul class="kern-list">'
            + "".join(f"<li>{shown(problem.message)}</li>" for problem in problems)
            + "</ul>\n              "
            if problems
            else as_asked
        )
        parts.append(
            '\n          <tr class="kern-table__row">\n'
            '            <th class="kern-table__cell" scope="row"><a class="kern-link" '
            f'href="{shown(detail(pk=body.pk))}">{shown(body.name)}</a>'
            f"{'' if body.is_public else hidden}</th>\n"
            f"{CELL}{shown(kinds.get(body.kind, body.kind))}</td>\n"
            f"{CELL}\n              {listed}\n            </td>\n"
            "          </tr>\n        "
        )
    if not parts:
        parts.append(
            '\n          <tr class="kern-table__row"><td class="kern-table__cell" colspan="3">'
            f"{shown(_('No bodies.'))}</td></tr>\n        "
        )
    return mark_safe("".join(parts))
