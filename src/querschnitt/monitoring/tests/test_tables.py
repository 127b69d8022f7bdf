"""Aggregated tables: long and wide, with their metadata; totals checked; every problem named
by row, column and value."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from querschnitt.monitoring.problems import FileRefused, problem_text
from querschnitt.monitoring.spreadsheets import read_sheet
from querschnitt.monitoring.tables import Context, parse_table

AREAS = {"01": "Innenstadt", "02": "Lindenhof"}


def context(**kwargs) -> Context:
    return Context(
        areas=AREAS,
        municipality_names=("Musterstadt",),
        today=date(2024, 6, 1),
        **kwargs,
    )


def parse(text: str, **kwargs):
    return parse_table(read_sheet(text.encode()), context(**kwargs))


def codes(parsed) -> set[tuple]:
    return {(p["code"], p.get("row"), p.get("column"), p.get("value")) for p in parsed.problems}


LONG = """Stichtag;Gebiet;Geschlecht;Anzahl
31.12.2022;01;männlich;10
31.12.2022;01;weiblich;12
31.12.2022;Lindenhof;m;7
31.12.2022;02;w;1.234
31.12.2022;Stadt;insgesamt;1263
"""


def test_a_long_table_with_a_checked_total() -> None:
    parsed = parse(LONG)
    assert parsed.problems == []
    table = parsed.tables[2022]
    assert table.reference_date == date(2022, 12, 31)
    assert table.cube.dims == ["area", "sex"]
    assert table.cube.categories == [["01", "02"], ["m", "f"]]
    assert table.cube.values.tolist() == [[10, 12, 22], [7, 1234, 1241], [17, 1246, 1263]]


def test_a_wide_table_by_category_with_a_total_column() -> None:
    text = "Gebiet;Jahr;männlich;weiblich;insgesamt\n01;2021;5;6;11\n02;2021;3;-;3\n"
    parsed = parse(text)
    assert parsed.problems == []
    cube = parsed.tables[2021].cube
    assert cube.values[-1].tolist() == [8, 6, 14]  # "-" is a true zero


def test_a_wide_table_by_year() -> None:
    parsed = parse("Gebiet;Geschlecht;2021;2022\nStadt;m;40;41\nStadt;w;50;52\n")
    assert parsed.problems == []
    assert sorted(parsed.tables) == [2021, 2022]
    assert parsed.tables[2022].cube.dims == ["sex"]
    assert parsed.tables[2022].cube.values.tolist() == [41, 52, 93]


def test_citizenship_and_nationalities_are_told_apart_by_their_values() -> None:
    citizenship = parse(
        "Jahr;Gebiet;Staatsangehörigkeit;Anzahl\n2022;01;deutsch;5\n2022;01;ausländisch;4\n"
    )
    nationality = parse(
        "Jahr;Gebiet;Staatsangehörigkeit;Anzahl\n2022;01;Türkei;5\n2022;01;Polen;4\n"
    )
    assert citizenship.tables[2022].cube.dims == ["area", "citizenship"]
    assert nationality.tables[2022].cube.dims == ["area", "nationality"]
    assert nationality.tables[2022].cube.categories[1] == ["TR", "PL"]


def test_age_bands_from_their_usual_labels() -> None:
    text = (
        "Jahr;Gebiet;Altersgruppe;Anzahl\n2022;01;unter 3 Jahre;5\n2022;01;3 bis unter 6 Jahre;4\n"
        "2022;01;75 und älter;3\n"
    )
    assert parse(text).tables[2022].cube.categories[1] == ["0-2", "3-5", "75+"]


def test_totals_that_do_not_add_up_are_named() -> None:
    parsed = parse(LONG.replace("1263", "1264"))
    assert ("total_mismatch", 6, "Anzahl (D)", "1264") in codes(parsed)
    mismatch = next(p for p in parsed.problems if p["code"] == "total_mismatch")
    assert mismatch["expected"] == 1263
    assert parsed.tables == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stichtag;Gebiet;Anzahl\n31.12.2022;03;5\n", ("unknown_area", 2, "Gebiet (B)", "03")),
        ("Stichtag;Gebiet;Anzahl\n31.12.2022;01;-5\n", ("negative", 2, "Anzahl (C)", "-5")),
        ("Stichtag;Gebiet;Anzahl\n31.12.2022;01;2,5\n", ("not_a_count", 2, "Anzahl (C)", "2,5")),
        ("Stichtag;Gebiet;Anzahl\n31.12.2022;01;.\n", ("hidden_in_source", 2, "Anzahl (C)", ".")),
        (
            "Stichtag;Gebiet;Anzahl\n31.12.2031;01;5\n",
            ("future_date", 2, "Stichtag (A)", "31.12.2031"),
        ),
        ("Jahr;Gebiet;Anzahl\n2030;01;5\n", ("future_year", 2, "Jahr (A)", "2030")),
        (
            "Jahr;Gebiet;Geschlecht;Anzahl\n2022;01;weiblich;5\n2022;01;unbekannt;5\n",
            ("unknown_category", 3, "Geschlecht (C)", "unbekannt"),
        ),
        ("Jahr;Gebiet;Anzahl\n2022;01;5\n2022;01;6\n", ("duplicate_key", 3, "Anzahl (C)", "6")),
        ("Jahr;Gebiet;Farbe;Anzahl\n2022;01;rot;5\n", ("unknown_column", 1, "Farbe (C)", "Farbe")),
        ("Gebiet;Anzahl\n01;5\n", ("no_reference_date", 2, None, None)),
    ],
)
def test_bad_input_is_named_by_row_column_and_value(text: str, expected: tuple) -> None:
    parsed = parse(text)
    assert expected in codes(parsed)
    assert parsed.tables == {}
    for entry in parsed.problems:
        assert problem_text(entry)


def test_a_file_in_the_wrong_encoding_is_refused_with_its_row() -> None:
    content = "Jahr;Gebiet;Geschlecht;Anzahl\n2022;01;weiblich;5\n2022;01;männlich;4\n".encode(
        "cp1252"
    )
    with pytest.raises(FileRefused) as refused:
        read_sheet(content)
    problem = refused.value.problems[0]
    assert (problem["code"], problem["row"], problem["bytes"]) == ("encoding", 3, "0xE4")
    assert "männlich" not in problem["value"]
    assert "2022;01;m" in problem["value"]
    # chosen explicitly, the same file is read
    assert parse_table(read_sheet(content, encoding="cp1252"), context()).problems == []


def test_metadata_in_a_csv_file() -> None:
    parsed = parse("# Stichtag: 30.06.2023\n# Definition: citizenship\nGebiet;Anzahl\n01;5\n")
    assert parsed.tables[2023].reference_date == date(2023, 6, 30)
    assert parsed.metadata["definition"] == (2, "citizenship")


def test_an_xlsx_workbook_with_a_metadata_sheet() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Kinder in Kitas, Stand März"])  # a title above the header
    sheet.append(
        ["Gebiet", "Altersgruppe", "mit Migrationshintergrund", "ohne Migrationshintergrund"]
    )
    sheet.append(["01", "unter 3 Jahre", 4, 10])
    sheet.append(["02", "unter 3 Jahre", 6, 0])
    metadata = workbook.create_sheet("Metadaten")
    metadata.append(["Stichtag", "01.03.2023"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_table(read_sheet(buffer.getvalue()), context())
    assert parsed.problems == []
    cube = parsed.tables[2023].cube
    assert cube.dims == ["area", "age", "migration"]
    assert cube.values[-1, -1].tolist() == [10, 10, 20]


def test_a_figure_for_the_whole_municipality_refuses_district_rows() -> None:
    parsed = parse(LONG, municipality_only=True, figure_name="Einbürgerungen")
    assert [p["code"] for p in parsed.problems] == ["area_level"]


def test_the_breakdown_must_match_the_figure() -> None:
    parsed = parse(LONG, expected_dims=("citizenship",), figure_name="Arbeitslose")
    assert [p["code"] for p in parsed.problems] == ["dims_differ"]


def test_an_empty_file_and_a_damaged_workbook_are_refused() -> None:
    with pytest.raises(FileRefused):
        read_sheet(b"   \n")
    with pytest.raises(FileRefused) as refused:
        read_sheet(b"PK\x03\x04 not a zip")
    assert refused.value.problems[0]["code"] == "xlsx_damaged"
