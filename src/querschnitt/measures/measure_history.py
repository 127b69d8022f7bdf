"""The way through the bodies on the public page of a measure, written out in Python (see
core/rows.py): exactly what the `{% for step in history %}` loop of `measures/measure.html`
wrote; `tests/test_measure_history.py` renders both with arbitrary text in every language."""

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import date_shown, shown


def history_items(steps: Iterable[dict[str, Any]], *, municipality: Municipality) -> SafeString:
    """The list items of `steps` as `measure_page.history` gives them."""
    parts = []
    for step in steps:
        change, meeting, item, paper = step["change"], step["meeting"], step["item"], step["paper"]
        where = ""
        if meeting:
            url = municipality_reverse(municipality, "bodies:meeting_detail", pk=meeting["pk"])
            held = _("Meeting of %(body)s on %(date)s") % {
                "body": shown(meeting["body"]["name"]),
                "date": date_shown(meeting["start"], "SHORT_DATE_FORMAT"),
            }
            number = f", {shown(_('item'))} {shown(item['number'])}" if item else ""
            where = f'<br><a class="kern-link" href="{shown(url)}">{held}</a>{number}'
        elif change["body"]:
            where = f"<br><bdi>{shown(change['body']['name'])}</bdi>"
        paper_part = ""
        if paper:
            url = municipality_reverse(municipality, "bodies:paper_detail", pk=paper["pk"])
            paper_part = (
                f'<br>{shown(_("Paper"))}: <a class="kern-link" href="{shown(url)}">'
                f"{shown(paper['reference'])} {shown(paper['name'])}</a>"
            )
        resolution = (
            f'<br>{shown(_("Resolution"))}: <span lang="de">{shown(step["resolution"])}</span>'
            if step["resolution"]
            else ""
        )
        answer = (
            f"<br>{shown(_('Answer to the proposer'))}: "
            f'<span lang="de">{shown(step["answer"])}</span>'
            if step["answer"]
            else ""
        )
        parts.append(
            f"\n        <li><strong>{date_shown(change['decided_on'], 'SHORT_DATE_FORMAT')}"
            f"</strong> – {shown(change['transition'] or change['to_state'])}: "
            f"{shown(change['to_state'])}\n"
            f"          {where}\n"
            f"          {paper_part}\n"
            f"          {resolution}\n"
            f"          {answer}\n"
            "        </li>\n      "
        )
    return mark_safe("".join(parts))
