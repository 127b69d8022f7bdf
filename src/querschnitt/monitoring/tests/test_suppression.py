"""Confidentiality of one table: small counts hidden, true zeros shown, rounding, and no hidden
count that can be narrowed down from the published cells (attacked with linear programs)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from querschnitt.monitoring.cube import Cube
from querschnitt.monitoring.suppression import PRIMARY, SECONDARY, VISIBLE, Rule, protect
from querschnitt.monitoring.tests.attack import hidden_ranges


def cube(interior: list) -> Cube:
    array = np.array(interior)
    return Cube.from_interior(
        [f"d{i}" for i in range(array.ndim)],
        [[str(j) for j in range(n)] for n in array.shape],
        array,
    )


def test_margins_are_the_sums_of_the_inner_cells() -> None:
    table = cube([[1, 2], [3, 4]])
    assert table.values.tolist() == [[1, 2, 3], [3, 4, 7], [4, 6, 10]]


def test_counts_below_the_minimum_are_hidden_a_true_zero_is_not() -> None:
    protected = protect(cube([[0, 1, 2, 7], [5, 9, 8, 6]]).values, Rule(min_count=3))
    hidden = protected.hidden
    assert hidden[0, 0] == VISIBLE  # a true zero is published ("-")
    assert hidden[0, 1] == PRIMARY
    assert hidden[0, 2] == PRIMARY
    assert hidden[0, 3] != PRIMARY
    assert hidden[1, 0] != PRIMARY


def test_a_row_with_one_hidden_cell_gets_a_second_one() -> None:
    """A total with exactly one hidden cell in its row would reveal it."""
    protected = protect(cube([[10, 1, 12], [9, 14, 11]]).values, Rule())
    row = protected.hidden[0, :3]
    column = protected.hidden[:2, 1]
    assert (row != VISIBLE).sum() >= 2
    assert (column != VISIBLE).sum() >= 2
    assert (protected.hidden == SECONDARY).any()


def test_nothing_is_hidden_when_every_count_is_large_enough() -> None:
    protected = protect(cube([[10, 20], [30, 40]]).values, Rule())
    assert (protected.hidden == VISIBLE).all()


def test_rounding_to_multiples_of_ten_rounds_half_up() -> None:
    protected = protect(cube([[14, 15, 26]]).values, Rule(rounding=10))
    assert protected.shown[0, :3].tolist() == [10, 20, 30]
    assert protected.shown[0, 3] == 60  # the total 55 is rounded on its own


def test_a_higher_minimum_hides_more() -> None:
    values = cube([[4, 30], [25, 30]]).values
    assert (protect(values, Rule(min_count=3)).hidden == VISIBLE).all()
    assert protect(values, Rule(min_count=5)).hidden[0, 0] == PRIMARY


def assert_protected(values: np.ndarray, rule: Rule) -> None:
    protected = protect(values, rule)
    ranges = hidden_ranges(
        protected.shown, protected.hidden, zero=values == 0, rounding=rule.rounding
    )
    narrow = [r for r in ranges if r.width < rule.protection - 1e-6]
    assert narrow == [], f"hidden cells pinned down: {narrow[:5]}"
    # the true value always lies in the attacker's range
    for found in ranges:
        assert found.low - 1e-6 <= values[found.cell] <= found.high + 1e-6


def test_a_hand_built_table_resists_the_attack() -> None:
    values = cube([[1, 5, 8, 0], [2, 9, 6, 4], [7, 1, 0, 12]]).values
    assert_protected(values, Rule())


@pytest.mark.parametrize("protection", [3, 5])
def test_a_three_dimensional_table_resists_the_attack(protection: int) -> None:
    rng = np.random.default_rng(7)
    interior = rng.poisson(6, size=(4, 2, 3))
    interior[rng.random(interior.shape) < 0.15] = 1
    assert_protected(cube(interior.tolist()).values, Rule(protection=protection))


tables = st.one_of(
    arrays(np.int64, st.tuples(st.integers(2, 5), st.integers(2, 5)), elements=st.integers(0, 9)),
    arrays(
        np.int64,
        st.tuples(st.integers(2, 3), st.integers(2, 3), st.integers(2, 3)),
        elements=st.integers(0, 8),
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interior=tables, rule=st.sampled_from([Rule(), Rule(min_count=4, protection=4)]))
def test_no_hidden_cell_can_be_recovered_from_the_published_margins(
    interior: np.ndarray, rule: Rule
) -> None:
    """For every table, every hidden cell's possible range (min and max by linear programs
    over all published cells, margins included) is at least the protection interval wide."""
    assert_protected(cube(interior.tolist()).values, rule)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    interior=arrays(
        np.int64, st.tuples(st.integers(2, 4), st.integers(2, 4)), elements=st.integers(0, 40)
    )
)
def test_rounded_tables_resist_the_attack_too(interior: np.ndarray) -> None:
    assert_protected(cube(interior.tolist()).values, Rule(rounding=10))
