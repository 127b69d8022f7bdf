"""The public monitoring pages' reads by plain SQL (`page_reads.py`) give what the ORM's reads
give, value by value, for each municipality and none of the other's rows; an unpublished
indicator stays out."""

import pytest
from django.db.models import Model
from django_scopes import scope

from querschnitt.monitoring import page_reads
from querschnitt.monitoring.models import Area, Indicator, IndicatorValue
from querschnitt.monitoring.selectors import areas_of, published_indicators

pytestmark = pytest.mark.django_db


def fields(instance: Model | None) -> dict | None:
    if instance is None:
        return None
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def area_fields(area: page_reads.AreaRow) -> dict:
    """`fields` of the `Area` that a row read by `areas_with_boundaries` stands for."""
    return {f.attname: getattr(area, f.attname) for f in Area._meta.concrete_fields}


def as_shown(value) -> tuple:
    """What the pages show of an indicator value (`page_reads.ValueRow`'s names)."""
    return tuple(getattr(value, name) for name in page_reads.ValueRow.__dataclass_fields__)


def test_the_reads_give_what_the_orm_gives(mannheim, bamberg) -> None:
    with scope(municipality=mannheim):
        hidden = Indicator.objects.order_by("pk").first()
        Indicator.objects.filter(pk=hidden.pk).update(is_published=False)
    for municipality, other in ((mannheim, bamberg), (bamberg, mannheim)):
        with scope(municipality=other):
            theirs = {i.pk for i in Indicator.objects.all()}
        with scope(municipality=municipality):
            expected = list(published_indicators(municipality=municipality))
            found = page_reads.published_indicators(municipality=municipality)
            assert len(found) > 5
            assert [fields(i) for i in found] == [fields(i) for i in expected]
            for mine, theirs_ in zip(found, expected, strict=True):
                assert fields(mine.numerator) == fields(theirs_.numerator)
                assert fields(mine.denominator) == fields(theirs_.denominator)
                assert fields(mine.numerator.source) == fields(theirs_.numerator.source)
                if theirs_.denominator is not None:
                    assert mine.denominator is not None
                    assert fields(mine.denominator.source) == fields(theirs_.denominator.source)
            assert not {i.pk for i in found} & theirs
            assert page_reads.published_keys(municipality=municipality) == {i.key for i in expected}
            for indicator in expected:
                one = page_reads.published_indicator(municipality=municipality, key=indicator.key)
                assert one is not None
                assert fields(one) == fields(indicator)
                assert fields(one.numerator.source) == fields(indicator.numerator.source)
                assert fields(one.denominator) == fields(indicator.denominator)
            overview_rows = page_reads.overview_rows(municipality=municipality)
            shown = page_reads.overview_indicators_of(overview_rows.indicators)
            names = ("id", "municipality_id", "key", "name", "topic", "unit", "decimals")
            assert [
                [getattr(i, name) for name in (*names, "breakdown", "series")] for i in shown
            ] == [[getattr(i, name) for name in (*names, "breakdown", "series")] for i in expected]
            assert [i.get_topic_display() for i in shown] == [
                i.get_topic_display() for i in expected
            ]
            assert [(i.pk, i.unit_symbol, i.series_list()) for i in shown] == [
                (i.pk, i.unit_symbol, i.series_list()) for i in expected
            ]

            city = IndicatorValue.objects.filter(
                municipality=municipality, area__isnull=True, category=""
            ).order_by("year", "pk")
            assert [as_shown(v) for v in page_reads.city_values(municipality=municipality)] == [
                as_shown(v) for v in city
            ]
            assert (
                not {v.indicator_id for v in page_reads.city_values(municipality=municipality)}
                & theirs
            )

            # the latest of each indicator in its first series, as the overview's loop chose it
            first_series = {i.pk: i.series_list()[0].get("key", "") for i in expected}
            chosen = {}
            for value in city:
                if first_series.get(value.indicator_id) == value.series:
                    chosen[value.indicator_id] = as_shown(value)
            latest = page_reads.latest_city_values_of(overview_rows.values, first_series)
            assert {key: as_shown(value) for key, value in latest.items()} == chosen
            assert len(chosen) > 5

            areas = areas_of(municipality=municipality, boundaries=True)
            assert [(a.code, a.name) for a in areas] == [
                (a.code, a.name) for a in page_reads.area_links_of(overview_rows.areas)
            ]
            rows = page_reads.areas_with_boundaries(municipality=municipality)
            assert [fields(a) for a in areas] == [area_fields(a) for a in rows]
            assert [a.pk for a in areas] == [a.pk for a in rows]
            assert [str(a) for a in areas] == [str(a) for a in rows]

            for indicator in expected:
                values = IndicatorValue.objects.filter(indicator=indicator).order_by("pk")
                assert [as_shown(v) for v in page_reads.indicator_values(indicator=indicator)] == [
                    as_shown(v) for v in values
                ]
        if municipality == mannheim:
            assert hidden.pk not in {i.pk for i in found}
            assert page_reads.published_indicator(municipality=mannheim, key=hidden.key) is None
            assert hidden.key not in page_reads.published_keys(municipality=mannheim)
        # the other city's keys name none of this one's indicators
        with scope(municipality=other):
            other_only = {i.key for i in Indicator.objects.all()} - {i.key for i in expected}
        for key in other_only:
            assert page_reads.published_indicator(municipality=municipality, key=key) is None
