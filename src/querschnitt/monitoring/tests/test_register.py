"""Register extracts: MigraPro on hand-built households, immigration history, the counted
tables, and every kind of bad input named by row, column and value."""

from datetime import date

import numpy as np
import pytest

from querschnitt.monitoring import register
from querschnitt.monitoring.problems import FileRefused
from querschnitt.monitoring.register import aggregate

HEADER = (
    "id;gebiet;alter;geschlecht;staatsangehoerigkeit_1;staatsangehoerigkeit_2;erwerb;"
    "zuzugsjahr;herkunft_zuzug;geburtsland;elternteil_1;elternteil_2"
)
# Every person lives in a district of their own, so each one's status can be read from the
# counted table. Columns after id: district, age, sex, nationalities, acquisition of German
# citizenship, year and origin of moving in, country of birth, parents in the household.
HOUSEHOLDS = {
    "german": "1;p01;40;m;DE;;geburt;;;DE;;",
    "foreign": "2;p02;35;w;TR;;;2015;ausland;TR;;",
    "naturalised": "3;p03;50;m;DE;;einbuergerung;1998;ausland;PL;;",
    "second_nationality": "4;p04;30;w;DE;IT;geburt;;;DE;;",
    "resettler": "5;p05;60;m;DE;;aussiedler;1993;ausland;KZ;;",
    "born_abroad_moved_within_germany": "6;p06;45;w;DE;;geburt;2010;inland;US;;",
    "child_of_foreign_parent": "7;p07;7;m;DE;;geburt;;;DE;2;",
    "child_of_germans": "8;p08;9;w;DE;;geburt;;;DE;1;6",
    "child_of_two_immigrants": "9;p09;5;m;DE;;geburt;;;DE;2;3",
    "ius_soli": "10;p10;6;w;DE;;geburtsortprinzip;;;DE;;",
    "foreign_child_born_here": "11;p11;4;m;TR;;;;;DE;2;",
    "german_born_abroad_moved_from_abroad": "12;p12;28;m;DE;;geburt;2019;ausland;FR;;",
    "divers_even_number": "14;p13;33;d;DE;;geburt;;;DE;;",
    "moved_before_1950": "15;p14;80;w;DE;;geburt;1948;ausland;PL;;",
}
AREAS = [f"p{i:02d}" for i in range(1, 15)]
REFERENCE = date(2022, 12, 31)


def extract(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


@pytest.fixture(scope="module")
def counted():
    result = aggregate(extract(*HOUSEHOLDS.values()), reference_date=REFERENCE, area_codes=AREAS)
    assert result.ok, result.problems
    return result


def status(counted, person: str, figure: str = "population") -> str:
    """The migration category of one person (their district's only count)."""
    cube = counted.cubes[figure]
    area = HOUSEHOLDS[person].split(";")[1]
    by_category = cube.values[cube.index("area", area), -1, -1, :-1]
    assert by_category.sum() == 1
    return cube.categories[3][int(np.argmax(by_category))]


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("german", "without"),
        ("foreign", "foreign"),
        ("naturalised", "german_mh"),
        ("second_nationality", "german_mh"),
        ("resettler", "german_mh"),
        # born abroad, but moved in from elsewhere in Germany: no sign of immigration
        ("born_abroad_moved_within_germany", "without"),
        # through the parent in the household
        ("child_of_foreign_parent", "german_mh"),
        ("child_of_germans", "without"),
        ("child_of_two_immigrants", "german_mh"),
        ("ius_soli", "german_mh"),
        ("foreign_child_born_here", "foreign"),
        ("german_born_abroad_moved_from_abroad", "german_mh"),
        ("moved_before_1950", "german_mh"),
    ],
)
def test_migration_background_by_migrapro(counted, person: str, expected: str) -> None:
    assert status(counted, person) == expected


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("german", "without_eg"),
        ("foreign", "eg1"),
        ("naturalised", "eg1"),
        # German with a second nationality, born here, no immigrated parent known
        ("second_nationality", "without_eg"),
        ("born_abroad_moved_within_germany", "eg1"),
        # one parent in the household, and that parent immigrated
        ("child_of_foreign_parent", "eg2"),
        # one of the two parents was born here: no second generation
        ("child_of_germans", "without_eg"),
        ("child_of_two_immigrants", "eg2"),
        ("ius_soli", "without_eg"),
        ("foreign_child_born_here", "eg2"),
        # immigrated before 1950: not counted by the definition of 2021
        ("moved_before_1950", "without_eg"),
    ],
)
def test_immigration_history(counted, person: str, expected: str) -> None:
    assert status(counted, person, "population_eg") == expected


def test_the_whole_extract_adds_up(counted) -> None:
    population = counted.cubes["population"]
    assert counted.persons == len(HOUSEHOLDS)
    assert population.values[-1, -1, -1, -1] == len(HOUSEHOLDS)
    without, foreign, german_mh = population.values[-1, -1, -1, :3]
    assert (without, foreign, german_mh) == (4, 2, 8)


def test_divers_is_counted_as_female_or_male_by_the_running_number(counted) -> None:
    population = counted.cubes["population"]
    area = population.index("area", "p13")
    assert population.values[area, population.index("sex", "f"), -1, -1] == 1


def test_foreign_residents_by_nationality_and_length_of_residence(counted) -> None:
    nationality = counted.cubes["foreign_nationality"]
    assert nationality.values[-1, nationality.index("nationality", "TR")] == 2
    residence = counted.cubes["foreign_residence"]
    # moved in 2015: seven years by the end of 2022; born here in 2018: four years
    assert (
        residence.values[residence.index("area", "p02"), residence.index("residence", "4-7")] == 1
    )
    assert (
        residence.values[residence.index("area", "p11"), residence.index("residence", "4-7")] == 1
    )
    assert residence.values[-1, -1] == 2


def test_age_groups(counted) -> None:
    population = counted.cubes["population"]
    assert population.values[-1, -1, population.index("age", "6-9"), -1] == 3  # 7, 9 and 6
    assert population.values[-1, -1, population.index("age", "75+"), -1] == 1


def problems(content: bytes, **kwargs) -> list[dict]:
    result = aggregate(content, reference_date=REFERENCE, area_codes=AREAS, **kwargs)
    assert not result.ok
    assert result.cubes == {}, "nothing is counted from a file with errors"
    return result.problems


def test_unknown_columns_are_refused_by_name() -> None:
    with pytest.raises(FileRefused) as refused:
        aggregate(
            extract("1;p01;40", header="id;gebiet;name"), reference_date=REFERENCE, area_codes=AREAS
        )
    found = {(p["code"], p.get("value")) for p in refused.value.problems}
    assert ("unknown_column", "name") in found
    assert ("missing_column", "") in found
    unknown = next(p for p in refused.value.problems if p["code"] == "unknown_column")
    assert unknown["column"] == "name (C)"
    assert unknown["row"] == 1


def test_each_bad_cell_is_named_with_row_column_and_value() -> None:
    rows = [
        "1;p01;40;m;DE;;geburt;;;DE;;",
        "2;p99;35;w;TR;;;2015;ausland;TR;;",  # unknown district
        "3;p03;-4;m;DE;;geburt;;;DE;;",  # negative age
        "4;p04;30;w;DE;;geburt;2031;inland;DE;;",  # moved in in the future
        "4;p05;30;w;XY;;geburt;;;DE;;",  # duplicate number, no country XY
        "6;p06;8;w;DE;;geburt;;;DE;99;",  # parent not in the extract
        "7;p07;abc;m;DE;;geburt;;;DE;;",  # age is no number
    ]
    found = {(p["code"], p["row"], p["column"], str(p["value"])) for p in problems(extract(*rows))}
    assert ("unknown_area", 3, "gebiet (B)", "p99") in found
    assert ("register_age", 4, "alter (C)", "-4") in found
    assert ("future_year", 5, "zuzugsjahr (H)", "2031") in found
    assert ("register_duplicate_id", 5, "id (A)", "4") in found
    assert ("register_duplicate_id", 6, "id (A)", "4") in found
    assert ("register_country", 6, "staatsangehoerigkeit_1 (E)", "XY") in found
    assert ("register_unknown_parent", 7, "elternteil_1 (K)", "99") in found
    assert ("register_bad_integer", 8, "alter (C)", "abc") in found


def test_a_file_in_the_wrong_encoding_is_refused_with_its_row() -> None:
    content = extract("1;p01;40;m;DE;;geburt;;;DE;;", "2;p02;35;w;TR;;einbürgerung;;;TR;;")
    with pytest.raises(FileRefused) as refused:
        aggregate(
            content.replace("ü".encode(), "ü".encode("latin-1")),
            reference_date=REFERENCE,
            area_codes=AREAS,
        )
    problem = refused.value.problems[0]
    assert problem["code"] == "encoding"
    assert problem["row"] == 3
    assert problem["bytes"] == "0xFC"


def test_windows_1252_is_read_when_chosen() -> None:
    content = extract(*HOUSEHOLDS.values()).decode().encode("cp1252")
    result = aggregate(content, reference_date=REFERENCE, area_codes=AREAS, encoding="cp1252")
    assert result.ok


def test_a_reference_date_in_the_future_is_refused() -> None:
    result = aggregate(
        extract(*HOUSEHOLDS.values()),
        reference_date=date(2099, 12, 31),
        area_codes=AREAS,
        today=date(2026, 1, 1),
    )
    assert [p["code"] for p in result.problems] == ["future_date"]


def test_sparse_person_numbers_give_the_same_result(counted) -> None:
    """Numbers far apart are looked up by a join instead of by position: same counts."""
    shifted = []
    for row in HOUSEHOLDS.values():
        cells = row.split(";")
        for index in (0, 10, 11):
            if cells[index]:
                cells[index] = str(int(cells[index]) * 1_000_003 + 7)
        shifted.append(";".join(cells))
    result = aggregate(extract(*shifted), reference_date=REFERENCE, area_codes=AREAS)
    assert result.ok
    for key, cube in counted.cubes.items():
        # the sex of "divers" follows the running number, so compare without it
        if key.startswith("population"):
            assert (result.cubes[key].values.sum(axis=1) == cube.values.sum(axis=1)).all()
        else:
            assert (result.cubes[key].values == cube.values).all()


@pytest.mark.parametrize("shift", [1, 1_000_003])
def test_an_extract_counted_in_slices_on_several_cores_gives_the_same_counts(
    counted, monkeypatch, shift: int
) -> None:
    """A large extract is counted in slices of rows at once; the parents of a child may be in
    another slice (here: three slices of a few rows; numbers dense or far apart)."""
    monkeypatch.setattr(register, "PARALLEL_ROWS", 1)
    monkeypatch.setattr(register, "CORES", 3)
    assert len(register.row_starts(len(HOUSEHOLDS))) == 4
    rows = []
    for row in HOUSEHOLDS.values():
        cells = row.split(";")
        for index in (0, 10, 11):
            if cells[index]:
                cells[index] = str(int(cells[index]) * shift)
        rows.append(";".join(cells))
    result = aggregate(extract(*rows), reference_date=REFERENCE, area_codes=AREAS)
    assert result.ok
    for key, cube in counted.cubes.items():
        assert (result.cubes[key].values == cube.values).all()
