"""Reading an aggregated statistical table (long or wide) into one table per reference date.

Pure functions, no database: the service hands in the municipality's areas and the figure the
table is for. Long form: a column per dimension and one column of counts ("Anzahl"). Wide
form: the counts spread over columns that are the categories of one dimension ("männlich",
"weiblich", "insgesamt") or years ("2021", "2022"). Rows of totals ("insgesamt", the whole
city) are checked against the rows they sum and then dropped: every table is stored from its
innermost cells. Any problem is reported with its row, column and value, and then nothing of
the file is imported.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np

from querschnitt.monitoring.cube import Cube
from querschnitt.monitoring.dimensions import (
    DIMENSIONS,
    ORDER,
    TOTAL,
    category_code,
    header_dimension,
    normalise,
    sort_categories,
)
from querschnitt.monitoring.problems import column_letter, problem
from querschnitt.monitoring.spreadsheets import Sheet

MAX_PROBLEMS = 200
HEADER_SEARCH_ROWS = 10
AREA_HEADERS = (
    "gebiet",
    "gebietscode",
    "gebietsschlüssel",
    "bezirk",
    "stadtbezirk",
    "stadtteil",
    "statistischer bezirk",
    "area",
    "district",
    "area code",
)
YEAR_HEADERS = ("jahr", "berichtsjahr", "year")
DATE_HEADERS = ("stichtag", "datum", "reference date", "date")
VALUE_HEADERS = (
    "anzahl",
    "wert",
    "personen",
    "fälle",
    "faelle",
    "count",
    "value",
    "number",
    "n",
    "anzahl personen",
)
HIDDEN_SYMBOLS = {".", "x", "/", "…", "...", "*", "()"}
CITY_LABELS = {"stadt", "gesamtstadt", "stadt insgesamt", "insgesamt", "gesamt", "0", "00", "000"}
# Wide tables: the dimensions tried, in this order, for the columns that are not known headers.
WIDE_DIMENSIONS = [
    "sex",
    "citizenship",
    "migration",
    "age",
    "residence",
    "qualification",
    "school_type",
    "nationality",
]


@dataclass
class YearTable:
    reference_date: date
    cube: Cube
    labels: dict[str, dict[str, str]]
    rows: int

    def to_json(self) -> dict[str, Any]:
        return {
            "reference_date": self.reference_date.isoformat(),
            "dims": self.cube.dims,
            "categories": self.cube.categories,
            "labels": self.labels,
            "interior": self.cube.interior().reshape(-1).tolist(),
            "rows": self.rows,
        }


@dataclass
class Parsed:
    tables: dict[int, YearTable] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)
    problem_count: int = 0
    dims: list[str] = field(default_factory=list)
    metadata: dict[str, tuple[int, str]] = field(default_factory=dict)
    notes: list[dict[str, Any]] = field(default_factory=list)
    # The imported names of categories of the open dimension "category"
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, entry: dict[str, Any]) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(entry)


@dataclass(frozen=True)
class Context:
    """What the parser needs to know about the municipality and the figure."""

    areas: dict[str, str]  # code → name
    municipality_names: tuple[str, ...]
    today: date
    reference_date: date | None = None
    expected_dims: tuple[str, ...] | None = None
    municipality_only: bool | None = None
    figure_name: str = ""


@dataclass
class Column:
    index: int
    header: str
    role: str  # "area", "year", "date", "value", "dim", "wide", "nationality?"
    dim: str = ""
    code: str = ""  # wide columns: the category (or year) the column holds

    @property
    def name(self) -> str:
        return f"{self.header} ({column_letter(self.index)})"


def parse_date(text: str) -> date | None:
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_count(text: str) -> tuple[int | None, str | None]:
    """(count, problem code) of a cell of counts; German and English thousands separators."""
    value = text.strip().replace(" ", "").replace("\u202f", "")
    if value in ("-", "–"):
        return 0, None
    if value in HIDDEN_SYMBOLS:
        return None, "hidden_in_source"
    if not value:
        return None, "empty_value"
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+", value):
        value = value.replace(",", "")
    if re.fullmatch(r"-?\d+", value):
        number = int(value)
        return (None, "negative") if number < 0 else (number, None)
    if re.fullmatch(r"-?\d+([.,]0+)", value):
        number = int(value.split(".")[0].split(",")[0])
        return (None, "negative") if number < 0 else (number, None)
    if re.fullmatch(r"-\d+([.,]\d+)?", value):
        return None, "negative"
    return None, "not_a_count"


def find_header(sheet: Sheet) -> tuple[int, int] | None:
    """(position in sheet.rows, row number) of the first row naming a known column."""
    for position, (number, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        first = next((cell for cell in cells if cell), "")
        if first and known_header(first):
            return position, number
    return None


def known_header(text: str) -> str | None:
    value = normalise(text)
    if value in AREA_HEADERS:
        return "area"
    if value in YEAR_HEADERS:
        return "year"
    if value in DATE_HEADERS:
        return "date"
    if value in VALUE_HEADERS:
        return "value"
    if dim := header_dimension(text):
        return "nationality?" if dim in ("citizenship", "nationality") else "dim"
    return None


class AreaResolver:
    def __init__(self, context: Context) -> None:
        self.codes: dict[str, str] = {}
        for code, name in context.areas.items():
            self.codes[normalise(code)] = code
            self.codes[normalise(code).lstrip("0") or "0"] = code
            self.codes[normalise(name)] = code
        self.city = set(CITY_LABELS) | {normalise(name) for name in context.municipality_names}
        self.known = ", ".join(f"{code} {name}" for code, name in context.areas.items())

    def resolve(self, text: str) -> str | None:
        value = normalise(text)
        if value in self.city or value in ("insgesamt", "_t"):
            return TOTAL
        if value in self.codes:
            return self.codes[value]
        stripped = value.lstrip("0") or "0"
        return self.codes.get(stripped)


def classify_columns(header: list[str], parsed: Parsed, row: int) -> list[Column] | None:
    columns: list[Column] = []
    unknown: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for index, text in enumerate(header):
        if not text:
            continue
        role = known_header(text)
        if role is None:
            unknown.append((index, text))
            continue
        dim = header_dimension(text) if role in ("dim", "nationality?") else ""
        key = f"{role}:{dim}"
        if key in seen:
            parsed.add(
                problem(
                    "duplicate_column",
                    row=row,
                    column=f"{text} ({column_letter(index)})",
                    value=text,
                )
            )
            continue
        seen[key] = index
        columns.append(Column(index, text, role, dim or ""))
    has_value = any(column.role == "value" for column in columns)
    if unknown and has_value:
        known = ", ".join(
            [
                "Gebiet",
                "Jahr",
                "Stichtag",
                "Anzahl",
                *(str(DIMENSIONS[d].headers[0]) for d in ORDER),
            ]
        )
        for index, text in unknown:
            parsed.add(
                problem(
                    "unknown_column",
                    row=row,
                    column=f"{text} ({column_letter(index)})",
                    value=text,
                    known=known,
                )
            )
        return None
    if not has_value:
        wide = wide_columns(unknown, {column.dim for column in columns})
        if wide is None:
            known = ", ".join(["Gebiet", "Jahr", "Stichtag", "Anzahl"])
            for index, text in unknown or [(len(header), "")]:
                parsed.add(
                    problem(
                        "unknown_column",
                        row=row,
                        column=f"{text} ({column_letter(index)})",
                        value=text,
                        known=known,
                    )
                )
            return None
        columns += wide
    if not any(column.role == "area" for column in columns):
        parsed.add(problem("missing_column", row=row, column="Gebiet", value=""))
        return None
    return columns


def wide_columns(unknown: list[tuple[int, str]], used: set[str]) -> list[Column] | None:
    if not unknown:
        return None
    if all(re.fullmatch(r"(19|20)\d\d", text.strip()) for _index, text in unknown):
        return [Column(index, text, "wide", "year", text.strip()) for index, text in unknown]
    for dim in WIDE_DIMENSIONS:
        if dim in used:
            continue
        codes = [category_code(dim, text) for _index, text in unknown]
        if all(code is not None for code in codes):
            return [
                Column(index, text, "wide", dim, code or "")
                for (index, text), code in zip(unknown, codes, strict=True)
            ]
    return None


def decide_nationality(columns: list[Column], body: list[tuple[int, list[str]]]) -> None:
    """A column "Staatsangehörigkeit" holds citizenship (deutsch/ausländisch) or nationalities."""
    for column in columns:
        if column.role != "nationality?":
            continue
        values = {
            normalise(cells[column.index])
            for _number, cells in body
            if column.index < len(cells) and cells[column.index]
        }
        as_citizenship = all(category_code("citizenship", value) for value in values)
        column.role, column.dim = "dim", "citizenship" if as_citizenship else "nationality"


def parse_table(sheet: Sheet, context: Context) -> Parsed:
    parsed = Parsed()
    parsed.metadata = {normalise(key): (row, value) for row, key, value in sheet.metadata}
    found = find_header(sheet)
    if found is None:
        parsed.add(problem("no_header"))
        return parsed
    position, header_row = found
    header = sheet.rows[position][1]
    body = [(number, cells) for number, cells in sheet.rows[position + 1 :] if any(cells)]
    columns = classify_columns(header, parsed, header_row)
    if columns is None:
        return parsed
    decide_nationality(columns, body)
    if not body:
        parsed.add(problem("no_rows", row=header_row))
        return parsed
    reference = metadata_date(parsed, context)
    records = read_records(body, columns, context, parsed, reference)
    if parsed.problem_count:
        return parsed
    build_tables(records, columns, context, parsed)
    return parsed


def metadata_date(parsed: Parsed, context: Context) -> date | None:
    for key in ("stichtag", "reference date"):
        if key in parsed.metadata:
            row, value = parsed.metadata[key]
            found = parse_date(value)
            if found is None:
                parsed.add(problem("not_a_date", row=row, column=key, value=value))
                return None
            if context.reference_date and found != context.reference_date:
                parsed.add(
                    problem(
                        "metadata_conflict",
                        row=row,
                        column=key,
                        value=value,
                        key=key,
                        file=found.strftime("%d.%m.%Y"),
                        form=context.reference_date.strftime("%d.%m.%Y"),
                    )
                )
            return found
    return context.reference_date


@dataclass
class Record:
    row: int
    year: int
    reference_date: date
    area: str
    codes: dict[str, str]
    value: int
    column: str  # the column of the count


def read_records(
    body: list[tuple[int, list[str]]],
    columns: list[Column],
    context: Context,
    parsed: Parsed,
    reference: date | None,
) -> list[Record]:
    areas = AreaResolver(context)
    by_role = defaultdict(list)
    for column in columns:
        by_role[column.role].append(column)
    value_columns = by_role["value"] or by_role["wide"]
    records = []
    for number, cells in body:

        def cell(column: Column, cells: list[str] = cells) -> str:
            return cells[column.index].strip() if column.index < len(cells) else ""

        area_column = by_role["area"][0]
        area_text = cell(area_column)
        area = areas.resolve(area_text) if area_text else None
        if not area_text:
            parsed.add(problem("empty_value", row=number, column=area_column.name, value=""))
        elif area is None:
            parsed.add(
                problem(
                    "unknown_area",
                    row=number,
                    column=area_column.name,
                    value=area_text,
                    known=areas.known,
                )
            )
        row_date = reference
        for column in by_role["date"]:
            text = cell(column)
            row_date = parse_date(text)
            if row_date is None:
                parsed.add(problem("not_a_date", row=number, column=column.name, value=text))
            elif row_date > context.today:
                parsed.add(
                    problem(
                        "future_date",
                        row=number,
                        column=column.name,
                        value=text,
                        date=row_date.strftime("%d.%m.%Y"),
                    )
                )
        for column in by_role["year"]:
            text = cell(column)
            if not re.fullmatch(r"(19|20)\d\d", text):
                parsed.add(problem("not_a_year", row=number, column=column.name, value=text))
                continue
            year = int(text)
            if year > context.today.year:
                parsed.add(
                    problem("future_year", row=number, column=column.name, value=text, year=year)
                )
            elif row_date is None or row_date.year != year:
                row_date = year_end(year, reference)
        codes: dict[str, str] = {}
        for column in by_role["dim"]:
            text = cell(column)
            code = category_code(column.dim, text) if text else None
            if not text:
                parsed.add(problem("empty_value", row=number, column=column.name, value=""))
            elif code is None:
                parsed.add(
                    problem(
                        "unknown_category",
                        row=number,
                        column=column.name,
                        value=text,
                        dimension=str(DIMENSIONS[column.dim].label),
                    )
                )
            else:
                codes[column.dim] = code
                if DIMENSIONS[column.dim].is_open and code != TOTAL:
                    parsed.labels.setdefault(column.dim, {}).setdefault(code, text)
        for column in value_columns:
            text = cell(column)
            value, code = parse_count(text)
            if code is not None:
                parsed.add(problem(code, row=number, column=column.name, value=text))
                continue
            this_date = row_date
            these_codes = dict(codes)
            if column.role == "wide" and column.dim == "year":
                this_date = year_end(int(column.code), reference)
                if int(column.code) > context.today.year:
                    parsed.add(
                        problem(
                            "future_year",
                            row=header_row_of(body),
                            column=column.name,
                            value=column.header,
                            year=column.code,
                        )
                    )
            elif column.role == "wide":
                these_codes[column.dim] = column.code
            if this_date is None:
                if not any(p["code"] == "no_reference_date" for p in parsed.problems):
                    parsed.add(problem("no_reference_date", row=number))
                continue
            if this_date > context.today:
                parsed.add(
                    problem(
                        "future_date",
                        row=number,
                        column=column.name,
                        value=text,
                        date=this_date.strftime("%d.%m.%Y"),
                    )
                )
                continue
            if area is None or value is None:
                continue
            records.append(
                Record(number, this_date.year, this_date, area, these_codes, value, column.name)
            )
    return records


def header_row_of(body: list[tuple[int, list[str]]]) -> int:
    return body[0][0] - 1 if body else 1


def year_end(year: int, reference: date | None) -> date:
    """The reference date of a year: the month and day of the given date, else 31 December."""
    if reference is not None:
        try:
            return reference.replace(year=year)
        except ValueError:  # 29 February
            return date(year, reference.month, 28)
    return date(year, 12, 31)


def build_tables(
    records: list[Record], columns: list[Column], context: Context, parsed: Parsed
) -> None:
    dims = [d for d in ORDER if any(d == c.dim and c.role in ("dim", "wide") for c in columns)]
    categories = {
        d: sort_categories(d, {r.codes[d] for r in records if r.codes[d] != TOTAL}) for d in dims
    }
    # A dimension given only as totals is no breakdown.
    dims = [d for d in dims if categories[d]]
    has_districts = any(record.area != TOTAL for record in records)
    if context.municipality_only and has_districts:
        first = next(record for record in records if record.area != TOTAL)
        parsed.add(
            problem(
                "area_level",
                row=first.row,
                column="Gebiet",
                value=first.area,
                figure=context.figure_name,
            )
        )
        return
    if context.expected_dims is not None and set(dims) != set(context.expected_dims):
        parsed.add(
            problem(
                "dims_differ",
                figure=context.figure_name,
                expected=", ".join(str(DIMENSIONS[d].label) for d in context.expected_dims) or "–",
                found=", ".join(str(DIMENSIONS[d].label) for d in dims) or "–",
            )
        )
        return
    if context.expected_dims is not None:
        dims = [d for d in ORDER if d in context.expected_dims]
    area_codes = sorted({r.area for r in records if r.area != TOTAL}) if has_districts else []
    axes = (["area"] if has_districts else []) + dims
    axis_categories = ([area_codes] if has_districts else []) + [categories[d] for d in dims]
    parsed.dims = dims
    seen: dict[tuple[Any, ...], int] = {}
    by_year: dict[int, list[Record]] = defaultdict(list)
    for record in records:
        key = (record.year, record.area, *(record.codes.get(d, TOTAL) for d in dims))
        if key in seen:
            parsed.add(
                problem(
                    "duplicate_key",
                    row=record.row,
                    column=record.column,
                    value=record.value,
                    first=seen[key],
                )
            )
            continue
        seen[key] = record.row
        by_year[record.year].append(record)
    if parsed.problem_count:
        return
    labels = {dim: names for dim, names in parsed.labels.items() if dim in dims}
    for year, year_records in sorted(by_year.items()):
        detail: list[tuple[Record, list[str]]] = []
        totals: list[tuple[Record, list[str]]] = []
        for record in year_records:
            coordinates = ([record.area] if has_districts else []) + [
                record.codes.get(d, TOTAL) for d in dims
            ]
            is_total = TOTAL in coordinates
            (totals if is_total else detail).append((record, coordinates))
        if not detail and not has_districts and not dims:
            detail, totals = totals, []
        cube = Cube.from_cells(axes, axis_categories, [(c, r.value) for r, c in detail])
        covered = np.zeros(cube.shape, dtype=bool)
        for _record, coordinates in detail:
            covered[
                tuple(cube.index(axis, code) for axis, code in zip(axes, coordinates, strict=True))
            ] = True
        for record, coordinates in totals:
            position = tuple(
                cube.index(axis, code) for axis, code in zip(axes, coordinates, strict=True)
            )
            box = tuple(
                slice(0, len(axis_categories[a])) if code == TOTAL else slice(i, i + 1)
                for a, (code, i) in enumerate(zip(coordinates, position, strict=True))
            )
            if not covered[box].any():
                parsed.add(
                    problem(
                        "total_without_detail",
                        row=record.row,
                        column=record.column,
                        value=record.value,
                    )
                )
            elif int(cube.values[position]) != record.value:
                parsed.add(
                    problem(
                        "total_mismatch",
                        row=record.row,
                        column=record.column,
                        value=record.value,
                        expected=int(cube.values[position]),
                    )
                )
        missing = int((~covered[tuple(slice(0, len(c)) for c in axis_categories)]).sum())
        if missing:
            parsed.notes.append({"code": "missing_cells", "year": year, "count": missing})
        parsed.tables[year] = YearTable(
            year_records[0].reference_date, cube, labels, len(year_records)
        )
    if parsed.problem_count:
        parsed.tables = {}
