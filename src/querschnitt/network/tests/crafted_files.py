"""Spreadsheets crafted to cost a reader memory or time, for the tests and the benchmark.

Built as an attacker builds them: zipfile and raw XML, streamed where they are large.
"""

import io
import random
import string
import zipfile
from collections.abc import Mapping
from typing import Any

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'


def package_parts(*, shared_strings: bool = False) -> dict[str, str]:
    """The parts every workbook needs around its sheet (and, if given, its shared strings)."""
    strings_override = (
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
        if shared_strings
        else ""
    )
    strings_relation = (
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        if shared_strings
        else ""
    )
    return {
        "[Content_Types].xml": (
            f'<Types xmlns="{PACKAGE}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{WORKBOOK_TYPE}"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}"/>'
            f"{strings_override}</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}/relationships"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="Akteure" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}/relationships"><Relationship Id="rId1" '
            f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>{strings_relation}'
            "</Relationships>"
        ),
    }


def sheet(rows: str) -> str:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}{rows}</sheetData></worksheet>'


def workbook(
    parts: Mapping[str, Any],
    *,
    compression: int = zipfile.ZIP_DEFLATED,
    declared: dict[str, int] | None = None,
) -> bytes:
    """A workbook of the given parts (text, bytes, or chunks streamed into the archive).

    `declared` overrides the unpacked size the archive's directory states for a part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in parts.items():
            if isinstance(content, str | bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w") as target:
                for chunk in content:
                    target.write(chunk)
        for info in archive.infolist():
            if declared and info.filename in declared:
                info.file_size = declared[info.filename]
    return buffer.getvalue()


def simple_workbook(rows: str = "", **extra: Any) -> dict[str, Any]:
    return {**package_parts(), "xl/worksheets/sheet1.xml": sheet(rows), **extra}


def random_text(length: int, seed: int = 1) -> str:
    generator = random.Random(seed)
    return "".join(generator.choices(string.ascii_letters + " ", k=length))


def the_reported_bomb() -> bytes:
    """As reported: about 97 kB, one cell that unpacks to 95 MB."""
    megabyte = b"A" * (1024 * 1024)
    opening = f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'
    chunks = [
        opening.encode(),
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>',
        *([megabyte] * 95),
        b"</t></is></c></row></sheetData></worksheet>",
    ]
    return workbook({**package_parts(), "xl/worksheets/sheet1.xml": chunks})


def random_letters(length: int) -> bytes:
    """Text that packs badly (base64 of random bytes): no ratio check betrays it."""
    import base64
    import os

    return base64.b64encode(os.urandom(length * 3 // 4 + 3))[:length]


def low_ratio_cell_bomb(size: int) -> bytes:
    """One cell of `size` characters of random text: the archive is as large as what it holds."""
    chunk = 1024 * 1024
    chunks = [random_letters(min(chunk, size - start)) for start in range(0, size, chunk)]
    parts: dict[str, Any] = {
        **package_parts(),
        "xl/worksheets/sheet1.xml": [
            f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'.encode(),
            b'<row r="2"><c r="B2" t="inlineStr"><is><t>',
            *chunks,
            b"</t></is></c></row></sheetData></worksheet>",
        ],
    }
    return workbook(parts)


def styles_of_tiny_elements(count: int) -> bytes:
    """A style sheet of `count` formats with varied numbers, so that it packs like a real one."""
    generator = random.Random(2)
    formats = "".join(f'<xf numFmtId="{generator.randrange(10**6)}"/>' for _ in range(count))
    parts = simple_workbook(
        **{"xl/styles.xml": f'<styleSheet xmlns="{MAIN}">{formats}</styleSheet>'}
    )
    parts["[Content_Types].xml"] = str(parts["[Content_Types].xml"]).replace(
        "</Types>",
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = str(parts["xl/_rels/workbook.xml.rels"]).replace(
        "</Relationships>",
        f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
    )
    return workbook(parts)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>'
    f'<sst xmlns="{MAIN}"><si><t>&c;</t></si></sst>'
)


def entity_workbook() -> bytes:
    return workbook(
        {
            **package_parts(shared_strings=True),
            "xl/sharedStrings.xml": BILLION_LAUGHS,
            "xl/worksheets/sheet1.xml": sheet(""),
        }
    )
