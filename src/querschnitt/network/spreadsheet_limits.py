"""Limits that keep a hostile upload from costing the server memory and time.

An XLSX file is a ZIP archive of XML parts. A small archive can unpack to gigabytes, one XML
text can hold a hundred megabytes, and a part can hold millions of tiny elements; each costs
memory in the parser long before a row is checked. Two checks refuse such files cheaply:

- `check_archive` reads only the archive's directory: how many parts, how large each declares
  itself, and how much it grows when unpacked. `zipfile` never unpacks more than an entry
  declares (and checks the CRC), so the declared sizes are the real upper bounds.
- `GuardedZipFile` hands openpyxl every part it opens through an `XmlGuard`, a streaming
  expat parser that only counts (characters per cell, elements per row, depth, entities) and
  sees each chunk before openpyxl does. It stops at the first limit passed, so a refusal
  costs a few megabytes whatever the file holds.

Plain Python, no Django: the import module turns a `LimitExceeded` into its report.
"""

import io
import zipfile
from typing import IO, Any
from xml.parsers import expat

# The archive
MAX_PARTS = 1_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Parts other than worksheets and the shared strings (styles, workbook, relationships …)
# are parsed whole by openpyxl; real ones are a few kilobytes.
MAX_OTHER_PART_BYTES = 10 * 1024 * 1024
# Spreadsheet XML packs about ten times; a part that grows a hundredfold is made to grow.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024

# The XML
MAX_CELL_CHARACTERS = 32_767  # what Excel itself allows in one cell
MAX_ROW_ELEMENTS = 65_536  # 16,384 columns, each with a value and a little markup
MAX_PART_ELEMENTS = 100_000  # elements outside rows and shared strings, held at once
MAX_SHARED_STRINGS = 300_000  # 20,000 rows of 15 different texts each
MAX_DEPTH = 64

# CSV
MAX_LINE_CHARACTERS = 100_000
MAX_CSV_FIELDS = 1_000


class LimitExceeded(Exception):
    """A limit was passed; `code` and `params` name it for the import's report."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


def is_data_part(name: str) -> bool:
    """Worksheets and the shared strings hold the rows; they may be large."""
    return name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse an archive by what its directory declares, before anything is unpacked."""
    entries = archive.infolist()
    if len(entries) > MAX_PARTS:
        raise LimitExceeded("xlsx_too_many_parts", limit=MAX_PARTS)
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:  # encrypted entry: Office never writes these
            raise LimitExceeded("xlsx_damaged")
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # bzip2 and LZMA unpack a whole block at once, unbounded; Office writes neither.
            raise LimitExceeded("xlsx_damaged")
        limit = MAX_UNPACKED_BYTES if is_data_part(entry.filename) else MAX_OTHER_PART_BYTES
        if entry.file_size > limit:
            raise LimitExceeded("xlsx_part_too_large", part=entry.filename[:100], limit=limit)
        total += entry.file_size
    if total > MAX_UNPACKED_BYTES:
        raise LimitExceeded("xlsx_unpacked_too_large", limit=MAX_UNPACKED_BYTES)
    for entry in entries:
        packed = max(entry.compress_size, 1)
        if entry.file_size > RATIO_FROM_BYTES and entry.file_size > MAX_RATIO * packed:
            raise LimitExceeded(
                "xlsx_ratio",
                part=entry.filename[:100],
                ratio=entry.file_size // packed,
                limit=MAX_RATIO,
            )


class XmlGuard:
    """Counts what an XML part holds while it streams past, and stops at the first limit.

    A cell (`c`) and a shared string (`si`) may hold MAX_CELL_CHARACTERS of text, however it
    is split (runs, comments); a row (`row`) MAX_ROW_ELEMENTS elements, which openpyxl holds
    until the row ends; everything else in a part MAX_PART_ELEMENTS. No document type
    declarations: spreadsheets never have them, and entity tricks need them.
    """

    def __init__(self, part: str) -> None:
        self.part = part[:100]
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        self.parser = parser
        self.depth = 0
        self.part_elements = 0
        self.shared_strings = 0
        self.row_elements = 0
        self.in_row = False
        self.text_depth = 0  # depth of the open cell or shared string, 0 outside
        self.characters = 0
        self.cell = ""
        self.row_number = 0

    def feed(self, data: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as error:
            raise LimitExceeded("xlsx_damaged") from error

    def doctype(self, *args: Any) -> None:
        raise LimitExceeded("xlsx_unsafe", part=self.part)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.text_depth == 0:
            self.characters = 0  # a new text node begins
        if self.depth > MAX_DEPTH:
            raise LimitExceeded("xlsx_too_deep", part=self.part, limit=MAX_DEPTH)
        local = name.rpartition(":")[2]
        if self.in_row:
            self.row_elements += 1
            if self.row_elements > MAX_ROW_ELEMENTS:
                raise LimitExceeded("row_too_wide", row=self.row_number, limit=MAX_ROW_ELEMENTS)
        elif local == "row":
            self.in_row = True
            self.row_elements = 0
            self.row_number = int(attributes["r"]) if attributes.get("r", "").isdigit() else 0
        elif self.text_depth == 0 and local != "si":
            self.part_elements += 1
            if self.part_elements > MAX_PART_ELEMENTS:
                raise LimitExceeded(
                    "xlsx_too_many_elements", part=self.part, limit=MAX_PART_ELEMENTS
                )
        if self.text_depth == 0 and local in ("c", "si"):
            self.text_depth = self.depth
            self.characters = 0
            self.cell = attributes.get("r", "")[:12] if local == "c" else ""
            if local == "si":
                self.shared_strings += 1
                if self.shared_strings > MAX_SHARED_STRINGS:
                    raise LimitExceeded("xlsx_too_many_strings", limit=MAX_SHARED_STRINGS)

    def end(self, name: str) -> None:
        if self.depth == self.text_depth:
            self.text_depth = 0
        if self.text_depth == 0:
            self.characters = 0
        if self.in_row and name.rpartition(":")[2] == "row":
            self.in_row = False
        self.depth -= 1

    def text(self, data: str) -> None:
        # Within a cell or shared string, all its text counts; elsewhere each text node.
        self.characters += len(data)
        if self.characters > MAX_CELL_CHARACTERS:
            if self.text_depth and self.cell:
                raise LimitExceeded("cell_too_long", cell=self.cell, limit=MAX_CELL_CHARACTERS)
            raise LimitExceeded("text_too_long", part=self.part, limit=MAX_CELL_CHARACTERS)


class GuardedStream(io.RawIOBase):
    """A part of the archive as openpyxl reads it, passed through an XmlGuard on the way."""

    def __init__(self, source: IO[bytes], guard: XmlGuard) -> None:
        super().__init__()
        self.source = source
        self.guard = guard
        self.finished = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        data = self.source.read(-1 if size is None else size)
        if not self.finished:
            self.finished = not data or size is None or size < 0
            self.guard.feed(data, final=self.finished)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.source.close()
        super().close()


class GuardedZipFile(zipfile.ZipFile):
    """A ZipFile whose XML parts are read through an XmlGuard each."""

    def open(self, name: Any, mode: Any = "r", *args: Any, **kwargs: Any) -> Any:
        stream = super().open(name, mode, *args, **kwargs)
        part = name.filename if isinstance(name, zipfile.ZipInfo) else str(name)
        if mode != "r" or not part.endswith((".xml", ".rels")):
            return stream
        return GuardedStream(stream, XmlGuard(part))
