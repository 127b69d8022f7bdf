"""The attacker: linear programs that bound each hidden cell from everything published.

For one table (every axis ending with its total), the unknowns are the innermost cells, each
at least 0. Every published cell (inner or margin) is a constraint: the sum of the inner cells
below it equals its published value, or lies within half a rounding step of it. For each
hidden cell, two linear programs (scipy's HiGHS) give its smallest and largest possible value.

Tables that share a margin are attacked together (`joint_hidden_ranges`): the unknowns are the
inner cells of all of them, and each shared cell is one more constraint, the sums below it in
both tables being equal. That is what an attacker who downloads every table of a year knows.

Where only the question "can any hidden cell be narrowed below `wide`?" matters (`wide=`),
the solutions found so far are used as they come: each is a table the attacker cannot tell
from the true one, so a hidden cell that has already taken values `wide` apart in them cannot
be narrowed below that, and its own two programs are skipped (its range is then what was seen,
`exact=False`, within the true one). A cell narrower than `wide` is always solved exactly, so
the cells found narrow are the same; only the work for the wide ones is saved.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, vstack

from querschnitt.monitoring.suppression import Link


@dataclass(frozen=True)
class Range:
    cell: tuple[int, ...]
    low: float
    high: float
    table: int = 0
    exact: bool = True  # False: the values seen in feasible tables, within the true range

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Published:
    """What an attacker sees of one table."""

    shown: np.ndarray
    hidden: np.ndarray
    zero: np.ndarray  # published as a true zero ("-")
    rounding: int = 1


def below(shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """A sparse 0/1 matrix: rows are all cells (C order), columns the inner cells."""
    inner_shape = tuple(size - 1 for size in shape)
    rows, cols = [], []
    for row, cell in enumerate(product(*(range(size) for size in shape))):
        ranges = [
            range(size - 1) if i == size - 1 else (i,) for i, size in zip(cell, shape, strict=True)
        ]
        for inner in product(*ranges):
            rows.append(row)
            cols.append(np.ravel_multi_index(inner, inner_shape))
    return np.array(rows), np.array(cols)


def hidden_ranges(
    shown: np.ndarray, hidden: np.ndarray, *, zero: np.ndarray, rounding: int = 1
) -> list[Range]:
    """`zero`: the cells published as a true zero ("-"); with rounding, a published 0 may
    stand for a small count, a "-" never does."""
    return joint_hidden_ranges([Published(shown, hidden, zero, rounding)], [])


def joint_hidden_ranges(
    tables: Sequence[Published], links: Sequence[Link], *, wide: float | None = None
) -> list[Range]:
    """The range of every hidden cell of every table, from all tables and their shared
    margins together (`wide`: see the module's description)."""
    inner_counts = [int(np.prod([size - 1 for size in t.shown.shape])) for t in tables]
    offsets = np.concatenate([[0], np.cumsum(inner_counts)]).astype(int)
    unknowns = int(offsets[-1])

    def cells_matrix(index: int) -> csr_matrix:
        """All cells of a table (rows) over all unknowns (columns)."""
        shape = tables[index].shown.shape
        rows, cols = below(shape)
        return csr_matrix(
            (np.ones(len(rows)), (rows, cols + offsets[index])),
            shape=(int(np.prod(shape)), unknowns),
        )

    matrices = [cells_matrix(index) for index in range(len(tables))]
    exact_rows, exact_values, loose_rows, loose_values, slacks = [], [], [], [], []
    for table, matrix in zip(tables, matrices, strict=True):
        flat_hidden = table.hidden.reshape(-1) != 0
        published = matrix[~flat_hidden]
        values = table.shown.reshape(-1).astype(float)[~flat_hidden]
        exact = table.zero.reshape(-1)[~flat_hidden] | (table.rounding <= 1)
        exact_rows.append(published[exact])
        exact_values.append(values[exact])
        loose_rows.append(published[~exact])
        loose_values.append(values[~exact])
        slacks.append(np.full(int((~exact).sum()), table.rounding / 2))
    for link in links:
        shared = matrices[link.left][link.left_cells] - matrices[link.right][link.right_cells]
        exact_rows.append(shared)
        exact_values.append(np.zeros(len(link.left_cells)))
    a_eq = vstack(exact_rows).tocsr()
    b_eq = np.concatenate(exact_values)
    loose = vstack(loose_rows).tocsr()
    a_ub = b_ub = None
    if loose.shape[0]:
        middle, slack = np.concatenate(loose_values), np.concatenate(slacks)
        a_ub = vstack([loose, -loose])
        b_ub = np.concatenate([middle + slack, -(middle - slack)])
    cells = [
        (index, flat_index)
        for index, table in enumerate(tables)
        for flat_index in np.flatnonzero(table.hidden.reshape(-1))
    ]
    if not cells:
        return []
    objectives = vstack([matrices[index][flat_index] for index, flat_index in cells]).tocsr()
    seen_low = np.full(len(cells), np.inf)
    seen_high = np.full(len(cells), -np.inf)
    ranges = []
    for position, (index, flat_index) in enumerate(cells):
        cell = tuple(int(i) for i in np.unravel_index(flat_index, tables[index].shown.shape))
        if wide is not None and seen_high[position] - seen_low[position] >= wide:
            ranges.append(Range(cell, seen_low[position], seen_high[position], index, False))
            continue
        objective = objectives[position].toarray().ravel()
        bounds = []
        for sign in (1, -1):
            result = linprog(
                sign * objective,
                A_eq=a_eq if a_eq.shape[0] else None,
                b_eq=b_eq if a_eq.shape[0] else None,
                A_ub=a_ub,
                b_ub=b_ub,
                bounds=(0, None),
                method="highs",
            )
            if result.status == 3:  # unbounded
                bounds.append(np.inf if sign == -1 else -np.inf)
                continue
            assert result.status == 0, result.message
            bounds.append(sign * result.fun)
            values = objectives @ result.x
            np.minimum(seen_low, values, out=seen_low)
            np.maximum(seen_high, values, out=seen_high)
        ranges.append(Range(cell, bounds[0], bounds[1], index))
    return ranges
