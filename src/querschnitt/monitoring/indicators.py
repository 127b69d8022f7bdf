"""Indicators as data: numerator and denominator over published cells, and the checks of a
definition.

An indicator's values are computed from the *published* cells of the figures' tables only
(hidden cells are unknown here, rounded cells are rounded), so nothing that an indicator shows
reveals more than the tables themselves: a sum that touches a hidden cell is hidden, a rate
whose numerator or denominator is hidden is hidden.

Filters name categories per dimension, e.g. `{"migration": ["mh"], "age": ["15-64"]}`. A band
filter selects the bands of the table inside it (and is refused if a band straddles its edge);
"mh" and "eg" stand for their parts ("foreign" + "german_mh", "eg1" + "eg2") where a table has
only the parts; "citizenship" is read from the migration categories where a table has those
(German = without + Germans with migration background).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from querschnitt.monitoring.dimensions import (
    DIMENSIONS,
    NEUTRAL_MIGRATION,
    TOTAL,
    Definition,
    bands_within,
    category_label,
)

Filter = Mapping[str, list[str]]


class DefinitionError(ValueError):
    """A definition that cannot be computed, with the reason."""


@dataclass
class Published:
    """What may be published of one table: the shown values (NaN where hidden) and which
    cells are a true zero."""

    year: int
    dims: list[str]
    categories: list[list[str]]
    shown: np.ndarray
    zero: np.ndarray
    labels: dict[str, dict[str, str]]

    @classmethod
    def from_table(cls, table: Any) -> "Published":
        shape = [len(c) + 1 for c in table.categories]
        shown = np.array([np.nan if v is None else v for v in table.shown], dtype=float)
        zero = np.frombuffer(table.symbols.encode(), dtype=np.uint8) == ord("-")
        return cls(
            year=table.year,
            dims=list(table.dims),
            categories=[list(c) for c in table.categories],
            shown=shown.reshape(shape),
            zero=zero.reshape(shape),
            labels=table.labels or {},
        )

    @classmethod
    def from_values(cls, table: Any) -> "Published":
        """The true counts (for the office's own checks, never for publishing)."""
        shape = [len(c) + 1 for c in table.categories]
        values = np.array(table.values, dtype=float).reshape(shape)
        return cls(
            table.year,
            list(table.dims),
            [list(c) for c in table.categories],
            values,
            values == 0,
            table.labels or {},
        )

    def axis(self, dim: str) -> int | None:
        return self.dims.index(dim) if dim in self.dims else None

    @property
    def areas(self) -> list[str]:
        return self.categories[0] if self.dims and self.dims[0] == "area" else []


def category_positions(table: Published, dim: str, codes: Iterable[str]) -> list[int]:
    """Positions on the axis of `dim`; the total if every category is chosen."""
    axis = table.axis(dim)
    assert axis is not None
    categories = table.categories[axis]
    chosen: list[str] = []
    dimension = DIMENSIONS[dim]
    for code in codes:
        if code == TOTAL:
            return [len(categories)]
        if code in categories:
            chosen.append(code)
        elif dimension.banded:
            inside = bands_within(categories, code)
            if inside is None:
                raise DefinitionError(
                    _("The band %(band)s does not fit the bands of the table (%(bands)s).")
                    % {"band": code, "bands": ", ".join(categories)}
                )
            chosen += inside
        elif code in dimension.derived and all(p in categories for p in dimension.derived[code]):
            chosen += dimension.derived[code]
        else:
            raise DefinitionError(
                _(
                    "“%(code)s” is not a category of %(dimension)s in this figure "
                    "(it has: %(codes)s)."
                )
                % {"code": code, "dimension": dimension.label, "codes": ", ".join(categories)}
            )
    if not chosen:
        raise DefinitionError(
            _("The filter on %(dimension)s selects nothing.") % {"dimension": dimension.label}
        )
    unique = sorted(set(chosen), key=categories.index)
    if len(unique) == len(categories):
        return [len(categories)]
    return [categories.index(code) for code in unique]


def resolve(table: Published, filters: Filter) -> dict[int, list[int]]:
    """Axis → positions for a filter; dimensions the table lacks are refused, except
    citizenship read from migration."""
    chosen: dict[int, list[int]] = {}
    for dim, codes in filters.items():
        if not codes:
            continue
        if table.axis(dim) is not None:
            chosen[table.axis(dim)] = category_positions(table, dim, codes)  # type: ignore[index]
        elif dim == "citizenship" and table.axis("migration") is not None:
            chosen[table.axis("migration")] = category_positions(  # type: ignore[index]
                table, "migration", citizenship_as_migration(table, codes)
            )
        else:
            raise DefinitionError(
                _("The figure has no breakdown by %(dimension)s.")
                % {"dimension": DIMENSIONS[dim].label if dim in DIMENSIONS else dim}
            )
    return chosen


def citizenship_as_migration(table: Published, codes: list[str]) -> list[str]:
    categories = table.categories[table.axis("migration")]  # type: ignore[index]
    if "foreign" not in categories or not set(categories) <= {"without", "foreign", "german_mh"}:
        raise DefinitionError(
            _("Citizenship cannot be read from this figure's categories of migration.")
        )
    found: list[str] = []
    for code in codes:
        if code == "foreign":
            found.append("foreign")
        elif code == "de":
            found += [c for c in categories if c != "foreign"]
        else:
            raise DefinitionError(_("“%(code)s” is not a citizenship.") % {"code": code})
    return found


def sums_by_area(table: Published, filters: Filter) -> tuple[np.ndarray, np.ndarray]:
    """For every area position (the whole municipality last): the published sum of the
    selected cells (NaN if any is hidden) and whether they are all true zeros."""
    chosen = resolve(table, filters)
    index = []
    for axis, categories in enumerate(table.categories):
        if axis == 0 and table.areas:
            index.append(list(range(len(categories) + 1)))
        else:
            index.append(chosen.get(axis, [len(categories)]))
    block = np.ix_(*index)
    shown, zero = table.shown[block], table.zero[block]
    other = tuple(range(1 if table.areas else 0, shown.ndim))
    sums = shown.sum(axis=other) if other else shown
    zeros = zero.all(axis=other) if other else zero
    return np.atleast_1d(sums), np.atleast_1d(zeros)


@dataclass(frozen=True)
class Value:
    year: int
    area: str  # an area code, or TOTAL for the whole municipality
    series: str
    category: str
    value: float | None
    symbol: str
    numerator: float | None
    denominator: float | None


def merged(*filters: Filter | None) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for part in filters:
        result.update({dim: list(codes) for dim, codes in (part or {}).items() if codes})
    return result


def compute(
    indicator: Any,
    numerator_tables: Mapping[int, Published],
    denominator_tables: Mapping[int, Published] | None,
) -> list[Value]:
    """Every value of an indicator, by year, area, series and category."""
    values: list[Value] = []
    offset = indicator.denominator_year_offset
    for year, numerator in sorted(numerator_tables.items()):
        denominator = None
        if denominator_tables is not None:
            denominator = denominator_tables.get(year + offset)
            if denominator is None:
                continue
        areas = numerator.areas
        if denominator is not None and areas:
            areas = [code for code in areas if code in denominator.areas]
        categories = [""]
        if indicator.breakdown:
            axis = numerator.axis(indicator.breakdown)
            if axis is None:
                continue
            categories = numerator.categories[axis]
        for series in indicator.series_list():
            for category in categories:
                split = {indicator.breakdown: [category]} if category else {}
                top = merged(indicator.numerator_filter, series.get("numerator"), split)
                bottom = merged(
                    indicator.denominator_filter,
                    series.get("denominator"),
                    split if indicator.breakdown_in_denominator else {},
                )
                values += values_for(
                    indicator,
                    year,
                    series.get("key", ""),
                    category,
                    numerator,
                    top,
                    denominator,
                    bottom,
                    areas,
                )
    return values


def values_for(
    indicator: Any,
    year: int,
    series: str,
    category: str,
    numerator: Published,
    top: Filter,
    denominator: Published | None,
    bottom: Filter,
    areas: list[str],
) -> list[Value]:
    try:
        top_sums, top_zero = sums_by_area(numerator, top)
        if denominator is not None:
            bottom_sums, _zero = sums_by_area(denominator, bottom)
    except DefinitionError:
        return []
    found = []
    for code in [*areas, TOTAL]:
        top_position = numerator.areas.index(code) if code != TOTAL else len(numerator.areas)
        n, n_zero = float(top_sums[top_position]), bool(top_zero[top_position])
        d = None
        if denominator is not None:
            position = denominator.areas.index(code) if code != TOTAL else len(denominator.areas)
            d = float(bottom_sums[position])
        value, symbol = evaluate(n, n_zero, d, indicator.scale)
        found.append(
            Value(
                year,
                code,
                series,
                category,
                value,
                symbol,
                None if np.isnan(n) else n,
                None if d is None or np.isnan(d) else d,
            )
        )
    return found


def evaluate(n: float, n_zero: bool, d: float | None, scale: int) -> tuple[float | None, str]:
    """(value, symbol) of a count (no denominator) or a rate, from published sums."""
    if np.isnan(n) or (d is not None and np.isnan(d)):
        return None, "."
    if d is None:
        return (0.0, "-") if n_zero else (n, "")
    if d == 0:
        return None, "x"
    if n_zero:
        return 0.0, "-"
    return n / d * scale, ""


# ---------------------------------------------------------------------------------------------
# Checking a definition before it is saved


def used_definitions(definition: str, filters: Iterable[Filter], breakdown: str) -> set[str]:
    """The definitions of migration background that a side of an indicator relies on."""
    used = set()
    for filter_ in filters:
        codes = filter_.get("migration", [])
        if any(code not in NEUTRAL_MIGRATION for code in codes):
            used.add(definition)
    if breakdown == "migration":
        used.add(definition)
    return used


def definition_problems(
    *,
    unit: str,
    numerator: Any,
    numerator_filter: Filter,
    denominator: Any | None,
    denominator_filter: Filter,
    year_offset: int,
    breakdown: str,
    breakdown_in_denominator: bool,
    series: list[dict[str, Any]],
    numerator_tables: Mapping[int, Published],
    denominator_tables: Mapping[int, Published] | None,
) -> list[str]:
    """Why a definition cannot be saved (empty if it can). The tables hold the true counts:
    a denominator that is zero in every year is refused, not merely hidden."""
    problems: list[str] = []
    if unit == "count" and denominator is not None:
        problems.append(_("A count has no denominator; choose a rate as unit or remove it."))
    if unit != "count" and denominator is None:
        problems.append(_("A rate needs a denominator."))
    if not numerator_tables:
        problems.append(_("The numerator's figure has no data yet."))
    if denominator is not None and not denominator_tables:
        problems.append(_("The denominator's figure has no data yet."))
    if problems:
        return problems
    all_series = series or [{"key": "", "numerator": {}, "denominator": {}}]
    top_side = [merged(numerator_filter, s.get("numerator")) for s in all_series]
    bottom_side = [merged(denominator_filter, s.get("denominator")) for s in all_series]
    if denominator is not None:
        top = used_definitions(numerator.definition, top_side, breakdown)
        bottom = used_definitions(
            denominator.definition, bottom_side, breakdown if breakdown_in_denominator else ""
        )
        if top and bottom and top != bottom:
            problems.append(
                _(
                    "The definition mixes definitions of migration background: the numerator "
                    "counts by “%(top)s”, the denominator by “%(bottom)s”. Compare only figures "
                    "of one definition."
                )
                % {
                    "top": ", ".join(str(Definition(d).label) for d in sorted(top)),
                    "bottom": ", ".join(str(Definition(d).label) for d in sorted(bottom)),
                }
            )
    latest = numerator_tables[max(numerator_tables)]
    if breakdown and latest.axis(breakdown) is None:
        problems.append(
            _("The numerator's figure has no breakdown by %(dimension)s.")
            % {"dimension": DIMENSIONS[breakdown].label if breakdown in DIMENSIONS else breakdown}
        )
        return problems
    for filters in top_side:
        problems += side_problems(_("Numerator"), latest, filters)
    if denominator is None or denominator_tables is None:
        return problems
    bottom_latest = denominator_tables[max(denominator_tables)]
    if breakdown and breakdown_in_denominator and bottom_latest.axis(breakdown) is None:
        problems.append(
            _("The denominator's figure has no breakdown by %(dimension)s.")
            % {"dimension": DIMENSIONS[breakdown].label if breakdown in DIMENSIONS else breakdown}
        )
        return problems
    for filters in bottom_side:
        problems += side_problems(_("Denominator"), bottom_latest, filters)
    if problems:
        return problems
    if not any(denominator_tables.get(year + year_offset) is not None for year in numerator_tables):
        problems.append(
            _("No year of the numerator has a denominator (shifted by %(offset)s years).")
            % {"offset": year_offset}
        )
        return problems
    for filters in bottom_side:
        totals = [
            float(sums_by_area(table, filters)[0][-1])
            for year, table in denominator_tables.items()
            if year - year_offset in numerator_tables
        ]
        if all(total == 0 for total in totals):
            problems.append(
                _(
                    "The denominator is 0 for the whole municipality in every year: the "
                    "indicator would divide by zero."
                )
            )
            break
    return problems


def side_problems(side: str, table: Published, filters: Filter) -> list[str]:
    try:
        resolve(table, filters)
    except DefinitionError as error:
        return [f"{side}: {error}"]
    return []


def indicator_definitions(indicator: Any) -> list[str]:
    """The definitions of migration background an indicator's values rest on."""
    used = used_definitions(
        indicator.numerator.definition,
        [merged(indicator.numerator_filter, s.get("numerator")) for s in indicator.series_list()],
        indicator.breakdown,
    )
    if indicator.denominator is not None:
        used |= used_definitions(
            indicator.denominator.definition,
            [
                merged(indicator.denominator_filter, s.get("denominator"))
                for s in indicator.series_list()
            ],
            indicator.breakdown if indicator.breakdown_in_denominator else "",
        )
    if used:
        return sorted(used)
    sides = [indicator.numerator_filter, indicator.denominator_filter]
    sides += [s.get(k, {}) for s in indicator.series_list() for k in ("numerator", "denominator")]
    if (
        any("citizenship" in side or "migration" in side for side in sides)
        or (indicator.breakdown in ("citizenship", "nationality"))
        or indicator.numerator.definition == Definition.CITIZENSHIP
    ):
        return [Definition.CITIZENSHIP]
    return [Definition.NONE]


def category_name(
    indicator: Any, code: str, labels: dict[str, dict[str, str]] | None = None
) -> str:
    if not code:
        return ""
    return category_label(indicator.breakdown, code, (labels or {}).get(indicator.breakdown))
