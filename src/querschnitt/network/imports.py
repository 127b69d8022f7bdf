"""Reading lists of organisations from XLSX and CSV files: pure functions, no database.

Offices keep their network in spreadsheets. This module turns such a file into rows that say
what would happen to each one (create, update, unchanged, reject, likely duplicate) and why,
naming the row, the column and the value. It never writes anything: the service
(`network/services/imports.py`) hands in what it knows about the municipality (districts,
existing organisations, where the municipality lies) as plain data and stores the report.

Every problem is a small dict with a `code` and its `params`, so that the report can be shown
in the language of whoever reads it later (`problem_text`).
"""

import csv
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import islice
from typing import Any
from xml.etree.ElementTree import ParseError

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from querschnitt.core.models import Visibility
from querschnitt.network.models import Organisation, Topic
from querschnitt.network.spreadsheet_limits import (
    MAX_CELL_CHARACTERS,
    MAX_CSV_FIELDS,
    MAX_LINE_CHARACTERS,
    GuardedZipFile,
    LimitExceeded,
    check_archive,
    is_data_part,
)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60
# Offices often put a title ("Vereinsliste, Stand 2024") above the header row.
HEADER_SEARCH_ROWS = 10
# Formatting applied to whole columns makes Excel store endless empty rows.
EMPTY_ROWS_END = 1_000
MAX_SHOWN_VALUE = 200

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --------------------------------------------------------------------------------------------
# Messages


MESSAGES: dict[str, Any] = {
    # The file as a whole
    "empty_file": _("The file is empty."),
    "too_large": _("The file is larger than %(limit)s, the most that is accepted."),
    "wrong_type": _(
        "The file is %(kind)s, not an XLSX workbook or a CSV file. Save the list in Excel or "
        "LibreOffice as .xlsx or .csv and upload it again."
    ),
    "xlsx_damaged": _(
        "The XLSX file is damaged or incomplete and cannot be read. Open it in Excel or "
        "LibreOffice, save it again and upload it once more."
    ),
    "xlsx_unpacked_too_large": _(
        "The XLSX file unpacks to more than %(limit)s; it is refused as a precaution."
    ),
    "xlsx_part_too_large": _(
        "The part “%(part)s” of the XLSX file unpacks to more than %(limit)s; it is refused "
        "as a precaution."
    ),
    "xlsx_ratio": _(
        "The part “%(part)s” of the XLSX file unpacks to %(ratio)s times its packed size, "
        "more than the %(limit)s times that spreadsheets reach; it is refused as a precaution."
    ),
    "xlsx_too_many_parts": _(
        "The XLSX file consists of more than %(limit)s parts; it is refused as a precaution."
    ),
    "xlsx_too_many_elements": _(
        "The part “%(part)s” of the XLSX file holds more than %(limit)s elements; it is refused "
        "as a precaution. Copy the list into a new workbook, or save it as CSV."
    ),
    "xlsx_too_deep": _(
        "The part “%(part)s” of the XLSX file nests its elements more than %(limit)s levels "
        "deep; it is refused as a precaution."
    ),
    "xlsx_too_many_strings": _(
        "The workbook holds more than %(limit)s different texts; it is refused as a precaution."
    ),
    "xlsx_unsafe": _(
        "The part “%(part)s” of the XLSX file contains a document type declaration or "
        "entities, which spreadsheets do not use; it is refused as a precaution."
    ),
    "cell_too_long": _(
        "Cell %(cell)s holds more than %(limit)s characters, the most a cell may hold."
    ),
    "text_too_long": _(
        "The workbook holds a text of more than %(limit)s characters, the most a cell may hold."
    ),
    "row_too_wide": _("Row %(row)s has more than %(limit)s cells."),
    "csv_line_too_long": _(
        "Line %(row)s of the CSV file is longer than %(limit)s characters, the most that is "
        "accepted."
    ),
    "unexpected_error": _(
        "The file could not be read because of an unexpected error. Nothing has been changed. "
        "Upload it again, or save the list as CSV."
    ),
    "csv_too_many_fields": _(
        "Row %(row)s of the CSV file has more than %(limit)s fields, the most that is accepted."
    ),
    "xlsx_no_sheet": _("The workbook has no worksheet."),
    "undecodable": _(
        "The text of the file could not be decoded (tried UTF-8 and Windows-1252). Save the "
        "list as “CSV UTF-8” and upload it again."
    ),
    "csv_damaged": _("Row %(row)s of the CSV file cannot be read: %(detail)s."),
    "too_many_rows": _(
        "The file has more than %(limit)s rows; reading stopped there. Split the list into "
        "smaller files."
    ),
    "missing_columns": _("Required columns are missing: %(columns)s."),
    "no_rows": _("The file has a header row but no rows with data."),
    # Notes about how the file was read
    "header_row_not_first": _("The header is in row %(row)s; the rows above it were skipped."),
    "other_sheets_ignored": _(
        "Only the worksheet “%(sheet)s” was read; further worksheets were ignored: %(others)s."
    ),
    "empty_rows_end": _(
        "Reading stopped at row %(row)s after %(count)s empty rows; the worksheet claims more."
    ),
    "extension_mismatch": _(
        "The file is named “%(name)s” but contains %(format)s; it was read as %(format)s."
    ),
    "duplicate_column": _(
        "The column “%(header)s” (%(letter)s) repeats an earlier column for the same field "
        "and was ignored."
    ),
    # A cell
    "required": _("A value is required."),
    "too_long": _("Too long: at most %(limit)s characters."),
    "kind_unknown": _("Unknown kind. The template lists the accepted kinds."),
    "postal_code_invalid": _("Not a five-digit postal code."),
    "postal_code_padded": _(
        "Completed to %(padded)s: spreadsheets drop the leading zero of postal codes."
    ),
    "coordinate_invalid": _("Not a decimal number."),
    "latitude_range": _("A latitude lies between -90 and 90."),
    "longitude_range": _("A longitude lies between -180 and 180."),
    "coordinate_incomplete": _("Latitude and longitude must be given together."),
    "coordinates_outside": _("The coordinates lie outside the municipality."),
    "coordinates_outside_swapped": _(
        "The coordinates lie outside the municipality; latitude and longitude seem to be swapped."
    ),
    "email_invalid": _("Not a valid e-mail address (only one address per cell)."),
    "url_invalid": _("Not a valid web address."),
    "boolean_invalid": _("Expected “ja” or “nein”."),
    "visibility_unknown": _("Expected “öffentlich”, “Netzwerk” or “intern”."),
    "status_unknown": _("Expected “veröffentlicht”, “beantragt”, “in Prüfung” or “archiviert”."),
    "topic_unknown": _("Unknown topic “%(item)s”; it was left out."),
    "language_unknown": _("Unknown language “%(item)s”; it was left out."),
    "district_unknown": _(
        "No district of this name; the organisation is imported without a district."
    ),
    "formula_as_text": _("A formula: it is imported as the text shown here, not calculated."),
    "control_characters_removed": _("Invisible control characters were removed."),
}

FILE_KINDS: dict[str, Any] = {
    "pdf": _("a PDF document"),
    "image": _("an image"),
    "xls": _("an old Excel workbook (.xls) or a password-protected workbook"),
    "zip": _("a ZIP archive that is not an XLSX workbook (for example .docx or .ods)"),
    "binary": _("not a text file"),
    "xlsx": "XLSX",
    "csv": "CSV",
}


def problem(
    code: str,
    *,
    column: "Column | None" = None,
    value: Any = None,
    **params: Any,
) -> dict[str, Any]:
    """A problem as stored in the report: code, parameters and, for a cell, where it is."""
    entry: dict[str, Any] = {"code": code}
    if params:
        entry["params"] = params
    if column is not None:
        entry["column"] = column.header
        entry["letter"] = column.letter
    if value is not None:
        text = value if isinstance(value, str) else cell_text(value)
        entry["value"] = text[:MAX_SHOWN_VALUE] + ("…" if len(text) > MAX_SHOWN_VALUE else "")
    return entry


def problem_text(entry: dict[str, Any]) -> str:
    """The message of a stored problem, in the active language."""
    template = MESSAGES.get(entry.get("code", ""))
    if template is None:
        return str(entry.get("code", ""))
    params = {
        key: number_format(value, force_grouping=True)
        if isinstance(value, int) and not isinstance(value, bool)
        else value
        for key, value in (entry.get("params") or {}).items()
    }
    if "kind" in params:
        params["kind"] = FILE_KINDS.get(params["kind"], params["kind"])
    if "format" in params:
        params["format"] = FILE_KINDS.get(params["format"], params["format"])
    try:
        return str(template) % params if params else str(template)
    except (KeyError, TypeError, ValueError):
        return str(template)


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{number_format(size / 1024 / 1024, 1)} MB"
    if size >= 1024:
        return f"{number_format(size / 1024, 0)} KB"
    return ngettext("%(count)d byte", "%(count)d bytes", size) % {"count": size}


class ImportRejected(ValidationError):
    """The file as a whole cannot be imported; `problems` and `details` say why."""

    def __init__(self, problems: list[dict[str, Any]], details: dict[str, Any] | None = None):
        self.problems = problems
        self.details = details or {}
        super().__init__([problem_text(entry) for entry in problems])


BYTE_LIMITS = frozenset({"xlsx_part_too_large", "xlsx_unpacked_too_large"})


def limit_rejected(error: LimitExceeded, details: dict[str, Any] | None = None) -> ImportRejected:
    """The report of a limit of `spreadsheet_limits` that a file passed."""
    params = dict(error.params)
    if error.code in BYTE_LIMITS:
        params["limit"] = human_size(params["limit"])
    return ImportRejected([problem(error.code, **params)], details)


# --------------------------------------------------------------------------------------------
# Normalising text


def fold(text: str) -> str:
    """Lower case, umlauts folded (ä → ae …), accents removed."""
    text = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compact(text: str) -> str:
    """Folded, with everything but letters and digits removed: "St.-Anna e. V" → "stannaev"."""
    return "".join(c for c in fold(text) if c.isalnum())


LEGAL_FORM = re.compile(
    r"[\s,]+(e\.?\s*v\.?|g?gmbh|gug|ug(\s*\(haftungsbeschr(ä|ae)nkt\))?|ggmbh)\s*$", re.IGNORECASE
)
STREET_WORD = re.compile(r"(strasse|straße|str\.?)(?=\s|\d|$)", re.IGNORECASE)


def name_key(name: str) -> str:
    """The name as compared for matching: "TSV Mannheim e.V." and "tsv mannheim" are equal."""
    return compact(LEGAL_FORM.sub("", name.strip()))


def address_key(street: str, postal_code: str) -> str:
    """Street and postal code as compared for matching ("Hauptstr. 5" = "Hauptstraße 5")."""
    street = STREET_WORD.sub("str", fold(street))
    return f"{compact(street)}|{''.join(c for c in postal_code if c.isdigit())}"


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cell_text(value: Any) -> str:
    """A cell's value as the text a person sees in the spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --------------------------------------------------------------------------------------------
# Columns


@dataclass(frozen=True)
class ColumnSpec:
    """A field the import understands, its German header and the variants offices use."""

    field: str
    header: str
    aliases: tuple[str, ...]
    required: bool = False
    explanation: Any = ""


COLUMN_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "name",
        "Name",
        (
            "name",
            "organisation",
            "organisationsname",
            "nameder organisation",
            "einrichtung",
            "verein",
            "vereinsname",
            "traeger",
            "akteur",
            "bezeichnung",
        ),
        required=True,
        explanation=_("Name of the organisation (required)."),
    ),
    ColumnSpec(
        "kind",
        "Art",
        ("art", "typ", "kategorie", "organisationsart", "artderorganisation", "traegerart", "kind"),
        explanation=_("Kind, for example Verein, Sportverein, Religionsgemeinschaft."),
    ),
    ColumnSpec(
        "topics",
        "Themen",
        ("themen", "thema", "themenfelder", "arbeitsfelder", "schwerpunkte", "topics"),
        explanation=_("Topics, separated by commas or semicolons."),
    ),
    ColumnSpec(
        "languages",
        "Sprachen",
        ("sprachen", "sprache", "sprachkenntnisse", "gesprochenesprachen", "languages"),
        explanation=_("Languages spoken, as names (Arabisch) or codes (ar)."),
    ),
    ColumnSpec(
        "street",
        "Straße",
        (
            "strasse",
            "str",
            "strassehausnummer",
            "strasseundhausnummer",
            "strassenr",
            "anschrift",
            "adresse",
            "street",
        ),
        explanation=_("Street and house number."),
    ),
    ColumnSpec(
        "postal_code",
        "PLZ",
        ("plz", "postleitzahl", "postalcode"),
        explanation=_("Five-digit postal code."),
    ),
    ColumnSpec("city", "Ort", ("ort", "stadt", "gemeinde", "city"), explanation=_("Town.")),
    ColumnSpec(
        "district",
        "Stadtteil",
        ("stadtteil", "stadtbezirk", "bezirk", "ortsteil", "district"),
        explanation=_("District of the municipality, by its name."),
    ),
    ColumnSpec(
        "latitude",
        "Breitengrad",
        ("breitengrad", "breite", "geobreite", "lat", "latitude"),
        explanation=_("Latitude as a decimal number (49.4875 or 49,4875)."),
    ),
    ColumnSpec(
        "longitude",
        "Längengrad",
        ("laengengrad", "laenge", "geolaenge", "lon", "lng", "long", "longitude"),
        explanation=_("Longitude as a decimal number (8.4660 or 8,4660)."),
    ),
    ColumnSpec(
        "public_email",
        "E-Mail",
        ("email", "mail", "emailadresse", "mailadresse", "publicemail"),
        explanation=_("Public e-mail address."),
    ),
    ColumnSpec(
        "public_phone",
        "Telefon",
        ("telefon", "tel", "telefonnummer", "phone", "publicphone"),
        explanation=_("Public telephone number."),
    ),
    ColumnSpec(
        "website",
        "Website",
        ("website", "webseite", "homepage", "internet", "internetadresse", "url"),
        explanation=_("Web address."),
    ),
    ColumnSpec(
        "description",
        "Beschreibung",
        ("beschreibung", "kurzbeschreibung", "description"),
        explanation=_("Description in German."),
    ),
    ColumnSpec(
        "wheelchair_accessible",
        "Barrierefrei",
        (
            "barrierefrei",
            "barrierefreiheit",
            "barrierefreierzugang",
            "stufenlos",
            "rollstuhlgerecht",
            "wheelchairaccessible",
        ),
        explanation=_("Step-free access: ja or nein."),
    ),
    ColumnSpec(
        "visibility",
        "Sichtbarkeit",
        ("sichtbarkeit", "visibility"),
        explanation=_("öffentlich (default), Netzwerk or intern."),
    ),
    ColumnSpec(
        "status",
        "Status",
        ("status",),
        explanation=_("veröffentlicht (default), beantragt, in Prüfung or archiviert."),
    ),
)
SPECS_BY_FIELD = {spec.field: spec for spec in COLUMN_SPECS}
REQUIRED_FIELDS = tuple(spec.field for spec in COLUMN_SPECS if spec.required)


def normalise_header(header: str) -> str:
    """ "E-Mail-Adresse " → "emailadresse"; "Name*" → "name"; "Art (siehe Liste)" → "art"."""
    header = re.sub(r"\(.*?\)|\[.*?\]", "", header)
    return compact(header)


@cache
def header_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for spec in COLUMN_SPECS:
        for alias in (spec.header, spec.field, *spec.aliases):
            aliases.setdefault(normalise_header(alias), spec.field)
    return aliases


@dataclass(frozen=True)
class Column:
    """A recognised column of the file: where it is and what it holds."""

    index: int
    field: str
    header: str

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class ColumnMap:
    """Which columns of the header row were recognised, ignored or are missing."""

    columns: list[Column]
    ignored: list[dict[str, str]]
    missing: list[str]
    notes: list[dict[str, Any]]

    def as_report(self) -> dict[str, Any]:
        return {
            "recognised": [
                {"header": c.header, "letter": c.letter, "field": c.field} for c in self.columns
            ],
            "ignored": self.ignored,
            "missing": self.missing,
        }


def map_columns(headers: Sequence[Any]) -> ColumnMap:
    """Recognise the header row, case- and space-insensitively."""
    aliases = header_aliases()
    columns: list[Column] = []
    ignored: list[dict[str, str]] = []
    notes: list[dict[str, Any]] = []
    taken: set[str] = set()
    for index, raw in enumerate(headers[:MAX_COLUMNS]):
        header = cell_text(raw)
        if not header:
            continue
        field_name = aliases.get(normalise_header(header))
        if field_name is None:
            ignored.append({"header": header[:MAX_SHOWN_VALUE], "letter": column_letter(index)})
        elif field_name in taken:
            notes.append(
                problem(
                    "duplicate_column",
                    header=header[:MAX_SHOWN_VALUE],
                    letter=column_letter(index),
                )
            )
        else:
            taken.add(field_name)
            columns.append(Column(index=index, field=field_name, header=header[:MAX_SHOWN_VALUE]))
    missing = [SPECS_BY_FIELD[name].header for name in REQUIRED_FIELDS if name not in taken]
    return ColumnMap(columns=columns, ignored=ignored, missing=missing, notes=notes)


# --------------------------------------------------------------------------------------------
# Reading the file

# Told how far reading has come: the phase ("read", "check"), rows done, and the total if known.
Progress = Callable[[str, int, int | None], None]
PROGRESS_EVERY = 1_000


def no_progress(phase: str, done: int, total: int | None) -> None:
    return None


@dataclass
class Table:
    """The raw cells of a file, after the header row was found."""

    file_info: dict[str, Any]
    column_map: ColumnMap
    header_row: int
    rows: list[tuple[int, list[Any]]]
    notes: list[dict[str, Any]] = field(default_factory=list)


SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"RIFF", "image"),
    (b"\xd0\xcf\x11\xe0", "xls"),
)


def sniff(content: bytes) -> str:
    """ "xlsx" or "text", judged by the content, never by the name alone."""
    if not content.strip():
        raise ImportRejected([problem("empty_file")])
    if content.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "xlsx"
    for signature, kind in SIGNATURES:
        if content.startswith(signature):
            raise ImportRejected([problem("wrong_type", kind=kind)])
    is_bitmap = content.startswith(b"BM") and content[6:10] == b"\x00\x00\x00\x00"
    if is_bitmap or content[4:12] in (b"ftypheic", b"ftypavif", b"ftypmif1"):
        raise ImportRejected([problem("wrong_type", kind="image")])
    return "text"


def check_file(content: bytes) -> str:
    """What a file is ("xlsx" or "text"), or ImportRejected; quick, whatever the file holds.

    Size, type by content, and for an XLSX what its archive declares: milliseconds and no
    unpacking, so that an upload is refused before anything is stored or parsed."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportRejected([problem("too_large", limit=human_size(MAX_FILE_BYTES))])
    kind = sniff(content)
    if kind == "xlsx":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                check_archive(archive)
                names = set(archive.namelist())
        except LimitExceeded as error:
            raise limit_rejected(error) from error
        except XLSX_ERRORS as error:
            raise ImportRejected([problem("xlsx_damaged")]) from error
        if "xl/workbook.xml" not in names:
            raise ImportRejected([problem("wrong_type", kind="zip")])
    return kind


# A row of an XLSX sheet takes about this many bytes unpacked (openpyxl writes about 1,100
# with inline strings, Excel about 400 with shared strings): a rough count without reading.
XLSX_BYTES_PER_ROW = 500


def estimated_rows(content: bytes) -> int:
    """About how many rows a file has, without reading it: lines, or the sheets' size."""
    if not content.startswith(b"PK"):
        return content.count(b"\n")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            size = sum(
                entry.file_size for entry in archive.infolist() if is_data_part(entry.filename)
            )
    except XLSX_ERRORS:
        return 0
    return size // XLSX_BYTES_PER_ROW


def read_table(content: bytes, file_name: str, progress: Progress = no_progress) -> Table:
    """Read the file's header and rows, or raise ImportRejected saying why not."""
    kind = check_file(content)
    notes: list[dict[str, Any]] = []
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if kind == "xlsx":
        if suffix in {"csv", "txt"}:
            notes.append(problem("extension_mismatch", name=file_name, format="xlsx"))
        file_info, raw_rows = read_xlsx(content, notes)
    else:
        if suffix in {"xlsx", "xlsm"}:
            notes.append(problem("extension_mismatch", name=file_name, format="csv"))
        file_info, raw_rows = read_csv(content)
    file_info["size"] = len(content)
    return find_header(raw_rows, file_info, notes, progress)


def find_header(
    rows: Iterator[tuple[int, list[Any]]],
    file_info: dict[str, Any],
    notes: list,
    progress: Progress = no_progress,
) -> Table:
    """The header is the first row that names a required column, among the first rows."""
    first: tuple[int, list[Any]] | None = None
    header: tuple[int, list[Any]] | None = None
    for seen, (number, cells) in enumerate(rows):
        if first is None:
            first = (number, cells)
        column_map = map_columns(cells)
        if not column_map.missing:
            header = (number, cells)
            break
        if seen + 1 >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise ImportRejected([problem("empty_file")], {"file": file_info})
    if header is None:
        column_map = map_columns(first[1])
        raise ImportRejected(
            [problem("missing_columns", columns=", ".join(column_map.missing))],
            {"file": file_info, "columns": column_map.as_report(), "header_row": first[0]},
        )
    header_row, header_cells = header
    column_map = map_columns(header_cells)
    if header_row != first[0]:
        notes.append(problem("header_row_not_first", row=header_row))
    data: list[tuple[int, list[Any]]] = []
    for number, cells in rows:
        data.append((number, cells))
        if len(data) % PROGRESS_EVERY == 0:
            progress("read", len(data), None)
        if len(data) > MAX_ROWS:
            raise ImportRejected(
                [problem("too_many_rows", limit=MAX_ROWS)],
                {"file": file_info, "columns": column_map.as_report()},
            )
    if not data:
        raise ImportRejected(
            [problem("no_rows")], {"file": file_info, "columns": column_map.as_report()}
        )
    return Table(
        file_info=file_info,
        column_map=column_map,
        header_row=header_row,
        rows=data,
        notes=notes + column_map.notes,
    )


XLSX_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    ParseError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    NotImplementedError,
    RuntimeError,
    EOFError,
    OSError,
)


def open_workbook(content: bytes) -> Any:
    """openpyxl's read-only workbook, reading every part through the XML guard.

    `load_workbook` opens its own ZipFile; the reader is built the same way, with the guarded
    archive in its place. openpyxl parses XML with defusedxml (installed, so it is used)."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(
        io.BytesIO(content), read_only=True, keep_vba=False, data_only=False, keep_links=False
    )
    reader.archive.close()
    reader.archive = GuardedZipFile(io.BytesIO(content))
    reader.valid_files = reader.archive.namelist()
    with warnings.catch_warnings():
        # openpyxl warns about features it skips (data validation extensions, styles).
        warnings.simplefilter("ignore")
        reader.read()
    return reader.wb


def read_xlsx(
    content: bytes, notes: list[dict[str, Any]]
) -> tuple[dict[str, Any], Iterator[tuple[int, list[Any]]]]:
    """Open the workbook read-only (streamed); formulas come back as their text."""
    from openpyxl.utils.exceptions import InvalidFileException

    errors = (*XLSX_ERRORS, InvalidFileException)
    try:
        workbook = open_workbook(content)
        sheets = [
            s for s in workbook.worksheets if getattr(s, "sheet_state", "visible") == "visible"
        ]
        sheets = sheets or list(workbook.worksheets)
    except LimitExceeded as error:
        raise limit_rejected(error) from error
    except errors as error:
        raise ImportRejected([problem("xlsx_damaged")]) from error
    if not sheets:
        raise ImportRejected([problem("xlsx_no_sheet")])
    sheet = sheets[0]
    if len(workbook.worksheets) > 1:
        others = [s.title for s in workbook.worksheets if s is not sheet]
        notes.append(problem("other_sheets_ignored", sheet=sheet.title, others=", ".join(others)))
    info = {"format": "xlsx", "sheet": sheet.title}
    try:
        declared_rows = getattr(sheet, "max_row", None) or 0
    except LimitExceeded as error:
        raise limit_rejected(error, {"file": info}) from error
    except errors as error:
        raise ImportRejected([problem("xlsx_damaged")], {"file": info}) from error
    if hasattr(sheet, "reset_dimensions"):
        # Some programs write a wrong size into the file; openpyxl would stop reading there.
        sheet.reset_dimensions()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        empty_run = 0
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for number, values in enumerate(
                    sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
                ):
                    cells = list(values)
                    if all(cell is None or cell == "" for cell in cells):
                        empty_run += 1
                        if empty_run >= EMPTY_ROWS_END:
                            if declared_rows > number:
                                notes.append(
                                    problem("empty_rows_end", row=number, count=EMPTY_ROWS_END)
                                )
                            return
                        continue
                    empty_run = 0
                    yield number, cells
        except LimitExceeded as error:
            raise limit_rejected(error, {"file": info}) from error
        except errors as error:
            raise ImportRejected([problem("xlsx_damaged")], {"file": info}) from error
        finally:
            workbook.close()

    return info, rows()


ENCODINGS = (("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "ISO-8859-1"))
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")


def decode_text(content: bytes) -> tuple[str, str]:
    """The text and the name of the encoding that read it.

    UTF-8 (with or without BOM) first, then Windows-1252 and Latin-1 as Excel writes CSV on
    German Windows. Latin-1 decodes any bytes at all, so a result with many control
    characters is no text and counts as undecodable.
    """
    if content.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        codec, label = (
            ("utf-8-sig", "UTF-8 (BOM)") if content.startswith(b"\xef") else ("utf-16", "UTF-16")
        )
        try:
            return content.decode(codec), label
        except UnicodeDecodeError as error:
            raise ImportRejected([problem("undecodable")]) from error
    if b"\x00" in content[:8192]:
        raise ImportRejected([problem("wrong_type", kind="binary")])
    for codec, label in ENCODINGS:
        try:
            text = content.decode(codec)
        except UnicodeDecodeError:
            continue
        if is_plausible_text(text):
            return text, label
    raise ImportRejected([problem("undecodable")])


def is_plausible_text(text: str) -> bool:
    """A few stray control characters happen (they are removed per cell); many mean binary."""
    sample = text[:65536]
    return len(CONTROL_IN_TEXT.findall(sample)) <= max(10, len(sample) // 1000)


DELIMITERS = (";", ",", "\t", "|")
DELIMITER_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "vertical bar"}


def detect_delimiter(text: str) -> str:
    """The delimiter under which the header row makes most sense.

    A header row names the columns we know, so the delimiter that yields the most recognised
    headers among the first lines wins; without any, the one that splits the lines the most.
    German Excel writes semicolons, so they win a tie.
    """
    sample = "".join(islice(checked_lines(text), HEADER_SEARCH_ROWS * 3))
    best, best_score = ";", (-1, -1)
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))[:HEADER_SEARCH_ROWS]
        except csv.Error:
            continue
        recognised = max((len(map_columns(row).columns) for row in rows), default=0)
        widest = max((len(row) for row in rows), default=0)
        score = (recognised, widest)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# A line and its ending; possessive, so that a line of megabytes is scanned once.
LINE = re.compile(r"[^\r\n]*+(?:\r\n|\r|\n|\Z)")


def checked_lines(text: str) -> Iterator[str]:
    """The lines of a text with their endings, refusing one longer than MAX_LINE_CHARACTERS.

    A line is measured before it is copied out of the text, and the text is not copied as a
    whole (io.StringIO would hold it again, four bytes a character)."""
    for number, line in enumerate(LINE.finditer(text), start=1):
        if line.start() == line.end():
            return  # the empty match at the end of the text
        if line.end() - line.start() > MAX_LINE_CHARACTERS:
            raise ImportRejected(
                [problem("csv_line_too_long", row=number, limit=MAX_LINE_CHARACTERS)]
            )
        yield line.group()


def read_csv(content: bytes) -> tuple[dict[str, Any], Iterator[tuple[int, list[Any]]]]:
    text, encoding = decode_text(content)
    delimiter = detect_delimiter(text)
    info = {"format": "csv", "encoding": encoding, "delimiter": DELIMITER_NAMES[delimiter]}

    def rows() -> Iterator[tuple[int, list[Any]]]:
        reader = csv.reader(checked_lines(text), delimiter=delimiter)
        number = 0
        empty_run = 0
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportRejected(
                    [problem("csv_damaged", row=number, detail=str(error)[:100])], {"file": info}
                ) from error
            if len(cells) > MAX_CSV_FIELDS:
                raise ImportRejected(
                    [problem("csv_too_many_fields", row=number, limit=MAX_CSV_FIELDS)],
                    {"file": info},
                )
            for index, cell in enumerate(cells[:MAX_COLUMNS]):
                if len(cell) > MAX_CELL_CHARACTERS:
                    raise ImportRejected(
                        [
                            problem(
                                "cell_too_long",
                                cell=f"{column_letter(index)}{number}",
                                limit=MAX_CELL_CHARACTERS,
                            )
                        ],
                        {"file": info},
                    )
            if not any(cell.strip() for cell in cells):
                empty_run += 1
                if empty_run >= EMPTY_ROWS_END:
                    return
                continue
            empty_run = 0
            yield number, cells[:MAX_COLUMNS]

    return info, rows()


# --------------------------------------------------------------------------------------------
# Vocabulary: kinds, topics, languages, yes/no


KIND_LABELS_DE: dict[str, tuple[str, ...]] = {
    Organisation.Kind.ASSOCIATION: ("Verein", "eingetragener Verein", "e.V.", "Verband"),
    Organisation.Kind.MIGRANT_ORGANISATION: (
        "Migrantenorganisation",
        "Migrantinnenorganisation",
        "Migrantenselbstorganisation",
        "MSO",
    ),
    Organisation.Kind.RELIGIOUS_COMMUNITY: (
        "Religionsgemeinschaft",
        "Religiöse Gemeinschaft",
        "Glaubensgemeinschaft",
        "Gemeinde",
        "Kirchengemeinde",
        "Moscheegemeinde",
    ),
    Organisation.Kind.WELFARE: (
        "Wohlfahrtsverband oder NGO",
        "Wohlfahrtsverband",
        "Wohlfahrtsorganisation",
        "NGO",
        "Nichtregierungsorganisation",
        "Sozialverband",
    ),
    Organisation.Kind.SPORTS_CLUB: ("Sportverein", "Sportclub", "Sport"),
    Organisation.Kind.CULTURAL_INSTITUTION: (
        "Kultureinrichtung",
        "Kulturverein",
        "Kulturinstitution",
        "Kultur",
    ),
    Organisation.Kind.EDUCATION: (
        "Schule oder Bildungsträger",
        "Schule",
        "Bildungsträger",
        "Bildungseinrichtung",
        "Hochschule",
        "Volkshochschule",
    ),
    Organisation.Kind.COMPANY: ("Unternehmen", "Firma", "Betrieb"),
    Organisation.Kind.PUBLIC_INSTITUTION: (
        "Öffentliche Einrichtung",
        "Behörde",
        "Amt",
        "Verwaltung",
    ),
    Organisation.Kind.OTHER: ("Sonstige", "Sonstiges", "Andere"),
}

TOPIC_LABELS_DE: dict[str, tuple[str, ...]] = {
    Topic.LANGUAGE: ("Sprache und Kurse", "Sprache", "Sprachkurse", "Deutschkurse"),
    Topic.EDUCATION: ("Bildung und Schule", "Bildung", "Schule"),
    Topic.WORK: ("Arbeit und Ausbildung", "Arbeit", "Ausbildung", "Beruf", "Arbeitsmarkt"),
    Topic.COUNSELLING: ("Beratung",),
    Topic.HOUSING: ("Wohnen",),
    Topic.HEALTH: ("Gesundheit",),
    Topic.FAMILY: ("Familie und Kinder", "Familie", "Kinder"),
    Topic.YOUTH: ("Jugend", "Jugendliche"),
    Topic.WOMEN: ("Frauen",),
    Topic.SENIORS: ("Ältere Menschen", "Senioren", "Seniorinnen und Senioren"),
    Topic.SPORTS: ("Sport",),
    Topic.CULTURE: ("Kultur und Kunst", "Kultur", "Kunst"),
    Topic.RELIGION: (
        "Religion und interreligiöser Dialog",
        "Religion",
        "Interreligiöser Dialog",
    ),
    Topic.ANTI_DISCRIMINATION: ("Antidiskriminierung", "Diskriminierung", "Antirassismus"),
    Topic.DEMOCRACY: ("Demokratie und Teilhabe", "Demokratie", "Teilhabe", "Partizipation"),
    Topic.VOLUNTEERING: ("Ehrenamt", "Freiwilligenarbeit", "Engagement"),
    Topic.REFUGEES: (
        "Geflüchtete und Neuzugewanderte",
        "Geflüchtete",
        "Flüchtlinge",
        "Neuzugewanderte",
        "Asyl",
    ),
}

LANGUAGE_NAMES_DE: dict[str, tuple[str, ...]] = {
    "de": ("Deutsch",),
    "en": ("Englisch",),
    "ar": ("Arabisch",),
    "tr": ("Türkisch",),
    "uk": ("Ukrainisch",),
    "ru": ("Russisch",),
    "pl": ("Polnisch",),
    "ro": ("Rumänisch",),
    "bg": ("Bulgarisch",),
    "fa": ("Persisch", "Farsi", "Dari"),
    "ku": ("Kurdisch", "Kurmandschi", "Kurmancî", "Sorani"),
    "ps": ("Paschtu", "Paschto"),
    "ti": ("Tigrinya", "Tigrinisch"),
    "am": ("Amharisch",),
    "so": ("Somali",),
    "fr": ("Französisch",),
    "es": ("Spanisch",),
    "it": ("Italienisch",),
    "pt": ("Portugiesisch",),
    "el": ("Griechisch",),
    "sr": ("Serbisch",),
    "hr": ("Kroatisch",),
    "bs": ("Bosnisch",),
    "sq": ("Albanisch",),
    "mk": ("Mazedonisch",),
    "hu": ("Ungarisch",),
    "cs": ("Tschechisch",),
    "sk": ("Slowakisch",),
    "nl": ("Niederländisch",),
    "vi": ("Vietnamesisch",),
    "zh": ("Chinesisch",),
    "ja": ("Japanisch",),
    "ko": ("Koreanisch",),
    "hi": ("Hindi",),
    "ur": ("Urdu",),
    "bn": ("Bengalisch",),
    "ta": ("Tamil",),
    "he": ("Hebräisch",),
    "hy": ("Armenisch",),
    "ka": ("Georgisch",),
    "az": ("Aserbaidschanisch",),
    "uz": ("Usbekisch",),
    "tk": ("Turkmenisch",),
    "kk": ("Kasachisch",),
    "lt": ("Litauisch",),
    "lv": ("Lettisch",),
    "et": ("Estnisch",),
    "be": ("Belarussisch", "Weißrussisch"),
    "sw": ("Swahili", "Suaheli"),
    "ha": ("Hausa",),
    "yo": ("Yoruba",),
    "ig": ("Igbo",),
    "th": ("Thailändisch",),
    "tl": ("Tagalog",),
    "id": ("Indonesisch",),
    "ms": ("Malaiisch",),
    "sv": ("Schwedisch",),
    "da": ("Dänisch",),
    "no": ("Norwegisch",),
    "fi": ("Finnisch",),
    "sl": ("Slowenisch",),
    "ln": ("Lingala",),
    "wo": ("Wolof",),
}


VISIBILITY_VALUES: dict[str, str] = {
    "oeffentlich": Visibility.PUBLIC,
    "public": Visibility.PUBLIC,
    "netzwerk": Visibility.NETWORK,
    "network": Visibility.NETWORK,
    "intern": Visibility.INTERNAL,
    "internal": Visibility.INTERNAL,
    "nurverwaltung": Visibility.INTERNAL,
}
STATUS_VALUES: dict[str, str] = {
    "veroeffentlicht": Organisation.Status.PUBLISHED,
    "aktiv": Organisation.Status.PUBLISHED,
    "published": Organisation.Status.PUBLISHED,
    "beantragt": Organisation.Status.REQUESTED,
    "angefragt": Organisation.Status.REQUESTED,
    "requested": Organisation.Status.REQUESTED,
    "inpruefung": Organisation.Status.IN_REVIEW,
    "pruefung": Organisation.Status.IN_REVIEW,
    "inreview": Organisation.Status.IN_REVIEW,
    "archiviert": Organisation.Status.ARCHIVED,
    "inaktiv": Organisation.Status.ARCHIVED,
    "archived": Organisation.Status.ARCHIVED,
}


def _vocabulary(choices: Any, german: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Codes, the German words offices use, and the labels in every interface language."""
    words: dict[str, str] = {}
    for code, labels in german.items():
        for label in labels:
            words.setdefault(compact(label), str(code))
    for value, label in choices.choices:
        words.setdefault(compact(value), str(value))
        for language in ("en", "de"):
            with translation.override(language):
                words.setdefault(compact(str(label)), str(value))
    return words


@cache
def kind_words() -> dict[str, str]:
    return _vocabulary(Organisation.Kind, KIND_LABELS_DE)


@cache
def topic_words() -> dict[str, str]:
    return _vocabulary(Topic, TOPIC_LABELS_DE)


@cache
def language_words() -> dict[str, str]:
    from django.conf.locale import LANG_INFO

    words: dict[str, str] = {}
    for code, names in LANGUAGE_NAMES_DE.items():
        words[code] = code
        for name in names:
            words.setdefault(compact(name), code)
    for code, info in LANG_INFO.items():
        if len(code) == 2 and "name" in info:
            words.setdefault(code, code)
            words.setdefault(compact(info["name"]), code)
    return words


# --------------------------------------------------------------------------------------------
# Rows


@dataclass(frozen=True)
class Box:
    """A rectangle of plausible coordinates (for tests and simple callers)."""

    south: float
    north: float
    west: float
    east: float

    def outside(self, latitude: float, longitude: float) -> bool:
        return not (self.south <= latitude <= self.north and self.west <= longitude <= self.east)


@dataclass
class ImportContext:
    """What the rows are checked against; built by the service from the database.

    `outside(latitude, longitude)` says whether a point lies outside the municipality.
    """

    districts: dict[str, int] = field(default_factory=dict)  # compact(name or code) → id
    district_names: dict[int, str] = field(default_factory=dict)
    outside: Callable[[float, float], bool] | None = None


@dataclass
class ParsedRow:
    """One data row: the values it would write and what is wrong with it."""

    number: int
    values: dict[str, Any]
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]

    @property
    def name(self) -> str:
        return str(self.values.get("name", ""))


MAX_LENGTHS: dict[str, int] = {
    name: int(Organisation._meta.get_field(name).max_length or 0)  # type: ignore[union-attr]
    for name in ("name", "street", "postal_code", "city", "public_email", "public_phone", "website")
}
SPLIT_LIST = re.compile(r"[,;/|\n]+")
EMAIL_VALIDATOR = EmailValidator()
URL_VALIDATOR = URLValidator(schemes=["http", "https"])
SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Cell:
    """One cell being checked: its text, its raw value from the file, and its column."""

    text: str
    raw: Any
    column: Column


@dataclass
class RowResult:
    """What the checks of one row collect."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def error(self, code: str, cell: Cell, **params: Any) -> None:
        self.errors.append(problem(code, column=cell.column, value=cell.text, **params))

    def warn(self, code: str, cell: Cell, **params: Any) -> None:
        self.warnings.append(problem(code, column=cell.column, value=cell.text, **params))


Parser = Callable[[Cell, RowResult, ImportContext], None]


def parse_rows(
    table: Table, context: ImportContext, progress: Progress = no_progress
) -> list[ParsedRow]:
    columns = table.column_map.columns
    total = len(table.rows)
    parsed: list[ParsedRow] = []
    for number, cells in table.rows:
        parsed.append(parse_row(number, cells, columns, context))
        if len(parsed) % PROGRESS_EVERY == 0:
            progress("check", len(parsed), total)
    return parsed


def parse_row(
    number: int, cells: Sequence[Any], columns: Sequence[Column], context: ImportContext
) -> ParsedRow:
    """Check every recognised cell of one row; empty cells are left out of the values."""
    result = RowResult()
    by_field = {column.field: column for column in columns}
    for column in columns:
        raw = cells[column.index] if column.index < len(cells) else None
        text = cell_text(raw)
        if CONTROL_CHARACTERS.search(text):
            text = CONTROL_CHARACTERS.sub("", text).strip()
            result.warn("control_characters_removed", Cell(text, raw, column))
        if not text or (column.field not in KEEP_PLACEHOLDERS and is_placeholder(text)):
            continue
        cell = Cell(text, raw, column)
        if text.startswith("="):
            result.warn("formula_as_text", cell)
        PARSERS[column.field](cell, result, context)
    name_column = by_field["name"]
    if "name" not in result.values and not any(
        entry.get("letter") == name_column.letter for entry in result.errors
    ):
        result.errors.insert(0, problem("required", column=name_column, value=""))
    check_coordinates(result, by_field, context)
    return ParsedRow(
        number=number, values=result.values, errors=result.errors, warnings=result.warnings
    )


# "-", "k. A.", "n/a": what lists write into a cell that has nothing to say. In the yes/no
# column they are read: a dash means "no", "k. A." means "not known".
KEEP_PLACEHOLDERS = frozenset({"wheelchair_accessible"})


def is_placeholder(text: str) -> bool:
    return compact(text) in {"", "ka", "na", "nv"}


def parse_text(cell: Cell, result: RowResult, context: ImportContext) -> None:
    field_name = cell.column.field
    # Spreadsheet cells carry stray line breaks and double spaces; descriptions keep theirs.
    text = cell.text if field_name == "description" else " ".join(cell.text.split())
    limit = MAX_LENGTHS.get(field_name)
    if limit and len(text) > limit:
        result.error("too_long", cell, limit=limit)
    else:
        result.values[field_name] = text


def parse_kind(cell: Cell, result: RowResult, context: ImportContext) -> None:
    kind = kind_words().get(compact(cell.text))
    if kind is None:
        result.error("kind_unknown", cell)
    else:
        result.values["kind"] = kind


def list_parser(words: Callable[[], dict[str, str]], unknown: str) -> Parser:
    """Topics or languages: several entries in one cell, unknown ones left out with a note."""

    def parse(cell: Cell, result: RowResult, context: ImportContext) -> None:
        found: list[str] = []
        for item in SPLIT_LIST.split(cell.text):
            item = item.strip()
            if not item:
                continue
            key = compact(item)
            if cell.column.field == "languages" and re.fullmatch(
                r"[a-zA-Z]{2}[-_][a-zA-Z]{2}", item
            ):
                key = item[:2].lower()  # "de-DE" → "de"
            code = words().get(key)
            if code is None:
                result.warn(unknown, cell, item=item[:60])
            elif code not in found:
                found.append(code)
        if found:
            result.values[cell.column.field] = sorted(found)

    return parse


def parse_postal_code(cell: Cell, result: RowResult, context: ImportContext) -> None:
    digits = re.sub(r"^(d|de)\s*-\s*", "", cell.text, flags=re.IGNORECASE).replace(" ", "")
    if re.fullmatch(r"\d{4}", digits):
        # Excel reads 01067 as the number 1067; a four-digit code is one that lost its zero.
        digits = digits.zfill(5)
        result.warn("postal_code_padded", cell, padded=digits)
    if re.fullmatch(r"\d{5}", digits):
        result.values["postal_code"] = digits
    else:
        result.error("postal_code_invalid", cell)


def parse_coordinate(cell: Cell, result: RowResult, context: ImportContext) -> None:
    if isinstance(cell.raw, int | float) and not isinstance(cell.raw, bool):
        number_text = repr(float(cell.raw))
    else:
        number_text = cell.text.replace(" ", "").replace("°", "")
        if number_text.count(",") == 1 and "." not in number_text:
            number_text = number_text.replace(",", ".")  # German decimal comma
    try:
        number = Decimal(number_text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        result.error("coordinate_invalid", cell)
        return
    latitude = cell.column.field == "latitude"
    if not -(90 if latitude else 180) <= number <= (90 if latitude else 180):
        result.error("latitude_range" if latitude else "longitude_range", cell)
        return
    result.values[cell.column.field] = str(number.quantize(SIX_PLACES))


def check_coordinates(
    result: RowResult, by_field: dict[str, Column], context: ImportContext
) -> None:
    """Both or neither; and where the municipality is, or a warning."""
    values = result.values
    has_latitude, has_longitude = "latitude" in values, "longitude" in values
    if has_latitude != has_longitude:
        given = "latitude" if has_latitude else "longitude"
        other = by_field.get("longitude" if has_latitude else "latitude")
        other_failed = other is not None and any(
            entry.get("letter") == other.letter for entry in result.errors
        )
        if not other_failed:
            result.errors.append(
                problem("coordinate_incomplete", column=by_field[given], value=values[given])
            )
        values.pop(given)
        return
    if not has_latitude or context.outside is None:
        return
    latitude, longitude = float(values["latitude"]), float(values["longitude"])
    if context.outside(latitude, longitude):
        swapped = not context.outside(longitude, latitude)
        result.warnings.append(
            problem(
                "coordinates_outside_swapped" if swapped else "coordinates_outside",
                column=by_field["latitude"],
                value=f"{values['latitude']}, {values['longitude']}",
            )
        )


def parse_email(cell: Cell, result: RowResult, context: ImportContext) -> None:
    address = re.sub(r"^mailto:", "", cell.text, flags=re.IGNORECASE).strip()
    try:
        EMAIL_VALIDATOR(address)
    except ValidationError:
        result.error("email_invalid", cell)
        return
    if len(address) > MAX_LENGTHS["public_email"]:
        result.error("too_long", cell, limit=MAX_LENGTHS["public_email"])
    else:
        result.values["public_email"] = address


def parse_website(cell: Cell, result: RowResult, context: ImportContext) -> None:
    address = cell.text
    if not re.match(r"^[a-z][a-z0-9+.-]*://", address, flags=re.IGNORECASE):
        address = f"https://{address}"  # offices write "www.verein.de"
    try:
        URL_VALIDATOR(address)
    except ValidationError:
        result.error("url_invalid", cell)
        return
    if len(address) > MAX_LENGTHS["website"]:
        result.error("too_long", cell, limit=MAX_LENGTHS["website"])
    else:
        result.values["website"] = address


def parse_district(cell: Cell, result: RowResult, context: ImportContext) -> None:
    # A misspelt district is no reason to lose the whole row: the entry is imported without
    # one, and the warning tells staff what to correct.
    district = context.districts.get(compact(cell.text))
    if district is None:
        result.warn("district_unknown", cell)
    else:
        result.values["district"] = district


YES = frozenset({"ja", "j", "yes", "y", "true", "wahr", "1", "x", "✓", "✔", "vorhanden"})
NO = frozenset({"nein", "n", "no", "false", "falsch", "0", "-", "nicht vorhanden", "keine"})


# A fact that a list says is not known (facts about accessibility have three values).
UNKNOWN = frozenset({"unbekannt", "unknown", "keine angabe", "?", "weiss nicht", "nicht bekannt"})


def parse_boolean(cell: Cell, result: RowResult, context: ImportContext) -> None:
    word = " ".join(fold(cell.text).strip(" .!").split())
    if word in YES:
        result.values[cell.column.field] = True
    elif word in NO:
        result.values[cell.column.field] = False
    elif word in UNKNOWN or is_placeholder(cell.text):
        result.values[cell.column.field] = None
    else:
        result.error("boolean_invalid", cell)


def choice_parser(table: dict[str, str], unknown: str) -> Parser:
    def parse(cell: Cell, result: RowResult, context: ImportContext) -> None:
        value = table.get(compact(cell.text))
        if value is None:
            result.error(unknown, cell)
        else:
            result.values[cell.column.field] = str(value)

    return parse


PARSERS: dict[str, Parser] = {
    "name": parse_text,
    "kind": parse_kind,
    "topics": list_parser(topic_words, "topic_unknown"),
    "languages": list_parser(language_words, "language_unknown"),
    "street": parse_text,
    "postal_code": parse_postal_code,
    "city": parse_text,
    "district": parse_district,
    "latitude": parse_coordinate,
    "longitude": parse_coordinate,
    "public_email": parse_email,
    "public_phone": parse_text,
    "website": parse_website,
    "description": parse_text,
    "wheelchair_accessible": parse_boolean,
    "visibility": choice_parser(VISIBILITY_VALUES, "visibility_unknown"),
    "status": choice_parser(STATUS_VALUES, "status_unknown"),
}


# --------------------------------------------------------------------------------------------
# Matching rows to existing organisations


def address_text(street: str, postal_code: str, city: str) -> str:
    place = " ".join(part for part in (postal_code, city) if part)
    return ", ".join(part for part in (street, place) if part)


class ExistingIndex:
    """The municipality's organisations by normalised name, and by name and address."""

    def __init__(self, records: Iterable[tuple[int, str, str, str, str]]) -> None:
        self.by_name: dict[str, list[dict[str, Any]]] = {}
        self.by_name_address: dict[tuple[str, str], list[int]] = {}
        for pk, name, street, postal_code, city in records:
            key = name_key(name)
            self.by_name.setdefault(key, []).append(
                {"id": pk, "name": name, "address": address_text(street, postal_code, city)}
            )
            self.by_name_address.setdefault((key, address_key(street, postal_code)), []).append(pk)

    def exact(self, values: dict[str, Any]) -> list[int]:
        key = (
            name_key(values.get("name", "")),
            address_key(values.get("street", ""), values.get("postal_code", "")),
        )
        return self.by_name_address.get(key, [])

    def same_name(self, values: dict[str, Any]) -> list[dict[str, Any]]:
        return self.by_name.get(name_key(values.get("name", "")), [])


COMPARED_FIELDS = (
    "name",
    "kind",
    "topics",
    "languages",
    "street",
    "postal_code",
    "city",
    "district",
    "latitude",
    "longitude",
    "public_email",
    "public_phone",
    "website",
    "description",
    "wheelchair_accessible",
    "visibility",
    "status",
)
MAX_CANDIDATES = 5


def current_values(
    organisation: dict[str, Any], topics: Iterable[str], languages: Iterable[str]
) -> dict[str, Any]:
    """An organisation's present values (from `.values()`) in the shape of a row's values."""

    def coordinate(value: Any) -> str | None:
        return None if value is None else str(Decimal(value).quantize(SIX_PLACES))

    return {
        "name": organisation["name"],
        "kind": organisation["kind"],
        "topics": sorted(topics),
        "languages": sorted(languages),
        "street": organisation["street"],
        "postal_code": organisation["postal_code"],
        "city": organisation["city"],
        "district": organisation["district_id"],
        "latitude": coordinate(organisation["latitude"]),
        "longitude": coordinate(organisation["longitude"]),
        "public_email": organisation["public_email"],
        "public_phone": organisation["public_phone"],
        "website": organisation["website"],
        "description": (organisation["description"] or {}).get("de", ""),
        "wheelchair_accessible": organisation["wheelchair_accessible"],
        "visibility": organisation["visibility"],
        "status": organisation["status"],
    }


def shown_value(field_name: str, value: Any, context: ImportContext) -> str:
    """A value as the preview shows it."""
    if value is None or value == "" or value == []:
        return ""
    if field_name == "district":
        return context.district_names.get(value, str(value))
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list):
        return ", ".join(value)
    text = str(value)
    return text[:MAX_SHOWN_VALUE] + ("…" if len(text) > MAX_SHOWN_VALUE else "")


def same_spelling(field_name: str, new: Any, old: Any) -> bool:
    """Whether a value says the same as the present one.

    Name and street are compared as the matching compares them: "Hauptstr. 1" does not
    overwrite "Hauptstraße 1", nor "tsv mannheim" the entry "TSV Mannheim e. V.".
    """
    if field_name == "name" and isinstance(old, str) and old:
        return name_key(new) == name_key(old)
    if field_name == "street" and isinstance(old, str) and old:
        return address_key(new, "") == address_key(old, "")
    return bool(new == old)


def row_changes(
    values: dict[str, Any], current: dict[str, Any], context: ImportContext
) -> list[dict[str, str]]:
    """What an update would change: only the fields the row gives a value for."""
    return [
        {
            "field": name,
            "from": shown_value(name, current.get(name), context),
            "to": shown_value(name, values[name], context),
        }
        for name in COMPARED_FIELDS
        if name in values and not same_spelling(name, values[name], current.get(name))
    ]


def classify(
    rows: Iterable[ParsedRow],
    existing: ExistingIndex,
    current: dict[int, dict[str, Any]],
    context: ImportContext,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Decide per row: reject, create, update, unchanged, or a likely duplicate to decide.

    Same normalised name and address as one existing organisation → update (or unchanged).
    Same name only, or the same name as an earlier row of the file → likely duplicate.
    """
    report: list[dict[str, Any]] = []
    counts = dict.fromkeys(
        ("total", "create", "update", "unchanged", "reject", "duplicate", "warnings"), 0
    )
    first_row_of_name: dict[str, int] = {}
    first_row_of_target: dict[int, int] = {}
    for row in rows:
        entry: dict[str, Any] = {"row": row.number, "name": row.name}
        if row.warnings:
            entry["warnings"] = row.warnings
            counts["warnings"] += 1
        counts["total"] += 1
        if row.errors:
            entry.update(action="reject", errors=row.errors, values=row.values)
            counts["reject"] += 1
            report.append(entry)
            continue
        entry["values"] = row.values
        key = name_key(row.name)
        exact = existing.exact(row.values)
        earlier = first_row_of_name.get(key)
        if len(exact) == 1 and exact[0] not in first_row_of_target and earlier is None:
            target = exact[0]
            changes = row_changes(row.values, current.get(target, {}), context)
            entry.update(action="update" if changes else "unchanged", target=target)
            if changes:
                entry["changes"] = changes
            first_row_of_target[target] = row.number
        elif candidates := existing.same_name(row.values):
            entry.update(action="duplicate", candidates=candidates[:MAX_CANDIDATES])
            if earlier is not None:
                entry["same_as_row"] = earlier
        elif earlier is not None:
            entry.update(action="duplicate", same_as_row=earlier)
        else:
            entry["action"] = "create"
        first_row_of_name.setdefault(key, row.number)
        counts[entry["action"]] += 1
        report.append(entry)
    return report, counts


def update_choices(row: dict[str, Any]) -> list[str]:
    """The organisations a likely duplicate may update: those it resembles, an earlier row."""
    values = [f"update:{candidate['id']}" for candidate in row.get("candidates", [])]
    if "same_as_row" in row:
        values.append(f"row:{row['same_as_row']}")
    return values


def decision_values(row: dict[str, Any]) -> set[str]:
    return {"skip", "create", *update_choices(row)}


def decision_choices(row: dict[str, Any]) -> list[tuple[str, str]]:
    """What staff may decide for a likely duplicate; skipping is the default."""
    choices = [
        ("skip", str(_("Skip this row"))),
        ("create", str(_("Create as a new organisation"))),
    ]
    for candidate in row.get("candidates", []):
        label = _("Update “%(name)s” (%(address)s)") % {
            "name": candidate["name"],
            "address": candidate["address"] or _("no address"),
        }
        choices.append((f"update:{candidate['id']}", str(label)))
    if "same_as_row" in row:
        label = _("Update the organisation of row %(row)s instead") % {"row": row["same_as_row"]}
        choices.append((f"row:{row['same_as_row']}", str(label)))
    return choices


# What staff may decide for every likely duplicate at once; a row decided on its own keeps
# its decision. "update" updates the one organisation a row resembles, where there is one.
DEFAULT_DECISIONS: dict[str, Any] = {
    "skip": _("Skip"),
    "create": _("Create as new organisations"),
    "update": _("Update the organisation each row resembles, where it resembles only one"),
}


def default_decision(row: dict[str, Any], default: str) -> str:
    """What the decision for every row means for this row."""
    if default == "update":
        updates = update_choices(row)
        return updates[0] if len(updates) == 1 else "skip"
    return default if default in DEFAULT_DECISIONS else "skip"


def effective_decisions(
    rows: Iterable[dict[str, Any]], decisions: dict[str, str]
) -> dict[int, str]:
    """The decision for every likely duplicate: its own, or the one for every row."""
    default = decisions.get("*", "skip")
    return {
        row["row"]: decisions.get(str(row["row"])) or default_decision(row, default)
        for row in rows
        if row["action"] == "duplicate"
    }


REPORT_VERSION = 1


ExistingLoader = Callable[[list[ParsedRow]], tuple[ExistingIndex, dict[int, dict[str, Any]]]]


def build_report(
    content: bytes,
    file_name: str,
    context: ImportContext,
    load_existing: ExistingLoader,
    progress: Progress = no_progress,
) -> dict[str, Any]:
    """Read, check and classify a file, or raise ImportRejected.

    `load_existing(rows)` gives the index of the municipality's organisations and the present
    values of those that rows match exactly (the service reads them from the database)."""
    table = read_table(content, file_name, progress)
    parsed = parse_rows(table, context, progress)
    existing, current = load_existing(parsed)
    rows, counts = classify(parsed, existing, current, context)
    return {
        "version": REPORT_VERSION,
        "file": table.file_info,
        "header_row": table.header_row,
        "columns": table.column_map.as_report(),
        "notes": table.notes,
        "counts": counts,
        "rows": rows,
    }


# --------------------------------------------------------------------------------------------
# The template offices fill in


def template_workbook(*, district_names: Sequence[str]) -> bytes:
    """An XLSX with the expected columns and, on a second sheet, the accepted values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Akteure"
    sheet.append([spec.header for spec in COLUMN_SPECS])
    for index, spec in enumerate(COLUMN_SPECS):
        cell = sheet.cell(row=1, column=index + 1)
        cell.font = Font(bold=True)
        sheet.column_dimensions[column_letter(index)].width = max(14, len(spec.header) + 4)
    sheet.freeze_panes = "A2"

    values_sheet = workbook.create_sheet(str(_("Accepted values")))
    lists: list[tuple[str, list[str]]] = [
        ("Art", [labels[0] for labels in KIND_LABELS_DE.values()]),
        ("Themen", [labels[0] for labels in TOPIC_LABELS_DE.values()]),
        ("Sprachen", [f"{names[0]} ({code})" for code, names in LANGUAGE_NAMES_DE.items()]),
        ("Stadtteil", list(district_names)),
        ("Barrierefrei", ["ja", "nein"]),
        ("Sichtbarkeit", ["öffentlich", "Netzwerk", "intern"]),
        ("Status", ["veröffentlicht", "beantragt", "in Prüfung", "archiviert"]),
    ]
    for index, (title, entries) in enumerate(lists):
        letter = column_letter(index)
        values_sheet.cell(row=1, column=index + 1, value=title).font = Font(bold=True)
        values_sheet.column_dimensions[letter].width = 34
        for offset, entry in enumerate(entries, start=2):
            values_sheet.cell(row=offset, column=index + 1, value=entry)
    explanations = len(lists) + 1
    values_sheet.cell(row=1, column=explanations, value=str(_("Column"))).font = Font(bold=True)
    values_sheet.cell(row=1, column=explanations + 1, value=str(_("What it holds"))).font = Font(
        bold=True
    )
    values_sheet.column_dimensions[column_letter(explanations)].width = 16
    values_sheet.column_dimensions[column_letter(explanations + 1)].width = 70
    for offset, spec in enumerate(COLUMN_SPECS, start=2):
        values_sheet.cell(row=offset, column=explanations, value=spec.header)
        values_sheet.cell(row=offset, column=explanations + 1, value=str(spec.explanation))

    # Drop-down lists where the values are fixed; typing something else stays possible.
    quoted = values_sheet.title.replace("'", "''")
    fields = [spec.field for spec in COLUMN_SPECS]
    for spec_field, list_index in (
        ("kind", 0),
        ("wheelchair_accessible", 4),
        ("visibility", 5),
        ("status", 6),
    ):
        column = column_letter(fields.index(spec_field))
        source = column_letter(list_index)
        last = len(lists[list_index][1]) + 1
        validation = DataValidation(
            type="list",
            formula1=f"'{quoted}'!${source}$2:${source}${last}",
            allow_blank=True,
            showErrorMessage=False,
        )
        validation.add(f"{column}2:{column}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
