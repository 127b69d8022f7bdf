"""The roll-up of progress from measures to goals and fields of action: one written rule,
pure arithmetic, no database (`services/rollups.py` feeds it and stores what it finds).

The rule, as the public dashboard states it:

1. Only measures in the catalogue count (their state is one "in the catalogue").
2. A measure's progress is the percentage of its latest department report while its state
   takes reports; otherwise (and before its first report) its state's default progress.
3. A measure's weight is the one published; an empty weight counts as 1 (so that all-empty
   weights give the plain average), a weight of 0 means it does not count.
4. A goal's progress is the weighted average over every distinct measure that serves the goal
   or a goal under it; a field of action's over every distinct measure that serves it
   directly or through one of its goals; the whole catalogue's over every measure. A measure
   that serves two goals counts with its full weight in each, and once in anything above.
5. Where no measure counts (or all weights are 0) there is no figure: "no data", never 0 %.
6. Shown as whole percent, rounded half up.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

TOTAL = "total"


@dataclass(frozen=True)
class Row:
    """One measure as the published table (CSV) states it."""

    key: str
    progress: Decimal
    weight: Decimal | None
    counts_towards: frozenset[str]
    budget: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def effective_weight(self) -> Decimal:
        return Decimal(1) if self.weight is None else self.weight


@dataclass
class Figure:
    """What the measures of one node add up to."""

    measures: int = 0
    weight: Decimal = Decimal(0)
    weighted: Decimal = Decimal(0)
    budget: dict[int, list[Decimal]] = field(default_factory=dict)

    @property
    def progress(self) -> Fraction | None:
        if self.weight == 0:
            return None
        return Fraction(self.weighted) / Fraction(self.weight)

    def as_json(self) -> dict:
        return {
            "measures": self.measures,
            "weight": str(self.weight),
            "weighted": str(self.weighted),
            "budget": {str(year): [str(p), str(s)] for year, (p, s) in sorted(self.budget.items())},
        }

    @classmethod
    def from_json(cls, data: dict) -> "Figure":
        return cls(
            measures=data["measures"],
            weight=Decimal(data["weight"]),
            weighted=Decimal(data["weighted"]),
            budget={int(y): [Decimal(p), Decimal(s)] for y, (p, s) in data["budget"].items()},
        )


def node_figures(rows: Iterable[Row]) -> dict[str, Figure]:
    """Every node any row counts towards, with its sums (rule 4).

    Rows that count towards the same nodes are summed once as a group, and each group's sums
    added to its nodes: a catalogue of thousands of measures has a few dozen such groups."""
    groups: dict[frozenset[str], Figure] = {}
    for row in rows:
        group = groups.get(row.counts_towards)
        if group is None:
            group = groups[row.counts_towards] = Figure()
        weight = row.effective_weight
        group.measures += 1
        group.weight += weight
        group.weighted += weight * row.progress
        for year, (planned, spent) in row.budget.items():
            sums = group.budget.setdefault(year, [Decimal(0), Decimal(0)])
            sums[0] += planned
            sums[1] += spent
    figures: dict[str, Figure] = {}
    for nodes, group in groups.items():
        for node in nodes:
            figure = figures.setdefault(node, Figure())
            figure.measures += group.measures
            figure.weight += group.weight
            figure.weighted += group.weighted
            for year, (planned, spent) in group.budget.items():
                sums = figure.budget.setdefault(year, [Decimal(0), Decimal(0)])
                sums[0] += planned
                sums[1] += spent
    return figures


def whole_percent(progress: Fraction | None) -> int | None:
    """Rule 6: whole percent, halves up, computed exactly; None stays None ("no data")."""
    if progress is None:
        return None
    return math.floor(progress + Fraction(1, 2))
