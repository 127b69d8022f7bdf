"""An anonymised extract of the population register, aggregated on import; never stored.

One row per person (a running number instead of a name), as CSV:

    id;gebiet;alter;geschlecht;staatsangehoerigkeit_1;staatsangehoerigkeit_2;erwerb;
    zuzugsjahr;herkunft_zuzug;geburtsland;elternteil_1;elternteil_2

The rows are checked, the migration background derived the way city statisticians do it
(MigraPro, see `dimensions.DEFINITION_EXPLANATIONS`), and four tables are counted: residents
by district, sex, age group and migration background; the same by immigration history
(Einwanderungsgeschichte); foreign residents by nationality; foreign residents by length of
residence. Only those counts leave this module. Everything runs in Polars, column-wise.

MigraPro, as implemented here:
- foreign nationals (first nationality not German): "foreign";
- Germans with a second, foreign nationality; Germans who became German by naturalisation,
  as (late) resettlers, by adoption or by birth in Germany to foreign parents (option rule);
  Germans born abroad who moved in from abroad; and Germans whose parent living in the same
  household (elternteil_1/2) has a migration background by one of these rules:
  "german_mh";
- everyone else: "without".
Immigration history: born abroad (unless they moved in before 1950): first generation;
born in Germany with every parent linked in the household (at least one) born abroad: second
generation. Only parents in the same household are known to the register, as with MigraPro.
People with the sex "divers" or without an entry are counted as male or female by their
running number, as the federal statistical office does for publication.
Length of residence is counted from the year of moving into the municipality (from birth for
those who never moved in), the only date the municipal register holds.
"""

import io
import itertools
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import polars as pl

from querschnitt.monitoring.cube import Cube
from querschnitt.monitoring.dimensions import (
    AGE_BANDS,
    ISO_COUNTRIES,
    NATIONALITY_GROUPS,
    RESIDENCE_BANDS,
    band_bounds,
    nationality_group,
    normalise,
)
from querschnitt.monitoring.extract_format import COLUMNS, FIGURES
from querschnitt.monitoring.problems import FileRefused, column_letter, problem

MAX_EXAMPLES = 20
SCHEMA: dict[str, Any] = {
    "id": pl.Int64,
    "area": pl.String,
    "age": pl.Int64,
    "sex": pl.String,
    "nationality_1": pl.String,
    "nationality_2": pl.String,
    "acquisition": pl.String,
    "moved_in_year": pl.Int64,
    "move_origin": pl.String,
    "birth_country": pl.String,
    "parent_1": pl.Int64,
    "parent_2": pl.Int64,
}
INTEGER_COLUMNS = ("id", "age", "moved_in_year", "parent_1", "parent_2")
CODED_COLUMNS = ("sex", "acquisition", "move_origin")
COUNTRY_COLUMNS = ("nationality_1", "nationality_2", "birth_country")
REQUIRED_VALUES = ("id", "area", "age", "sex", "nationality_1", "birth_country")
SEXES = {"m": "m", "w": "f", "f": "f", "d": "", "x": ""}
ACQUISITIONS = {
    "geburt": "birth",
    "birth": "birth",
    "einbuergerung": "naturalisation",
    "einbürgerung": "naturalisation",
    "naturalisation": "naturalisation",
    "aussiedler": "resettler",
    "spaetaussiedler": "resettler",
    "resettler": "resettler",
    "geburtsortprinzip": "ius_soli",
    "optionsregelung": "ius_soli",
    "ius_soli": "ius_soli",
    "adoption": "adoption",
}
ORIGINS = {"ausland": "abroad", "abroad": "abroad", "inland": "germany", "germany": "germany"}
AGE_BREAKS = [2, 5, 9, 14, 17, 24, 34, 44, 54, 64, 74]
RESIDENCE_BREAKS = [0, 3, 7, 14]

_EXPR_COLUMNS = {
    "population": ("sex_code", "age_band", "migration"),
    "population_eg": ("sex_code", "age_band", "history"),
    "foreign_nationality": ("nationality_group",),
    "foreign_residence": ("residence_band",),
}


@dataclass
class Aggregated:
    """The counts of an extract, or the problems that stop it from being imported."""

    reference_date: date
    persons: int = 0
    cubes: dict[str, Cube] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)
    problem_counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problem_counts


def header_columns(content: bytes) -> tuple[str, list[str]]:
    """The delimiter and the header of the file."""
    first = content[: content.find(b"\n") if b"\n" in content else len(content)]
    first = first.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r")
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileRefused(
            [
                problem(
                    "encoding",
                    row=1,
                    value=first.decode("utf-8", "replace"),
                    encoding="UTF-8",
                    bytes=f"0x{first[error.start]:02X}",
                )
            ]
        ) from error
    delimiter = max((";", ",", "\t"), key=text.count)
    return delimiter, [cell.strip().strip('"') for cell in text.split(delimiter)]


def map_header(header: list[str]) -> dict[str, str]:
    """Header in the file → canonical column; unknown or missing columns refuse the file."""
    aliases = {normalise(alias): name for name, names in COLUMNS.items() for alias in names}
    mapping: dict[str, str] = {}
    problems = []
    for index, text in enumerate(header):
        name = aliases.get(normalise(text).replace(" ", "_"))
        if name is None:
            problems.append(
                problem(
                    "unknown_column",
                    row=1,
                    column=f"{text} ({column_letter(index)})",
                    value=text,
                    known=", ".join(names[0] for names in COLUMNS.values()),
                )
            )
        elif name in mapping.values():
            problems.append(
                problem(
                    "duplicate_column", row=1, column=f"{text} ({column_letter(index)})", value=text
                )
            )
        else:
            mapping[text] = name
    for name, names in COLUMNS.items():
        if name not in mapping.values():
            problems.append(problem("missing_column", row=1, column=names[0], value=""))
    if problems:
        raise FileRefused(problems)
    return mapping


def typed_schema(area_codes: Sequence[str]) -> dict[str, Any]:
    """Column types that only admit valid values: reading with them checks every code."""
    return dict(_typed_schema(tuple(area_codes)))


@cache
def _typed_schema(area_codes: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
    countries = pl.Enum(sorted(ISO_COUNTRIES))
    return tuple(
        {
            **SCHEMA,
            "area": pl.Enum(list(area_codes)),
            "sex": pl.Enum(list(SEXES)),
            "acquisition": pl.Enum(list(ACQUISITIONS)),
            "move_origin": pl.Enum(list(ORIGINS)),
            **dict.fromkeys(COUNTRY_COLUMNS, countries),
        }.items()
    )


def read_extract(
    content: bytes, *, area_codes: Sequence[str], encoding: str = "utf-8"
) -> tuple[pl.DataFrame, dict[str, str], bool]:
    """The rows of the extract with canonical columns, and whether every value had its type
    and every code was valid (else all columns are read as text, for `check` to name them)."""
    if not content or content.isspace():  # (strip would copy the whole file)
        raise FileRefused([problem("empty_file")])
    if encoding != "utf-8":
        try:
            content = content.decode(encoding).encode("utf-8")
        except UnicodeDecodeError as error:
            row = content[: error.start].count(b"\n") + 1
            raise FileRefused(
                [
                    problem(
                        "encoding",
                        row=row,
                        value="",
                        encoding=encoding,
                        bytes=f"0x{content[error.start]:02X}",
                    )
                ]
            ) from error
    delimiter, header = header_columns(content)
    mapping = map_header(header)
    names = [mapping[text] for text in header]
    schema = typed_schema(area_codes)
    options: dict[str, Any] = {"separator": delimiter, "has_header": True, "new_columns": names}
    try:
        frame = pl.read_csv(content, schema={n: schema[n] for n in names}, **options)
        typed = True
    except pl.exceptions.ComputeError as error:
        if "utf-8" in str(error).lower():
            raise FileRefused(locate_encoding_error(content)) from error
        frame = pl.read_csv(io.BytesIO(content), schema=dict.fromkeys(names, pl.String), **options)
        typed = False
    except pl.exceptions.PolarsError as error:
        raise FileRefused([problem("csv_damaged", detail=str(error).splitlines()[0])]) from error
    return frame.select(list(COLUMNS)), {name: text for text, name in mapping.items()}, typed


def locate_encoding_error(content: bytes) -> list[dict[str, Any]]:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        row = content[: error.start].count(b"\n") + 1
        line_start = content.rfind(b"\n", 0, error.start) + 1
        line = content[line_start : content.find(b"\n", error.start)]
        return [
            problem(
                "encoding",
                row=row,
                value=line.decode("utf-8", "replace")[:80],
                encoding="UTF-8",
                bytes=f"0x{content[error.start]:02X}",
            )
        ]
    return [problem("csv_damaged", detail="invalid UTF-8")]


def aggregate(
    content: bytes,
    *,
    reference_date: date,
    area_codes: Sequence[str],
    encoding: str = "utf-8",
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Aggregated:
    """Check an extract and count its four tables. Raises FileRefused for an unreadable file.
    `progress` is told each step done: 1 read, 2 checked, 3 counted."""
    result = Aggregated(reference_date=reference_date)
    if today is not None and reference_date > today:
        result.problem_counts["future_date"] = 1
        result.problems.append(
            problem(
                "future_date",
                value=reference_date.isoformat(),
                date=reference_date.strftime("%d.%m.%Y"),
            )
        )
        return result
    frame, headers, typed = read_extract(content, area_codes=area_codes, encoding=encoding)
    if not typed:
        frame = cast_columns(frame, headers, result)
    return aggregate_frame(
        frame,
        reference_date=reference_date,
        area_codes=area_codes,
        headers=headers,
        result=result,
        typed=typed,
        progress=progress,
    )


def aggregate_frame(
    frame: pl.DataFrame,
    *,
    reference_date: date,
    area_codes: Sequence[str],
    headers: dict[str, str] | None = None,
    result: Aggregated | None = None,
    typed: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Aggregated:
    """Check and count an extract already read (columns as in `SCHEMA`). `typed`: the codes
    were read with `typed_schema`, so they are valid already."""
    tell = progress or (lambda _step: None)
    tell(1)
    result = result or Aggregated(reference_date=reference_date)
    check(frame, headers or {}, reference_date, list(area_codes), result, typed=typed)
    if not result.ok:
        return result
    tell(2)
    result.persons = frame.height
    result.cubes = count(frame, reference_date, list(area_codes))
    tell(3)
    return result


def cast_columns(frame: pl.DataFrame, headers: dict[str, str], result: Aggregated) -> pl.DataFrame:
    """An extract read as text: integers cast (every cell that is no number named), codes
    trimmed and in lower case, country codes in upper case."""
    text = {name: pl.col(name).str.strip_chars() for name in frame.columns}
    cast = frame.with_columns(
        **{name: text[name].cast(pl.Int64, strict=False) for name in INTEGER_COLUMNS},
        **{name: text[name].str.to_lowercase() for name in CODED_COLUMNS},
        **{name: text[name].str.to_uppercase() for name in COUNTRY_COLUMNS},
        area=text["area"],
    ).with_columns(
        pl.when(pl.col(name) == "").then(None).otherwise(pl.col(name)).alias(name)
        for name in (*CODED_COLUMNS, *COUNTRY_COLUMNS, "area")
    )
    for name in INTEGER_COLUMNS:
        bad = (
            cast[name].is_null() & frame[name].is_not_null() & (frame[name].str.strip_chars() != "")
        )
        report(frame, bad, "register_bad_integer", name, headers, result)
    return cast


def report(
    frame: pl.DataFrame,
    bad: pl.Series,
    code: str,
    column: str,
    headers: dict[str, str],
    result: Aggregated,
    **params: Any,
) -> None:
    count = int(bad.sum())
    if not count:
        return
    result.problem_counts[code] = result.problem_counts.get(code, 0) + count
    rows = frame.with_row_index("_row").filter(bad).head(MAX_EXAMPLES)
    header = headers.get(column, column)
    letter = column_letter(list(COLUMNS).index(column))
    for row in rows.iter_rows(named=True):
        value = row[column]
        result.problems.append(
            problem(
                code,
                row=row["_row"] + 2,
                column=f"{header} ({letter})",
                value="" if value is None else value,
                **params,
            )
        )


def check(
    frame: pl.DataFrame,
    headers: dict[str, str],
    reference_date: date,
    area_codes: list[str],
    result: Aggregated,
    *,
    typed: bool = False,
) -> None:
    """Every problem of the rows, with up to MAX_EXAMPLES rows each. Codes read as text are
    checked here; read with `typed_schema`, they are valid already."""
    year = reference_date.year
    col = pl.col
    ids = frame["id"].drop_nulls()
    checks: list[tuple[str, str, pl.Expr]] = [
        *[
            ("register_missing_value", name, col(name).is_null())
            for name in REQUIRED_VALUES
            if result.problem_counts.get("register_bad_integer") is None
            or name not in INTEGER_COLUMNS
        ],
        ("register_age", "age", (col("age") < 0) | (col("age") > 120)),
        ("future_year", "moved_in_year", col("moved_in_year") > year),
        ("register_year_too_early", "moved_in_year", col("moved_in_year") < 1900),
        (
            "before_birth",
            "moved_in_year",
            (col("moved_in_year") < year - col("age") - 1) & (col("moved_in_year") >= 1900),
        ),
        *[
            ("register_own_parent", name, col(name) == col("id"))
            for name in ("parent_1", "parent_2")
        ],
    ]
    if ids.n_unique() != len(ids):
        checks.append(("register_duplicate_id", "id", col("id").is_duplicated()))
    for name in ("parent_1", "parent_2"):
        linked = frame[name].drop_nulls()
        if len(linked) and not all_known(linked, ids):
            checks.append(
                (
                    "register_unknown_parent",
                    name,
                    col(name).is_not_null() & ~col(name).is_in(ids.implode()),
                )
            )
    if not typed:
        countries = pl.Series(sorted(ISO_COUNTRIES)).implode()

        def invalid(name: str, allowed: Any) -> pl.Expr:
            return col(name).is_not_null() & ~col(name).is_in(allowed)

        checks += [
            ("unknown_area", "area", invalid("area", pl.Series(area_codes).implode())),
            ("register_sex", "sex", invalid("sex", pl.Series(list(SEXES)).implode())),
            *[("register_country", name, invalid(name, countries)) for name in COUNTRY_COLUMNS],
            (
                "register_acquisition",
                "acquisition",
                invalid("acquisition", pl.Series(list(ACQUISITIONS)).implode()),
            ),
            (
                "register_origin",
                "move_origin",
                invalid("move_origin", pl.Series(list(ORIGINS)).implode()),
            ),
        ]
    flags = frame.select(
        [expr.fill_null(False).alias(str(i)) for i, (_c, _n, expr) in enumerate(checks)]
    )
    totals = flags.sum().row(0)
    for i, (code, name, _expr) in enumerate(checks):
        if totals[i]:
            extra: dict[str, Any] = {}
            if code == "future_year":
                extra["year"] = year
            if code == "unknown_area":
                extra["known"] = ", ".join(area_codes)
            report(frame, flags[str(i)], code, name, headers, result, **extra)


def all_known(numbers: pl.Series, ids: pl.Series) -> bool:
    """Whether every number is one of the ids (by position while the ids are dense)."""
    known = ids.to_numpy()
    largest = int(known.max())
    if known.min() < 0 or largest > 4 * len(known) + 1000:
        return bool(numbers.is_in(ids.implode()).all())
    present = np.zeros(largest + 1, dtype=bool)
    present[known] = True
    wanted = numbers.to_numpy()
    return bool(((wanted >= 0) & (wanted <= largest)).all() and present[wanted].all())


def count(frame: pl.DataFrame, reference_date: date, area_codes: list[str]) -> dict[str, Cube]:
    """Derive migration background and immigration history, and count the four tables.

    Every column becomes a small integer per person (the position of its code), the flags and
    categories are derived by looking those up, and each table is counted at once by
    `np.bincount` over one combined key (its cells in C order). A large extract is worked in
    slices of rows, one per core, in threads (numpy and Polars release the GIL): first each
    person's own flags, then, with every parent's flags known, the keys and their counts."""
    frame = typed(frame, area_codes)
    starts = row_starts(frame.height)
    parts = [frame.slice(start, end - start) for start, end in itertools.pairwise(starts)]
    with ThreadPoolExecutor(len(parts)) as pool:
        own = list(pool.map(own_flags, parts))
        parents = ParentLookup(
            frame,
            np.concatenate([flags["own_mh"] for flags in own]),
            np.concatenate([flags["eg1"] for flags in own]),
        )
        counted = list(
            pool.map(
                lambda part, flags, start: slice_counts(
                    part, flags, parents.flags(part, start), reference_date, len(area_codes)
                ),
                parts,
                own,
                starts,
            )
        )
    cubes = {}
    for key, (dims, categories) in FIGURES.items():
        shape = [len(area_codes), *(len(c) for c in categories)]
        interior = np.sum([cells[key] for cells in counted], axis=0).reshape(shape)
        cubes[key] = Cube.from_interior(
            ["area", *dims], [list(area_codes), *[list(c) for c in categories]], interior
        )
    return cubes


PARALLEL_ROWS = 100_000  # an extract with more rows is counted in slices, one per core
CORES = os.process_cpu_count() or 1


def row_starts(height: int) -> list[int]:
    """Where the slices of rows counted in parallel start, and the end of the last."""
    parts = min(CORES, max(1, height // PARALLEL_ROWS))
    return [height * i // parts for i in range(parts + 1)]


COUNTRIES = sorted(ISO_COUNTRIES)
GERMAN = COUNTRIES.index("DE")


def codes(frame: pl.DataFrame, name: str, missing: int) -> np.ndarray:
    """The positions of an enumerated column's codes, `missing` for none."""
    return frame[name].to_physical().fill_null(missing).to_numpy()


def meaning_flags(table: dict[str, str], wanted: str) -> np.ndarray:
    """Per code of an enumerated column (and last, for none), whether it means `wanted`."""
    return np.array([meaning == wanted for meaning in table.values()] + [False])


ACQUIRED = ~meaning_flags(ACQUISITIONS, "birth")
ACQUIRED[-1] = False  # no entry
FROM_ABROAD = meaning_flags(ORIGINS, "abroad")


def own_flags(frame: pl.DataFrame) -> dict[str, np.ndarray]:
    """Per person: nationality (position), foreign, a migration background by their own
    characteristics, immigrated (first generation), year of moving in (9999 for none)."""
    nationality = codes(frame, "nationality_1", GERMAN)
    foreign = nationality != GERMAN
    born_abroad = codes(frame, "birth_country", GERMAN) != GERMAN
    moved_in = frame["moved_in_year"].fill_null(9999).to_numpy()
    own_mh = (
        foreign
        | (codes(frame, "nationality_2", GERMAN) != GERMAN)
        | ACQUIRED[codes(frame, "acquisition", len(ACQUISITIONS))]
        | (born_abroad & FROM_ABROAD[codes(frame, "move_origin", len(ORIGINS))])
    )
    return {
        "nationality": nationality,
        "foreign": foreign,
        "own_mh": own_mh,
        "eg1": born_abroad & (moved_in >= 1950),
        "moved_in": moved_in,
    }


def slice_counts(
    frame: pl.DataFrame,
    flags: dict[str, np.ndarray],
    parents: tuple[np.ndarray, np.ndarray],
    reference_date: date,
    areas: int,
) -> dict[str, np.ndarray]:
    """The flat counts of the four tables' interiors over some rows (`own_flags` of them;
    `parents`: `ParentLookup.flags` of them)."""
    foreign, eg1 = flags["foreign"], flags["eg1"]
    parent_mh, parents_immigrated = parents
    age = frame["age"].to_numpy()
    sex = SEX_POSITIONS[codes(frame, "sex", 0)]
    neither = np.flatnonzero(sex == 2)  # "divers" or none: by the running number
    sex[neither] = frame["id"].to_numpy()[neither] % 2 == 0
    area = codes(frame, "area", 0).astype(np.int32)  # the Enum's categories are the areas
    person = (area * 2 + sex) * len(AGE_BANDS) + AGE_POSITIONS[np.clip(age, 0, 120)]
    # 0 none, 1 foreign, 2 German with a migration background (foreign implies own_mh);
    # 0 none, 1 immigrated, 2 through the parents: small integers, no branches
    two = np.int8(2)
    migration = two * (flags["own_mh"] | parent_mh).view(np.int8) - foreign.view(np.int8)
    history = two * (parents_immigrated | eg1).view(np.int8) - eg1.view(np.int8)
    # the foreign residents only
    foreign_area, moved_in, age = area[foreign], flags["moved_in"][foreign], age[foreign]
    group = NATIONALITY_POSITIONS[flags["nationality"][foreign]]
    years = np.where(moved_in == 9999, age, reference_date.year - moved_in)
    keys = {  # the cells' positions, in C order of each table's interior
        "population": person * 3 + migration,
        "population_eg": person * 3 + history,
        "foreign_nationality": foreign_area * len(NATIONALITY_GROUPS) + group,
        "foreign_residence": foreign_area * len(RESIDENCE_BANDS)
        + RESIDENCE_POSITIONS[np.clip(years, 0, 200)],
    }
    return {
        key: np.bincount(keys[key], minlength=areas * int(np.prod([len(c) for c in categories])))
        for key, (_dims, categories) in FIGURES.items()
    }


def typed(frame: pl.DataFrame, area_codes: Sequence[str]) -> pl.DataFrame:
    """The extract with the column types of `typed_schema` (its codes have been checked)."""
    schema = typed_schema(area_codes)
    wrong = {name: schema[name] for name in frame.columns if frame.schema[name] != schema[name]}
    if not wrong:
        return frame
    return frame.with_columns(
        pl.col(name).cast(pl.String).cast(dtype) for name, dtype in wrong.items()
    )


def band_positions(bands: list[str], size: int) -> np.ndarray:
    """For each whole number from 0 to size - 1, the position of its band."""
    found = []
    for value in range(size):
        for i, code in enumerate(bands):
            low, high = band_bounds(code)
            if low <= value and (high is None or value <= high):
                found.append(i)
                break
    return np.array(found, dtype=np.uint8)


AGE_POSITIONS = band_positions(AGE_BANDS, 121)
SEX_POSITIONS = np.array(
    [{"m": 0, "f": 1}.get(meaning, 2) for meaning in SEXES.values()], dtype=np.int32
)
RESIDENCE_POSITIONS = band_positions(RESIDENCE_BANDS, 201)


def nationality_default(code: str) -> int:
    group = nationality_group(code)
    return NATIONALITY_GROUPS.index(group) if group in NATIONALITY_GROUPS else 0


NATIONALITY_POSITIONS = np.array([nationality_default(code) for code in COUNTRIES])


class ParentLookup:
    """Whether a person's parents in the household have a migration background (by their own
    characteristics) and immigrated, looked up by the parents' running numbers. Those of an
    extract are (nearly) 1 … n, so the flags are kept in arrays indexed by number; sparse
    numbers are joined instead, for the whole extract at once."""

    def __init__(self, frame: pl.DataFrame, own_mh: np.ndarray, eg1: np.ndarray) -> None:
        ids = frame["id"].to_numpy()
        largest = int(ids.max()) if len(ids) else 0
        self.joined: tuple[np.ndarray, np.ndarray] | None = None
        if ids.min(initial=0) < 0 or largest > 4 * len(ids) + 1000:
            self.joined = parent_flags_by_join(frame, own_mh, eg1)
            return
        self.mh = np.zeros(largest + 1, dtype=bool)
        self.immigrated = np.zeros(largest + 1, dtype=bool)
        self.mh[ids] = own_mh
        self.immigrated[ids] = eg1

    def flags(self, frame: pl.DataFrame, start: int) -> tuple[np.ndarray, np.ndarray]:
        """For every person of `frame` (the rows of the extract from `start`): has a parent
        with a migration background; has at least one parent linked, and every linked parent
        immigrated."""
        if self.joined is not None:
            end = start + frame.height
            return self.joined[0][start:end], self.joined[1][start:end]
        parent_mh = np.zeros(frame.height, dtype=bool)
        linked = np.zeros(frame.height, dtype=np.int8)  # parents linked
        immigrated = np.zeros(frame.height, dtype=np.int8)  # of them, born abroad
        for name in ("parent_1", "parent_2"):
            column = frame[name]
            rows = np.flatnonzero(column.is_not_null().to_numpy())
            number = column.drop_nulls().to_numpy()
            parent_mh[rows] |= self.mh[number]
            linked[rows] += 1
            immigrated[rows] += self.immigrated[number]
        return parent_mh, (linked > 0) & (immigrated == linked)


def parent_flags_by_join(
    frame: pl.DataFrame, own_mh: np.ndarray, eg1: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    col = pl.col
    people = frame.select("id").with_columns(own_mh=pl.Series(own_mh), eg1=pl.Series(eg1))
    linked = frame.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), "parent_1", "parent_2"
    ).filter(col("parent_1").is_not_null() | col("parent_2").is_not_null())
    for name in ("parent_1", "parent_2"):
        linked = linked.join(
            people.rename({"id": name, "own_mh": f"{name}_mh", "eg1": f"{name}_eg1"}),
            on=name,
            how="left",
        )
    flags = linked.select(
        "row",
        parent_mh=col("parent_1_mh").fill_null(False) | col("parent_2_mh").fill_null(False),
        parents_immigrated=(col("parent_1").is_null() | col("parent_1_eg1").fill_null(False))
        & (col("parent_2").is_null() | col("parent_2_eg1").fill_null(False))
        & (col("parent_1").is_not_null() | col("parent_2").is_not_null()),
    )
    rows = flags["row"].to_numpy()
    found = []
    for name in ("parent_mh", "parents_immigrated"):
        values = np.zeros(frame.height, dtype=bool)
        values[rows] = flags[name].to_numpy()
        found.append(values)
    return found[0], found[1]
