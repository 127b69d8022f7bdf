"""The dashboard's reads by plain SQL (`dashboard_reads.py`) give what the ORM's reads gave,
value by value, for each municipality, public and internal, and none of the other's rows; a
controlling indicator or goal that is not public stays out of the public reads."""

import pytest
from django.db.models import Model
from django_scopes import scope

from querschnitt.measures import dashboard_reads as reads
from querschnitt.measures.models import Rollup
from querschnitt.monitoring.models import IndicatorValue
from querschnitt.strategy.models import (
    ControllingIndicator,
    FieldOfAction,
    Goal,
    IndicatorActual,
    IndicatorTarget,
)

pytestmark = pytest.mark.django_db


def fields(instance: Model | None, leave_out: tuple[str, ...] = ()) -> dict | None:
    if instance is None:
        return None
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.attname not in leave_out
    }


def indicator_columns() -> list:
    return [ControllingIndicator._meta.get_field(name) for name in reads.INDICATOR_COLUMNS]


def by_the_orm(municipality, public: bool) -> dict:
    indicators = ControllingIndicator.objects.filter(municipality=municipality)
    goals = Goal.objects.filter(municipality=municipality).order_by("position", "key")
    if public:
        indicators = indicators.filter(is_public=True)
        goals = goals.filter(is_public=True)
    ids = [i.pk for i in indicators]
    linked = [i.monitoring_indicator_id for i in indicators if i.monitoring_indicator_id]
    scope_ = Rollup.Scope.PUBLIC if public else Rollup.Scope.INTERNAL
    rollup = Rollup.objects.filter(municipality=municipality, scope=scope_).defer("csv").first()
    return {
        "rollup": fields(rollup, ("csv",)),
        "field_names": [
            (f.key, f.name) for f in FieldOfAction.objects.filter(municipality=municipality)
        ],
        "goals": [reads.GoalRow(g.pk, g.parent_id, g.key, g.title) for g in goals],
        "indicators": [
            reads.IndicatorRow(*(getattr(i, f.attname) for f in indicator_columns()))
            for i in indicators
        ],
        "targets": sorted(
            IndicatorTarget.objects.filter(
                municipality=municipality, indicator_id__in=ids
            ).values_list("indicator_id", "year", "value")
        ),
        "actuals": list(
            IndicatorActual.objects.filter(municipality=municipality, indicator_id__in=ids)
            .order_by("measured_on", "pk")
            .values_list("indicator_id", "measured_on", "value", "source")
        ),
        "monitoring": sorted(
            IndicatorValue.objects.filter(
                municipality=municipality,
                indicator_id__in=linked,
                area__isnull=True,
                series="",
                category="",
                value__isnull=False,
            ).values_list("indicator_id", "year", "value")
        ),
    }


def by_sql(municipality, public: bool) -> dict:
    scope_ = Rollup.Scope.PUBLIC if public else Rollup.Scope.INTERNAL
    m = municipality
    snapshot = reads.snapshot(municipality=m, public=public)
    assert fields(reads.rollup_of(snapshot.rollup)) == fields(
        reads.rollup(municipality=m, scope=scope_)
    )
    return {
        "rollup": fields(reads.rollup_of(snapshot.rollup), ("csv",)),
        "field_names": reads.field_names_of(snapshot.field_names),
        "goals": reads.goals_of(snapshot.goals),
        "indicators": reads.indicators_of(snapshot.indicators),
        "targets": sorted(reads.targets_of(snapshot.targets)),
        "actuals": reads.actuals_of(snapshot.actuals),
        "monitoring": sorted(reads.monitoring_of(snapshot.monitoring)),
    }


def test_the_reads_give_what_the_orm_gives(mannheim, bamberg) -> None:
    with scope(municipality=mannheim):
        hidden = ControllingIndicator.objects.filter(monitoring_indicator__isnull=False).first()
        assert hidden is not None
        assert IndicatorTarget.objects.filter(indicator=hidden).exists()
        ControllingIndicator.objects.filter(pk=hidden.pk).update(is_public=False)
        hidden_goal = Goal.objects.order_by("pk").last()
        Goal.objects.filter(pk=hidden_goal.pk).update(is_public=False)
    for municipality, other in ((mannheim, bamberg), (bamberg, mannheim)):
        with scope(municipality=other):
            theirs = by_the_orm(other, public=False)
        for public in (True, False):
            with scope(municipality=municipality):
                expected = by_the_orm(municipality, public)
            found = by_sql(municipality, public)
            assert found == expected
            assert found["rollup"] is not None
            assert found["goals"]
            assert found["targets"]
            for key in ("goals", "indicators"):
                assert not {row.pk for row in found[key]} & {row.pk for row in theirs[key]}
            assert not set(found["targets"]) & set(theirs["targets"])
            assert not set(found["monitoring"]) & set(theirs["monitoring"])
    shown = by_sql(mannheim, public=True)
    internal = by_sql(mannheim, public=False)
    assert hidden.pk not in {i.pk for i in shown["indicators"]}
    assert hidden.pk in {i.pk for i in internal["indicators"]}
    assert hidden_goal.pk not in {g.pk for g in shown["goals"]}
    assert hidden_goal.pk in {g.pk for g in internal["goals"]}
    assert {t[0] for t in internal["targets"]} - {t[0] for t in shown["targets"]} == {hidden.pk}


def test_a_snapshot_is_a_key_equal_for_equal_rows(mannheim, bamberg) -> None:
    """What the figures are kept by: read twice, equal and of equal hash; the other city's
    differs."""
    for public in (True, False):
        ours = reads.snapshot(municipality=mannheim, public=public)
        assert ours == reads.snapshot(municipality=mannheim, public=public)
        assert hash(ours) == hash(reads.snapshot(municipality=mannheim, public=public))
        assert ours != reads.snapshot(municipality=bamberg, public=public)
