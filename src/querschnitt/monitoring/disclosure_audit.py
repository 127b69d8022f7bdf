"""The audit of a suppression: linear programs that bound every hidden cell, as an attacker
who holds every published table sharing a margin with it would.

The unknowns are the inner cells of all tables, each at least 0; an inner cell published exactly
is known and taken out (its count moves to the other side of every sum above it), one published
rounded is an unknown within half a rounding step of it. Every published margin is a constraint
(the sum of the inner cells below it equals its value, or lies within half a rounding step of
it unless it is a true zero), and so is every shared cell (its sums in both tables are equal).
Two programs (scipy's HiGHS) give a hidden cell's smallest and largest value. Each solution found
(the true tables first) is a table the attacker cannot tell from the true one, so a cell that
has taken values its protection interval apart in them is wide enough and not solved alone;
a few programs with random objectives first show most cells wide at once.

For a cell narrower than its protection interval, the dual values of its two programs name the
published cells that bound it. Its largest value (at least its true count, at least 1) is the
right-hand sides weighted by the duals; a right-hand side is a published count minus published
inner cells, or published inner cells below a shared cell, so it is 0 where every published
count involved is a true zero. At least one published cell that is not a true zero therefore
bounds the cell: those are the cells to hide (`pinning_cells`). Should rounding errors hide
them from the duals, every published cell that is not a true zero is named instead.
"""

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, identity, kron, vstack

from querschnitt.monitoring.cube import total_mask

if TYPE_CHECKING:
    from querschnitt.monitoring.suppression import Link, Rule

# A dual value below this is no weight.
DUAL_EPSILON = 1e-9
# Programs with random objectives solved before the programs of single cells.
SEED_ROUNDS = 2

Cell = tuple[int, int]  # table, flat position


def below(shape: tuple[int, ...]) -> csr_matrix:
    """All cells of a table (rows, C order) over its inner cells (columns): 1 where the inner
    cell counts towards the cell (every axis ends with its total)."""
    matrix = csr_matrix(np.ones((1, 1)))
    for size in shape:
        axis = vstack([identity(size - 1, format="csr"), csr_matrix(np.ones((1, size - 1)))])
        matrix = kron(matrix, axis, format="csr")
    return matrix


class _Table:
    """One table's part of the programs: its unknown inner cells and what is known of them."""

    def __init__(self, values: np.ndarray, hidden: np.ndarray, shown: np.ndarray, rounding: int):
        self.values, self.shown = values.reshape(-1), shown.reshape(-1).astype(float)
        self.published = hidden.reshape(-1) == 0
        self.exact = self.published & ((self.values == 0) | (rounding <= 1))
        self.half = rounding / 2
        self.inner_cells = np.flatnonzero(total_mask(values.shape).reshape(-1) == 0)
        known = self.exact[self.inner_cells]
        self.matrix = below(values.shape)
        self.unknown = self.matrix[:, ~known].tocsr()
        self.unknown_cells = self.inner_cells[~known]
        self.constant = self.matrix[:, known] @ self.shown[self.inner_cells[known]]
        self.known_below = self.matrix[:, known].tocsr()
        self.known_cells = self.inner_cells[known]

    def bounds(self) -> list[tuple[float, float | None]]:
        cells = self.unknown_cells
        low = np.where(self.published[cells], np.maximum(0, self.shown[cells] - self.half), 0)
        high = np.where(self.published[cells], self.shown[cells] + self.half, np.inf)
        return [
            (float(a), None if np.isinf(b) else float(b)) for a, b in zip(low, high, strict=True)
        ]

    def margins(self) -> np.ndarray:
        """The published cells that are no inner cell."""
        margins = np.ones(len(self.values), dtype=bool)
        margins[self.inner_cells] = False
        return np.flatnonzero(margins & self.published)

    def known_under(self, cell: int) -> list[int]:
        row = self.known_below[cell]
        return [int(self.known_cells[i]) for i in row.indices]


class _Programs:
    """The constraints of all tables, their right-hand sides and the cells behind each row."""

    def __init__(self, tables: list[_Table], links: Sequence["Link"]) -> None:
        self.tables = tables
        counts = [len(t.unknown_cells) for t in tables]
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(int)
        self.size = int(self.offsets[-1])
        eq, b_eq, ub, b_ub = [], [], [], []
        self.behind_eq: list[list[Cell]] = []
        self.behind_ub: list[list[Cell]] = []
        for index, table in enumerate(tables):
            cells = table.margins()
            cells = cells[table.unknown[cells].getnnz(axis=1) > 0]
            rows = self.placed(index, cells)
            right = table.shown[cells] - table.constant[cells]
            exact = table.exact[cells]
            eq.append(rows[exact])
            b_eq.append(right[exact])
            self.behind_eq += [[(index, int(c))] for c in cells[exact]]
            for sign in (1, -1):
                ub.append(sign * rows[~exact])
                b_ub.append(sign * right[~exact] + table.half)
                self.behind_ub += [[(index, int(c))] for c in cells[~exact]]
        for link in links:
            left, right = tables[link.left], tables[link.right]
            involved = (left.unknown[link.left_cells].getnnz(axis=1) > 0) | (
                right.unknown[link.right_cells].getnnz(axis=1) > 0
            )
            link = replace(
                link, left_cells=link.left_cells[involved], right_cells=link.right_cells[involved]
            )
            eq.append(
                self.placed(link.left, link.left_cells) - self.placed(link.right, link.right_cells)
            )
            b_eq.append(right.constant[link.right_cells] - left.constant[link.left_cells])
            self.behind_eq += [
                [(link.left, c) for c in left.known_under(int(a))]
                + [(link.right, c) for c in right.known_under(int(b))]
                for a, b in zip(link.left_cells, link.right_cells, strict=True)
            ]
        self.a_eq, self.b_eq = vstack(eq).tocsr(), np.concatenate(b_eq)
        self.a_ub, self.b_ub = vstack(ub).tocsr(), np.concatenate(b_ub)
        self.bounds = [bound for table in tables for bound in table.bounds()]
        self.behind_bounds: list[list[Cell]] = [
            [(index, int(c))] for index, table in enumerate(tables) for c in table.unknown_cells
        ]

    def placed(self, index: int, cells: np.ndarray) -> csr_matrix:
        coo = self.tables[index].unknown[cells].tocoo()
        return csr_matrix(
            (coo.data, (coo.row, coo.col + self.offsets[index])), shape=(len(cells), self.size)
        )

    def solve(self, objective: np.ndarray) -> Any:
        result = linprog(
            objective,
            A_eq=self.a_eq if self.a_eq.shape[0] else None,
            b_eq=self.b_eq if self.a_eq.shape[0] else None,
            A_ub=self.a_ub if self.a_ub.shape[0] else None,
            b_ub=self.b_ub if self.a_ub.shape[0] else None,
            bounds=self.bounds,
            method="highs",
        )
        if result.status not in (0, 3):  # 3: unbounded
            raise RuntimeError(f"disclosure audit: {result.message}")
        return result

    def weighted(self, result: Any) -> set[Cell]:
        """The published cells behind the constraints with a dual value."""
        found: set[Cell] = set()
        for marginals, behind in (
            (result.eqlin.marginals, self.behind_eq),
            (result.ineqlin.marginals, self.behind_ub),
            (result.upper.marginals, self.behind_bounds),
            (result.lower.marginals, self.behind_bounds),
        ):
            for row in np.flatnonzero(np.abs(np.asarray(marginals)) > DUAL_EPSILON):
                found.update(behind[row])
        return found


def pinning_cells(
    values: Sequence[np.ndarray],
    hidden: Sequence[np.ndarray],
    shown: Sequence[np.ndarray],
    rules: Sequence["Rule"],
    links: Sequence["Link"],
) -> list[Cell]:
    """The published cells (table, flat position), not true zeros, that bound a hidden cell to
    less than its table's protection interval; empty if every hidden cell is wide enough."""
    tables = [
        _Table(v, h, s, rule.rounding)
        for v, h, s, rule in zip(values, hidden, shown, rules, strict=True)
    ]
    targets = [(t, int(c)) for t, mask in enumerate(hidden) for c in np.flatnonzero(mask)]
    if not targets:
        return []
    programs = _Programs(tables, links)
    objectives = vstack(
        [programs.placed(t, np.flatnonzero(mask)) for t, mask in enumerate(hidden)]
    ).tocsr()
    need = np.array([rules[t].protection for t, _c in targets], dtype=float) - 1e-6
    truth = np.array([values[t].flat[c] - tables[t].constant[c] for t, c in targets], dtype=float)
    seen_low, seen_high = truth.copy(), truth.copy()

    def solve(objective: np.ndarray) -> Any:
        result = programs.solve(objective)
        if result.status == 0:
            found = objectives @ result.x
            np.minimum(seen_low, found, out=seen_low)
            np.maximum(seen_high, found, out=seen_high)
        return result

    generator = np.random.default_rng(0)
    for _round in range(SEED_ROUNDS):
        solve(objectives.T @ generator.choice([-1.0, 1.0], size=len(targets)))
    pins: set[Cell] = set()
    for position in np.flatnonzero(seen_high - seen_low < need):
        if seen_high[position] - seen_low[position] >= need[position]:
            continue
        objective = objectives[position].toarray().ravel()
        results = [solve(-objective)]
        if results[0].status == 3 or seen_high[position] - seen_low[position] >= need[position]:
            continue
        results.append(solve(objective))
        if -results[0].fun - results[1].fun >= need[position]:
            continue
        found = set().union(*(programs.weighted(result) for result in results))
        if not any(tables[t].published[c] and tables[t].values[c] for t, c in found):
            found = {
                (t, int(c)) for t, table in enumerate(tables) for c in range(table.values.size)
            }
        pins |= {(t, c) for t, c in found if tables[t].published[c] and tables[t].values[c] != 0}
    return sorted(pins)
