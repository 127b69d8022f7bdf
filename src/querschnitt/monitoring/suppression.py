"""Statistical confidentiality: which cells of a published table are hidden, and rounding.

Primary suppression hides every count from 1 up to the source's smallest publishable count
(default 3: 1 and 2 are hidden). A true zero is published ("-").

Secondary suppression hides enough further cells that no hidden cell can be recomputed from
the published cells of the table (every margin included) to within less than the source's
protection interval. It uses the hypercube method: for each hidden cell not yet protected, it
chooses a second category on every axis, giving 2^k corner cells, and hides all of them. Moving
the corners alternately up and down by the same amount t (a corner paired with a total moves
with the total, not against it) changes no published cell, so every value of t that keeps the
innermost cells non-negative is consistent with everything published. The range of t is
[-min of the rising innermost corners, +min of the falling ones], and the same for every
corner, so each hidden corner can be anywhere in a range of that width. A hypercube qualifies
if that width is at least the protection interval and none of its corners is a true zero;
among those, the one that hides the least (small cells rather than large, inner cells rather
than totals) is chosen. Pairing every axis with its total always qualifies, so every hidden
cell is protected. Hiding more cells later only widens the ranges.

`tests/test_suppression_attack.py` checks the result as an attacker would, with linear programs.
"""

from dataclasses import dataclass
from itertools import product

import numpy as np

from querschnitt.monitoring.cube import total_mask

VISIBLE, PRIMARY, SECONDARY = 0, 1, 2
# Candidate hypercubes examined for one cell at most; axes with many categories are narrowed
# to the categories with the largest counts in the cell's line (and the total).
MAX_CANDIDATES = 40_000
# Hiding a total costs this much more than hiding an inner cell, per total in its coordinates.
MARGIN_COST = 60.0


@dataclass(frozen=True)
class Rule:
    """A source's confidentiality rule."""

    min_count: int = 3
    protection: int = 3
    rounding: int = 1


@dataclass
class Protected:
    hidden: np.ndarray  # int8: VISIBLE, PRIMARY or SECONDARY
    shown: np.ndarray  # int64: the published value (rounded); meaningless where hidden


def protect(values: np.ndarray, rule: Rule) -> Protected:
    """Hide and round the cells of one table (every axis ends with its total)."""
    values = np.asarray(values, dtype=np.int64)
    hidden = np.zeros(values.shape, dtype=np.int8)
    hidden[(values > 0) & (values < rule.min_count)] = PRIMARY
    if hidden.any():
        _secondary(values, hidden, rule.protection)
    return Protected(hidden=hidden, shown=rounded(values, rule.rounding))


def rounded(values: np.ndarray, base: int) -> np.ndarray:
    """Round half up to a multiple of `base` (1: unchanged)."""
    if base <= 1:
        return values.copy()
    return (values + base // 2) // base * base


def _secondary(values: np.ndarray, hidden: np.ndarray, protection: int) -> None:
    shape = values.shape
    totals = total_mask(shape)
    weight = 1.0 + np.log1p(values) + MARGIN_COST * totals
    protected = np.zeros(shape, dtype=bool)
    primaries = [tuple(int(i) for i in position) for position in np.argwhere(hidden == PRIMARY)]
    primaries.sort(key=lambda position: (-int(totals[position]), int(values[position]), position))
    for cell in primaries:
        if protected[cell]:
            continue
        corners = _best_hypercube(values, hidden, weight, cell, protection)
        for corner in corners:
            if hidden[corner] == VISIBLE:
                hidden[corner] = SECONDARY
            protected[corner] = True


def _partner_options(values: np.ndarray, cell: tuple[int, ...], axis: int, limit: int) -> list[int]:
    size = values.shape[axis]
    options = [i for i in range(size) if i != cell[axis]]
    if len(options) <= limit:
        return options
    line = list(cell)
    counts = []
    for i in options:
        line[axis] = i
        counts.append(int(values[tuple(line)]))
    total = size - 1
    ranked = [i for _count, i in sorted(zip(counts, options, strict=True), reverse=True)]
    chosen = ranked[:limit]
    if total in options and total not in chosen:
        chosen[-1] = total
    return sorted(chosen)


def _best_hypercube(
    values: np.ndarray,
    hidden: np.ndarray,
    weight: np.ndarray,
    cell: tuple[int, ...],
    protection: int,
) -> list[tuple[int, ...]]:
    shape = values.shape
    axes = [axis for axis, size in enumerate(shape) if size >= 2]
    if not axes:
        return [cell]  # a table of one number: nothing else is published that could reveal it
    limits = {axis: shape[axis] - 1 for axis in axes}
    while np.prod([limits[a] for a in axes], dtype=np.float64) > MAX_CANDIDATES:
        widest = max(axes, key=lambda a: limits[a])
        limits[widest] = max(2, limits[widest] * 2 // 3)
    options = [np.array(_partner_options(values, cell, a, limits[a])) for a in axes]
    grid = np.stack(np.meshgrid(*options, indexing="ij"), axis=-1).reshape(-1, len(axes))
    count = grid.shape[0]
    last = np.array([shape[a] - 1 for a in axes])
    own = np.array([cell[a] for a in axes])
    # Moving with the partner: when the cell or its partner on an axis is that axis' total.
    same_sign = (own == last)[np.newaxis, :] | (grid == last[np.newaxis, :])

    rising = np.full(count, np.inf)
    falling = np.full(count, np.inf)
    has_zero = np.zeros(count, dtype=bool)
    cost = np.zeros(count)
    corner_coordinates = []
    for bits in product((0, 1), repeat=len(axes)):
        chosen = np.array(bits, dtype=bool)
        coordinates: list[np.ndarray | int] = list(cell)
        for j, axis in enumerate(axes):
            coordinates[axis] = grid[:, j] if bits[j] else cell[axis]
        index = tuple(c if isinstance(c, np.ndarray) else np.full(count, c) for c in coordinates)
        corner_coordinates.append(index)
        corner_values = values[index]
        inner = np.ones(count, dtype=bool)
        for j, axis in enumerate(axes):
            inner &= index[axis] != last[j]
        flips = (~same_sign[:, chosen]).sum(axis=1) % 2 == 1
        rising = np.where(inner & ~flips, np.minimum(rising, corner_values), rising)
        falling = np.where(inner & flips, np.minimum(falling, corner_values), falling)
        has_zero |= corner_values == 0
        cost += np.where(hidden[index] == VISIBLE, weight[index], 0.0)
    feasible = ~has_zero & (rising + falling >= protection)
    if not feasible.any():
        return _all_totals_hypercube(values, cell)
    best = int(np.argmin(np.where(feasible, cost, np.inf)))
    corners = {tuple(int(c[best]) for c in index) for index in corner_coordinates}
    return sorted(corners)


def _all_totals_hypercube(values: np.ndarray, cell: tuple[int, ...]) -> list[tuple[int, ...]]:
    """The fallback that always qualifies: the largest inner cell under `cell`, with totals."""
    shape = values.shape
    box = tuple(
        slice(0, size - 1) if cell[axis] == size - 1 else slice(cell[axis], cell[axis] + 1)
        for axis, size in enumerate(shape)
    )
    sub = values[box]
    largest = np.unravel_index(int(np.argmax(sub)), sub.shape)
    inner = tuple(int(box[axis].start + largest[axis]) for axis in range(len(shape)))
    pairs = [
        (cell[axis],)
        if size < 2
        else (cell[axis], inner[axis] if cell[axis] == size - 1 else size - 1)
        for axis, size in enumerate(shape)
    ]
    return sorted({tuple(int(i) for i in choice) for choice in product(*pairs)})
