"""Confidentiality across the tables of one year that count the same persons.

A register extract gives four tables per year that share margins (`extract_format.SHARED_MARGINS`):
the residents by district, sex and age group appear in both population tables, the foreign
residents by district in the population table and in both tables of foreigners. The attacker
takes all of them together, with every margin, and bounds each hidden cell by linear programs
over all of them at once (`attack.joint_hidden_ranges`)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querschnitt.monitoring.cube import Cube
from querschnitt.monitoring.dimensions import TOTAL
from querschnitt.monitoring.services.computation import shared_links
from querschnitt.monitoring.suppression import Link, Protected, Rule, protect, protect_together
from querschnitt.monitoring.tests.attack import Published, Range, joint_hidden_ranges

AGES = ["0-17", "18-64", "65+"]
NATIONALITIES = ["TR", "PL", "IT", "other"]
RESIDENCE = ["0-3", "4-14", "15+"]


def register_tables(seed: int, districts: int, persons: int) -> list[tuple[str, Cube]]:
    """The four tables of one year, counted from random persons (districts of uneven size,
    so that small counts occur)."""
    rng = np.random.default_rng(seed)
    weights = rng.random(districts) + 0.2
    area = rng.choice(districts, size=persons, p=weights / weights.sum())
    sex = rng.integers(0, 2, persons)
    age = rng.choice(len(AGES), size=persons, p=[0.2, 0.6, 0.2])
    migration = rng.choice(3, size=persons, p=[0.6, 0.25, 0.15])  # without, foreign, german_mh
    history = np.where(migration == 0, 0, rng.integers(1, 3, persons))
    foreign = migration == 1
    nationality = rng.choice(len(NATIONALITIES), size=persons, p=[0.4, 0.3, 0.2, 0.1])
    residence = rng.integers(0, len(RESIDENCE), persons)
    codes = [f"{d + 1:02}" for d in range(districts)]

    def counted(keys: list[np.ndarray], sizes: list[int], chosen: np.ndarray) -> np.ndarray:
        flat = np.ravel_multi_index([k[chosen] for k in keys], sizes)
        return np.bincount(flat, minlength=int(np.prod(sizes))).reshape(sizes)

    everyone = np.ones(persons, dtype=bool)
    people = [area, sex, age]
    people_sizes = [districts, 2, len(AGES)]
    return [
        (
            "population",
            Cube.from_interior(
                ["area", "sex", "age", "migration"],
                [codes, ["m", "f"], AGES, ["without", "foreign", "german_mh"]],
                counted([*people, migration], [*people_sizes, 3], everyone),
            ),
        ),
        (
            "population_eg",
            Cube.from_interior(
                ["area", "sex", "age", "migration"],
                [codes, ["m", "f"], AGES, ["without_eg", "eg1", "eg2"]],
                counted([*people, history], [*people_sizes, 3], everyone),
            ),
        ),
        (
            "foreign_nationality",
            Cube.from_interior(
                ["area", "nationality"],
                [codes, NATIONALITIES],
                counted([area, nationality], [districts, len(NATIONALITIES)], foreign),
            ),
        ),
        (
            "foreign_residence",
            Cube.from_interior(
                ["area", "residence"],
                [codes, RESIDENCE],
                counted([area, residence], [districts, len(RESIDENCE)], foreign),
            ),
        ),
    ]


def attack(
    tables: list[tuple[str, Cube]],
    protected: list[Protected],
    links: list[Link],
    rule: Rule,
    wide: float | None = None,
) -> list[Range]:
    published = [
        Published(found.shown, found.hidden, cube.values == 0, rule.rounding)
        for (_key, cube), found in zip(tables, protected, strict=True)
    ]
    return joint_hidden_ranges(published, links, wide=wide)


def narrow_cells(
    tables: list[tuple[str, Cube]], protected: list[Protected], links: list[Link], rule: Rule
) -> list[Range]:
    """The hidden cells the attacker narrows below the protection interval (the ranges of
    the others only as far as needed to show they are wider: `attack.joint_hidden_ranges`)."""
    ranges = attack(tables, protected, links, rule, wide=rule.protection)
    for found in ranges:  # the true value always lies in the attacker's range
        value = tables[found.table][1].values[found.cell]
        assert found.low - 1e-6 <= value <= found.high + 1e-6 or not found.exact
    return [found for found in ranges if found.width < rule.protection - 1e-6]


def test_the_tables_of_a_year_share_their_margins() -> None:
    tables = register_tables(seed=1, districts=3, persons=200)
    links = shared_links(tables)
    assert [(link.left, link.right) for link in links] == [(0, 1), (0, 2), (0, 3)]
    population, foreign = tables[0][1], tables[2][1]
    foreigners = population.values[:, -1, -1, 1]
    assert foreigners.tolist() == foreign.values[:, -1].tolist()
    assert population.values.flat[links[1].left_cells].tolist() == foreigners.tolist()
    assert foreign.values.flat[links[1].right_cells].tolist() == foreigners.tolist()
    assert population.margin({"sex": TOTAL, "age": TOTAL, "migration": "foreign"}).size == 4


def test_margins_that_do_not_agree_are_no_link() -> None:
    """Tables of another count (e.g. imported from elsewhere) are not joined."""
    tables = register_tables(seed=1, districts=3, persons=200)
    key, foreign = tables[2]
    changed = foreign.interior().copy()
    changed[0, 0] += 1
    tables[2] = (key, Cube.from_interior(foreign.dims, foreign.categories, changed))
    assert [(link.left, link.right) for link in shared_links(tables)] == [(0, 1), (0, 3)]


def residents_and_foreigners() -> tuple[list[tuple[str, Cube]], list[Link]]:
    """Residents by district and migration status, foreigners by district and nationality:
    in district 01 only 2 residents have no migration background."""
    residents = Cube.from_interior(
        ["area", "migration"], [["01", "02"], ["without", "foreign"]], np.array([[2, 7], [40, 22]])
    )
    foreigners = Cube.from_interior(
        ["area", "nationality"], [["01", "02"], ["TR", "PL"]], np.array([[3, 4], [10, 12]])
    )
    link = Link(
        0, residents.margin({"migration": "foreign"}), 1, foreigners.margin({"nationality": TOTAL})
    )
    return [("residents", residents), ("foreigners", foreigners)], [link]


def test_protecting_each_table_alone_is_caught_by_the_joint_attack() -> None:
    """The weakened suppression (every table protected on its own, as if nothing else were
    published) survives the attack on each table alone, but not the attacker who joins the
    tables on their shared margin: the foreigners of 01 (7) are published in the second
    table, so the hidden 2 is the district's total minus 7. The attack can fail."""
    rule = Rule()
    tables, links = residents_and_foreigners()
    alone = [protect(cube.values, rule) for _key, cube in tables]
    for table, found in zip(tables, alone, strict=True):
        assert narrow_cells([table], [found], [], rule) == []
    pinned = narrow_cells(tables, alone, links, rule)
    assert (0, (0, 0), 2.0) in {(r.table, r.cell, round(r.low, 6)) for r in pinned}
    assert all(r.width < 1e-6 for r in pinned)


def test_protecting_them_together_hides_the_shared_margin_too() -> None:
    rule = Rule()
    tables, links = residents_and_foreigners()
    protected = protect_together([cube.values for _key, cube in tables], [rule] * 2, links)
    assert protected[0].hidden[0, 0]
    assert narrow_cells(tables, protected, links, rule) == []


def test_a_weakened_suppression_of_register_tables_is_caught() -> None:
    """The same with the four tables of a register extract (few persons, many small cells);
    the attacker who stops at "wide enough" finds exactly the cells the full attack finds."""
    rule = Rule()
    tables = register_tables(seed=3, districts=2, persons=150)
    alone = [protect(cube.values, rule) for _key, cube in tables]
    links = shared_links(tables)
    for table, found in zip(tables, alone, strict=True):
        assert narrow_cells([table], [found], [], rule) == []
    pinned = narrow_cells(tables, alone, links, rule)
    assert pinned != []
    full = [r for r in attack(tables, alone, links, rule) if r.width < rule.protection - 1e-6]
    assert all(found.exact for found in full)
    assert [(r.table, r.cell, r.low, r.high) for r in pinned] == [
        (r.table, r.cell, r.low, r.high) for r in full
    ]


@pytest.mark.parametrize(("seed", "districts", "persons"), [(3, 2, 150), (3, 4, 260), (4, 4, 1200)])
def test_tables_protected_together_resist_the_joint_attack(
    seed: int, districts: int, persons: int
) -> None:
    rule = Rule()
    tables = register_tables(seed=seed, districts=districts, persons=persons)
    links = shared_links(tables)
    protected = protect_together([cube.values for _key, cube in tables], [rule] * 4, links)
    assert any(found.hidden.any() for found in protected)
    assert narrow_cells(tables, protected, links, rule) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    districts=st.integers(2, 3),
    persons=st.integers(20, 1500),
    rule=st.sampled_from([Rule(), Rule(min_count=4, protection=4), Rule(rounding=10)]),
)
def test_no_hidden_cell_can_be_recovered_from_all_tables_of_a_year(
    seed: int, districts: int, persons: int, rule: Rule
) -> None:
    """Every hidden cell of every table keeps a range at least the protection interval wide
    against linear programs over all four tables, every margin and the shared margins."""
    tables = register_tables(seed=seed, districts=districts, persons=persons)
    links = shared_links(tables)
    protected = protect_together([cube.values for _key, cube in tables], [rule] * 4, links)
    assert narrow_cells(tables, protected, links, rule) == []


def test_the_hidden_cells_of_seed_1287_keep_their_range() -> None:
    """The population table is withheld; without the audit its women of district 02 without a
    migration background (7) are the sum of two shared totals that the table by migration
    history pins to 7 (`suppression`'s description)."""
    tables = register_tables(seed=1287, districts=3, persons=183)
    links = shared_links(tables)
    rule = Rule()
    protected = protect_together([cube.values for _key, cube in tables], [rule] * 4, links)
    assert narrow_cells(tables, protected, links, rule) == []


def test_the_hidden_cells_of_seed_10201_keep_their_range() -> None:
    """The same defect under a stricter rule: the population table is withheld and its 6 men of
    district 02 without a migration background were recovered exactly."""
    tables = register_tables(seed=10201, districts=3, persons=110)
    links = shared_links(tables)
    rule = Rule(min_count=4, protection=4)
    protected = protect_together([cube.values for _key, cube in tables], [rule] * 4, links)
    assert narrow_cells(tables, protected, links, rule) == []
