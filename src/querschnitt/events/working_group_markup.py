"""The content of a working group's public page written out in Python: the template's block
was some eighty nodes (~0.4 ms, a quarter of the request). `working_group_content` gives byte
for byte what the block of `events/working_group_detail.html` gave, `horizon_of` what its
include of `events/_horizon.html` gave (the staff pages and the list still include it); the
test keeps that block, with its include, and compares both for arbitrary text, in every
language, with and without each part (`events/tests/test_working_group_markup.py`).

`{% translate "…" %}` of a literal is not escaped (a literal is safe), so neither are its
translations here; every value is, as `{{ value }}` escapes it."""

from collections.abc import Sequence
from html import escape  # Django's `escape` without its lazy-text wrapper: the same text
from typing import Any

from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.bodies.models import Body
from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse, municipality_reverser
from querschnitt.core.rows import date_shown, shown
from querschnitt.core.templatetags.querschnitt import translated_text
from querschnitt.events.models import WorkingGroup
from querschnitt.events.selectors.working_groups import Horizon
from querschnitt.events.working_group_page import FoundedAt

# the badge of a group's state (`Horizon.state`) in `events/_horizon.html`
BADGES = {"overdue": "danger", "ends_soon": "warning", "concluded": "success"}


def working_group_content(
    *,
    municipality: Municipality,
    group: WorkingGroup,
    body: Body,
    founded_at: FoundedAt | None,
    horizon: Horizon,
    meetings: Sequence[dict[str, Any]],
    members: Sequence[tuple[str, str]],
    organisations: Sequence[str],
    results: Sequence[dict[str, Any]],
) -> SafeString:
    """The block `content` of `events/working_group_detail.html`."""
    horizon_markup = horizon_of(horizon, group_pk=group.pk)
    list_url = escape(municipality_reverse(municipality, "events:working_group_list"))
    body_url = escape(municipality_reverse(municipality, "bodies:body_detail", slug=body.slug))
    return mark_safe(
        f'\n  <p class="kern-body"><a class="kern-link" href="{list_url}">'
        f"{_('All working groups')}</a></p>"
        '\n  <div class="kern-hgroup">'
        f'\n    <p class="kern-preline">{_("Working group")}</p>'
        f'\n    <h1 class="kern-heading-large"><bdi lang="de">{shown(body.name)}</bdi></h1>'
        f"\n  </div>\n  {horizon_markup}\n  {_texts(body)}"
        f'\n  <dl class="kern-description-list">\n    {_founded_at(founded_at)}'
        f"\n    {_focus(group)}\n  </dl>\n  {_result(group)}"
        '\n  <section aria-labelledby="group-results">'
        '\n    <h2 class="kern-heading-medium" id="group-results">'
        f"{_('Results so far')}</h2>\n    {_results(results)}\n  </section>"
        '\n  <section aria-labelledby="group-members">'
        '\n    <h2 class="kern-heading-medium" id="group-members">'
        f"{_('Who works in it')}</h2>\n    {_members(members, organisations)}\n  </section>"
        '\n  <section aria-labelledby="group-meetings">'
        '\n    <h2 class="kern-heading-medium" id="group-meetings">'
        f"{_('Meetings and documents')}</h2>\n    {_meetings(municipality, meetings)}"
        f'\n    <p class="kern-body"><a class="kern-link" href="{body_url}">'
        f"{_("The group's page among the bodies")}</a></p>\n  </section>\n"
    )


def horizon_of(horizon: Horizon, *, group_pk: int) -> str:
    """`{% include "events/_horizon.html" %}` (`{% blocktranslate %}` leaves its translation
    unescaped and escapes the values put into it)."""
    start = date_shown(horizon.start, "DATE_FORMAT") if horizon.start else ""
    end = f" – {date_shown(horizon.planned_end, 'DATE_FORMAT')}" if horizon.planned_end else ""
    return (
        '<div class="qs-events-horizon">\n  <p class="kern-body kern-body--small">'
        f'<span class="kern-badge kern-badge--{BADGES.get(horizon.state, "info")}">'
        f'<span class="kern-label">{shown(horizon.label)}</span></span>\n    {start}{end}</p>'
        f"\n  {_progress(horizon, group_pk)}\n</div>\n"
    )


def _progress(horizon: Horizon, group_pk: int) -> str:
    if not horizon.total_days:
        return ""
    percent, pk = shown(horizon.percent), shown(group_pk)
    passed = _("%(percent)s %% of the planned time has passed") % {"percent": percent}
    left = horizon.days_left
    if left is not None and left >= 0 and not horizon.concluded_on:
        passed += "; " + ngettext("%(days)s day left", "%(days)s days left", left) % {
            "days": shown(left)
        }
    return (
        f'\n    <div class="kern-progress">\n      <label class="kern-label" for="horizon-{pk}">'
        f'{passed}</label>\n      <progress id="horizon-{pk}" max="100" value="{percent}">'
        f"{percent} %</progress>\n    </div>\n  "
    )


def _texts(body: Body) -> str:
    goal = (
        f'<h2 class="kern-heading-medium">{_("Goal")}</h2>{translated_text(body.goal)}'
        if body.goal
        else ""
    )
    mandate = (
        f'<h2 class="kern-heading-medium">{_("Mandate")}</h2>{translated_text(body.mandate)}'
        if body.mandate
        else ""
    )
    return f"{goal}\n  {mandate}"


def _founded_at(founded_at: FoundedAt | None) -> str:
    if not founded_at:
        return ""
    name = shown(founded_at.name)
    if founded_at.url:
        name = f'<a class="kern-link" href="{shown(founded_at.url)}">{name}</a>'
    return _item(_("Founded at"), name)


def _focus(group: WorkingGroup) -> str:
    if not group.focus_topic:
        return ""
    year = f" ({shown(group.focus_year)})" if group.focus_year else ""
    topic = f'<span lang="de">{shown(group.focus_topic)}</span>{year}'
    return _item(_("Annual focus topic"), topic)


def _item(key: str, value: str) -> str:
    return (
        '<div class="kern-description-list-item"><dt class="kern-description-list-item__key">'
        f'{key}</dt><dd class="kern-description-list-item__value">{value}</dd></div>'
    )


def _result(group: WorkingGroup) -> str:
    if not group.result:
        return ""
    return (
        f'<h2 class="kern-heading-medium">{_("Result")}</h2>'
        f'<p class="kern-body" lang="de">{linebreaksbr(group.result, autoescape=True)}</p>'
    )


def _results(results: Sequence[dict[str, Any]]) -> str:
    if not results:
        return f'<p class="kern-body">{_("No results recorded yet.")}</p>'
    items = "".join(
        f'<li><span lang="de">{shown(result["title"])}</span>'
        f" ({date_shown(result['achieved_on'], 'DATE_FORMAT')})"
        + (f': <span lang="de">{shown(result["text"])}</span>' if result["text"] else "")
        + "</li>"
        for result in results
    )
    return f'<ul class="kern-list">{items}</ul>'


def _members(members: Sequence[tuple[str, str]], organisations: Sequence[str]) -> str:
    if not members and not organisations:
        return f'<p class="kern-body">{_("The members are not listed here.")}</p>'
    people = "".join(f"<li><bdi>{shown(name)}</bdi> – {shown(role)}</li>" for name, role in members)
    names = "".join(f"<li><bdi>{shown(name)}</bdi></li>" for name in organisations)
    return f'\n      <ul class="kern-list">\n        {people}\n        {names}\n      </ul>\n    '


def _meetings(municipality: Municipality, meetings: Sequence[dict[str, Any]]) -> str:
    if not meetings:
        return f'<p class="kern-body">{_("No published meetings yet.")}</p>'
    url = municipality_reverser(municipality, "bodies:meeting_detail")
    items = "".join(
        f'<li><a class="kern-link" href="{escape(url(pk=meeting["pk"]))}">'
        f"{shown(meeting['name'])}</a> ({date_shown(meeting['start'], 'DATE_FORMAT')})</li>"
        for meeting in meetings
    )
    return f'<ul class="kern-list">{items}</ul>'
