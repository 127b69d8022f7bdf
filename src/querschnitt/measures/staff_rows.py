"""The rows of the staff's list of measures, written out in Python (see core/rows.py).

`measure_rows` gives exactly what the `{% for %}` loop of `measures/staff/measure_list.html`
gave; `tests/test_staff_rows.py` renders both with arbitrary text in every language."""

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverser
from querschnitt.core.rows import shown
from querschnitt.core.translation import translate

# what a row reads of a measure (`QuerySet.values`)
ROW_VALUES = (
    "pk",
    "key",
    "title",
    "state__key",
    "state__name",
    "lead_department__name",
    "lead_department__short_name",
    "reported_progress",
)


def measure_rows(rows: Iterable[dict[str, Any]], *, municipality: Municipality) -> SafeString:
    """measures/staff/measure_list.html: `rows` with the values of ROW_VALUES."""
    detail = municipality_reverser(municipality, "staff:measure_detail")
    parts = []
    for row in rows:
        url = detail(pk=row["pk"])
        title = translate(row["title"])
        # as str(MeasureState)
        state = translate(row["state__name"]).text or row["state__key"]
        department = (
            shown(row["lead_department__short_name"] or row["lead_department__name"])
            if row["lead_department__name"] is not None
            else "–"
        )
        progress = row["reported_progress"]
        parts.append(
            '\n          <tr class="kern-table__row">\n'
            '            <th class="kern-table__cell" scope="row"><a class="kern-link" '
            f'href="{shown(url)}"><span class="qs-measures-key">{shown(row["key"])}</span> '
            f'<span lang="{shown(title.language)}" dir="{shown(title.direction)}">'
            f"{shown(title.text)}</span></a></th>\n"
            f'            <td class="kern-table__cell">{shown(state)}</td>\n'
            f'            <td class="kern-table__cell">{department}</td>\n'
            '            <td class="kern-table__cell qs-number">'
            f"{f'{shown(progress)} %' if progress is not None else '–'}</td>\n"
            "          </tr>\n        "
        )
    if not parts:
        parts.append(
            '\n          <tr class="kern-table__row"><td class="kern-table__cell" colspan="4">'
            f"{shown(_('No measures.'))}</td></tr>\n        "
        )
    return mark_safe("".join(parts))
