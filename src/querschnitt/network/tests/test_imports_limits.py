"""Uploads built to cost the server memory or time are refused early, with a clear message.

Each file is crafted here as an attacker would craft it (zipfile, raw XML), written to disk
and read back as an upload. How fast and how cheaply they are refused is measured by
`bench/upload_limits.py`, not asserted here.
"""

import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from django_scopes import scope

from conftest import signed_in_client
from querschnitt.network import spreadsheet_limits as limits
from querschnitt.network.imports import ImportRejected, problem_text, read_table
from querschnitt.network.models import ImportRun
from querschnitt.network.tests.crafted_files import (
    BILLION_LAUGHS,
    MAIN,
    package_parts,
    random_text,
    sheet,
    simple_workbook,
    styles_of_tiny_elements,
    the_reported_bomb,
    workbook,
)
from querschnitt.network.tests.test_imports_parsing import csv_bytes, write


@pytest.fixture(autouse=True)
def _messages_in_english() -> Iterator[None]:
    """The assertions below read the reports' English wording."""
    with translation.override("en"):
        yield


def refusal(tmp_path: Path, name: str, content: bytes) -> ImportRejected:
    path = write(tmp_path, name, content)
    with pytest.raises(ImportRejected) as caught:
        read_table(path.read_bytes(), path.name)
    return caught.value


def codes(rejected: ImportRejected) -> list[str]:
    return [entry["code"] for entry in rejected.problems]


# --- what the archive declares -----------------------------------------------------------------


def test_the_reported_bomb_is_refused_by_its_packing_ratio(tmp_path) -> None:
    content = the_reported_bomb()
    assert len(content) < 150_000
    rejected = refusal(tmp_path, "bombe.xlsx", content)
    assert codes(rejected) == ["xlsx_ratio"]
    assert rejected.problems[0]["params"]["part"] == "xl/worksheets/sheet1.xml"
    with_translation = problem_text(rejected.problems[0])
    assert "xl/worksheets/sheet1.xml" in with_translation
    assert "100" in with_translation  # the limit is named


def test_declared_sizes_are_checked_before_anything_is_unpacked(tmp_path) -> None:
    too_large = limits.MAX_UNPACKED_BYTES + 1
    part = refusal(
        tmp_path,
        "teil.xlsx",
        workbook(simple_workbook(), declared={"xl/worksheets/sheet1.xml": too_large}),
    )
    assert codes(part) == ["xlsx_part_too_large"]
    assert part.problems[0]["params"]["limit"] == "100.0 MB"

    styles = refusal(
        tmp_path,
        "stile.xlsx",
        workbook(
            simple_workbook(**{"xl/styles.xml": "<styleSheet/>"}),
            declared={"xl/styles.xml": limits.MAX_OTHER_PART_BYTES + 1},
        ),
    )
    assert codes(styles) == ["xlsx_part_too_large"]

    half = limits.MAX_UNPACKED_BYTES // 2 + 1
    total = refusal(
        tmp_path,
        "summe.xlsx",
        workbook(
            simple_workbook(**{"xl/worksheets/sheet2.xml": "<worksheet/>"}),
            declared={"xl/worksheets/sheet1.xml": half, "xl/worksheets/sheet2.xml": half},
        ),
    )
    assert codes(total) == ["xlsx_unpacked_too_large"]


def test_an_archive_of_too_many_parts_is_refused(tmp_path) -> None:
    extra = {f"xl/media/image{n}.png": b"" for n in range(limits.MAX_PARTS)}
    rejected = refusal(tmp_path, "teile.xlsx", workbook({**simple_workbook(), **extra}))
    assert codes(rejected) == ["xlsx_too_many_parts"]


def test_compression_that_unpacks_unbounded_is_refused(tmp_path) -> None:
    content = workbook(simple_workbook(), compression=zipfile.ZIP_BZIP2)
    assert codes(refusal(tmp_path, "bzip2.xlsx", content)) == ["xlsx_damaged"]


# --- what the XML holds ----------------------------------------------------------------------


def test_a_cell_longer_than_a_spreadsheet_allows_is_refused_while_streaming(tmp_path) -> None:
    """Random text packs badly, so no ratio betrays it; the guard stops within the cell."""
    long_text = random_text(limits.MAX_CELL_CHARACTERS + 1)
    rows = f'<row r="2"><c r="B2" t="inlineStr"><is><t>{long_text}</t></is></c></row>'
    rejected = refusal(tmp_path, "lang.xlsx", workbook(simple_workbook(rows)))
    assert codes(rejected) == ["cell_too_long"]
    assert problem_text(rejected.problems[0]) == (
        "Cell B2 holds more than 32,767 characters, the most a cell may hold."
    )


def test_a_shared_string_split_into_many_runs_counts_as_one(tmp_path) -> None:
    run = f"<r><t>{random_text(1000)}</t></r>"
    runs = run * (limits.MAX_CELL_CHARACTERS // 1000 + 1)
    parts = {
        **package_parts(shared_strings=True),
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}"><si>{runs}</si></sst>',
        "xl/worksheets/sheet1.xml": sheet('<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
    }
    assert codes(refusal(tmp_path, "runs.xlsx", workbook(parts))) == ["text_too_long"]


def test_text_split_by_comments_counts_as_one(tmp_path) -> None:
    pieces = f"{random_text(1000)}<!-- -->" * (limits.MAX_CELL_CHARACTERS // 1000 + 1)
    rows = f'<row r="2"><c r="C2" t="inlineStr"><is><t>{pieces}</t></is></c></row>'
    rejected = refusal(tmp_path, "kommentare.xlsx", workbook(simple_workbook(rows)))
    assert codes(rejected) == ["cell_too_long"]


def test_a_row_with_too_many_cells_is_refused(tmp_path) -> None:
    cells = "<c/>" * (limits.MAX_ROW_ELEMENTS + 1)
    rejected = refusal(
        tmp_path, "breit.xlsx", workbook(simple_workbook(f'<row r="7">{cells}</row>'))
    )
    assert codes(rejected) == ["row_too_wide"]
    assert "Row 7 has more than 65,536 cells." in problem_text(rejected.problems[0])


def test_a_part_of_millions_of_tiny_elements_is_refused(tmp_path) -> None:
    content = styles_of_tiny_elements(limits.MAX_PART_ELEMENTS + 1)
    rejected = refusal(tmp_path, "stile.xlsx", content)
    assert codes(rejected) == ["xlsx_too_many_elements"]
    assert rejected.problems[0]["params"]["part"] == "xl/styles.xml"


def test_deeply_nested_elements_are_refused(tmp_path) -> None:
    depth = limits.MAX_DEPTH
    nested = "<x>" * depth + "</x>" * depth
    rows = f'<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c>{nested}</row>'
    assert codes(refusal(tmp_path, "tief.xlsx", workbook(simple_workbook(rows)))) == [
        "xlsx_too_deep"
    ]


def test_too_many_shared_strings_are_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_SHARED_STRINGS", 1_000)  # the count, not the figure

    def strings() -> Iterable[bytes]:
        yield f'<sst xmlns="{MAIN}">'.encode()
        yield "".join(f"<si><t>{n:x}</t></si>" for n in range(1_001)).encode()
        yield b"</sst>"

    parts = {
        **package_parts(shared_strings=True),
        "xl/sharedStrings.xml": strings(),
        "xl/worksheets/sheet1.xml": sheet('<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
    }
    assert codes(refusal(tmp_path, "texte.xlsx", workbook(parts))) == ["xlsx_too_many_strings"]


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/workbook.xml"])
def test_entity_tricks_are_refused(tmp_path, part) -> None:
    parts: dict[str, Any] = {
        **package_parts(shared_strings=True),
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}"><si><t>Name</t></si></sst>',
        "xl/worksheets/sheet1.xml": sheet(""),
    }
    if part == "xl/sharedStrings.xml":
        parts[part] = BILLION_LAUGHS
    else:
        parts[part] = str(parts[part]).replace(
            "<workbook", '<!DOCTYPE w SYSTEM "file:///etc/passwd"><workbook'
        )
    rejected = refusal(tmp_path, "entitaeten.xlsx", workbook(parts))
    assert codes(rejected) == ["xlsx_unsafe"]
    assert rejected.problems[0]["params"]["part"] == part


def test_openpyxl_itself_parses_with_defusedxml() -> None:
    """A second line of defence behind the guard: openpyxl's parser refuses entities too."""
    import defusedxml
    from openpyxl.reader.strings import read_string_table
    from openpyxl.xml import functions

    assert functions.iterparse.__module__.startswith("defusedxml")
    with pytest.raises(defusedxml.EntitiesForbidden):
        read_string_table(io.BytesIO(BILLION_LAUGHS.encode()))


def test_an_ordinary_workbook_passes_the_guard(tmp_path) -> None:
    rows = '<row r="2"><c r="A2" t="inlineStr"><is><t>Verein der Freunde</t></is></c></row>'
    path = write(tmp_path, "gut.xlsx", workbook(simple_workbook(rows)))
    table = read_table(path.read_bytes(), path.name)
    [(number, cells)] = table.rows
    assert (number, cells[0]) == (2, "Verein der Freunde")


# --- CSV ---------------------------------------------------------------------------------------


def test_a_csv_line_longer_than_the_limit_is_refused(tmp_path) -> None:
    content = b"Name;PLZ\r\nVerein;68159\r\n" + b"x" * (limits.MAX_LINE_CHARACTERS + 1) + b"\r\n"
    rejected = refusal(tmp_path, "zeile.csv", content)
    assert codes(rejected) == ["csv_line_too_long"]
    assert problem_text(rejected.problems[0]) == (
        "Line 3 of the CSV file is longer than 100,000 characters, the most that is accepted."
    )


def test_a_csv_row_with_too_many_fields_is_refused(tmp_path) -> None:
    content = b"Name;PLZ\r\nVerein;68159\r\nA" + b";" * limits.MAX_CSV_FIELDS + b"\r\n"
    rejected = refusal(tmp_path, "felder.csv", content)
    assert codes(rejected) == ["csv_too_many_fields"]
    assert rejected.problems[0]["params"] == {"row": 3, "limit": limits.MAX_CSV_FIELDS}


def test_a_csv_cell_longer_than_the_limit_is_refused(tmp_path) -> None:
    long_text = random_text(limits.MAX_CELL_CHARACTERS + 1)
    content = csv_bytes([["Name", "PLZ", "Beschreibung"], ["Verein", "68159", long_text]])
    rejected = refusal(tmp_path, "zelle.csv", content)
    assert codes(rejected) == ["cell_too_long"]
    assert rejected.problems[0]["params"]["cell"] == "C2"


def test_a_newline_flood_stops_reading_early(tmp_path) -> None:
    content = b"Name;PLZ\r\nVerein;68159\r\n" + b"\r\n" * 4_000_000
    table = read_table(write(tmp_path, "leer.csv", content).read_bytes(), "leer.csv")
    assert table.rows == [(2, ["Verein", "68159"])]


# --- through the upload page -----------------------------------------------------------------


def test_the_upload_page_refuses_the_bomb_with_a_clear_message(mannheim, tmp_path) -> None:
    client = signed_in_client("team@mannheim.example")
    client.cookies["qs_language"] = "en"
    with scope(municipality=mannheim):
        runs = ImportRun.objects.filter(municipality=mannheim).count()
    path = write(tmp_path, "bombe.xlsx", the_reported_bomb())
    with path.open("rb") as handle:
        response = client.post("/mannheim/verwaltung/import/", {"file": handle})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The file “bombe.xlsx” cannot be imported" in html
    assert "unpacks to" in html
    assert "refused as a precaution" in html
    with scope(municipality=mannheim):
        assert ImportRun.objects.filter(municipality=mannheim).count() == runs
