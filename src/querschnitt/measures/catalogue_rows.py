"""The public catalogue's measures: read page by page as the database gives them (`raw_rows`)
and their table rows written out in Python (see core/rows.py), exactly as the `{% for %}` loop
of `measures/catalogue.html` wrote them, and kept by those rows (`page_markup`);
`tests/test_catalogue_rows.py` renders both with arbitrary text in every language. Tenancy is
the caller's: every read names the municipality in its WHERE."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connections, router
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from querschnitt.core.kept import Kept, around
from querschnitt.core.models import Department, Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import or_dash, shown
from querschnitt.core.sql_rows import RawRows, column, converted, converted_rows, raw_rows
from querschnitt.core.translation import translate
from querschnitt.measures.models import Measure, MeasureState


@dataclass(frozen=True)
class CatalogueRow:
    key: str
    title: dict[str, str]
    state_name: dict[str, str]
    state_key: str
    reporting: bool
    default_progress: int
    reported_progress: int | None
    lead_department: str | None

    @property
    def state(self) -> str:
        """As str(MeasureState)."""
        return translate(self.state_name).text or self.state_key

    @property
    def progress(self) -> int:
        if self.reporting and self.reported_progress is not None:
            return self.reported_progress
        return self.default_progress


# `selectors.catalogue_q() & public_q()`, and optionally serving one field of action
WHERE = """
FROM "measures_measure" m
JOIN "measures_measurestate" s ON s."id" = m."state_id"
WHERE m."municipality_id" = %s AND m."is_public" AND s."is_public" AND s."in_catalogue"
  AND NOT (s."is_closed" AND m."state_since" < %s)
"""
SERVING = """
  AND m."id" IN (SELECT mf."measure_id" FROM "measures_measure_fields_of_action" mf
                 WHERE mf."fieldofaction_id" = %s)
"""
ROW_SQL = """
SELECT m."key", m."title", s."name", s."key", s."reporting", s."default_progress",
       m."reported_progress", d."name"
{where}
ORDER BY m."key"
LIMIT %s OFFSET %s
"""
# the rows of ROW_SQL, each with the count of all rows of the WHERE last
COUNTED_ROW_SQL = ROW_SQL.replace('d."name"\n', 'd."name", COUNT(*) OVER ()\n', 1)
ROW_FIELDS = (
    column(Measure, "key"),
    column(Measure, "title"),
    column(MeasureState, "name"),
    column(MeasureState, "key"),
    column(MeasureState, "reporting"),
    column(MeasureState, "default_progress"),
    column(Measure, "reported_progress"),
    column(Department, "name"),
)
LEFT_JOIN_DEPARTMENT = 'LEFT JOIN "core_department" d ON d."id" = m."lead_department_id"\n'


class CatalogueMeasures:
    """This year's public catalogue (of one field of action), for a Paginator: its count and
    its rows by slice (as the database gives them, `rows_of` converts them), each one
    query; or, given the page asked (`asked`: the page's size and the number asked, as the
    Paginator gets it), that page's rows and the count in one (`COUNT(*) OVER ()`), and the
    count's query only when that page is empty."""

    def __init__(
        self,
        *,
        municipality: Municipality,
        field_id: int | None = None,
        asked: tuple[int, str | None] | None = None,
    ) -> None:
        year_start = connections[router.db_for_read(Measure)].ops.adapt_datefield_value(
            date(timezone.localdate().year, 1, 1)
        )
        self.where = WHERE + (SERVING if field_id is not None else "")
        self.params: list[Any] = [municipality.pk, year_start]
        if field_id is not None:
            self.params.append(field_id)
        self.asked = asked
        # the rows read with the count: (offset, rows)
        self.read: tuple[int, RawRows] | None = None

    def count(self) -> int:
        if self.asked is not None:
            size, number = self.asked
            offset = (page_number(number) - 1) * size
            found = self.rows(offset, size, counted=True)
            if found:
                self.read = (offset, tuple(row[:-1] for row in found))
                return int(found[0][-1])
        sql = f"SELECT COUNT(*) {self.where}"
        return int(converted_rows(sql, self.params, (column(Measure, "id"),))[0][0])

    def __getitem__(self, part: slice) -> RawRows:
        start, stop = part.start or 0, part.stop
        if self.read is not None:
            offset, found = self.read  # the rows from `offset` on, as many as were read
            if offset == start and len(found) == stop - start:
                return found
        return self.rows(start, stop - start)

    def rows(self, offset: int, limit: int, *, counted: bool = False) -> RawRows:
        where = self.where.replace("WHERE", LEFT_JOIN_DEPARTMENT + "WHERE", 1)
        sql = (COUNTED_ROW_SQL if counted else ROW_SQL).format(where=where)
        return raw_rows(sql, [*self.params, limit, offset], Measure)


def page_number(asked: str | None) -> int:
    """The page a Paginator's `get_page(asked)` most likely shows (a guess: a wrong one costs
    a query, not a wrong page)."""
    if asked is not None and asked.isdigit() and int(asked) > 0:
        return int(asked)
    return 1


def rows_of(found: RawRows) -> list[CatalogueRow]:
    return [CatalogueRow(*row) for row in converted(found, ROW_FIELDS)]


# The rows written, by the rows as the database gave them
_kept_pages: Kept[SafeString] = Kept(256)


def page_markup(found: RawRows, *, municipality: Municipality) -> SafeString:
    """`catalogue_rows` of a page's rows as the database gave them, kept by those rows and
    all they are written in (`kept.around`)."""
    key = (found, *around(municipality))
    return _kept_pages.get(key, lambda: catalogue_rows(rows_of(found), municipality=municipality))


def catalogue_rows(measures: Iterable[CatalogueRow], *, municipality: Municipality) -> SafeString:
    """measures/catalogue.html: the table rows of a page of the catalogue."""
    parts = []
    for measure in measures:
        url = municipality_reverse(municipality, "measures:measure", key=measure.key)
        title = translate(measure.title)
        parts.append(
            '\n          <tr class="kern-table__row">\n'
            '            <th class="kern-table__cell" scope="row"><a class="kern-link" '
            f'href="{shown(url)}"><span class="qs-measures-key">{shown(measure.key)}</span> '
            f'<span lang="{shown(title.language)}" dir="{shown(title.direction)}">'
            f"{shown(title.text)}</span></a></th>\n"
            f'            <td class="kern-table__cell">{shown(measure.state)}</td>\n'
            '            <td class="kern-table__cell" lang="de">'
            f"{or_dash(measure.lead_department)}</td>\n"
            f'            <td class="kern-table__cell qs-number">{shown(measure.progress)} %</td>\n'
            "          </tr>\n        "
        )
    if not parts:
        parts.append(
            '\n          <tr class="kern-table__row"><td class="kern-table__cell" colspan="4">'
            f"{shown(_('The catalogue has no measures yet.'))}</td></tr>\n        "
        )
    return mark_safe("".join(parts))
