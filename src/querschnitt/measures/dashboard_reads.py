"""What the dashboard (`dashboard.py`) reads, by plain SQL (`core/sql_rows.py`): building its
seven ORM queries cost more than the database's answers, and the public dashboard pays them on
the first request after every change of the municipality's data. Each gives what the ORM read
it replaces gave (`tests/test_dashboard_reads.py` compares them value by value). Tenancy is
the caller's: every read names the municipality in its WHERE.

`snapshot` gives the rows of all seven reads as the database gave them, unconverted: all that
a dashboard is drawn from, so a key for what is drawn from it; `board` reads converted rows
out of it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import router

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import RawRows, column, converted, raw_rows, shared_cursor
from querschnitt.core.translation import translate
from querschnitt.measures.models import Rollup
from querschnitt.monitoring.models import IndicatorValue
from querschnitt.strategy.models import (
    ControllingIndicator,
    FieldOfAction,
    Goal,
    IndicatorActual,
    IndicatorTarget,
)

ROLLUP_FIELDS = tuple(
    column(Rollup, name) for name in ("id", "municipality", "scope", "computed_at", "figures")
)
ROLLUP_SQL = """
SELECT "id", "municipality_id", "scope", "computed_at", "figures" FROM "measures_rollup"
WHERE "municipality_id" = %s AND "scope" = %s ORDER BY "id" LIMIT 1
"""


def rollup(*, municipality: Municipality, scope: str) -> Rollup | None:
    """The roll-up of one scope without its weights CSV (as `defer("csv")` gives it)."""
    return rollup_of(raw_rows(ROLLUP_SQL, [municipality.pk, scope], Rollup))


def rollup_of(rows: RawRows) -> Rollup | None:
    found = converted(rows, ROLLUP_FIELDS)
    if not found:
        return None
    names = [field.attname for field in ROLLUP_FIELDS]
    return Rollup.from_db(router.db_for_read(Rollup), names, found[0])


FIELD_NAMES_SQL = """
SELECT "key", "name" FROM "strategy_fieldofaction" WHERE "municipality_id" = %s
ORDER BY "position", "id"
"""


def field_names_of(rows: RawRows) -> list[tuple[str, dict[str, str]]]:
    """(key, name) of the fields of action, in their order: what the dashboard shows of them."""
    fields = (column(FieldOfAction, "key"), column(FieldOfAction, "name"))
    return [(row[0], row[1]) for row in converted(rows, fields)]


@dataclass(frozen=True)
class GoalRow:
    """What the dashboard shows of a goal (a `Goal` would decode its description too)."""

    pk: int
    parent_id: int | None
    key: str
    title: dict[str, str]


GOALS_SQL = """
SELECT "id", "parent_id", "key", "title" FROM "strategy_goal"
WHERE "municipality_id" = %s AND ("is_public" OR NOT %s) ORDER BY "position", "key"
"""


def goals_of(rows: RawRows) -> list[GoalRow]:
    fields = tuple(column(Goal, name) for name in ("id", "parent", "key", "title"))
    return [GoalRow(*row) for row in converted(rows, fields)]


@dataclass(frozen=True)
class IndicatorRow:
    """What the dashboard shows of a controlling indicator, as its `ControllingIndicator`
    gives it."""

    pk: int
    key: str
    name: dict[str, str]
    unit: str
    decimals: int
    direction: str
    baseline: Decimal | None
    baseline_year: int | None
    monitoring_indicator_id: int | None

    def __str__(self) -> str:
        return translate(self.name).text or self.key

    def get_direction_display(self) -> str:
        return str(DIRECTIONS.get(self.direction, self.direction))


DIRECTIONS = dict(ControllingIndicator.Direction.choices)
INDICATOR_COLUMNS = (
    "id",
    "key",
    "name",
    "unit",
    "decimals",
    "direction",
    "baseline",
    "baseline_year",
    "monitoring_indicator",
)
INDICATORS_SQL = """
SELECT "id", "key", "name", "unit", "decimals", "direction", "baseline", "baseline_year",
  "monitoring_indicator_id" FROM "strategy_controllingindicator"
WHERE "municipality_id" = %s AND ("is_public" OR NOT %s) ORDER BY "position", "key"
"""


def indicators_of(rows: RawRows) -> list[IndicatorRow]:
    fields = tuple(column(ControllingIndicator, name) for name in INDICATOR_COLUMNS)
    return [IndicatorRow(*row) for row in converted(rows, fields)]


# "IN (SELECT …)": the controlling indicators shown (all, or the public ones: the third
# parameter says whether only those)
TARGETS_SQL = """
SELECT "indicator_id", "year", "value" FROM "strategy_indicatortarget"
WHERE "municipality_id" = %s AND "indicator_id" IN (
  SELECT ci."id" FROM "strategy_controllingindicator" ci
  WHERE ci."municipality_id" = %s AND (ci."is_public" OR NOT %s))
"""
ACTUALS_SQL = """
SELECT "indicator_id", "measured_on", "value", "source" FROM "strategy_indicatoractual"
WHERE "municipality_id" = %s AND "indicator_id" IN (
  SELECT ci."id" FROM "strategy_controllingindicator" ci
  WHERE ci."municipality_id" = %s AND (ci."is_public" OR NOT %s))
ORDER BY "measured_on", "id"
"""
# The unary plus keeps SQLite from walking every value of the whole municipality by the index
# on (municipality, area, year), ~5x slower than the linked indicators' own by their index.
MONITORING_SQL = """
SELECT "indicator_id", "year", "value" FROM "monitoring_indicatorvalue"
WHERE "municipality_id" = %s AND +"area_id" IS NULL AND "series" = '' AND "category" = ''
  AND "value" IS NOT NULL AND "indicator_id" IN (
  SELECT ci."monitoring_indicator_id" FROM "strategy_controllingindicator" ci
  WHERE ci."municipality_id" = %s AND (ci."is_public" OR NOT %s))
"""


def targets_of(rows: RawRows) -> list[tuple[int, int, Decimal]]:
    """(controlling indicator, year, target) of the indicators shown."""
    fields = tuple(column(IndicatorTarget, name) for name in ("indicator", "year", "value"))
    return [(row[0], row[1], row[2]) for row in converted(rows, fields)]


def actuals_of(rows: RawRows) -> list[tuple[int, date, Decimal, str]]:
    """(controlling indicator, measured on, value, source) of the indicators shown, by date."""
    fields = tuple(
        column(IndicatorActual, name) for name in ("indicator", "measured_on", "value", "source")
    )
    return [(row[0], row[1], row[2], row[3]) for row in converted(rows, fields)]


def monitoring_of(rows: RawRows) -> list[tuple[int, int, float]]:
    """(monitoring indicator, year, value) for the whole municipality, first series, no
    category, of the monitoring indicators that the indicators shown are linked to."""
    fields = tuple(column(IndicatorValue, name) for name in ("indicator", "year", "value"))
    return [(row[0], row[1], row[2]) for row in converted(rows, fields)]


@dataclass(frozen=True)
class Snapshot:
    """The rows of a dashboard's seven reads as the database gave them (each read's `…_of`
    converts them): equal snapshots draw equal dashboards."""

    rollup: RawRows
    field_names: RawRows
    goals: RawRows
    indicators: RawRows
    targets: RawRows
    actuals: RawRows
    monitoring: RawRows


def snapshot(*, municipality: Municipality, public: bool) -> Snapshot:
    """The seven reads through one cursor (a cursor of its own each cost ~4 µs): the tables
    of the roll-up, the strategy and the monitoring are in the database of the roll-up."""
    m = municipality.pk
    scope = Rollup.Scope.PUBLIC if public else Rollup.Scope.INTERNAL
    with shared_cursor(Rollup) as cursor:
        return Snapshot(
            rollup=raw_rows(ROLLUP_SQL, [m, scope], Rollup, cursor),
            field_names=raw_rows(FIELD_NAMES_SQL, [m], FieldOfAction, cursor),
            goals=raw_rows(GOALS_SQL, [m, public], Goal, cursor),
            indicators=raw_rows(INDICATORS_SQL, [m, public], ControllingIndicator, cursor),
            targets=raw_rows(TARGETS_SQL, [m, m, public], IndicatorTarget, cursor),
            actuals=raw_rows(ACTUALS_SQL, [m, m, public], IndicatorActual, cursor),
            monitoring=raw_rows(MONITORING_SQL, [m, m, public], IndicatorValue, cursor),
        )
