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
    sums, zeros = sums_by_area_and(table, filters, None)
    return sums[:, 0], zeros[:, 0]


def sums_by_area_and(
    table: Published, filters: Filter, keep: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """Like `sums_by_area`, for each category on axis `keep` apart (areas × categories; one
    column if None). A filter on that axis' dimension is not applied."""
    dims = {table.dims[keep]} if keep is not None else set()
    chosen = resolve(table, {dim: codes for dim, codes in filters.items() if dim not in dims})
    index = []
    for axis, categories in enumerate(table.categories):
        if axis == keep:
            index.append(list(range(len(categories))))
        elif axis == 0 and table.areas:
            index.append(list(range(len(categories) + 1)))
        else:
            index.append(chosen.get(axis, [len(categories)]))
    block = np.ix_(*index)
    shown, zero = table.shown[block], table.zero[block]
    if not table.areas:
        shown, zero = shown[np.newaxis], zero[np.newaxis]
    if keep is None:
        shown, zero = shown[..., np.newaxis], zero[..., np.newaxis]
    else:
        moved = keep + (0 if table.areas else 1)
        shown, zero = np.moveaxis(shown, moved, -1), np.moveaxis(zero, moved, -1)
    other = tuple(range(1, shown.ndim - 1))
    return shown.sum(axis=other), zero.all(axis=other)


def sums_by_category(
    table: Published, filters: Filter, dim: str | None, categories: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sums by area (rows) for each category of `dim` (columns; one without a dimension),
    and which categories the table could select (a filter naming a category it lacks)."""
    if dim is None:
        sums, zeros = sums_by_area_and(table, filters, None)
        return sums, zeros, np.ones(1, dtype=bool)
    axis = table.axis(dim)
    if axis is not None and table.categories[axis] == categories:
        sums, zeros = sums_by_area_and(table, filters, axis)
        return sums, zeros, np.ones(len(categories), dtype=bool)
    columns, valid = [], []
    rows = len(table.areas) + 1
    for code in categories:
        try:
            columns.append(sums_by_area(table, merged(filters, {dim: [code]})))
            valid.append(True)
        except DefinitionError:
            columns.append((np.full(rows, np.nan), np.zeros(rows, dtype=bool)))
            valid.append(False)
    sums = np.stack([column[0] for column in columns], axis=1)
    zeros = np.stack([column[1] for column in columns], axis=1)
    return sums, zeros, np.array(valid)


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


@dataclass
class Block:
    """The values of an indicator in one year and series: areas (the whole municipality
    last) × categories of the breakdown (one, "", without)."""

    year: int
    series: str
    areas: list[str]
    categories: list[str]
    value: np.ndarray  # NaN where there is no value
    symbol: np.ndarray  # str
    numerator: np.ndarray  # NaN where hidden
    denominator: np.ndarray | None

    def rows(
        self, municipality_id: int, indicator_id: int, area_ids: Mapping[str, int | None]
    ) -> list[tuple[Any, ...]]:
        """As rows of `IndicatorValue` (see `compute_rows`)."""
        value = nullable(self.value)
        numerator = nullable(self.numerator)
        denominator: list[list[Any]] = [[None] * len(self.categories)] * len(self.areas)
        if self.denominator is not None:
            denominator = nullable(self.denominator)
        symbol = self.symbol.tolist()
        found = []
        for i, area in enumerate(self.areas):
            if area not in area_ids:
                continue
            area_id = area_ids[area]
            for j, category in enumerate(self.categories):
                found.append(
                    (
                        municipality_id,
                        indicator_id,
                        self.year,
                        area_id,
                        self.series,
                        category,
                        value[i][j],
                        symbol[i][j],
                        numerator[i][j],
                        denominator[i][j],
                    )
                )
        return found

    def values(self) -> list[Value]:
        found = []
        numerators, value = self.numerator.tolist(), self.value.tolist()
        denominators = None if self.denominator is None else self.denominator.tolist()
        for i, area in enumerate(self.areas):
            for j, category in enumerate(self.categories):
                n, v = numerators[i][j], value[i][j]
                d = None if denominators is None else denominators[i][j]
                found.append(
                    Value(
                        self.year,
                        area,
                        self.series,
                        category,
                        None if v != v else v,
                        str(self.symbol[i, j]),
                        None if n != n else n,
                        None if d is None or d != d else d,
                    )
                )
        return found


def nullable(values: np.ndarray) -> list[list[Any]]:
    """As nested lists, None where NaN."""
    found = values.astype(object)
    found[np.isnan(values)] = None
    return found.tolist()


def compute(
    indicator: Any,
    numerator_tables: Mapping[int, Published],
    denominator_tables: Mapping[int, Published] | None,
) -> list[Value]:
    """Every value of an indicator, by year, area, series and category."""
    return [
        value
        for block in compute_blocks(indicator, numerator_tables, denominator_tables)
        for value in block.values()
    ]


def compute_rows(
    indicator: Any,
    numerator_tables: Mapping[int, Published],
    denominator_tables: Mapping[int, Published] | None,
    *,
    municipality_id: int,
    area_ids: Mapping[str, int | None],
) -> list[tuple[Any, ...]]:
    """Every value of an indicator as a row of `IndicatorValue` (municipality, indicator,
    year, area, series, category, value, symbol, numerator, denominator); areas missing from
    `area_ids` (TOTAL: None) are left out."""
    rows = []
    for block in compute_blocks(indicator, numerator_tables, denominator_tables):
        rows += block.rows(municipality_id, indicator.pk, area_ids)
    return rows


def compute_blocks(
    indicator: Any,
    numerator_tables: Mapping[int, Published],
    denominator_tables: Mapping[int, Published] | None,
) -> list[Block]:
    """Every value of an indicator, a block per year and series."""
    blocks: list[Block] = []
    offset = indicator.denominator_year_offset
    breakdown = indicator.breakdown or None
    split = breakdown if indicator.breakdown_in_denominator else None
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
        if breakdown:
            axis = numerator.axis(breakdown)
            if axis is None:
                continue
            categories = numerator.categories[axis]
        for series in indicator.series_list():
            top = merged(indicator.numerator_filter, series.get("numerator"))
            bottom = merged(indicator.denominator_filter, series.get("denominator"))
            try:
                top_sums, top_zero, valid = sums_by_category(numerator, top, breakdown, categories)
                if denominator is not None:
                    bottom_sums, _zero, bottom_valid = sums_by_category(
                        denominator, bottom, split, categories
                    )
                    valid &= bottom_valid
            except DefinitionError:
                continue
            top_rows = positions(numerator, areas)
            n, n_zero = top_sums[top_rows][:, valid], top_zero[top_rows][:, valid]
            d = None
            if denominator is not None:
                d = np.broadcast_to(
                    bottom_sums[positions(denominator, areas)], (n.shape[0], len(valid))
                )[:, valid]
            value, symbol = evaluate_all(n, n_zero, d, indicator.scale)
            shown = [code for code, ok in zip(categories, valid, strict=True) if ok]
            blocks.append(
                Block(year, series.get("key", ""), [*areas, TOTAL], shown, value, symbol, n, d)
            )
    return blocks


def positions(table: Published, areas: list[str]) -> list[int]:
    """Rows of `areas` in a table's sums by area, and the whole municipality's."""
    where = {code: index for index, code in enumerate(table.areas)}
    return [where[code] for code in areas] + [len(table.areas)]


def evaluate_all(
    n: np.ndarray, n_zero: np.ndarray, d: np.ndarray | None, scale: int
) -> tuple[np.ndarray, np.ndarray]:
    """Values (NaN: none) and symbols of counts (no denominator) or rates, from published
    sums: "." hidden, "-" a true zero, "x" no base."""
    hidden = np.isnan(n) if d is None else np.isnan(n) | np.isnan(d)
    if d is None:
        value = np.where(n_zero, 0.0, n)
        symbol = np.where(n_zero, "-", "")
    else:
        no_base = ~hidden & (d == 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(n_zero, 0.0, n / d * scale)
        value = np.where(no_base, np.nan, value)
        symbol = np.where(no_base, "x", np.where(n_zero, "-", ""))
    return np.where(hidden, np.nan, value), np.where(hidden, ".", symbol)


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
