"""A published indicator kept by the row it is made of (`views.public.kept_indicator`): the
same row gives the instance kept; a change of the indicator, its figures or their sources
makes it anew, always equal to the one read afresh; the other city's indicator of the same
key is its own."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Model
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.monitoring import page_reads
from querschnitt.monitoring.models import Figure, Indicator
from querschnitt.monitoring.models import Source as FigureSource
from querschnitt.monitoring.views.public import kept_indicator

pytestmark = pytest.mark.django_db

KEY = "altersstruktur"  # with a denominator


def fields(instance: Model | None) -> dict | None:
    if instance is None:
        return None
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def graph(indicator: Indicator | None) -> list[dict | None]:
    assert indicator is not None
    assert indicator.denominator is not None
    return [
        fields(indicator),
        fields(indicator.numerator),
        fields(indicator.numerator.source),
        fields(indicator.denominator),
        fields(indicator.denominator.source),
    ]


def afresh(municipality: Municipality) -> list[dict | None]:
    return graph(page_reads.published_indicator(municipality=municipality, key=KEY))


def changes() -> list[Callable[[], Any]]:
    indicator = Indicator.objects.get(key=KEY)
    assert indicator.denominator_id is not None
    denominator = Figure.objects.get(pk=indicator.denominator_id)
    return [
        lambda: Indicator.objects.filter(pk=indicator.pk).update(name={"de": "Anders"}),
        lambda: Indicator.objects.filter(pk=indicator.pk).update(decimals=3),
        lambda: Figure.objects.filter(pk=indicator.numerator_id).update(name={"de": "Zähler"}),
        lambda: Figure.objects.filter(pk=denominator.pk).update(name={"de": "Nenner"}),
        lambda: FigureSource.objects.filter(pk=indicator.numerator.source_id).update(
            name="Andere Quelle"
        ),
        lambda: FigureSource.objects.filter(pk=denominator.source_id).update(name="Noch eine"),
    ]


def test_the_same_row_gives_the_instance_kept_any_change_makes_it_anew(mannheim) -> None:
    with scope(municipality=mannheim):
        first = kept_indicator(mannheim, KEY)
        assert graph(first) == afresh(mannheim)
        assert kept_indicator(mannheim, KEY) is first
        for change in changes():
            before = kept_indicator(mannheim, KEY)
            change()
            after = kept_indicator(mannheim, KEY)
            assert after is not before
            assert graph(after) == afresh(mannheim)
            assert graph(after) != graph(before)
        assert kept_indicator(mannheim, "no-such-key") is None


def test_the_other_citys_indicator_of_the_same_key_is_its_own(mannheim, bamberg) -> None:
    with scopes_disabled():
        assert Indicator.objects.filter(key=KEY, municipality=bamberg).exists()
    with scope(municipality=mannheim):
        ours = kept_indicator(mannheim, KEY)
        assert graph(ours) == afresh(mannheim)
    with scope(municipality=bamberg):
        theirs = kept_indicator(bamberg, KEY)
        assert theirs is not ours
        assert graph(theirs) == afresh(bamberg)
    assert ours is not None
    assert theirs is not None
    assert ours.municipality_id == mannheim.pk
    assert theirs.municipality_id == bamberg.pk
