"""The tables of an indicator's page written out in Python (see core/rows.py), exactly as the
`{% for %}` loops of `monitoring/includes/indicator_content.html` wrote them;
`tests/test_indicator_rows.py` renders both for arbitrary text in every language. The page
is rendered afresh on the first request after every change of the municipality's data, and
its tables of districts and years through the template engine were most of that."""

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import shown
from querschnitt.monitoring.overview_rows import cell_markup
from querschnitt.monitoring.presentation import IndicatorPage
from querschnitt.monitoring.selectors import Cell


def _cell(cell: Cell | None) -> str:
    """`{{ cell|cell_markup }}` (templatetags/monitoring_cells.py)."""
    return "\n" if cell is None else cell_markup(cell, "")


def _cells(cells: Iterable[Cell | None]) -> str:
    return "".join(f'<td class="kern-table__cell qs-number">{_cell(cell)}</td>' for cell in cells)


def city_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    """The whole municipality over the years (`IndicatorPage.city_rows`)."""
    return mark_safe(
        "".join(
            '\n                <tr class="kern-table__row"><th class="kern-table__cell" '
            f'scope="row">{shown(row["year"])}</th>{_cells(row["cells"])}</tr>\n              '
            for row in rows
        )
    )


def breakdown_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    """The whole municipality by category (`IndicatorPage.breakdown_rows`)."""
    return mark_safe(
        "".join(
            '\n                  <tr class="kern-table__row"><th class="kern-table__cell" '
            f'scope="row">{shown(row["label"])}</th>{_cells(row["cells"])}</tr>\n                '
            for row in rows
        )
    )


def _counts(cell: Cell, with_counts: bool) -> str:
    if not with_counts:
        return ""
    return (
        f'<td class="kern-table__cell qs-number">{shown(cell.numerator_text)}</td>'
        f'<td class="kern-table__cell qs-number">{shown(cell.denominator_text)}</td>'
    )


def district_rows(
    rows: Iterable[dict[str, Any]],
    city_cell: Cell | None,
    *,
    with_counts: bool,
    municipality: Municipality,
) -> SafeString:
    """The districts compared (`IndicatorPage.district_rows`), then the whole municipality;
    `with_counts` where the indicator has a denominator."""
    parts = []
    for row in rows:
        area, cell = row["area"], row["cell"]
        url = municipality_reverse(municipality, "monitoring:area", code=area.code)
        parts.append(
            '\n                  <tr class="kern-table__row">\n'
            '                    <th class="kern-table__cell" scope="row"><a class="kern-link" '
            f'href="{shown(url)}" lang="de" dir="ltr">{shown(area.name)}</a></th>\n'
            f'                    <td class="kern-table__cell qs-number">{_cell(cell)}</td>\n'
            f"                    {_counts(cell, with_counts)}\n"
            "                  </tr>\n                "
        )
    city = ""
    if city_cell:
        city = (
            '\n                  <tr class="kern-table__row">\n'
            '                    <th class="kern-table__cell" scope="row">'
            f"{_('whole municipality')}</th>\n"
            f'                    <td class="kern-table__cell qs-number">{_cell(city_cell)}</td>\n'
            f"                    {_counts(city_cell, with_counts)}\n"
            "                  </tr>\n                "
        )
    return mark_safe("".join(parts) + "\n                " + city)


def tables(page: IndicatorPage, municipality: Municipality) -> dict[str, SafeString]:
    """The rows of the page's three tables, for `monitoring/includes/indicator_content.html`."""
    return {
        "city_rows": city_rows(page.city_rows),
        "breakdown_rows": breakdown_rows(page.breakdown_rows),
        "district_rows": district_rows(
            page.district_rows,
            page.city_cell,
            with_counts=bool(page.indicator.denominator_id),
            municipality=municipality,
        ),
    }
