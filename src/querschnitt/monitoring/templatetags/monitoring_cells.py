"""`{{ cell|cell_markup }}`: a table cell's value as `monitoring/includes/cell.html` writes it
without a unit, written in Python (`overview_rows.cell_markup`); an include costs several
times as much, and an indicator page has dozens of cells."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from querschnitt.monitoring.overview_rows import cell_markup as written
from querschnitt.monitoring.selectors import Cell

register = template.Library()


@register.filter
def cell_markup(cell: Cell | None) -> SafeString:
    if cell is None:  # as the include shows a missing cell: nothing, then its line break
        return mark_safe("\n")
    return mark_safe(written(cell, ""))
