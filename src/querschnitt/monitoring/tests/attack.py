"""The attacker: linear programs that bound each hidden cell from everything published.

For one table (every axis ending with its total), the unknowns are the innermost cells, each
at least 0. Every published cell (inner or margin) is a constraint: the sum of the inner cells
below it equals its published value, or lies within half a rounding step of it. For each
hidden cell, two linear programs (scipy's HiGHS) give its smallest and largest possible value.
"""

from dataclasses import dataclass
from itertools import product

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix


@dataclass(frozen=True)
class Range:
    cell: tuple[int, ...]
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


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
    shape = shown.shape
    inner_count = int(np.prod([size - 1 for size in shape]))
    rows, cols = below(shape)
    matrix = csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(int(np.prod(shape)), inner_count)
    )
    flat_hidden = hidden.reshape(-1) != 0
    flat_shown = shown.reshape(-1).astype(float)
    published = matrix[~flat_hidden]
    values = flat_shown[~flat_hidden]
    exact = zero.reshape(-1)[~flat_hidden] | (rounding <= 1)
    slack = rounding / 2
    a_eq, b_eq = published[exact], values[exact]
    a_ub = None
    b_ub = None
    if (~exact).any():
        from scipy.sparse import vstack

        loose = published[~exact]
        a_ub = vstack([loose, -loose])
        b_ub = np.concatenate([values[~exact] + slack, -(values[~exact] - slack)])
    ranges = []
    for flat_index in np.flatnonzero(flat_hidden):
        objective = matrix[flat_index].toarray().ravel()
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
            else:
                assert result.status == 0, result.message
                bounds.append(sign * result.fun)
        cell = tuple(int(i) for i in np.unravel_index(flat_index, shape))
        ranges.append(Range(cell, bounds[0], bounds[1]))
    return ranges
