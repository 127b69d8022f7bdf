"""The roll-up: one written rule (`measures/rollup.py`), checked by its properties and by
recomputing every percentage of the public dashboard from the published weights CSV."""

import csv
import io
import math
import re
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querschnitt.accounts.models import User
from querschnitt.measures.models import Measure, Rollup
from querschnitt.measures.rollup import TOTAL, Row, node_figures, whole_percent
from querschnitt.measures.services.reports import report_save
from querschnitt.measures.services.rollups import rollup_compute

NODES = ["total", "ziel:S1", "ziel:S2", "feld:a", "feld:b"]

progress = st.integers(min_value=0, max_value=100).map(Decimal)
weight = st.one_of(st.none(), st.decimals(min_value=0, max_value=50, places=2, allow_nan=False))
# a shared machine: generating is not the slow part we look for
relaxed = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
row = st.builds(
    Row,
    key=st.sampled_from("ABCDEFGH"),
    progress=progress,
    weight=weight,
    counts_towards=st.frozensets(st.sampled_from(NODES), min_size=1),
)


def weighted_average(rows: list[Row], node: str) -> Fraction | None:
    chosen = [r for r in rows if node in r.counts_towards]
    total = sum(Fraction(r.effective_weight) for r in chosen)
    if total == 0:
        return None
    return sum(Fraction(r.effective_weight) * Fraction(r.progress) for r in chosen) / total


@relaxed
@given(st.lists(row, max_size=30))
def test_every_node_is_the_weighted_average_of_its_measures(rows: list[Row]) -> None:
    figures = node_figures(rows)
    for node in NODES:
        expected = weighted_average(rows, node)
        figure = figures.get(node)
        assert (figure.progress if figure else None) == expected
        if expected is not None:
            counted = [r.progress for r in rows if node in r.counts_towards and r.weight != 0]
            assert min(counted) <= expected <= max(counted)


@relaxed
@given(st.lists(row.map(lambda r: Row(r.key, r.progress, None, r.counts_towards)), min_size=1))
def test_all_empty_weights_give_the_plain_average(rows: list[Row]) -> None:
    figures = node_figures(rows)
    for node, figure in figures.items():
        chosen = [r.progress for r in rows if node in r.counts_towards]
        assert figure.progress == Fraction(sum(chosen)) / len(chosen)
        assert figure.measures == len(chosen)


@relaxed
@given(st.lists(row, min_size=1), st.integers(min_value=1, max_value=1000))
def test_scaling_every_weight_changes_nothing(rows: list[Row], factor: int) -> None:
    scaled = [Row(r.key, r.progress, r.effective_weight * factor, r.counts_towards) for r in rows]
    before, after = node_figures(rows), node_figures(scaled)
    assert {n: f.progress for n, f in before.items()} == {n: f.progress for n, f in after.items()}


@relaxed
@given(st.lists(row.map(lambda r: Row(r.key, r.progress, Decimal(0), r.counts_towards))))
def test_a_node_whose_measures_all_weigh_nothing_has_no_figure(rows: list[Row]) -> None:
    assert all(figure.progress is None for figure in node_figures(rows).values())
    assert all(whole_percent(figure.progress) is None for figure in node_figures(rows).values())


def test_a_measure_serving_two_goals_counts_fully_in_each_and_once_above() -> None:
    rows = [
        Row("A", Decimal(100), None, frozenset({TOTAL, "ziel:S1", "ziel:S2", "feld:a"})),
        Row("B", Decimal(0), None, frozenset({TOTAL, "ziel:S1", "feld:a"})),
    ]
    figures = node_figures(rows)
    assert figures["ziel:S2"].progress == 100
    assert figures["ziel:S1"].progress == 50
    assert figures[TOTAL].measures == 2
    assert figures[TOTAL].progress == 50
    assert "ziel:S3" not in figures  # a goal without measures: no data, never 0 %


@relaxed
@given(st.fractions(min_value=0, max_value=100))
def test_whole_percent_rounds_halves_up(value: Fraction) -> None:
    shown = whole_percent(value)
    assert shown == math.floor(value + Fraction(1, 2))
    assert abs(shown - value) <= Fraction(1, 2)
    assert whole_percent(Fraction(5, 2)) == 3
    assert whole_percent(Fraction(49, 2)) == 25
    assert whole_percent(None) is None


# ------------------------------------------------------------------------------------------
# The public dashboard follows from the published CSV, exactly

NODE_ROW = re.compile(
    r'data-node="(?P<node>[^"]+)"[^>]*>(?:(?!</tr>).)*?data-percent>(?P<shown>[^<]*)</td>',
    re.DOTALL,
)
TOTAL_FIGURE = re.compile(r'<p class="qs-measures-big" data-node="total">([^<]*)</p>')


def recomputed(csv_text: str) -> dict[str, int | None]:
    weights: dict[str, Fraction] = defaultdict(Fraction)
    weighted: dict[str, Fraction] = defaultdict(Fraction)
    for line in csv.DictReader(io.StringIO(csv_text)):
        # an empty weight counts as 1; the CSV states the weight counted beside it
        counted = Fraction(Decimal(line["gewicht"] or "1"))
        assert counted == Fraction(Decimal(line["gewicht_gerechnet"]))
        for node in line["zaehlt_fuer"].split():
            weights[node] += counted
            weighted[node] += counted * Fraction(Decimal(line["fortschritt"]))
    return {
        node: (
            math.floor(weighted[node] / weights[node] + Fraction(1, 2)) if weights[node] else None
        )
        for node in weights
    }


def shown_percent(text: str) -> int | None:
    found = re.search(r"(\d+)\s*%", text)
    return int(found.group(1)) if found else None


def total_shown(page: str) -> int | None:
    found = TOTAL_FIGURE.search(page)
    assert found is not None
    return shown_percent(found.group(1))


@pytest.mark.django_db
@pytest.mark.usefixtures("unscoped")
@pytest.mark.parametrize("slug", ["mannheim", "bamberg"])
def test_every_percentage_of_the_public_dashboard_follows_from_the_weights_csv(slug) -> None:
    from querschnitt.core.models import Municipality

    municipality = Municipality.objects.get(slug=slug)
    rollup_compute(municipality=municipality)
    client = Client()
    csv_text = client.get(f"/{slug}/steuerung/gewichte.csv").content.decode()
    expected = recomputed(csv_text)
    page = client.get(f"/{slug}/steuerung/").content.decode()
    assert "gewichte.csv" in page  # linked from the dashboard
    rows = {m["node"]: shown_percent(m["shown"]) for m in NODE_ROW.finditer(page)}
    rows[TOTAL] = total_shown(page)
    assert len(rows) > 3
    assert any(value is not None for value in rows.values())
    for node, shown in rows.items():
        assert shown == expected.get(node), node


@pytest.mark.django_db
def test_a_report_moves_the_figures_and_the_csv_alike(mannheim, unscoped) -> None:
    """A department's report changes the measure's progress; the CSV and the dashboard
    agree again after the roll-up, and an unpublished measure stays out of both."""
    from querschnitt.measures.periods import quarter_of

    measure = Measure.objects.get(municipality=mannheim, key="M-05")
    rollup_compute(municipality=mannheim)
    before = Rollup.objects.get(municipality=mannheim, scope=Rollup.Scope.PUBLIC).csv
    report_save(
        measure=measure,
        period=quarter_of(timezone.localdate()),
        by=User.objects.get(email="dienststelle@mannheim.example"),
        department=measure.lead_department,
        progress=97,
        budget_spent=Decimal(1000),
        status=Measure.Status.ON_TRACK,
    )
    Measure.objects.filter(municipality=mannheim, key="M-01").update(is_public=False)
    rollup_compute(municipality=mannheim)
    after = Client().get("/mannheim/steuerung/gewichte.csv").content.decode()
    assert after != before
    lines = {line["schluessel"]: line for line in csv.DictReader(io.StringIO(after))}
    assert lines["M-05"]["fortschritt"] == "97"
    assert lines["M-05"]["fortschritt_aus"] == "bericht"
    assert "M-01" not in lines
    internal = Rollup.objects.get(municipality=mannheim, scope=Rollup.Scope.INTERNAL).csv
    assert "M-01" in internal
    page = Client().get("/mannheim/steuerung/").content.decode()
    assert total_shown(page) == recomputed(after)[TOTAL]
