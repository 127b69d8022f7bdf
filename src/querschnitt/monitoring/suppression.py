"""Statistical confidentiality: which cells of published tables are hidden, and rounding.

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

Tables that share a margin (`Link`: the foreigners per district are a margin of the residents'
table and of the nationalities' table) are protected together (`protect_together`), because an
attacker takes them together. Protecting each alone is not enough: a cell hidden in one table
may be published in the other, or the two ranges of a cell hidden in both may overlap in less
than the protection interval. So:
- a shared cell hidden in one table is hidden in every table that publishes it;
- a hypercube that protects a cell never touches a shared cell, unless every other table
  holding that shared cell moves along: for each of them a hypercube is chosen whose shared
  corners are the same cells moving the same way ("mirrors"), and t is limited to what all of
  them allow. Moving them together changes no published cell of any table and keeps every
  shared margin equal, so the range holds for the attacker who joins the tables;
- where no such mirrors exist (tiny, sparse tables), the smallest table involved is withheld:
  it publishes only its true zeros, and the other tables hide (and protect) what they share
  with it.

Withholding alone does not protect the withheld table: its published true zeros tie some of its
hidden cells to sums of several shared cells, and the other tables may publish such a sum even
where each shared cell in it keeps its range. In the four register tables of seed 1287 (3
districts, 183 persons, `tests/test_suppression_across_tables.py`) the population table is
withheld; in district 02 the women without a migration background (7) are all aged 0-17 or
18-64, and those rows have no other person, so the hidden cell is the sum of the two hidden
shared totals (women 0-17, women 18-64). The table by migration history has no other person in
those rows either and publishes the women of 02 without a migration history (7, the same
persons) and a true zero for those aged 65 and older, so the two shared totals add up to 7: the
hidden 7 is recovered exactly, though each total alone ranges over 4.

So the result is audited (`disclosure_audit`): linear programs over all tables that share a
margin bound every hidden cell, as an attacker would, and the published cells that bound a cell
to less than its protection interval are hidden too; the hypercube pass then protects them and
the audit runs again. This ends: every round hides at least one more cell that is not a true
zero (the audit's description says why one exists), hidden for every later round, and once
every such cell is hidden, every constraint is 0 = 0 or a sum of hidden cells equal to another,
which any multiple of the true tables meets, so no hidden cell is bounded above.

`tests/attack.py` checks the result as an attacker would, independently of the audit.
"""

from collections.abc import Sequence
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
# Hypercubes touching a shared margin tried for one cell, cheapest first, before falling back.
MAX_LINKED_TRIES = 50


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


@dataclass(frozen=True)
class Link:
    """Cells that two tables both publish for the same persons: cell `left_cells[i]` of table
    `left` counts what cell `right_cells[i]` of table `right` counts (flat positions)."""

    left: int
    left_cells: np.ndarray
    right: int
    right_cells: np.ndarray


def protect(values: np.ndarray, rule: Rule) -> Protected:
    """Hide and round the cells of one table (every axis ends with its total)."""
    return protect_together([values], [rule], [])[0]


def protect_together(
    tables: Sequence[np.ndarray], rules: Sequence[Rule], links: Sequence[Link] = ()
) -> list[Protected]:
    """Hide and round the cells of tables that share margins, as one."""
    # SciPy is imported where it is used, so that a process loads it only once it protects
    # tables (a computation, an import), not at start
    from querschnitt.monitoring.disclosure_audit import pinning_cells

    values = [np.asarray(table, dtype=np.int64) for table in tables]
    shown = [rounded(table, rule.rounding) for table, rule in zip(values, rules, strict=True)]
    withheld: set[int] = set()
    forced = [np.zeros(table.shape, dtype=bool) for table in values]
    while True:
        try:
            hidden = _Suppression(values, rules, links, withheld, forced).run()
        except _Withhold as withhold:
            withheld |= withhold.tables
            continue
        # the cells that bound a hidden cell too narrowly are hidden in every later pass
        pins = pinning_cells(values, hidden, shown, rules, links) if links else []
        if not pins:
            return [
                Protected(hidden=mask, shown=published)
                for mask, published in zip(hidden, shown, strict=True)
            ]
        for t, flat in pins:
            assert hidden[t].flat[flat] == VISIBLE, "the audit pins a hidden cell"
            forced[t].flat[flat] = True


def rounded(values: np.ndarray, base: int) -> np.ndarray:
    """Round half up to a multiple of `base` (1: unchanged)."""
    if base <= 1:
        return values.copy()
    return (values + base // 2) // base * base


class _Withhold(Exception):  # a signal to start again without some tables
    def __init__(self, tables: set[int]) -> None:
        self.tables = tables


@dataclass
class _Candidates:
    """Hypercubes around one cell: for each (rows), its corners (columns) with their sign of
    movement, the class of shared margin of each corner (-1: none), the room to move and the
    cost of hiding it."""

    corners: list[tuple[np.ndarray, ...]]
    signs: np.ndarray  # (count, corners): +1 moves with t, -1 against it
    classes: np.ndarray  # (count, corners); (count, 0) in a table that shares no margin
    rising: np.ndarray  # smallest inner corner moving with t (inf: none)
    falling: np.ndarray  # smallest inner corner moving against t
    has_zero: np.ndarray
    cost: np.ndarray

    def cells(self, row: int) -> list[tuple[int, ...]]:
        return sorted({tuple(int(c[row]) for c in corner) for corner in self.corners})

    @property
    def shared(self) -> np.ndarray:
        return (self.classes >= 0).any(axis=1)


class _Suppression:
    def __init__(
        self,
        values: list[np.ndarray],
        rules: Sequence[Rule],
        links: Sequence[Link],
        withheld: set[int],
        forced: list[np.ndarray],
    ) -> None:
        self.values = values
        self.rules = rules
        self.hidden = [np.zeros(v.shape, dtype=np.int8) for v in values]
        self.protected = [np.zeros(v.shape, dtype=bool) for v in values]
        self.totals = [total_mask(v.shape) for v in values]
        self.weight = [
            1.0 + np.log1p(v) + MARGIN_COST * t for v, t in zip(values, self.totals, strict=True)
        ]
        for index, (table, rule) in enumerate(zip(values, rules, strict=True)):
            self.hidden[index][(table > 0) & (table < rule.min_count)] = PRIMARY
            self.hidden[index][forced[index] & (self.hidden[index] == VISIBLE)] = SECONDARY
        for index in withheld:
            self.hidden[index][(values[index] != 0) & (self.hidden[index] == VISIBLE)] = SECONDARY
            self.protected[index][...] = True
        active = []
        for link in links:
            if not {link.left, link.right} & withheld:
                active.append(link)
                continue
            # what a withheld table shares is hidden in the other table too (and protected
            # there), else it would bound the withheld table's cells
            for side, cells in ((link.left, link.left_cells), (link.right, link.right_cells)):
                if side not in withheld:
                    flat = self.hidden[side].reshape(-1)
                    flat[
                        cells[(values[side].reshape(-1)[cells] != 0) & (flat[cells] == VISIBLE)]
                    ] = SECONDARY
        self.classes, self.classes_count = _shared_classes(values, active)
        self.shares_margin = [bool((classes >= 0).any()) for classes in self.classes]

    def run(self) -> list[np.ndarray]:
        # a shared cell hidden in one table is hidden in every table that publishes it
        hidden_classes = np.zeros(self.classes_count + 1, dtype=bool)
        for classes, hidden in zip(self.classes, self.hidden, strict=True):
            hidden_classes[classes[hidden != VISIBLE]] = True
        hidden_classes[-1] = False  # the cells of no class (-1)
        for classes, hidden in zip(self.classes, self.hidden, strict=True):
            hidden[hidden_classes[classes] & (hidden == VISIBLE)] = SECONDARY
        work = []
        for t, hidden in enumerate(self.hidden):
            for position in np.argwhere(hidden != VISIBLE):
                cell = tuple(int(i) for i in position)
                shared = self.classes[t][cell] >= 0
                order = (not shared, -int(self.totals[t][cell]), int(self.values[t][cell]))
                work.append((order, t, cell))
        work.sort()
        for _order, t, cell in work:
            if not self.protected[t][cell]:
                self.protect_cell(t, cell)
        return self.hidden

    def protect_cell(self, t: int, cell: tuple[int, ...]) -> None:
        candidates = self.candidates(t, cell)
        if candidates is None:  # a table of one number: nothing else published reveals it
            self.apply([(t, [cell])])
            return
        protection = self.rules[t].protection
        room = candidates.rising + candidates.falling
        usable = ~candidates.has_zero & (room >= protection)
        local = usable & ~candidates.shared
        if local.any():
            best = int(np.argmin(np.where(local, candidates.cost, np.inf)))
            self.apply([(t, candidates.cells(best))])
            return
        linked = np.flatnonzero(usable & candidates.shared)
        for row in linked[np.argsort(candidates.cost[linked], kind="stable")][:MAX_LINKED_TRIES]:
            chosen = self.mirrored(t, candidates, int(row))
            if chosen is not None:
                self.apply(chosen)
                return
        fallback = self.candidates(t, cell, _all_totals_partners(self.values[t], cell))
        assert fallback is not None
        if not fallback.shared[0]:
            self.apply([(t, fallback.cells(0))])
            return
        chosen = self.mirrored(t, fallback, 0)
        if chosen is not None:
            self.apply(chosen)
            return
        # the smallest of the tables involved is withheld (an attacker learns nothing from it)
        involved = {o for c in fallback.classes[0] if c >= 0 for o in self.members(c)} | {t}
        raise _Withhold({min(involved, key=lambda o: (self.values[o].size, o))})

    def apply(self, chosen: list[tuple[int, list[tuple[int, ...]]]]) -> None:
        for t, cells in chosen:
            for cell in cells:
                if self.hidden[t][cell] == VISIBLE:
                    self.hidden[t][cell] = SECONDARY
                self.protected[t][cell] = True

    def mirrored(
        self, t: int, candidates: _Candidates, row: int
    ) -> list[tuple[int, list[tuple[int, ...]]]] | None:
        """The hypercube `row` with, in every other table sharing one of its corners, a
        hypercube moving the same shared cells the same way, all of them leaving t room of
        every table's protection interval; None if there is no such mirror for one table."""
        signature = {
            int(c): int(s)
            for c, s in zip(candidates.classes[row], candidates.signs[row], strict=True)
            if c >= 0
        }
        low, high = -candidates.rising[row], candidates.falling[row]
        need = self.rules[t].protection
        chosen = [(t, candidates.cells(row))]
        others = sorted({o for c in signature for o in self.members(c)} - {t})
        for other in others:
            wanted = {c: s for c, s in signature.items() if other in self.members(c)}
            found = self.mirror(other, wanted, low, high, max(need, self.rules[other].protection))
            if found is None:
                return None
            cells, low, high = found
            need = max(need, self.rules[other].protection)
            chosen.append((other, cells))
        return chosen

    def mirror(
        self, t: int, wanted: dict[int, int], low: float, high: float, need: int
    ) -> tuple[list[tuple[int, ...]], float, float] | None:
        shape = self.values[t].shape
        cells = [np.unravel_index(self.members(c)[t], shape) for c in wanted]
        anchor = tuple(int(i) for i in cells[0])
        partners: list[int | None] = []
        for axis in range(len(shape)):
            coordinates = {int(cell[axis]) for cell in cells}
            if len(coordinates) > 2:
                return None
            others = coordinates - {anchor[axis]}
            partners.append(others.pop() if others else None)
        candidates = self.candidates(t, anchor, partners, free=True)
        if candidates is None:
            return None
        required = np.zeros(int(self.classes_count) + 1, dtype=np.int8)
        for c, s in wanted.items():
            required[c] = s
        classes = np.where(candidates.classes >= 0, candidates.classes, len(required) - 1)
        count_ok = (candidates.classes >= 0).sum(axis=1) == len(wanted)
        best: tuple[float, int, float, float] | None = None
        for orientation in (1, -1):
            match = count_ok & ~candidates.has_zero
            match &= (
                (candidates.classes < 0) | (required[classes] * orientation == candidates.signs)
            ).all(axis=1)
            if orientation == 1:
                own_low, own_high = -candidates.rising, candidates.falling
            else:
                own_low, own_high = -candidates.falling, candidates.rising
            joint_low, joint_high = np.maximum(low, own_low), np.minimum(high, own_high)
            match &= joint_high - joint_low >= need
            if match.any():
                row = int(np.argmin(np.where(match, candidates.cost, np.inf)))
                if best is None or candidates.cost[row] < best[0]:
                    best = (
                        float(candidates.cost[row]),
                        row,
                        float(joint_low[row]),
                        float(joint_high[row]),
                    )
        if best is None:
            return None
        return candidates.cells(best[1]), best[2], best[3]

    def members(self, number: int) -> dict[int, int]:
        """The cell (flat position) of a class of shared margin in each table holding it."""
        found = {}
        for t, classes in enumerate(self.classes):
            cells = np.flatnonzero(classes.reshape(-1) == number)
            if len(cells):
                found[t] = int(cells[0])
        return found

    def candidates(
        self,
        t: int,
        cell: tuple[int, ...],
        partners: Sequence[int | None] | None = None,
        *,
        free: bool = False,
    ) -> _Candidates | None:
        """Hypercubes around `cell` of table t: with the given partner on an axis where one is
        given, any (or, for a fallback without `free`, none) on the others."""
        values, hidden, weight = self.values[t], self.hidden[t], self.weight[t]
        shape = values.shape
        axes = [axis for axis, size in enumerate(shape) if size >= 2]
        if not axes:
            return None
        limits = {axis: shape[axis] - 1 for axis in axes}
        fixed = {a: p for a, p in enumerate(partners or []) if p is not None}
        while (
            np.prod([1 if a in fixed else limits[a] for a in axes], dtype=np.float64)
            > MAX_CANDIDATES
        ):
            widest = max((a for a in axes if a not in fixed), key=lambda a: limits[a])
            limits[widest] = max(2, limits[widest] * 2 // 3)
        options = [
            np.array([fixed[a]])
            if a in fixed
            else np.array(_partner_options(values, cell, a, limits[a]))
            for a in axes
        ]
        if partners is not None and not free and any(a not in fixed for a in axes):
            raise ValueError("a fallback names a partner on every axis")
        grid = np.stack(np.meshgrid(*options, indexing="ij"), axis=-1).reshape(-1, len(axes))
        count = grid.shape[0]
        last = np.array([shape[a] - 1 for a in axes])
        own = np.array([cell[a] for a in axes])
        # Moving with the partner: when the cell or its partner on an axis is that axis' total.
        same_sign = (own == last)[np.newaxis, :] | (grid == last[np.newaxis, :])
        classes_table = self.classes[t] if self.shares_margin[t] else None
        rising = np.full(count, np.inf)
        falling = np.full(count, np.inf)
        has_zero = np.zeros(count, dtype=bool)
        cost = np.zeros(count)
        corners, signs, classes = [], [], []
        for bits in product((0, 1), repeat=len(axes)):
            chosen = np.array(bits, dtype=bool)
            coordinates: list[np.ndarray | int] = list(cell)
            for j, axis in enumerate(axes):
                coordinates[axis] = grid[:, j] if bits[j] else cell[axis]
            index = tuple(
                c if isinstance(c, np.ndarray) else np.full(count, c) for c in coordinates
            )
            corners.append(index)
            corner_values = values[index]
            inner = np.ones(count, dtype=bool)
            for j, axis in enumerate(axes):
                inner &= index[axis] != last[j]
            flips = (~same_sign[:, chosen]).sum(axis=1) % 2 == 1
            rising = np.where(inner & ~flips, np.minimum(rising, corner_values), rising)
            falling = np.where(inner & flips, np.minimum(falling, corner_values), falling)
            has_zero |= corner_values == 0
            cost += np.where(hidden[index] == VISIBLE, weight[index], 0.0)
            if classes_table is not None:
                signs.append(np.where(flips, -1, 1).astype(np.int8))
                classes.append(classes_table[index])
        none = np.zeros((count, 0), dtype=np.int64)
        return _Candidates(
            corners=corners,
            signs=np.stack(signs, axis=1) if signs else none,
            classes=np.stack(classes, axis=1) if classes else none,
            rising=rising,
            falling=falling,
            has_zero=has_zero,
            cost=cost,
        )


def _shared_classes(
    values: Sequence[np.ndarray], links: Sequence[Link]
) -> tuple[list[np.ndarray], int]:
    """For each table, the class of shared margin of every cell (-1: not shared), and the
    number of classes. A class is the set of cells of different tables that count the same
    persons (joined over every link)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    classes = [np.full(v.shape, -1, dtype=np.int64) for v in values]
    if not links:
        return classes, 0
    offsets = np.concatenate([[0], np.cumsum([v.size for v in values])])
    left = np.concatenate([offsets[link.left] + link.left_cells for link in links])
    right = np.concatenate([offsets[link.right] + link.right_cells for link in links])
    nodes = np.unique(np.concatenate([left, right]))
    edges = csr_matrix(
        (np.ones(len(left)), (np.searchsorted(nodes, left), np.searchsorted(nodes, right))),
        shape=(len(nodes), len(nodes)),
    )
    count, labels = connected_components(edges, directed=False)
    tables = np.searchsorted(offsets, nodes, side="right") - 1
    if len(np.unique(labels * len(values) + tables)) != len(nodes):
        raise ValueError("a shared margin names two cells of one table")
    for t in range(len(values)):
        mine = tables == t
        classes[t].reshape(-1)[nodes[mine] - offsets[t]] = labels[mine]
    return classes, int(count)


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


def _all_totals_partners(values: np.ndarray, cell: tuple[int, ...]) -> list[int | None]:
    """The fallback that always qualifies: the largest inner cell under `cell`, with totals
    (the partner on every axis of two or more categories)."""
    shape = values.shape
    box = tuple(
        slice(0, size - 1) if cell[axis] == size - 1 else slice(cell[axis], cell[axis] + 1)
        for axis, size in enumerate(shape)
    )
    sub = values[box]
    largest = np.unravel_index(int(np.argmax(sub)), sub.shape)
    inner = tuple(int(box[axis].start + largest[axis]) for axis in range(len(shape)))
    return [
        None if size < 2 else (inner[axis] if cell[axis] == size - 1 else size - 1)
        for axis, size in enumerate(shape)
    ]
