"""Rows of a write-only XLSX sheet (openpyxl) in which what people typed stays what they typed.

openpyxl stores a string that starts with "=" as a formula, which a spreadsheet program runs
when the file is opened, and refuses the whole file for one control character that XLSX
cannot hold. Every export that writes text from the database appends its rows through here.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any


def append_rows(sheet: Any, rows: Iterable[Iterable[Any]], *, date_format: str = "") -> None:
    """Append `rows` to `sheet`: text as text (without the control characters XLSX cannot
    hold), numbers as numbers, dates with `date_format` where one is given."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"  # never a formula
            else:
                cell = WriteOnlyCell(sheet, value=value)
                if date_format and isinstance(value, date):
                    cell.number_format = date_format
            cells.append(cell)
        sheet.append(cells)
