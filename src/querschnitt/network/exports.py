"""CSV and XLSX exports of the public directory: public columns only, streamed.

The CSV is written row by row into a StreamingHttpResponse. The XLSX is written by openpyxl in
write-only mode (rows go to temporary files, not into memory) and then streamed from a
temporary file. Both read the organisations in chunks by key (see selectors.export_rows), so
memory stays flat for 100,000 rows. Never exported: the requester's name and e-mail, internal
contacts, unpublished or non-public organisations.
"""

import csv
import re
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from querschnitt.core.translation import translate
from querschnitt.core.xlsx_rows import append_rows
from querschnitt.network.models import Organisation, Topic, fact_label
from querschnitt.network.selectors.directory import DirectorySearch, export_rows
from querschnitt.network.selectors.entries import language_name

KIND_LABELS = dict(Organisation.Kind.choices)
TOPIC_LABELS = dict(Topic.choices)
# Spreadsheet programs run cells that start like a formula; a phone number may start with +.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHONE_NUMBER = re.compile(r"^\+[\d\s()/-]+$")


def columns() -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    """(heading, value of a row) for every exported column, headings in the active language."""
    return [
        (_("ID"), lambda row: row["id"]),
        (_("Name"), lambda row: row["name"]),
        (_("Kind"), lambda row: str(KIND_LABELS.get(row["kind"], row["kind"]))),
        (
            _("Topics"),
            lambda row: ", ".join(str(TOPIC_LABELS.get(t, t)) for t in row["topics"]),
        ),
        (_("Languages spoken"), lambda row: ", ".join(language_name(c) for c in row["languages"])),
        (_("Street and number"), lambda row: row["street"]),
        (_("Postal code"), lambda row: row["postal_code"]),
        (_("Town"), lambda row: row["city"]),
        (_("District"), lambda row: row["district__name"] or ""),
        (_("Latitude"), lambda row: float(row["latitude"]) if row["latitude"] is not None else ""),
        (
            _("Longitude"),
            lambda row: float(row["longitude"]) if row["longitude"] is not None else "",
        ),
        (
            _("Step-free access"),
            lambda row: fact_label(row["wheelchair_accessible"]),
        ),
        (_("Public e-mail"), lambda row: row["public_email"]),
        (_("Public telephone"), lambda row: row["public_phone"]),
        (_("Website"), lambda row: row["website"]),
        (_("Description"), lambda row: translate(row["description"]).text),
        (_("Address of the entry"), lambda row: row["url"]),
        (_("Last changed"), lambda row: timezone.localtime(row["updated_at"]).replace(tzinfo=None)),
    ]


def safe_text(value: Any) -> Any:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PHONE_NUMBER.match(value):
        return "'" + value
    return value


def table(search: DirectorySearch, url_of: Callable[[int], str]) -> Iterator[list[Any]]:
    """The heading row, then one row per organisation."""
    spec = columns()
    yield [heading for heading, _value in spec]
    for row in export_rows(search):
        row["url"] = url_of(row["id"])
        yield [value(row) for _heading, value in spec]


class Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_response(
    search: DirectorySearch, url_of: Callable[[int], str], filename: str
) -> StreamingHttpResponse:
    writer = csv.writer(Echo())

    def lines() -> Iterator[str]:
        # The body is read after the view returned, outside the request's tenant scope.
        with scope(municipality=search.municipality):
            yield from rows()

    def rows() -> Iterator[str]:
        for row in table(search, url_of):
            yield writer.writerow(
                [
                    value.isoformat(sep=" ") if isinstance(value, datetime) else safe_text(value)
                    for value in row
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(
    search: DirectorySearch, url_of: Callable[[int], str], filename: str
) -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Organisations")[:31])
    append_rows(sheet, table(search, url_of))
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
