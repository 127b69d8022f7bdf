"""Reading statistical tables from CSV and XLSX files into rows of text, with row numbers.

A file may carry its metadata: in an XLSX workbook a sheet named "Metadaten" (or "Metadata")
with a key in the first column and its value in the second; in a CSV file lines at the top
that start with "#", such as `# Stichtag: 31.12.2022`.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from querschnitt.monitoring.problems import FileRefused, problem

MAX_TABLE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_TABLE_ROWS = 200_000
METADATA_SHEETS = ("metadaten", "metadata")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENCODINGS = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}


@dataclass
class Sheet:
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    metadata: list[tuple[int, str, str]] = field(default_factory=list)


def human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def is_xlsx(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04"


def read_sheet(content: bytes, *, encoding: str = "utf-8") -> Sheet:
    if not content.strip():
        raise FileRefused([problem("empty_file")])
    if is_xlsx(content):
        return read_xlsx(content)
    if b"\x00" in content[:4096]:
        raise FileRefused([problem("wrong_type")])
    return read_csv(decode(content, encoding))


def decode(content: bytes, encoding: str) -> str:
    """The text of a CSV file; a byte that the encoding does not allow is named with its row."""
    try:
        return content.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        row = content[: error.start].count(b"\n") + 1
        line_start = content.rfind(b"\n", 0, error.start) + 1
        line_end = content.find(b"\n", error.start)
        line = content[line_start : line_end if line_end != -1 else None]
        raise FileRefused(
            [
                problem(
                    "encoding",
                    row=row,
                    value=line.decode("utf-8", errors="replace").strip(),
                    encoding=ENCODINGS.get(encoding, encoding),
                    bytes=" ".join(f"0x{byte:02X}" for byte in content[error.start : error.end]),
                )
            ]
        ) from error


def sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:20] if line and not line.startswith("#")]
    sample = "\n".join(lines)
    counts = {delimiter: sample.count(delimiter) for delimiter in (";", "\t", ",")}
    return max(counts, key=lambda delimiter: counts[delimiter])


def read_csv(text: str) -> Sheet:
    sheet = Sheet()
    lines = text.splitlines()
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        key, separator, value = lines[start].lstrip("#").partition(":")
        if separator:
            sheet.metadata.append((start + 1, key.strip(), value.strip()))
        start += 1
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=start + 1):
            if number - start > MAX_TABLE_ROWS:
                raise FileRefused([problem("too_many_rows", limit=MAX_TABLE_ROWS)])
            sheet.rows.append((number, [cell.strip() for cell in row]))
    except csv.Error as error:
        raise FileRefused([problem("csv_damaged", detail=str(error))]) from error
    return sheet


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_xlsx(content: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise FileRefused([problem("xlsx_damaged")]) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused([problem("xlsx_too_large", limit=human_size(MAX_UNPACKED_BYTES))])
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileRefused([problem("xlsx_damaged")]) from error
    sheet = Sheet()
    data = None
    for worksheet in workbook.worksheets:
        if worksheet.title.strip().casefold() in METADATA_SHEETS:
            for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = [cell_text(value) for value in row[:2]]
                if len(cells) == 2 and cells[0]:
                    sheet.metadata.append((number, cells[0], cells[1]))
        elif data is None:
            data = worksheet
    if data is None:
        raise FileRefused([problem("no_rows")])
    for number, row in enumerate(data.iter_rows(values_only=True), start=1):
        if number > MAX_TABLE_ROWS:
            raise FileRefused([problem("too_many_rows", limit=MAX_TABLE_ROWS)])
        sheet.rows.append((number, [cell_text(value) for value in row]))
    workbook.close()
    return sheet
