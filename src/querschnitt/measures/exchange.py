"""The catalogue's measures as a table, out and back in: CSV and XLSX with stable keys
(states, fields of action, goals and indicators by their key, departments by their short name,
never by a label that can change). Exporting and importing again without a change changes
nothing; an import says for each row what it would do, and nothing happens until the whole
file is right (`services/imports.py`). Reading files goes through the network's guarded
readers (`network.imports`, `network.spreadsheet_limits`), so hostile files are refused before
they cost memory.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from querschnitt.core.models import Department, Municipality
from querschnitt.core.xlsx_rows import append_rows
from querschnitt.measures.forms import parse_amount
from querschnitt.measures.models import BudgetLine, Interval, Measure, MeasureState
from querschnitt.network.imports import (
    ImportRejected,
    check_file,
    checked_lines,
    decode_text,
    open_workbook,
    problem,
)
from querschnitt.network.models import Organisation
from querschnitt.network.spreadsheet_limits import LimitExceeded
from querschnitt.strategy.models import ControllingIndicator, FieldOfAction, Goal

MAX_ROWS = 20_000
MAX_COLUMNS = 80
SEPARATOR = "; "
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BUDGET_COLUMN = re.compile(r"^Budget (\d{4})$")

# (heading, field): the columns in order; translations and budgets follow them
COLUMNS = [
    ("Schlüssel", "key"),
    ("Titel", "title"),
    ("Beschreibung", "description"),
    ("Zustand", "state"),
    ("Handlungsfelder", "fields_of_action"),
    ("Ziele", "goals"),
    ("Kennzahlen", "indicators"),
    ("Zielgruppen", "target_groups"),
    ("Federführung", "lead_department"),
    ("Weitere Dienststellen", "departments"),
    ("Partner", "partners"),
    ("Beginn", "start_date"),
    ("Ende", "end_date"),
    ("Gewicht", "weight"),
    ("Berichte", "reporting_interval"),
    ("Öffentlich", "is_public"),
    ("Vorgeschlagen von", "proposer_kind"),
    ("Vorschlagende Stelle", "proposer"),
]
YES, NO = "ja", "nein"


def department_label(department: Department | None) -> str:
    if department is None:
        return ""
    return department.short_name or department.name


def safe(value: str) -> str:
    """Text a spreadsheet shows as text and never runs as a formula (read back by `unsafe`)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def unsafe(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


@dataclass
class Vocabulary:
    """What the keys in a file can name in this municipality."""

    municipality: Municipality
    states: dict[str, MeasureState]
    fields: dict[str, FieldOfAction]
    goals: dict[str, Goal]
    indicators: dict[str, ControllingIndicator]
    departments: dict[str, Department]
    organisations: dict[str, Organisation]
    bodies: dict[str, Any]
    languages: list[str]

    @classmethod
    def of(cls, municipality: Municipality) -> "Vocabulary":
        from querschnitt.bodies.models import Body

        departments: dict[str, Department] = {}
        for department in Department.objects.filter(municipality=municipality):
            departments[department.name.casefold()] = department
            if department.short_name:
                departments[department.short_name.casefold()] = department
        return cls(
            municipality=municipality,
            states={s.key: s for s in MeasureState.objects.filter(municipality=municipality)},
            fields={f.key: f for f in FieldOfAction.objects.filter(municipality=municipality)},
            goals={g.key: g for g in Goal.objects.filter(municipality=municipality)},
            indicators={
                i.key: i for i in ControllingIndicator.objects.filter(municipality=municipality)
            },
            departments=departments,
            organisations={
                o.name.casefold(): o for o in Organisation.objects.filter(municipality=municipality)
            },
            bodies={b.slug: b for b in Body.objects.filter(municipality=municipality)},
            languages=municipality.offered_languages,
        )


def headings(languages: list[str], years: list[int]) -> list[str]:
    found = [heading for heading, _name in COLUMNS]
    for code in languages[1:]:
        found += [f"Titel [{code}]", f"Beschreibung [{code}]"]
    return found + [f"Budget {year}" for year in years]


def proposer_text(measure: Measure) -> str:
    if measure.proposer_body is not None:
        return measure.proposer_body.slug
    if measure.proposer_organisation is not None:
        return measure.proposer_organisation.name
    if measure.proposer_department_id:
        return department_label(measure.proposer_department)
    return ""


def export_table(municipality: Municipality) -> Iterator[list[Any]]:
    """The heading, then one row per measure: plain values (dates, Decimals, text)."""
    languages = municipality.offered_languages
    measures = (
        Measure.objects.filter(municipality=municipality)
        .select_related(
            "state",
            "lead_department",
            "proposer_body",
            "proposer_organisation",
            "proposer_department",
        )
        .prefetch_related("fields_of_action", "goals", "indicators", "departments", "partners")
        .order_by("key")
    )
    budgets: dict[int, dict[int, Decimal]] = {}
    for measure_id, year, planned in BudgetLine.objects.filter(
        municipality=municipality
    ).values_list("measure_id", "year", "planned"):
        budgets.setdefault(measure_id, {})[year] = planned
    years = sorted({year for lines in budgets.values() for year in lines})
    yield headings(languages, years)
    for measure in measures.iterator(chunk_size=1000):
        row: list[Any] = [
            measure.key,
            measure.title.get("de", ""),
            measure.description.get("de", ""),
            measure.state.key,
            SEPARATOR.join(sorted(f.key for f in measure.fields_of_action.all())),
            SEPARATOR.join(sorted(g.key for g in measure.goals.all())),
            SEPARATOR.join(sorted(i.key for i in measure.indicators.all())),
            measure.target_groups,
            department_label(measure.lead_department),
            SEPARATOR.join(sorted(department_label(d) for d in measure.departments.all())),
            SEPARATOR.join(sorted(o.name for o in measure.partners.all())),
            measure.start_date,
            measure.end_date,
            measure.weight,
            measure.reporting_interval,
            YES if measure.is_public else NO,
            measure.proposer_kind,
            proposer_text(measure),
        ]
        for code in languages[1:]:
            row += [measure.title.get(code, ""), measure.description.get(code, "")]
        row += [budgets.get(measure.pk, {}).get(year) for year in years]
        yield row


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return safe(str(value))


def export_csv(municipality: Municipality) -> Iterator[str]:
    """Semicolons and a byte order mark, as German Excel reads them."""

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    for row in export_table(municipality):
        yield writer.writerow([csv_cell(value) for value in row])


def export_xlsx(municipality: Municipality, output: Any) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Massnahmen")
    append_rows(sheet, export_table(municipality), date_format="DD.MM.YYYY")
    workbook.save(output)


# ------------------------------------------------------------------------------------------
# Reading a file


def read_rows(content: bytes, file_name: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The heading and the rows (with their numbers) of a CSV or XLSX file, behind the
    network's limits; ImportRejected says why a file cannot be read."""
    kind = check_file(content)
    if kind == "xlsx":
        try:
            workbook = open_workbook(content)
            sheet = workbook.worksheets[0]
            rows = []
            for number, values in enumerate(
                sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
            ):
                if all(v is None or v == "" for v in values):
                    continue
                rows.append((number, list(values)))
                if len(rows) > MAX_ROWS + 1:
                    raise ImportRejected([problem("too_many_rows", limit=MAX_ROWS)])
            workbook.close()
        except LimitExceeded as error:
            from querschnitt.network.imports import limit_rejected

            raise limit_rejected(error) from error
        except ImportRejected:
            raise
        except Exception as error:  # openpyxl raises many kinds on a damaged file
            raise ImportRejected([problem("xlsx_damaged")]) from error
    else:
        text, _encoding = decode_text(content)
        first = text.split("\n", 1)[0]
        delimiter = max((";", ",", "\t"), key=first.count)
        rows = []
        try:
            for number, values in enumerate(
                csv.reader(checked_lines(text), delimiter=delimiter), start=1
            ):
                if not any(v.strip() for v in values):
                    continue
                rows.append((number, values[:MAX_COLUMNS]))
                if len(rows) > MAX_ROWS + 1:
                    raise ImportRejected([problem("too_many_rows", limit=MAX_ROWS)])
        except csv.Error as error:
            raise ImportRejected([problem("csv_damaged", row=number, detail=str(error))]) from error
    if not rows:
        raise ImportRejected([problem("empty_file")])
    heading = [str(v or "").strip().lstrip("\ufeff") for v in rows[0][1]]
    if "Schlüssel" not in heading:
        raise ImportRejected([problem("missing_columns", columns="Schlüssel")])
    return heading, rows[1:]


@dataclass
class ParsedRow:
    number: int
    key: str
    values: dict[str, Any] = field(default_factory=dict)
    budget: dict[int, Decimal] = field(default_factory=dict)
    # (column, message)
    problems: list[tuple[str, str]] = field(default_factory=list)


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unsafe(str(value).strip())


def parse_date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def keys_of(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def parse_row(
    number: int, heading: list[str], cells: list[Any], vocabulary: Vocabulary
) -> ParsedRow:
    cell = {name: text_of(cells[i]) if i < len(cells) else "" for i, name in enumerate(heading)}
    raw = {name: cells[i] if i < len(cells) else None for i, name in enumerate(heading)}
    row = ParsedRow(number, cell.get("Schlüssel", ""))
    values = row.values

    def complain(column: str, message: str) -> None:
        row.problems.append((column, message))

    if not re.fullmatch(r"[-a-zA-Z0-9_]{1,40}", row.key):
        complain("Schlüssel", _("A key of letters, digits and hyphens is required."))
    title = {"de": cell.get("Titel", "")}
    description = {"de": cell.get("Beschreibung", "")}
    for code in vocabulary.languages[1:]:
        title[code] = cell.get(f"Titel [{code}]", "")
        description[code] = cell.get(f"Beschreibung [{code}]", "")
    values["title"] = {code: text for code, text in title.items() if text}
    values["description"] = {code: text for code, text in description.items() if text}
    if not values["title"].get("de"):
        complain("Titel", _("A title is required."))
    if state := cell.get("Zustand", ""):
        if state not in vocabulary.states:
            complain("Zustand", _("No state has the key “%(value)s”.") % {"value": state})
        else:
            values["state"] = vocabulary.states[state]
    for column, name, known in (
        ("Handlungsfelder", "fields_of_action", vocabulary.fields),
        ("Ziele", "goals", vocabulary.goals),
        ("Kennzahlen", "indicators", vocabulary.indicators),
    ):
        chosen = []
        for key in keys_of(cell.get(column, "")):
            if key in known:
                chosen.append(known[key])
            else:
                complain(column, _("Unknown key “%(value)s”.") % {"value": key})
        values[name] = chosen
    values["target_groups"] = cell.get("Zielgruppen", "")[:300]
    lead = cell.get("Federführung", "")
    values["lead_department"] = None
    if lead:
        if lead.casefold() in vocabulary.departments:
            values["lead_department"] = vocabulary.departments[lead.casefold()]
        else:
            complain("Federführung", _("No department is called “%(value)s”.") % {"value": lead})
    for column, name, named in (
        ("Weitere Dienststellen", "departments", vocabulary.departments),
        ("Partner", "partners", vocabulary.organisations),
    ):
        picked: list[Any] = []
        for label in keys_of(cell.get(column, "")):
            if label.casefold() in named:
                picked.append(named[label.casefold()])
            else:
                complain(column, _("Unknown: “%(value)s”.") % {"value": label})
        values[name] = picked
    for column, name in (("Beginn", "start_date"), ("Ende", "end_date")):
        text = cell.get(column, "")
        values[name] = None
        if text:
            try:
                values[name] = parse_date(text)
            except ValueError:
                complain(column, _("“%(value)s” is not a date (31.12.2026).") % {"value": text})
    if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
        complain("Ende", _("A measure ends after it begins."))
    weight = cell.get("Gewicht", "")
    values["weight"] = None
    if weight:
        try:
            values["weight"] = parse_amount(weight)
            if values["weight"] < 0:
                complain("Gewicht", _("A weight cannot be negative."))
        except ValueError:
            complain("Gewicht", _("“%(value)s” is not a number.") % {"value": weight})
    interval = cell.get("Berichte", "")
    if interval and interval not in Interval.values:
        complain("Berichte", _("Expected “quarterly”, “yearly” or nothing."))
    values["reporting_interval"] = interval if interval in Interval.values else ""
    public = cell.get("Öffentlich", YES).casefold()
    if public not in (YES, NO, ""):
        complain("Öffentlich", _("Expected “ja” or “nein”."))
    values["is_public"] = public != NO
    kind = cell.get("Vorgeschlagen von", "") or Measure.ProposerKind.OFFICE
    if kind not in Measure.ProposerKind.values:
        complain("Vorgeschlagen von", _("Unknown kind “%(value)s”.") % {"value": kind})
        kind = Measure.ProposerKind.OFFICE
    values["proposer_kind"] = kind
    values["proposer_body"] = values["proposer_organisation"] = None
    values["proposer_department"] = None
    who = cell.get("Vorschlagende Stelle", "")
    if kind in (Measure.ProposerKind.BODY, Measure.ProposerKind.WORKING_GROUP):
        values["proposer_body"] = vocabulary.bodies.get(who)
    elif kind == Measure.ProposerKind.ORGANISATION:
        values["proposer_organisation"] = vocabulary.organisations.get(who.casefold())
    elif kind == Measure.ProposerKind.DEPARTMENT:
        values["proposer_department"] = vocabulary.departments.get(who.casefold())
    if kind != Measure.ProposerKind.OFFICE and not any(
        values[name] for name in ("proposer_body", "proposer_organisation", "proposer_department")
    ):
        complain("Vorschlagende Stelle", _("Unknown: “%(value)s”.") % {"value": who})
    for name, value in raw.items():
        match = BUDGET_COLUMN.match(name)
        if not match or value in (None, ""):
            continue
        try:
            amount = (
                Decimal(str(value))
                if isinstance(value, int | float | Decimal)
                else (parse_amount(text_of(value)))
            )
        except (ValueError, ArithmeticError):
            complain(name, _("“%(value)s” is not an amount in euros.") % {"value": value})
            continue
        if amount < 0:
            complain(name, _("A budget cannot be negative."))
        row.budget[int(match[1])] = amount
    return row


def read_measures(content: bytes, file_name: str, municipality: Municipality) -> list[ParsedRow]:
    heading, rows = read_rows(content, file_name)
    vocabulary = Vocabulary.of(municipality)
    return [parse_row(number, heading, cells, vocabulary) for number, cells in rows]
