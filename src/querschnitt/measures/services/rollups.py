"""Computing and storing the roll-up (`measures.rollup` holds the rule).

Saving a report or a measure never waits for the whole tree: it asks for a new roll-up
(`rollup_request`), which the task worker computes after the commit (`tasks.rollup_refresh`),
in a handful of queries however large the catalogue. The dashboard reads the stored result,
and the weights CSV is the table that result was computed from, so the two always agree.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from querschnitt.core.models import Municipality
from querschnitt.core.translation import translate
from querschnitt.measures.models import BudgetLine, Measure, MeasureState, Rollup
from querschnitt.measures.rollup import TOTAL, Row, node_figures
from querschnitt.measures.selectors import catalogue_q
from querschnitt.strategy.models import FieldOfAction, Goal

CSV_HEADER = [
    "schluessel",
    "massnahme",
    "zustand",
    "fortschritt",
    "fortschritt_aus",
    "gewicht",
    "gewicht_gerechnet",
    "zaehlt_fuer",
]


def rollup_request(municipality: Municipality) -> None:
    """Once the transaction commits, compute the roll-up anew in the background."""
    from querschnitt.measures.tasks import rollup_refresh

    municipality_id = municipality.pk
    requested_at = timezone.now().isoformat()
    transaction.on_commit(
        lambda: rollup_refresh.enqueue(municipality_id=municipality_id, requested_at=requested_at),
        robust=True,
    )


def goal_node(key: str) -> str:
    return f"goal:{key}"


def field_node(key: str) -> str:
    return f"field:{key}"


@dataclass(frozen=True)
class Tree:
    """The goal tree and the fields of action as the roll-up needs them."""

    goal_keys: dict[int, str]
    goal_parent: dict[int, int | None]
    goal_public: dict[int, bool]
    goal_fields: dict[int, set[int]]
    field_keys: dict[int, str]

    def goal_ancestry(self, goal_id: int) -> list[int]:
        found = []
        current: int | None = goal_id
        while current is not None and current not in found:
            found.append(current)
            current = self.goal_parent.get(current)
        return found


def load_tree(municipality: Municipality) -> Tree:
    goals = list(
        Goal.objects.filter(municipality=municipality).values_list(
            "pk", "key", "parent_id", "is_public"
        )
    )
    goal_fields: dict[int, set[int]] = defaultdict(set)
    for goal_id, field_id in Goal.fields_of_action.through.objects.filter(
        goal__municipality=municipality
    ).values_list("goal_id", "fieldofaction_id"):
        goal_fields[goal_id].add(field_id)
    return Tree(
        goal_keys={pk: key for pk, key, _parent, _public in goals},
        goal_parent={pk: parent for pk, _key, parent, _public in goals},
        goal_public={pk: public for pk, _key, _parent, public in goals},
        goal_fields=goal_fields,
        field_keys=dict(
            FieldOfAction.objects.filter(municipality=municipality).values_list("pk", "key")
        ),
    )


@dataclass(frozen=True)
class MeasureLine:
    """A measure of the catalogue with what the roll-up needs, before it is cut to a scope."""

    row: Row
    title: str
    state: str
    source: str
    is_public: bool
    goal_ids: frozenset[int]
    field_ids: frozenset[int]


def measure_lines(municipality: Municipality, tree: Tree) -> list[MeasureLine]:
    """Every measure in the catalogue, with its progress by rule 2."""
    states = {
        state.pk: state
        for state in MeasureState.objects.filter(municipality=municipality, in_catalogue=True)
    }
    measures = list(
        Measure.objects.filter(catalogue_q(), municipality=municipality)
        .order_by("key")
        .values_list("pk", "key", "title", "state_id", "weight", "is_public", "reported_progress")
    )
    goals: dict[int, set[int]] = defaultdict(set)
    served: Any = Measure.goals.through
    for measure_id, goal_id in served.objects.filter(
        measure__municipality=municipality, measure__state_id__in=list(states)
    ).values_list("measure_id", "goal_id"):
        goals[measure_id].add(goal_id)
    fields: dict[int, set[int]] = defaultdict(set)
    for measure_id, field_id in Measure.fields_of_action.through.objects.filter(
        measure__municipality=municipality, measure__state_id__in=list(states)
    ).values_list("measure_id", "fieldofaction_id"):
        fields[measure_id].add(field_id)
    budget: dict[int, dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
    for measure_id, year, planned, spent in BudgetLine.objects.filter(
        municipality=municipality, measure__state_id__in=list(states)
    ).values_list("measure_id", "year", "planned", "spent"):
        budget[measure_id][year] = (planned, spent or Decimal(0))
    lines = []
    for pk, key, title, state_id, weight, is_public, reported in measures:
        state = states[state_id]
        if state.reporting and reported is not None:
            progress, source = Decimal(reported), "bericht"
        else:
            progress, source = Decimal(state.default_progress), "zustand"
        lines.append(
            MeasureLine(
                row=Row(key, progress, weight, frozenset(), budget.get(pk, {})),
                title=translate(title, "de").text,
                state=state.key,
                source=source,
                is_public=is_public and state.is_public,
                goal_ids=frozenset(goals.get(pk, ())),
                field_ids=frozenset(fields.get(pk, ())),
            )
        )
    return lines


def counts_towards(line: MeasureLine, tree: Tree, *, public: bool) -> frozenset[str]:
    """Rule 4: the whole, every goal served and every goal above it, and every field of
    action of the measure and of those goals; for the public, public goals only."""
    nodes = {TOTAL}
    field_ids = set(line.field_ids)
    for goal_id in line.goal_ids:
        for ancestor in tree.goal_ancestry(goal_id):
            field_ids |= tree.goal_fields.get(ancestor, set())
            if not public or tree.goal_public.get(ancestor, False):
                nodes.add(goal_node(tree.goal_keys[ancestor]))
    nodes |= {field_node(tree.field_keys[pk]) for pk in field_ids if pk in tree.field_keys}
    return frozenset(nodes)


def scope_rows(
    lines: list[MeasureLine], tree: Tree, *, public: bool
) -> list[tuple[MeasureLine, Row]]:
    chosen = []
    for line in lines:
        if public and not line.is_public:
            continue
        row = Row(
            key=line.row.key,
            progress=line.row.progress,
            weight=line.row.weight,
            counts_towards=counts_towards(line, tree, public=public),
            budget=line.row.budget,
        )
        chosen.append((line, row))
    return chosen


def csv_text(rows: list[tuple[MeasureLine, Row]]) -> str:
    """The published table: one line per measure, every figure of the dashboard follows from
    it by the written rule."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for line, row in rows:
        writer.writerow(
            [
                row.key,
                line.title,
                line.state,
                str(row.progress),
                line.source,
                "" if row.weight is None else str(row.weight),
                str(row.effective_weight),
                " ".join(sorted(row.counts_towards)),
            ]
        )
    return out.getvalue()


def rollup_compute(*, municipality: Municipality) -> dict[str, Rollup]:
    """Compute both roll-ups (public and internal) and store them."""
    now = timezone.now()
    tree = load_tree(municipality)
    lines = measure_lines(municipality, tree)
    stored: dict[str, Rollup] = {}
    for scope in (Rollup.Scope.PUBLIC, Rollup.Scope.INTERNAL):
        rows = scope_rows(lines, tree, public=scope == Rollup.Scope.PUBLIC)
        figures = node_figures(row for _line, row in rows)
        stored[scope] = Rollup.objects.update_or_create(
            municipality=municipality,
            scope=scope,
            defaults={
                "computed_at": now,
                "csv": csv_text(rows),
                "figures": {node: figure.as_json() for node, figure in figures.items()},
            },
        )[0]
    return stored
