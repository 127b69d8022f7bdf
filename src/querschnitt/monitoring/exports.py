"""Downloads: an indicator's published values as CSV or XLSX, and produced report files.

An indicator has a few thousand values at most, so the files are built in memory. The CSV is
RFC 4180 (comma, full stop as decimal separator, UTF-8) for machines; the XLSX keeps numbers as
numbers for spreadsheets. A hidden value is an empty cell with its symbol beside it.
"""

import csv
import io
from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from querschnitt.core.xlsx_rows import append_rows
from querschnitt.monitoring.selectors import IndicatorData

FORMATS = ("csv", "xlsx")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Spreadsheet programs run cells that start like a formula."""
    return f"'{text}" if text.startswith(FORMULA_START) and len(text) > 1 else text


def rows(data: IndicatorData) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Year"),
        _("Area code"),
        _("Area"),
        _("Group"),
        _("Category"),
        _("Value"),
        _("Symbol"),
        _("Numerator"),
        _("Denominator"),
    ]
    areas = [None, *data.areas]
    found = []
    for year in data.years:
        for area in areas:
            for series, series_label in data.series:
                for category, category_label in data.categories or [("", "")]:
                    cell = data.get(year, area, series, category)
                    if cell.text == "–":
                        continue
                    found.append(
                        [
                            year,
                            area.code if area else "",
                            safe_text(area.name) if area else _("whole municipality"),
                            safe_text(series_label),
                            safe_text(category_label),
                            None if cell.value is None else round(cell.value, 6),
                            cell.symbol,
                            whole(cell.numerator),
                            whole(cell.denominator),
                        ]
                    )
    return header, found


def whole(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def file_name(data: IndicatorData, fmt: str) -> str:
    return f"{slugify(data.indicator.municipality.slug)}-{data.indicator.key}.{fmt}"


def indicator_response(data: IndicatorData, fmt: str) -> HttpResponse:
    header, body = rows(data)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(["" if value is None else value for value in row] for row in body)
        response = HttpResponse(buffer.getvalue().encode(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx(data, header, body), content_type=XLSX_MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name(data, fmt)}"'
    return response


def xlsx(data: IndicatorData, header: list[str], body: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(data.indicator.key[:31])
    legend = _(
        "“.”: hidden for confidentiality; “-”: nothing (exactly zero); “x”: not "
        "meaningful (the base is zero)."
    )
    # the indicator's title and the areas' names are the office's text: kept as text
    append_rows(
        sheet,
        [
            [data.indicator.title.text],
            [data.indicator.get_unit_display()],
            [],
            header,
            *body,
            [],
            [legend],
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_file_response(report: Any, fmt: str) -> FileResponse:
    field = {"pdf": report.pdf_file, "html": report.html_file}.get(fmt)
    if not field:
        raise Http404
    content_type = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    name = f"{slugify(report.title) or 'bericht'}.{fmt}"
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
