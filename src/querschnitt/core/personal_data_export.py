"""A person's data (`core.personal_data.person_export`) as a JSON or XLSX download."""

import io
import json
import re
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.xlsx_rows import append_rows

SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _cell_text(value: Any) -> Any:
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def document_xlsx(document: dict[str, Any]) -> bytes:
    """One sheet per kind of data, one row per record, the columns the records have."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(title=_("Summary")[:31])
    append_rows(
        summary,
        [
            [_("E-mail address"), document["email"]],
            [_("Municipality"), document["municipality"]["name"]],
            [_("Exported"), document["exported_at"]],
        ],
    )
    taken = {summary.title}
    for part in document["data"]:
        title = SHEET_TITLE_FORBIDDEN.sub(" ", part["label"])[:31].strip() or part["kind"][:31]
        while title in taken:
            title = f"{title[:28]} {len(taken)}"
        taken.add(title)
        sheet = workbook.create_sheet(title=title)
        columns = list(dict.fromkeys(key for row in part["records"] for key in row))
        append_rows(sheet, [columns])
        append_rows(
            sheet, ([_cell_text(row.get(column)) for column in columns] for row in part["records"])
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def export_response(document: dict[str, Any], *, fmt: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(
            document_xlsx(document),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
