"""What the controlling dashboards show: the stored roll-up by field of action and goal,
budgets planned against spent, indicator trends against targets; for the office also the
late reports by department. A constant number of queries whatever the size of the catalogue:
the roll-up was computed in the background (`services/rollups.py`)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from django.db.models import Count
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from querschnitt.core.models import Department, Municipality
from querschnitt.core.translation import translate
from querschnitt.measures import charts
from querschnitt.measures import dashboard_reads as reads
from querschnitt.measures.dashboard_reads import GoalRow, IndicatorRow
from querschnitt.measures.models import Measure
from querschnitt.measures.rollup import TOTAL, Figure
from querschnitt.measures.services.reports import due_filter, settings_of
from querschnitt.measures.services.rollups import field_node, goal_node
from querschnitt.monitoring.charts import Point, Series, line_chart
from querschnitt.strategy.models import ControllingIndicator


def euros(value: Decimal | float, language: str | None = None) -> str:
    # by its text: -0 and 0 are equal as keys, not as text
    return _euros(str(Decimal(value).quantize(Decimal(1))), language or get_language())


@lru_cache(maxsize=8192)
def _euros(whole: str, language: str | None) -> str:
    return f"{number_format(Decimal(whole), decimal_pos=0, force_grouping=True)} €"


def decimal_shown(value: Decimal | None, decimals: int, language: str | None = None) -> str:
    """The value in the active language's format (`language`: the active one, when the
    caller has asked for it already)."""
    if value is None:
        return "–"
    return _decimal_shown(value, decimals, language or get_language())


@lru_cache(maxsize=8192)
def _decimal_shown(value: Decimal, decimals: int, language: str | None) -> str:
    # The dashboard writes the same targets and actuals on every render (~10 µs each):
    # remembered per language, which is all the format depends on besides the settings.
    return number_format(
        value.quantize(Decimal(1).scaleb(-decimals)), decimal_pos=decimals, force_grouping=True
    )


@dataclass(frozen=True)
class Node:
    """A field of action or goal with what its measures add up to."""

    node: str
    key: str
    label: str
    depth: int
    figure: Figure | None

    @cached_property
    def percent(self) -> int | None:
        """`whole_percent(figure.progress)` in integers: a Fraction of two Decimals is ~25 µs."""
        if self.figure is None or self.figure.weight == 0:
            return None
        a, b = self.figure.weighted.as_integer_ratio()
        c, d = self.figure.weight.as_integer_ratio()
        # floor(a/b ÷ c/d + 1/2), b and d positive
        return (2 * a * d + b * c) // (2 * b * c)

    @property
    def measures(self) -> int:
        return self.figure.measures if self.figure else 0

    def budget(self, year: int) -> tuple[Decimal, Decimal]:
        if self.figure is None:
            return Decimal(0), Decimal(0)
        planned, spent = self.figure.budget.get(year, [Decimal(0), Decimal(0)])
        return planned, spent


@dataclass
class IndicatorTrend:
    indicator: IndicatorRow
    years: list[int]
    targets: dict[int, Decimal]
    actuals: dict[int, tuple[Decimal, date, str]]
    monitoring: dict[int, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(self.indicator)

    def rows(self) -> list[dict[str, Any]]:
        decimals, language = self.indicator.decimals, get_language()
        return [
            {
                "year": year,
                "target": decimal_shown(self.targets.get(year), decimals, language),
                "actual": decimal_shown(self.actuals[year][0], decimals, language)
                if year in self.actuals
                else "–",
                "source": self.actuals[year][2] if year in self.actuals else "",
                "reached": self.reached(year),
            }
            for year in self.years
        ]

    def reached(self, year: int) -> bool | None:
        target, actual = self.targets.get(year), self.actuals.get(year)
        if target is None or actual is None:
            return None
        if self.indicator.direction == ControllingIndicator.Direction.LOWER:
            return actual[0] <= target
        return actual[0] >= target

    def chart(self, ident: str, actual_label: str, target_label: str) -> Any:
        decimals, language = self.indicator.decimals, get_language()
        series = (
            Series(
                actual_label,
                tuple(
                    Point(
                        str(y),
                        float(self.actuals[y][0]) if y in self.actuals else None,
                        decimal_shown(self.actuals[y][0], decimals, language)
                        if y in self.actuals
                        else "–",
                    )
                    for y in self.years
                ),
            ),
            Series(
                target_label,
                tuple(
                    Point(
                        str(y),
                        float(self.targets[y]) if y in self.targets else None,
                        decimal_shown(self.targets.get(y), decimals, language),
                    )
                    for y in self.years
                ),
            ),
        )
        return _line_chart(ident, self.label, series, self.indicator.unit, decimals, get_language())


@lru_cache(maxsize=512)
def _line_chart(
    ident: str,
    title: str,
    series: tuple[Series, ...],
    unit: str,
    decimals: int,
    language: str | None,
) -> SafeString:
    # The dashboard is drawn afresh after every change of the municipality's data, mostly
    # with the same figures: remembered by all a chart is made of, and the language of its
    # numbers.
    return line_chart(ident, title, series, unit=unit, decimals=decimals)


def goal_order(goals: list[GoalRow]) -> list[tuple[GoalRow, int]]:
    """The goals depth first, each with its depth."""
    children: dict[int | None, list[GoalRow]] = defaultdict(list)
    known = {goal.pk for goal in goals}
    for goal in goals:
        children[goal.parent_id if goal.parent_id in known else None].append(goal)
    ordered: list[tuple[GoalRow, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for goal in children.get(parent, []):
            ordered.append((goal, depth))
            walk(goal.pk, depth + 1)

    walk(None, 0)
    return ordered


def dashboard(*, municipality: Municipality, public: bool, year: int) -> dict[str, Any]:
    return board(reads.snapshot(municipality=municipality, public=public), year)


def board(snapshot: reads.Snapshot, year: int) -> dict[str, Any]:
    """The dashboard of one year drawn from what its reads gave."""
    # the figures only: the weights CSV beside them has a line per measure
    rollup = reads.rollup_of(snapshot.rollup)
    figures = {
        node: Figure.from_json(data) for node, data in (rollup.figures if rollup else {}).items()
    }
    fields = [
        Node(field_node(key), key, translate(name).text, 0, figures.get(field_node(key)))
        for key, name in reads.field_names_of(snapshot.field_names)
    ]
    goals = reads.goals_of(snapshot.goals)
    goal_nodes = [
        Node(goal_node(g.key), g.key, translate(g.title).text, depth, figures.get(goal_node(g.key)))
        for g, depth in goal_order(goals)
    ]
    total = Node(TOTAL, "", "", 0, figures.get(TOTAL))
    language = get_language()
    budget_rows = [
        charts.BudgetRow(node.label, float(p), float(s), euros(p, language), euros(s, language))
        for node in fields
        for p, s in [node.budget(year)]
    ]
    return {
        "rollup": rollup,
        "total": total,
        "fields": fields,
        "goals": goal_nodes,
        "year": year,
        "budget_rows": budget_rows,
        "budget_total": (
            sum((r.planned for r in budget_rows), 0.0),
            sum((r.spent for r in budget_rows), 0.0),
        ),
        "indicators": indicator_trends(snapshot),
    }


def indicator_trends(snapshot: reads.Snapshot) -> list[IndicatorTrend]:
    indicators_list = reads.indicators_of(snapshot.indicators)
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, target_year, value in reads.targets_of(snapshot.targets):
        targets[indicator_id][target_year] = value
    actuals: dict[int, dict[int, tuple[Decimal, date, str]]] = defaultdict(dict)
    for indicator_id, measured_on, value, source in reads.actuals_of(snapshot.actuals):
        # the latest value of each year stands for the year
        actuals[indicator_id][measured_on.year] = (value, measured_on, source)
    monitoring: dict[int, dict[int, float]] = defaultdict(dict)
    linked = {i.monitoring_indicator_id: i.pk for i in indicators_list if i.monitoring_indicator_id}
    for indicator_id, value_year, monitored in reads.monitoring_of(snapshot.monitoring):
        monitoring[linked[indicator_id]][value_year] = monitored
    trends = []
    for indicator in indicators_list:
        years = sorted(set(targets[indicator.pk]) | set(actuals[indicator.pk]))
        if indicator.baseline_year and indicator.baseline is not None:
            actuals[indicator.pk].setdefault(
                indicator.baseline_year,
                (indicator.baseline, date(indicator.baseline_year, 12, 31), "baseline"),
            )
            years = sorted(set(years) | {indicator.baseline_year})
        trends.append(
            IndicatorTrend(
                indicator,
                years,
                targets[indicator.pk],
                actuals[indicator.pk],
                monitoring[indicator.pk],
            )
        )
    return trends


def late_by_department(*, municipality: Municipality, today: date) -> list[dict[str, Any]]:
    """For the office: per department, the measures with a report due and those late."""
    settings = settings_of(municipality)
    late_q = due_filter(settings, today, late=True)
    counted = {
        department: (due, late)
        for department, due, late in Measure.objects.filter(
            due_filter(settings, today, late=False),
            municipality=municipality,
            lead_department__isnull=False,
        )
        .values("lead_department")
        .annotate(due=Count("pk"), late=Count("pk", filter=late_q))
        .values_list("lead_department", "due", "late")
    }
    departments = Department.objects.filter(municipality=municipality, pk__in=list(counted))
    return [
        {"department": d, "due": counted[d.pk][0], "late": counted[d.pk][1]}
        for d in departments.order_by("name")
    ]
