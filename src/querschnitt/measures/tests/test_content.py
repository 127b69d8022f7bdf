"""What people read on the goal tree, the inventory matrix, the dashboard's budgets and the
reporting page, checked against the data (computed here anew, not by the code that renders
it): names, order, counts and amounts."""

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from conftest import signed_in_client
from querschnitt.core.models import Department
from querschnitt.measures.models import BudgetLine, InventoryEntry, Measure, Rollup
from querschnitt.strategy.models import FieldOfAction, Goal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

OFFICE = "team@mannheim.example"


class Tables(HTMLParser):
    """The tables of a page by the id of their caption: rows of cell texts (th and td)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.caption = ""
        self.hidden = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.rows, self.caption = [], ""
        elif tag == "caption":
            self.caption = found.get("id") or ""
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.cell = []
        elif tag == "span" and (self.hidden or "kern-sr-only" in (found.get("class") or "")):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.tables[self.caption] = [row for row in self.rows if row]
        elif tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def body_rows(html: str, caption: str) -> list[list[str]]:
    return Tables(html).tables[caption][1:]


def euros(value: Decimal) -> str:
    """German: 12.000 € (whole euros, halves up)."""
    whole = int(value.quantize(Decimal(1)))
    return f"{whole:,} €".replace(",", ".")


def in_catalogue(measure: Measure, year: int) -> bool:
    state = measure.state
    closed_before = state.is_closed and measure.state_since < date(year, 1, 1)
    return state.in_catalogue and not closed_before


def test_the_goal_tree_shows_every_goal_under_its_parent(mannheim) -> None:
    goals = list(Goal.objects.filter(municipality=mannheim).prefetch_related("fields_of_action"))
    children = defaultdict(list)
    for goal in goals:
        children[goal.parent_id].append(goal)
    expected: list[list[str]] = []

    def walk(parent: int | None, depth: int) -> None:
        for goal in sorted(children[parent], key=lambda g: (g.position, g.key)):
            fields = "; ".join(str(f) for f in goal.fields_of_action.all()) or "–"
            title = " ".join(f"{'– ' * depth}{goal}".split())
            badge = "" if goal.is_public else " nicht öffentlich"
            expected.append([title + badge, goal.get_level_display(), fields])
            walk(goal.pk, depth + 1)

    walk(None, 0)
    assert len(expected) == len(goals) > 5
    html = signed_in_client(OFFICE).get("/mannheim/verwaltung/ziele/").content.decode()
    assert body_rows(html, "goals-caption") == expected
    assert any(row[1] == "Leitbild" for row in expected)
    assert any(row[0].startswith("– – ") for row in expected)


def test_the_inventory_matrix_counts_activities_and_measures_led(mannheim) -> None:
    year = timezone.localdate().year
    fields = list(FieldOfAction.objects.filter(municipality=mannheim))
    departments = list(Department.objects.filter(municipality=mannheim, is_active=True))
    entries: dict[tuple[int, int], int] = defaultdict(int)
    for entry in InventoryEntry.objects.filter(municipality=mannheim):
        entries[(entry.department_id, entry.field_of_action_id)] += 1
    led: dict[tuple[int, int], int] = defaultdict(int)
    for measure in Measure.objects.filter(municipality=mannheim).select_related("state"):
        if measure.lead_department_id and in_catalogue(measure, year):
            for field in measure.fields_of_action.all():
                led[(measure.lead_department_id, field.pk)] += 1
    expected = []
    for department in departments:
        cells = []
        for field in fields:
            pair = (department.pk, field.pk)
            cells.append(f"{entries[pair]} / {led[pair]}" if entries[pair] or led[pair] else "–")
        expected.append([department.short_name or department.name, *cells])
    assert sum(led.values()) > 3
    assert sum(entries.values()) > 3
    response = signed_in_client(OFFICE).get("/mannheim/verwaltung/massnahmen/bestandsaufnahme/")
    html = response.content.decode()
    table = Tables(html).tables["matrix-caption"]
    assert table[0] == ["Dienststelle", *[str(f) for f in fields]]
    assert table[1:] == expected
    uncovered = [
        str(f)
        for f in fields
        if not any(entries[(d.pk, f.pk)] or led[(d.pk, f.pk)] for d in departments)
    ]
    if uncovered:
        assert "Keine Dienststelle handelt in: " + "; ".join(uncovered) in " ".join(html.split())


@pytest.mark.parametrize("year_offset", [0, -1])
def test_the_dashboard_budgets_add_up_the_public_measures_by_field(mannheim, year_offset) -> None:
    """Planned and spent of a year by field of action: every public measure of the catalogue
    that counts towards the field (as the published weights CSV says), summed here."""
    year = timezone.localdate().year + year_offset
    rollup = Rollup.objects.get(municipality=mannheim, scope=Rollup.Scope.PUBLIC)
    towards = {
        row["schluessel"]: row["zaehlt_fuer"].split()
        for row in csv.DictReader(io.StringIO(rollup.csv))
    }
    planned: dict[str, Decimal] = defaultdict(Decimal)
    spent: dict[str, Decimal] = defaultdict(Decimal)
    for line in BudgetLine.objects.filter(municipality=mannheim, year=year).select_related(
        "measure"
    ):
        for node in towards.get(line.measure.key, []):
            planned[node] += line.planned
            spent[node] += line.spent or 0
    fields = list(FieldOfAction.objects.filter(municipality=mannheim))
    expected = [
        [str(f), euros(planned[f"field:{f.key}"]), euros(spent[f"field:{f.key}"])] for f in fields
    ]
    assert any(planned.values())
    html = Client().get(f"/mannheim/steuerung/?jahr={year}").content.decode()
    assert body_rows(html, "budget-caption") == expected
    assert f"Budget {year}: geplant und ausgegeben" in html


def test_the_reporting_page_names_the_reports_a_department_owes(mannheim) -> None:
    """Every ended period since reporting began without a report (after the unbroken run),
    for the department chosen: the same list the overview counts."""
    department = Department.objects.get(municipality=mannheim, name="Fachbereich Bildung")
    client = signed_in_client(OFFICE)
    overview = client.get("/mannheim/verwaltung/massnahmen/berichte/").content.decode()
    counted = {row[0]: row[1:] for row in body_rows(overview, "overview-caption")}
    html = client.get(
        f"/mannheim/verwaltung/massnahmen/berichte/?department={department.pk}"
    ).content.decode()
    due = body_rows(html, "due-caption")
    owing = {row[0] for row in due if row[0] != "Kein Bericht ist fällig."}
    late = {row[0] for row in due if row[-1].endswith("überfällig")}
    label = next(name for name in counted if department.name in name or name in department.name)
    assert [str(len(owing)), str(len(late))] == counted[label]
    assert owing, "the demo's Fachbereich Bildung owes reports"
