"""Indicator arithmetic against hand-computed cases, from published cells only; and the
definitions that are refused (division by zero, mixed definitions of migration background)."""

from types import SimpleNamespace

import numpy as np
import pytest
from django.utils import translation

from querschnitt.monitoring.cube import Cube
from querschnitt.monitoring.dimensions import Definition
from querschnitt.monitoring.indicators import (
    DefinitionError,
    Published,
    compute,
    definition_problems,
    sums_by_area,
)
from querschnitt.monitoring.models import Figure, Indicator
from querschnitt.monitoring.suppression import Rule, protect

MIGRATION = ["without", "foreign", "german_mh"]
AGES = ["0-14", "15-64", "65+"]
DEFAULT = Rule()


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (the default language is German)."""
    with translation.override("en"):
        yield


def published(dims, categories, interior, *, year=2022, rule: Rule = DEFAULT) -> Published:
    cube = Cube.from_interior(dims, categories, np.array(interior))
    protected = protect(cube.values, rule)
    symbols = np.full(cube.shape, " ")
    symbols[cube.values == 0] = "-"
    symbols[protected.hidden != 0] = "p"
    table = SimpleNamespace(
        year=year,
        dims=dims,
        categories=categories,
        labels={},
        shown=[
            None if h else int(v)
            for h, v in zip(protected.hidden.ravel(), protected.shown.ravel(), strict=True)
        ],
        symbols="".join(symbols.ravel()),
    )
    return Published.from_table(table)


def population(a_counts, b_counts, *, year=2022, rule: Rule = DEFAULT) -> Published:
    """Two districts × migration."""
    return published(
        ["area", "migration"], [["A", "B"], MIGRATION], [a_counts, b_counts], year=year, rule=rule
    )


def indicator(**fields) -> Indicator:
    defaults = {
        "unit": "percent",
        "numerator_filter": {},
        "denominator_filter": {},
        "denominator_year_offset": 0,
        "breakdown": "",
        "breakdown_in_denominator": True,
        "series": [],
    }
    return Indicator(**{**defaults, **fields})


def by_area(values) -> dict:
    return {(v.area, v.series, v.category): (v.value, v.symbol) for v in values}


def test_share_with_migration_background() -> None:
    table = population([50, 30, 20], [10, 5, 5])
    values = by_area(
        compute(indicator(numerator_filter={"migration": ["mh"]}), {2022: table}, {2022: table})
    )
    assert values[("A", "", "")] == (50.0, "")
    assert values[("B", "", "")] == (50.0, "")
    assert values[("_T", "", "")] == (50.0, "")


def test_foreigners_share_and_citizenship_read_from_migration() -> None:
    table = population([50, 30, 20], [10, 5, 5])
    foreign = indicator(numerator_filter={"migration": ["foreign"]})
    german = indicator(numerator_filter={"citizenship": ["de"]})
    assert by_area(compute(foreign, {2022: table}, {2022: table}))[("A", "", "")] == (30.0, "")
    assert by_area(compute(german, {2022: table}, {2022: table}))[("B", "", "")] == (75.0, "")


def test_a_count_without_denominator() -> None:
    table = population([50, 30, 20], [10, 5, 5])
    values = by_area(
        compute(
            indicator(unit="count", numerator_filter={"migration": ["foreign"]}),
            {2022: table},
            None,
        )
    )
    assert values[("A", "", "")] == (30.0, "")
    assert values[("_T", "", "")] == (35.0, "")


def test_a_rate_on_a_hidden_count_is_hidden() -> None:
    table = population([50, 2, 20], [10, 5, 5])
    values = by_area(
        compute(
            indicator(numerator_filter={"migration": ["foreign"]}), {2022: table}, {2022: table}
        )
    )
    # 2 foreign nationals in A are hidden; so is B's 5, or A's could be recomputed from the
    # total of 7; the whole municipality's rate is published
    assert values[("A", "", "")] == (None, ".")
    assert values[("B", "", "")] == (None, ".")
    assert values[("_T", "", "")] == (pytest.approx(7 / 92 * 100), "")


def test_a_true_zero_and_a_base_of_zero() -> None:
    table = population([50, 0, 20], [0, 0, 0])
    values = by_area(
        compute(
            indicator(numerator_filter={"migration": ["foreign"]}), {2022: table}, {2022: table}
        )
    )
    assert values[("A", "", "")] == (0.0, "-")
    assert values[("B", "", "")] == (None, "x")


def test_a_breakdown_with_series_like_the_age_structure() -> None:
    """Share of each age group among people with and without a migration background."""
    table = published(
        ["area", "age", "migration"],
        [["A"], AGES, MIGRATION],
        [[[20, 10, 30], [40, 15, 15], [40, 5, 5]]],
    )
    age_structure = indicator(
        breakdown="age",
        breakdown_in_denominator=False,
        series=[
            {"key": "mh", "numerator": {"migration": ["mh"]}, "denominator": {"migration": ["mh"]}},
            {
                "key": "ohne",
                "numerator": {"migration": ["without"]},
                "denominator": {"migration": ["without"]},
            },
        ],
    )
    values = by_area(compute(age_structure, {2022: table}, {2022: table}))
    # with migration background: 40, 30, 10 of 80
    assert values[("A", "mh", "0-14")][0] == pytest.approx(50.0)
    assert values[("A", "mh", "15-64")][0] == pytest.approx(37.5)
    assert values[("A", "mh", "65+")][0] == pytest.approx(12.5)
    # without: 20, 40, 40 of 100
    assert values[("A", "ohne", "65+")][0] == pytest.approx(40.0)


def test_a_band_filter_selects_the_bands_within() -> None:
    table = published(
        ["area", "age"], [["A"], ["0-2", "3-5", "6-14", "15-64", "65+"]], [[3, 4, 10, 60, 23]]
    )
    sums, _zero = sums_by_area(table, {"age": ["0-5"]})
    assert sums.tolist() == [7, 7]
    sums, _zero = sums_by_area(table, {"age": ["15+"]})
    assert sums.tolist() == [83, 83]
    with pytest.raises(DefinitionError):
        sums_by_area(table, {"age": ["10-20"]})


def test_the_denominator_of_the_previous_year() -> None:
    naturalisations = published(["sex"], [["m", "f"]], [20, 30], year=2022)
    foreigners_2021 = published(["sex"], [["m", "f"]], [1000, 1500], year=2021)
    rate = indicator(denominator_year_offset=-1, decimals=2)
    values = compute(rate, {2022: naturalisations}, {2021: foreigners_2021})
    assert [(v.year, v.value) for v in values] == [(2022, 2.0)]
    # without a previous year there is no value
    assert compute(rate, {2022: naturalisations}, {2022: foreigners_2021}) == []


def test_rates_are_computed_from_rounded_published_counts() -> None:
    unemployed = published(["area"], [["A", "B"]], [44, 16], rule=Rule(rounding=10))
    residents = published(["area"], [["A", "B"]], [1000, 400])
    values = by_area(compute(indicator(), {2022: unemployed}, {2022: residents}))
    assert values[("A", "", "")][0] == pytest.approx(4.0)  # 40 of 1,000, not 44
    assert values[("B", "", "")][0] == pytest.approx(5.0)  # 20 of 400


def figure(definition: str) -> Figure:
    return Figure(key="f", definition=definition)


def problems(**fields) -> list[str]:
    base = {
        "unit": "percent",
        "numerator_filter": {},
        "denominator_filter": {},
        "year_offset": 0,
        "breakdown": "",
        "breakdown_in_denominator": True,
        "series": [],
    }
    return definition_problems(**{**base, **fields})


def kita_table() -> Published:
    return published(
        ["area", "age", "migration"],
        [["A"], ["0-2", "3-5"], ["without", "mh"]],
        [[[20, 10], [30, 25]]],
    )


def test_mixing_definitions_of_migration_background_is_refused() -> None:
    """Kita children with a migration background (one parent of foreign origin) per children
    with a migration background in the register (MigraPro): two definitions in one rate."""
    residents = published(
        ["area", "age", "migration"],
        [["A"], ["0-2", "3-5"], MIGRATION],
        [[[30, 10, 10], [40, 10, 20]]],
    )
    found = problems(
        numerator=figure(Definition.CHILDCARE),
        numerator_filter={"age": ["0-2"], "migration": ["mh"]},
        denominator=figure(Definition.MH_REGISTER),
        denominator_filter={"age": ["0-2"], "migration": ["mh"]},
        numerator_tables={2022: kita_table()},
        denominator_tables={2022: residents},
    )
    assert len(found) == 1
    assert "mixes definitions" in found[0]
    # against all children of the age it is fine: the denominator uses no definition
    assert (
        problems(
            numerator=figure(Definition.CHILDCARE),
            numerator_filter={"age": ["0-2"], "migration": ["mh"]},
            denominator=figure(Definition.MH_REGISTER),
            denominator_filter={"age": ["0-2"]},
            numerator_tables={2022: kita_table()},
            denominator_tables={2022: residents},
        )
        == []
    )


def test_a_denominator_of_zero_is_refused() -> None:
    table = population([50, 30, 0], [10, 5, 0])
    found = problems(
        numerator=figure(Definition.MH_REGISTER),
        numerator_filter={"migration": ["foreign"]},
        denominator=figure(Definition.MH_REGISTER),
        denominator_filter={"migration": ["german_mh"]},
        numerator_tables={2022: table},
        denominator_tables={2022: table},
    )
    assert len(found) == 1
    assert "divide by zero" in found[0]


def test_a_filter_that_selects_nothing_or_an_unknown_category_is_refused() -> None:
    table = published(["area", "age"], [["A"], ["0-14", "15-64", "65+"]], [[10, 60, 30]])
    mh = figure(Definition.MH_REGISTER)
    unknown = problems(
        numerator=mh,
        numerator_filter={"age": ["17-20"]},
        denominator=mh,
        numerator_tables={2022: table},
        denominator_tables={2022: table},
    )
    assert unknown
    assert "does not fit the bands" in unknown[0]
    missing = problems(
        numerator=mh,
        numerator_filter={"migration": ["mh"]},
        denominator=mh,
        numerator_tables={2022: table},
        denominator_tables={2022: table},
    )
    assert missing
    assert "no breakdown by" in missing[0]


def test_a_count_with_a_denominator_and_a_rate_without_one_are_refused() -> None:
    table = population([50, 30, 20], [10, 5, 5])
    mh = figure(Definition.MH_REGISTER)
    assert problems(
        unit="count",
        numerator=mh,
        denominator=mh,
        numerator_tables={2022: table},
        denominator_tables={2022: table},
    )
    assert problems(
        unit="percent",
        numerator=mh,
        denominator=None,
        numerator_tables={2022: table},
        denominator_tables=None,
    )
