"""Reading import files: formats, encodings, broken files, columns and cells (no database).

Every broken file is a real file written to `tmp_path` and read back, as an upload would be.
The helpers at the top build the files; the service and view tests import them.
"""

import csv
import io
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest

from querschnitt.network import imports
from querschnitt.network.imports import (
    MAX_ROWS,
    Box,
    ImportContext,
    ImportRejected,
    read_table,
)

HEADER = [
    "Name",
    "Art",
    "Themen",
    "Sprachen",
    "Straße",
    "PLZ",
    "Ort",
    "Stadtteil",
    "Breitengrad",
    "Längengrad",
    "E-Mail",
    "Telefon",
    "Website",
    "Beschreibung",
    "Barrierefrei",
    "Sichtbarkeit",
    "Status",
]


def xlsx_bytes(rows: list[list[Any]], *, sheets: dict[str, list[list[Any]]] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)  # streamed: large test files stay quick to write
    for title, sheet_rows in {"Tabelle1": rows, **(sheets or {})}.items():
        sheet = workbook.create_sheet(title)
        for row in sheet_rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def raw_xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """A minimal workbook written directly (inline strings), as some tools export it.

    Quicker than openpyxl for the 100,000-row file."""
    from xml.sax.saxutils import escape

    def cell(value: Any) -> str:
        if isinstance(value, int | float):
            return f"<c><v>{value}</v></c>"
        return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    sheet_rows = "".join(
        f'<row r="{number}">{"".join(cell(value) for value in row)}</row>'
        for number, row in enumerate(rows, start=1)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{package}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Daten" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
            f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>{sheet_rows}</sheetData></worksheet>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], *, encoding: str = "utf-8", delimiter: str = ";") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue().encode(encoding)


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def rejected_codes(path: Path) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        read_table(path.read_bytes(), path.name)
    return [entry["code"] for entry in caught.value.problems]


def parsed(rows: list[list[Any]], context: ImportContext | None = None) -> list[imports.ParsedRow]:
    table = read_table(csv_bytes(rows), "liste.csv")
    return imports.parse_rows(table, context or ImportContext())


GOOD_ROWS = [
    HEADER,
    [
        "Türkischer Elternverein Neckarstadt e.V.",
        "Migrantenorganisation",
        "Bildung; Familie",
        "Türkisch, de",
        "Mittelstraße 12",
        "68169",
        "Mannheim",
        "",
        "49,4985",
        "8,4721",
        "info@elternverein.example",
        "0621 123456",
        "www.elternverein.example",
        "Beratung für Eltern",
        "ja",
        "öffentlich",
        "veröffentlicht",
    ],
]


# --- formats and encodings -------------------------------------------------------------------


def test_a_good_xlsx_is_read_with_its_columns(tmp_path) -> None:
    path = write(tmp_path, "akteure.xlsx", xlsx_bytes(GOOD_ROWS))
    table = read_table(path.read_bytes(), path.name)
    assert table.file_info["format"] == "xlsx"
    assert table.file_info["sheet"] == "Tabelle1"
    assert [c.field for c in table.column_map.columns][:3] == ["name", "kind", "topics"]
    assert table.column_map.missing == []
    assert table.rows[0][0] == 2


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 (BOM)"),
        ("cp1252", b"", "Windows-1252"),
        ("utf-16", b"", "UTF-16"),
    ],
)
def test_csv_encodings_are_detected_and_named(tmp_path, encoding, prefix, expected) -> None:
    path = write(tmp_path, "liste.csv", prefix + csv_bytes(GOOD_ROWS, encoding=encoding))
    table = read_table(path.read_bytes(), path.name)
    assert table.file_info["encoding"] == expected
    row = imports.parse_rows(table, ImportContext())[0]
    assert row.values["name"] == "Türkischer Elternverein Neckarstadt e.V."
    assert row.values["street"] == "Mittelstraße 12"


def test_a_csv_that_no_encoding_reads_is_rejected(tmp_path) -> None:
    # Bytes that are neither UTF-8 nor Windows-1252 text (undefined and control bytes).
    garbage = b"Name;PLZ\r\n" + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0x03] * 50)
    assert rejected_codes(write(tmp_path, "liste.csv", garbage)) == ["undecodable"]


@pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolon"), (",", "comma"), ("\t", "tab")])
def test_the_delimiter_is_detected(tmp_path, delimiter, name) -> None:
    path = write(tmp_path, "liste.csv", csv_bytes(GOOD_ROWS, delimiter=delimiter))
    table = read_table(path.read_bytes(), path.name)
    assert table.file_info["delimiter"] == name
    assert imports.parse_rows(table, ImportContext())[0].values["topics"] == [
        "education",
        "family",
    ]


def test_commas_inside_cells_do_not_fool_the_delimiter_detection() -> None:
    text = "Name;Beschreibung\nA;Sport, Kultur, Musik, Tanz, Theater, Kunst\n"
    assert imports.detect_delimiter(text) == ";"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("liste.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "pdf"),
        ("liste.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "image"),
        ("liste.csv", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40, "image"),
        ("liste.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60, "xls"),
        ("liste.csv", bytes(range(256)) * 8, "binary"),
    ],
)
def test_wrong_file_types_are_recognised_by_content(tmp_path, name, content, kind) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(ImportRejected) as caught:
        read_table(path.read_bytes(), path.name)
    assert caught.value.problems == [{"code": "wrong_type", "params": {"kind": kind}}]
    assert "XLSX" in caught.value.messages[0]


def test_a_zip_that_is_not_a_workbook_is_rejected(tmp_path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    path = write(tmp_path, "liste.xlsx", buffer.getvalue())
    assert rejected_codes(path) == ["wrong_type"]


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_a_truncated_xlsx_is_reported_as_damaged(tmp_path, keep) -> None:
    content = xlsx_bytes(GOOD_ROWS * 50)
    path = write(tmp_path, "liste.xlsx", content[: int(len(content) * keep)])
    assert rejected_codes(path) == ["xlsx_damaged"]


def deterministic(content: bytes) -> bytes:
    """The same workbook with fixed timestamps, so that the same bytes get damaged each run."""
    import re

    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", data)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def test_damaged_xlsx_files_never_raise_anything_but_a_report(tmp_path) -> None:
    """Flipped bytes in a real workbook: every outcome is a table or a clear rejection."""
    content = deterministic(xlsx_bytes(GOOD_ROWS * 20))
    generator = random.Random(3)
    outcomes: set[str] = set()
    for attempt in range(120):
        damaged = bytearray(content)
        for _flip in range(generator.randint(1, 12)):
            damaged[generator.randrange(len(damaged))] = generator.randrange(256)
        path = write(tmp_path, f"kaputt-{attempt}.xlsx", bytes(damaged))
        try:
            table = read_table(path.read_bytes(), path.name)
            imports.parse_rows(table, ImportContext())
            outcomes.add("read")
        except ImportRejected as rejected:
            outcomes.update(entry["code"] for entry in rejected.problems)
    assert outcomes <= {
        "read",
        "xlsx_damaged",
        "missing_columns",
        "no_rows",
        "empty_file",
        "wrong_type",
        "xlsx_no_sheet",
        # flipped bytes in the archive's directory change the sizes it declares
        "xlsx_unpacked_too_large",
        "xlsx_part_too_large",
        "xlsx_ratio",
    }
    assert "xlsx_damaged" in outcomes


@pytest.mark.parametrize("content", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_rejected(tmp_path, content) -> None:
    assert rejected_codes(write(tmp_path, "leer.csv", content)) == ["empty_file"]


def test_an_empty_workbook_is_rejected(tmp_path) -> None:
    assert rejected_codes(write(tmp_path, "leer.xlsx", xlsx_bytes([]))) == ["empty_file"]


def test_a_header_without_rows_is_rejected(tmp_path) -> None:
    assert rejected_codes(write(tmp_path, "kopf.xlsx", xlsx_bytes([HEADER]))) == ["no_rows"]


def test_a_file_over_the_size_limit_is_rejected_before_reading(tmp_path) -> None:
    path = write(tmp_path, "gross.csv", b"Name\n" + b"x" * imports.MAX_FILE_BYTES)
    assert rejected_codes(path) == ["too_large"]


@pytest.mark.parametrize("name", ["muell.csv", "muell.xlsx"])
def test_100000_rows_of_garbage_are_rejected_and_reading_stops_early(tmp_path, name) -> None:
    generator = random.Random(7)
    rows = [["Name", "Irgendwas"]] + [
        [f"{generator.random():.8f}", generator.randint(0, 10**9)] for _ in range(100_000)
    ]
    content = csv_bytes(rows) if name.endswith(".csv") else raw_xlsx_bytes(rows)
    path = write(tmp_path, name, content)
    consumed = 0
    original = imports.find_header

    def counting(rows_iter, file_info, notes, progress=imports.no_progress):  # counts rows pulled
        def counted():
            nonlocal consumed
            for item in rows_iter:
                consumed += 1
                yield item

        return original(counted(), file_info, notes, progress)

    imports.find_header = counting
    try:
        with pytest.raises(ImportRejected) as caught:
            read_table(path.read_bytes(), path.name)
    finally:
        imports.find_header = original
    assert caught.value.problems == [{"code": "too_many_rows", "params": {"limit": MAX_ROWS}}]
    assert consumed == MAX_ROWS + 2  # the header and one row past the limit, no more


def test_a_csv_renamed_to_xlsx_is_read_as_csv_and_says_so(tmp_path) -> None:
    path = write(tmp_path, "liste.xlsx", csv_bytes(GOOD_ROWS))
    table = read_table(path.read_bytes(), path.name)
    assert table.file_info["format"] == "csv"
    assert table.notes[0]["code"] == "extension_mismatch"


# --- columns -----------------------------------------------------------------------------------


def test_missing_required_columns_reject_the_file_and_name_them(tmp_path) -> None:
    path = write(tmp_path, "liste.xlsx", xlsx_bytes([["Verein", "PLZ"][1:], ["68159"]]))
    with pytest.raises(ImportRejected) as caught:
        read_table(path.read_bytes(), path.name)
    assert caught.value.problems == [{"code": "missing_columns", "params": {"columns": "Name"}}]
    assert caught.value.details["columns"]["recognised"] == [
        {"header": "PLZ", "letter": "A", "field": "postal_code"}
    ]
    assert "Name" in caught.value.messages[0]


def test_header_variants_are_recognised_case_and_space_insensitively() -> None:
    column_map = imports.map_columns(
        [
            " NAME* ",
            "Art (siehe Liste)",
            "Straße und Hausnummer",
            "Postleitzahl",
            "e-mail-adresse",
            "Homepage",
            "Geo-Breite",
            "Längengrad",
            "Bemerkung",
            "Name",
        ]
    )
    assert [c.field for c in column_map.columns] == [
        "name",
        "kind",
        "street",
        "postal_code",
        "public_email",
        "website",
        "latitude",
        "longitude",
    ]
    assert column_map.ignored == [{"header": "Bemerkung", "letter": "I"}]
    assert column_map.notes[0]["code"] == "duplicate_column"


def test_a_title_above_the_header_is_skipped(tmp_path) -> None:
    rows = [["Vereinsliste, Stand März 2024"], [], GOOD_ROWS[0], GOOD_ROWS[1]]
    table = read_table(write(tmp_path, "l.xlsx", xlsx_bytes(rows)).read_bytes(), "l.xlsx")
    assert table.header_row == 3
    assert table.rows[0][0] == 4
    assert table.notes == [{"code": "header_row_not_first", "params": {"row": 3}}]


def test_further_worksheets_are_ignored_with_a_note(tmp_path) -> None:
    content = xlsx_bytes(GOOD_ROWS, sheets={"Alt": [["x"]]})
    table = read_table(write(tmp_path, "l.xlsx", content).read_bytes(), "l.xlsx")
    assert table.notes[0]["code"] == "other_sheets_ignored"


# --- cells -------------------------------------------------------------------------------------


def test_a_good_row_gives_its_values() -> None:
    (row,) = parsed(GOOD_ROWS)
    assert row.errors == []
    assert row.values == {
        "name": "Türkischer Elternverein Neckarstadt e.V.",
        "kind": "migrant_organisation",
        "topics": ["education", "family"],
        "languages": ["de", "tr"],
        "street": "Mittelstraße 12",
        "postal_code": "68169",
        "city": "Mannheim",
        "latitude": "49.498500",
        "longitude": "8.472100",
        "public_email": "info@elternverein.example",
        "public_phone": "0621 123456",
        "website": "https://www.elternverein.example",
        "description": "Beratung für Eltern",
        "wheelchair_accessible": True,
        "visibility": "public",
        "status": "published",
    }


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("Name", "", "required"),
        ("Name", "x" * 201, "too_long"),
        ("Art", "Kegelclub", "kind_unknown"),
        ("PLZ", "681", "postal_code_invalid"),
        ("PLZ", "Mannheim", "postal_code_invalid"),
        ("Breitengrad", "49,48,1", "coordinate_invalid"),
        ("Breitengrad", "north", "coordinate_invalid"),
        ("Breitengrad", "91", "latitude_range"),
        ("Längengrad", "-181", "longitude_range"),
        ("E-Mail", "info(at)verein.de", "email_invalid"),
        ("E-Mail", "a@b.de; c@d.de", "email_invalid"),
        ("Website", "http://", "url_invalid"),
        ("Barrierefrei", "teilweise", "boolean_invalid"),
        ("Sichtbarkeit", "geheim", "visibility_unknown"),
        ("Status", "gelöscht", "status_unknown"),
        ("Telefon", "0" * 41, "too_long"),
    ],
)
def test_a_bad_cell_rejects_its_row_naming_column_and_value(column, value, code) -> None:
    row = list(GOOD_ROWS[1])
    row[HEADER.index(column)] = value
    (result,) = parsed([HEADER, row])
    assert result.errors[0]["code"] == code
    assert result.errors[0]["column"] == column
    assert result.errors[0]["letter"] == imports.column_letter(HEADER.index(column))
    assert result.errors[0]["value"] == value[: imports.MAX_SHOWN_VALUE] + (
        "…" if len(value) > imports.MAX_SHOWN_VALUE else ""
    )
    assert imports.problem_text(result.errors[0])


def test_only_one_coordinate_is_an_error() -> None:
    row = list(GOOD_ROWS[1])
    row[HEADER.index("Längengrad")] = ""
    (result,) = parsed([HEADER, row])
    assert [e["code"] for e in result.errors] == ["coordinate_incomplete"]


def test_coordinates_outside_the_box_are_a_warning_and_swapped_ones_are_named() -> None:
    mannheim = ImportContext(outside=Box(south=49.4, north=49.6, west=8.4, east=8.6).outside)
    berlin, swapped = list(GOOD_ROWS[1]), list(GOOD_ROWS[1])
    berlin[8:10] = ["52.52", "13.40"]
    swapped[8:10] = ["8.47", "49.49"]
    inside, outside, turned = parsed([HEADER, GOOD_ROWS[1], berlin, swapped], mannheim)
    assert inside.warnings == []
    assert [w["code"] for w in outside.warnings] == ["coordinates_outside"]
    assert outside.errors == []
    assert [w["code"] for w in turned.warnings] == ["coordinates_outside_swapped"]


def test_unknown_topics_languages_and_districts_are_warnings() -> None:
    row = list(GOOD_ROWS[1])
    row[HEADER.index("Themen")] = "Sport, Häkeln"
    row[HEADER.index("Sprachen")] = "Arabisch; Klingonisch; en-GB"
    row[HEADER.index("Stadtteil")] = "Atlantis"
    context = ImportContext(districts={"neckarstadt": 1}, district_names={1: "Neckarstadt"})
    (result,) = parsed([HEADER, row], context)
    assert result.errors == []
    assert result.values["topics"] == ["sports"]
    assert result.values["languages"] == ["ar", "en"]
    assert "district" not in result.values
    assert [(w["code"], w.get("params")) for w in result.warnings] == [
        ("topic_unknown", {"item": "Häkeln"}),
        ("language_unknown", {"item": "Klingonisch"}),
        ("district_unknown", None),
    ]


def test_kinds_accept_german_labels_and_codes() -> None:
    rows = [["Name", "Art"]] + [
        [f"V{n}", kind]
        for n, kind in enumerate(["Sportverein", "sports_club", "SPORTVEREIN ", "Sports club"])
    ]
    assert {row.values["kind"] for row in parsed(rows)} == {"sports_club"}


def test_districts_are_matched_by_name_ignoring_case_and_spacing() -> None:
    context = ImportContext(
        districts={"neckarstadtwest": 4}, district_names={4: "Neckarstadt-West"}
    )
    (row,) = parsed([["Name", "Stadtteil"], ["A", "neckarstadt west"]], context)
    assert row.values["district"] == 4


def test_formulas_are_taken_as_text_with_a_warning(tmp_path) -> None:
    rows = [["Name", "Beschreibung"], ['=HYPERLINK("http://evil.example","Klick")', "=1+2"]]
    content = xlsx_bytes(rows)
    table = read_table(write(tmp_path, "f.xlsx", content).read_bytes(), "f.xlsx")
    (row,) = imports.parse_rows(table, ImportContext())
    assert row.values["name"] == '=HYPERLINK("http://evil.example","Klick")'
    assert row.values["description"] == "=1+2"
    assert [w["code"] for w in row.warnings] == ["formula_as_text", "formula_as_text"]


def test_excel_numbers_become_the_text_people_see(tmp_path) -> None:
    rows: list[list[Any]] = [
        ["Name", "PLZ", "Breitengrad", "Längengrad", "Barrierefrei"],
        ["A", 1067, 51.05, 13.74, True],
    ]
    table = read_table(write(tmp_path, "n.xlsx", xlsx_bytes(rows)).read_bytes(), "n.xlsx")
    (row,) = imports.parse_rows(table, ImportContext())
    assert row.values["postal_code"] == "01067"
    assert row.values["latitude"] == "51.050000"
    assert row.values["wheelchair_accessible"] is True
    assert [w["code"] for w in row.warnings] == ["postal_code_padded"]


def test_placeholders_count_as_empty_cells() -> None:
    (row,) = parsed([["Name", "Website", "E-Mail", "Barrierefrei"], ["A", "-", "k. A.", "-"]])
    assert row.errors == []
    assert row.values == {"name": "A", "wheelchair_accessible": False}


def test_control_characters_are_removed_with_a_warning() -> None:
    (row,) = parsed([["Name"], ["Verein\x07 am See"]])
    assert row.values["name"] == "Verein am See"
    assert row.warnings[0]["code"] == "control_characters_removed"


def test_names_and_addresses_are_compared_without_case_spacing_and_punctuation() -> None:
    assert imports.name_key("TSV  Mannheim e. V.") == imports.name_key("tsv mannheim")
    assert imports.name_key("St.-Anna-Gemeinde") == imports.name_key("St Anna Gemeinde")
    assert imports.address_key("Hauptstraße 5", "68159") == imports.address_key(
        "hauptstr. 5", " 68159"
    )
    assert imports.address_key("Hauptstraße 5", "68159") != imports.address_key(
        "Hauptstraße 7", "68159"
    )


def test_the_template_has_the_expected_columns_and_reads_back(tmp_path) -> None:
    from openpyxl import load_workbook

    content = imports.template_workbook(district_names=["Neckarstadt-West", "Lindenhof"])
    workbook = load_workbook(io.BytesIO(content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header == HEADER
    values = workbook.worksheets[1]
    assert "Sportverein" in [row[0] for row in values.iter_rows(values_only=True)]
    assert "Lindenhof" in [row[3] for row in values.iter_rows(values_only=True)]
    # Filled in, the template is a valid import.
    sheet = workbook.worksheets[0]
    sheet.append(["Neuer Verein", "Sportverein"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "vorlage.xlsx")
    assert [row.values["kind"] for row in imports.parse_rows(table, ImportContext())] == [
        "sports_club"
    ]
