"""What the public monitoring pages read when they render afresh (the first request after a
change of the municipality's data), by plain SQL (`core/sql_rows.py`): building the ORM's
queries cost more than the database's answers. Each gives what the ORM reads of
`selectors.py` give (`tests/test_page_reads.py` compares them value by value). Tenancy is the
caller's: every read names the municipality in its WHERE."""

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import router
from django.utils.translation import get_language

from querschnitt.core.models import Municipality, choice_labels
from querschnitt.core.sql_rows import (
    RawRows,
    column,
    columns,
    converted,
    converted_rows,
    instance,
    raw_rows,
    shared_cursor,
)
from querschnitt.monitoring.models import Area, Figure, Indicator, IndicatorValue, Source

# (model, alias) of the one query: as `select_related("numerator__source",
# "denominator__source")` joins them
JOINED = ((Indicator, "i"), (Figure, "nf"), (Source, "ns"), (Figure, "df"), (Source, "ds"))
JOINS = """
FROM "monitoring_indicator" i
JOIN "monitoring_figure" nf ON nf."id" = i."numerator_id"
JOIN "monitoring_source" ns ON ns."id" = nf."source_id"
LEFT JOIN "monitoring_figure" df ON df."id" = i."denominator_id"
LEFT JOIN "monitoring_source" ds ON ds."id" = df."source_id"
WHERE i."municipality_id" = %s AND i."is_published"
"""
ORDERED = 'ORDER BY i."position", i."key"'
ONE_KEY = 'AND i."key" = %s'


@lru_cache(maxsize=8)
def _published_sql(using: str, one: bool) -> str:
    select = ", ".join(columns(model, using, alias) for model, alias in JOINED)
    return f"SELECT {select}{JOINS}{ONE_KEY if one else ORDERED}"


def published_indicators(*, municipality: Municipality) -> list[Indicator]:
    """`selectors.published_indicators`: with their numerators, denominators and sources,
    in one query."""
    using = router.db_for_read(Indicator)
    return [indicator_of(row, using) for row in _published_rows(municipality, None, using)]


def published_indicator(*, municipality: Municipality, key: str) -> Indicator | None:
    """`selectors.indicator_for_page`: the published indicator with this key, or None (the
    page keeps the instance by its row: `views.public.kept_indicator`)."""
    row = published_row(municipality=municipality, key=key)
    return None if row is None else indicator_of(row, router.db_for_read(Indicator))


KEYS_SQL = """
SELECT "key" FROM "monitoring_indicator" WHERE "municipality_id" = %s AND "is_published"
"""


def published_keys(*, municipality: Municipality) -> frozenset[str]:
    found = converted_rows(KEYS_SQL, [municipality.pk], (column(Indicator, "key"),))
    return frozenset(row[0] for row in found)


def published_row(*, municipality: Municipality, key: str) -> tuple[Any, ...] | None:
    """The row `published_indicator` makes the indicator of, as the database gives it."""
    found = _published_rows(municipality, key, router.db_for_read(Indicator))
    return found[0] if found else None


def _published_rows(municipality: Municipality, key: str | None, using: str) -> RawRows:
    params: list[int | str] = [municipality.pk] if key is None else [municipality.pk, key]
    return raw_rows(_published_sql(using, key is not None), params, Indicator)


def indicator_of(row: tuple[Any, ...], using: str) -> Indicator:
    """The indicator, with its figures and sources, of a row of `_published_sql`."""
    parts, start = [], 0
    for model, _alias in JOINED:
        width = len(model._meta.concrete_fields)
        parts.append(list(row[start : start + width]))
        start += width
    indicator = instance(Indicator, using, parts[0])
    indicator.stored_row = row  # type: ignore[attr-defined]
    indicator.numerator = instance(Figure, using, parts[1])
    indicator.numerator.source = instance(Source, using, parts[2])
    denominator = None
    if parts[3][0] is not None:
        denominator = instance(Figure, using, parts[3])
        denominator.source = instance(Source, using, parts[4])
    indicator.denominator = denominator
    return indicator


OVERVIEW_FIELDS = (
    "id",
    "municipality",
    "key",
    "name",
    "topic",
    "unit",
    "decimals",
    "breakdown",
    "series",
)
OVERVIEW_SQL = """
SELECT "id", "municipality_id", "key", "name", "topic", "unit", "decimals", "breakdown", "series"
FROM "monitoring_indicator" WHERE "municipality_id" = %s AND "is_published"
ORDER BY "position", "key"
"""


@dataclass(slots=True)
class OverviewIndicator:
    """What the overview shows of an `Indicator` (the same names; a plain row is made in a
    fraction of the time of a model instance)."""

    id: int
    municipality_id: int
    key: str
    name: dict[str, str]
    topic: str
    unit: str
    decimals: int
    breakdown: str
    series: list[dict[str, Any]]

    @property
    def pk(self) -> int:
        return self.id

    @property
    def unit_symbol(self) -> str:
        return Indicator.unit_symbol.fget(self)  # type: ignore[attr-defined]

    def series_list(self) -> list[dict[str, Any]]:
        return Indicator.series_list(self)  # type: ignore[arg-type]

    def get_topic_display(self) -> str:
        return choice_labels(TOPIC, get_language()).get(self.topic, self.topic)


TOPIC = Indicator._meta.get_field("topic")


def overview_indicators_of(rows: RawRows) -> list[OverviewIndicator]:
    """`selectors.published_indicators`, only the fields the overview shows (`rows` of
    `OVERVIEW_SQL` as the database gave them)."""
    fields = tuple(column(Indicator, name) for name in OVERVIEW_FIELDS)
    return [OverviewIndicator(*row) for row in converted(rows, fields)]


@dataclass(slots=True)
class ValueRow:
    """What the pages show of an `IndicatorValue` (the same names; read, never changed: not
    frozen, which made each of a page's rows several times slower to make)."""

    indicator_id: int
    year: int
    area_id: int | None
    series: str
    category: str
    value: float | None
    symbol: str
    numerator: float | None
    denominator: float | None


VALUE_COLUMNS = """
SELECT "indicator_id", "year", "area_id", "series", "category", "value", "symbol",
       "numerator", "denominator"
FROM "monitoring_indicatorvalue"
"""
VALUE_FIELDS = tuple(
    column(IndicatorValue, name)
    for name in (
        "indicator",
        "year",
        "area",
        "series",
        "category",
        "value",
        "symbol",
        "numerator",
        "denominator",
    )
)
CITY_VALUES_SQL = (
    VALUE_COLUMNS
    + """WHERE "municipality_id" = %s AND "area_id" IS NULL AND "category" = ''
ORDER BY "year", "id"
"""
)
# The unary plus keeps SQLite from walking all of the municipality's values by its index on
# the municipality alone (in id order, ~6x slower); the indicator's index gives them in id order.
INDICATOR_VALUES_SQL = (
    VALUE_COLUMNS + 'WHERE +"municipality_id" = %s AND "indicator_id" = %s ORDER BY "id"\n'
)


def city_values(*, municipality: Municipality) -> list[ValueRow]:
    """The values of all indicators for the whole municipality without a category, by year."""
    found = converted_rows(CITY_VALUES_SQL, [municipality.pk], VALUE_FIELDS)
    return [ValueRow(*row) for row in found]


def latest_city_values_of(rows: RawRows, first_series: dict[int, str]) -> dict[int, ValueRow]:
    """The latest of `city_values` (`rows` of `CITY_VALUES_SQL` as the database gave them) of
    each indicator in its first series (`first_series`: indicator id → series key), by
    indicator id; rows of other series are left unmade."""
    latest: dict[int, list[Any]] = {}
    for row in converted(rows, VALUE_FIELDS):
        if first_series.get(row[0]) == row[3]:
            latest[row[0]] = row
    return {indicator_id: ValueRow(*row) for indicator_id, row in latest.items()}


def indicator_values(*, indicator: Indicator) -> list[ValueRow]:
    """Every value of one indicator, as `selectors.indicator_data` reads them."""
    return values_of(stored_values(indicator=indicator))


def stored_row(indicator: Indicator) -> tuple[Any, ...] | None:
    """The row `published_indicator` made the indicator of (with its figures and sources),
    as the database gave it; None for an indicator read otherwise."""
    return getattr(indicator, "stored_row", None)


def stored_values(*, indicator: Indicator) -> RawRows:
    params = [indicator.municipality_id, indicator.pk]
    return raw_rows(INDICATOR_VALUES_SQL, params, IndicatorValue)


def values_of(rows: RawRows) -> list[ValueRow]:
    return [ValueRow(*row) for row in converted(rows, VALUE_FIELDS)]


@dataclass(frozen=True)
class AreaLink:
    """A district as the overview links it."""

    code: str
    name: str


AREA_LINKS_SQL = """
SELECT "code", "name" FROM "monitoring_area" WHERE "municipality_id" = %s ORDER BY "code"
"""


def area_links_of(rows: RawRows) -> list[AreaLink]:
    """`selectors.areas_of`, only their codes and names (`rows` of `AREA_LINKS_SQL` as the
    database gave them)."""
    return [AreaLink(*row) for row in converted(rows, (column(Area, "code"), column(Area, "name")))]


@dataclass(frozen=True)
class OverviewRows:
    """The rows the overview is drawn from, as the database gave them (hashable: what the
    drawn overview is kept by)."""

    areas: RawRows
    indicators: RawRows
    values: RawRows


def overview_rows(*, municipality: Municipality) -> OverviewRows:
    """The overview's three reads (districts, published indicators, the whole municipality's
    values) through one cursor."""
    params = [municipality.pk]
    with shared_cursor(Indicator) as cursor:
        return OverviewRows(
            areas=raw_rows(AREA_LINKS_SQL, params, Area, cursor),
            indicators=raw_rows(OVERVIEW_SQL, params, Indicator, cursor),
            values=raw_rows(CITY_VALUES_SQL, params, IndicatorValue, cursor),
        )


AREAS_SQL = """
SELECT "id", "municipality_id", "code", "name", "boundary" FROM "monitoring_area"
WHERE "municipality_id" = %s ORDER BY "code"
"""
# the boundary is left as the database gives it: its text
AREA_FIELDS = (
    column(Area, "id"),
    column(Area, "municipality"),
    column(Area, "code"),
    column(Area, "name"),
    None,
)


@dataclass(slots=True)
class AreaRow:
    """What the indicator page shows of an `Area` (the same names; a plain row is made in a
    fraction of the time of a model instance), with the boundary's stored text."""

    id: int
    municipality_id: int
    code: str
    name: str
    boundary: Any
    boundary_text: str | None

    @property
    def pk(self) -> int:
        return self.id

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def areas_with_boundaries(*, municipality: Municipality) -> list[AreaRow]:
    """`selectors.areas_of(boundaries=True)`; each boundary decoded once per stored text (the
    decoded geometry is shared: read, never changed), which stays on the area as
    `boundary_text` for the map to remember the district's outline by."""
    return areas_of(stored_areas(municipality=municipality))


def stored_areas(*, municipality: Municipality) -> RawRows:
    return raw_rows(AREAS_SQL, [municipality.pk], Area)


def areas_of(rows: RawRows) -> list[AreaRow]:
    areas = []
    for pk, municipality_id, code, name, text in converted(rows, AREA_FIELDS):
        stored = text if isinstance(text, str) else None
        areas.append(AreaRow(pk, municipality_id, code, name, stored_geometry(text), stored))
    return areas


def boundary_text(area: Area | AreaRow) -> str | None:
    """The stored text of the boundary of an area read by `areas_with_boundaries`."""
    return getattr(area, "boundary_text", None)


def stored_geometry(text: Any) -> Any:
    """What `Area.boundary` gives for the column's value (`JSONField.from_db_value`)."""
    return _decoded(text) if isinstance(text, str) else text


@lru_cache(maxsize=1024)
def _decoded(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text
