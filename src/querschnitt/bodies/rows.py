"""Rows of the public bodies pages written out in Python, from values read for them: meetings
(the body page, the meeting calendar, the start page's section), members (the body page), the
bodies by kind (the body list) and the bodies' calendars (the meeting calendar).
Each function gives byte for byte what the template loop it replaced gave; the templates are
kept in `bodies/tests/test_rows.py`, which compares both for arbitrary text, every language
and every variant of a row."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.templatetags.static import static
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from querschnitt.bodies.models import Body, Membership, Paper
from querschnitt.bodies.selectors.papers import PaperPage
from querschnitt.core.kept import Kept, around
from querschnitt.core.models import Municipality, choice_labels
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import date_shown, shown
from querschnitt.core.templatetags.querschnitt import date_remembered


@dataclass(frozen=True, slots=True)
class MeetingRow:
    pk: int
    name: str
    start: datetime
    location: str | None  # as the location reads (`str(location)`), None without one
    online: bool
    cancelled: bool
    published: bool


MEETING_ROW_FIELDS = (
    "pk",
    "name",
    "start",
    "location_id",
    "location__description",
    "location__room",
    "online_url",
    "cancelled",
    "published_at",
)


def meeting_row(values: dict[str, Any]) -> MeetingRow:
    """A row from `values(*MEETING_ROW_FIELDS)`."""
    location = None
    if values["location_id"] is not None:
        description, room = values["location__description"], values["location__room"]
        location = f"{description}, {room}" if room else description
    return MeetingRow(
        pk=values["pk"],
        name=values["name"],
        start=values["start"],
        location=location,
        online=bool(values["online_url"]),
        cancelled=values["cancelled"],
        published=values["published_at"] is not None,
    )


def _local_date(local: datetime, arg: str) -> str:
    """`{{ value|date:arg }}` of a time already in the current zone (`template_localtime`)."""
    return shown(date_remembered(local, arg))


def meeting_start(local: datetime) -> str:
    """`bodies/_meeting_start.html` of a start in the current zone: "Tuesday, 3 March 2026,
    17:00" (escaped)."""
    return _("%(weekday)s, %(day)s, %(time)s") % {
        "weekday": _local_date(local, "l"),
        "day": _local_date(local, "DATE_FORMAT"),
        "time": _local_date(local, "H:i"),
    }


def meeting_rows(rows: Iterable[MeetingRow], *, municipality: Municipality) -> SafeString:
    """The `<li>` of each meeting, as `bodies/_meeting_row.html` wrote it."""
    online = f" · {escape(_('online'))}"
    cancelled = f" · <strong>{escape(_('cancelled'))}</strong>"
    unpublished = f" · {escape(_('not published'))}"
    parts = []
    for row in rows:
        url = municipality_reverse(municipality, "bodies:meeting_detail", pk=row.pk)
        start = template_localtime(row.start)
        parts.append(
            f'<li><a class="kern-link" href="{escape(url)}"><bdi lang="de">{escape(row.name)}'
            '</bdi></a><br><span class="qs-bodies-meta">'
            f'<time datetime="{_local_date(start, "c")}">{meeting_start(start)}</time>'
            + (
                f' · <bdi lang="de">{escape(row.location)}</bdi>'
                if row.location is not None
                else ""
            )
            + (online if row.online else "")
            + (cancelled if row.cancelled else "")
            + ("" if row.published else unpublished)
            + "</span></li>\n"
        )
    return mark_safe("".join(parts))  # every value above is escaped


MEMBER_ROW_FIELDS = (
    "person__title",
    "person__given_name",
    "person__family_name",
    "role",
    "group",
    "seat_group_id",
    "seat_group__name",
    "voting_right",
)


def member_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    """The members of a body page from `values(*MEMBER_ROW_FIELDS)`: name, role, the group
    or seat group they sit for, and whether they vote."""
    roles = choice_labels(Membership._meta.get_field("role"), get_language())
    without_vote = f", {escape(_('without a vote'))}"
    parts = []
    for row in rows:
        name = " ".join(
            part
            for part in (
                row["person__title"],
                row["person__given_name"],
                row["person__family_name"],
            )
            if part
        )
        if row["group"]:
            group = f' (<bdi lang="de">{escape(row["group"])}</bdi>)'
        elif row["seat_group_id"] is not None:
            group = f' (<bdi lang="de">{escape(row["seat_group__name"])}</bdi>)'
        else:
            group = ""
        parts.append(
            f"\n          <li><bdi>{escape(name)}</bdi> – "
            f"{escape(roles.get(row['role'], row['role']))}{group}"
            f"{'' if row['voting_right'] else without_vote}</li>\n        "
        )
    return mark_safe("".join(parts))  # every value above is escaped


def paper_rows(rows: list[dict[str, Any]], *, municipality: Municipality) -> SafeString:
    """The results of the paper search (`PaperSearch.page`): reference and name, type, date,
    the bodies of its path, whether it is public; or that none matches."""
    if not rows:
        return mark_safe(f"\n    <li>{escape(_('No paper matches.'))}</li>\n  ")
    types = choice_labels(Paper._meta.get_field("paper_type"), get_language())
    not_public = f" · {escape(_('not public'))}"
    # one reverse a list: the address of a paper differs only in its number
    sample = escape(municipality_reverse(municipality, "bodies:paper_detail", pk=0))
    prefix, suffix = sample.rsplit("/0/", 1)
    parts = []
    for row in rows:
        path = " → ".join(f'<bdi lang="de">{escape(name)}</bdi>' for name in row["path"])
        parts.append(
            f'\n    <li>\n      <a class="kern-link" href="{prefix}/{int(row["pk"])}/{suffix}">'
            '<bdi lang="de" '
            f'dir="ltr">{escape(row["reference"])} {escape(row["name"])}</bdi></a><br>\n'
            '      <span class="qs-bodies-meta">'
            f"{escape(types.get(row['paper_type'], row['paper_type']))} · "
            f"{date_shown(row['date'], 'DATE_FORMAT')}"
            + (f" · {path}" if path else "")
            + ("" if row["public"] else not_public)
            + "</span>\n    </li>\n  "
        )
    return mark_safe("".join(parts))  # every value above is escaped


@dataclass(frozen=True, slots=True)
class PaperSearchPieces:
    """What the blocks `head` and `content` of bodies/paper_search.html are around what a
    request asks (its query, the form, the count, the results): the same for every visitor."""

    head: str  # up to the feed's query
    top: str  # up to where the form's errors go
    check_dates: str  # after the form's errors
    form: str  # up to the form's fields
    count: str  # after the fields, up to the count
    results: str  # after the count, up to the results
    feed: str  # after the results, up to the feed's query
    subscribe: str  # after the feed's query, up to the subscription's query
    end: str  # after the subscription's query


# per municipality's address, language, zone and URL map (`around`); nothing of a request
_search_pieces: Kept[PaperSearchPieces] = Kept(64)


def paper_search_pieces(municipality: Municipality) -> PaperSearchPieces:
    """`PaperSearchPieces` kept by `around(municipality)`."""
    return _search_pieces.get(around(municipality), lambda: written_search_pieces(municipality))


def written_search_pieces(municipality: Municipality) -> PaperSearchPieces:
    url = partial(municipality_reverse, municipality)
    title = _("Search papers")
    about = _(
        "Submissions, motions, inquiries and communications, with the text of their documents."
    )
    feed = escape(url("bodies:paper_feed"))
    return PaperSearchPieces(
        head=(
            f'<link rel="stylesheet" href="{escape(static("bodies/bodies.css"))}">'
            '<link rel="alternate" type="application/atom+xml" '
            f'title="{_("Papers matching this search")}" href="{feed}'
        ),
        top=(
            '\n  <p class="kern-body"><a class="kern-link" '
            f'href="{escape(url("bodies:body_list"))}">'
            f"{_('Bodies and meetings')}</a></p>\n"
            f'  <h1 class="kern-heading-large">{title}</h1>\n'
            f'  <p class="kern-body">{about}</p>\n'
            "  "
        ),
        check_dates=(
            '<p class="kern-body">'
            f"{_('Please check the dates: they are shown as all papers until corrected.')}</p>"
        ),
        form=(
            "\n"
            f'  <form method="get" action="{escape(url("bodies:paper_search"))}" '
            f'class="qs-bodies-search" role="search" aria-label="{title}" novalidate>\n'
            "    "
        ),
        count=(
            "\n"
            '    <div><button type="submit" class="kern-btn kern-btn--primary">'
            f'<span class="kern-label">{_("Search")}</span></button></div>\n'
            "  </form>\n"
            '  <p class="kern-body" role="status">'
        ),
        results='</p>\n  <div id="paper-results" data-qs-focus-after-swap>\n    ',
        feed=(
            "\n"
            "  </div>\n"
            '  <section aria-labelledby="follow">\n'
            '    <h2 class="kern-heading-medium" id="follow">'
            f"{_('Follow this search')}</h2>\n"
            '    <ul class="kern-list qs-bodies-feeds">\n'
            f'      <li><a class="kern-link" href="{feed}'
        ),
        subscribe=(
            f'">{_("News feed (Atom)")}</a></li>\n'
            f'      <li><a class="kern-link" href="{escape(url("bodies:subscribe"))}'
        ),
        end=(f'">{_("News by e-mail")}</a></li>\n    </ul>\n  </section>\n'),
    )


def paper_search_head(*, municipality: Municipality, query: str) -> SafeString:
    """The block `head` of bodies/paper_search.html: its style sheet and the search's feed."""
    asked = f"?{escape(query)}" if query else ""
    return mark_safe(f'{paper_search_pieces(municipality).head}{asked}">')  # escaped


def paper_search_content(
    *,
    municipality: Municipality,
    errors: SafeString | None,
    form_markup: SafeString,
    page: PaperPage,
    results: SafeString,
    query: str,
) -> SafeString:
    """The block `content` of bodies/paper_search.html; `errors` is the form's error summary
    if it has errors, else None."""
    pieces = paper_search_pieces(municipality)
    asked = f"?{escape(query)}" if query else ""
    checked = "" if errors is None else f"{errors}{pieces.check_dates}"
    if page.more_than_count:
        found = _("More than %(limit)s papers.") % {"limit": _number(page.count)}
    else:
        found = ngettext("%(counter)s paper.", "%(counter)s papers.", page.count) % {
            "counter": _number(page.count)
        }
    return mark_safe(  # every value is escaped, and the pieces
        f"{pieces.top}{checked}{pieces.form}{form_markup}{pieces.count}{found}"
        f"{pieces.results}{results}{pieces.feed}{asked}{pieces.subscribe}{asked}{pieces.end}"
    )


def paper_results(
    page: PaperPage, *, rows: SafeString, first: int, last: int, query: str, asked_after: bool
) -> SafeString:
    """bodies/_paper_results.html: which results are shown, their `rows` (`paper_rows`), and
    the links to the first page (if a later one was `asked_after`) and the next."""
    parts = []
    if page.papers:
        values = {"first": _number(first), "last": _number(last), "count": _number(page.count)}
        if page.more_than_count:
            shown_range = _("Results %(first)s–%(last)s of more than %(count)s") % values
        else:
            shown_range = _("Results %(first)s–%(last)s of %(count)s") % values
        parts.append(
            '\n  <p class="kern-body qs-bodies-range" tabindex="-1" data-qs-focus-start>'
            f"{shown_range}</p>\n"
        )
    parts.append(f'\n<ul class="kern-list">\n  {rows}\n</ul>\n')
    cursor = page.next_cursor
    if cursor or asked_after:
        query = escape(query)
        parts.append(
            '\n  <nav class="qs-pagination" aria-label="'
            f'{_("Pages")}"><ul class="qs-inline-list">\n    '
        )
        if asked_after:
            parts.append(
                f'<li><a class="kern-link" href="?{query}" hx-get="?{query or "q="}" '
                'hx-target="#paper-results" hx-push-url="true">'
                f"{_('First page')}</a></li>"
            )
        parts.append("\n    ")
        if cursor:
            after = (
                f"{query}&amp;" if query else ""
            ) + f"nach={escape(cursor.encode())}&amp;ab={_number(last + 1)}"
            parts.append(
                f'<li><a class="kern-link" rel="next" href="?{after}" hx-get="?{after}" '
                'hx-target="#paper-results" hx-push-url="true">'
                f"{_('Next page')}</a></li>"
            )
        parts.append("\n  </ul></nav>\n")
    parts.append("\n")
    return mark_safe("".join(parts))  # every value above is escaped


def _number(value: int) -> str:
    """`{{ value }}` of a number."""
    return escape(localize(value))


def body_list_rows(rows: Iterable[dict[str, Any]], *, municipality: Municipality) -> SafeString:
    """The body list from `listed_bodies` (by kind and name): a heading and a list per kind,
    the bodies not public marked; or that there are none."""
    kinds = choice_labels(Body._meta.get_field("kind"), get_language())
    not_public = f" ({escape(_('not public'))})"
    parts = ["\n  "]
    heading = None
    for row in rows:
        kind = kinds.get(row["kind"], row["kind"])
        if kind != heading:
            if heading is not None:
                parts.append("\n    </ul>\n  ")
            heading = kind
            parts.append(
                f'\n    <h2 class="kern-heading-medium">{escape(kind)}</h2>\n'
                '    <ul class="kern-list">\n      '
            )
        url = municipality_reverse(municipality, "bodies:body_detail", slug=row["slug"])
        parts.append(
            f'\n        <li><a class="kern-link" href="{escape(url)}"><bdi lang="de">'
            f"{escape(row['name'])}</bdi></a>{'' if row['is_public'] else not_public}</li>\n      "
        )
    if heading is None:
        parts.append(f'\n    <p class="kern-body">{escape(_("No bodies yet."))}</p>\n  ')
    else:
        parts.append("\n    </ul>\n  ")
    return mark_safe("".join(parts))  # every value above is escaped


def body_calendar_links(
    rows: Iterable[dict[str, Any]], *, municipality: Municipality
) -> SafeString:
    """The calendar of each public body (`public_bodies`), for the meeting calendar."""
    parts = []
    for row in rows:
        url = municipality_reverse(municipality, "bodies:body_calendar", slug=row["slug"])
        parts.append(
            f'<li><a class="kern-link" href="{escape(url)}"><bdi lang="de">'
            f"{escape(row['name'])}</bdi></a></li>"
        )
    return mark_safe("".join(parts))  # every value above is escaped
