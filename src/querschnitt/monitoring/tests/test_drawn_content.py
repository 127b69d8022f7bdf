"""An indicator page's content kept by all it is drawn from (`views.public._drawn_content`):
the same rows give the content kept; a change of any of them, of the municipality's slug, the
language, the script prefix or the time zone draws it anew, always equal to the content drawn
afresh."""

from collections.abc import Callable
from typing import Any

import pytest
from django.http import QueryDict
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone, translation
from django_scopes import scope

from querschnitt.core.models import Municipality
from querschnitt.monitoring import indicator_rows, page_reads
from querschnitt.monitoring.models import Area, Figure, FigureTable, Indicator, IndicatorValue
from querschnitt.monitoring.models import Source as FigureSource
from querschnitt.monitoring.selectors import figure_labels
from querschnitt.monitoring.views.public import content_context, indicator_content

pytestmark = pytest.mark.django_db

KEY = "altersstruktur"  # with districts, categories and a denominator


def kept(municipality: Municipality) -> Any:
    indicator = page_reads.published_indicator(municipality=municipality, key=KEY)
    assert indicator is not None
    return indicator_content(municipality, indicator, QueryDict())


def afresh(municipality: Municipality) -> str:
    indicator = page_reads.published_indicator(municipality=municipality, key=KEY)
    assert indicator is not None
    labels = figure_labels(municipality=municipality, figures=[indicator])[indicator.numerator_id]
    context = content_context(
        municipality,
        indicator,
        QueryDict(),
        page_reads.stored_areas(municipality=municipality),
        page_reads.stored_values(indicator=indicator),
        labels,
    )
    return indicator_rows.content_markup(municipality, **context)


def changes(municipality: Municipality) -> list[Callable[[], Any]]:
    indicator = Indicator.objects.get(key=KEY)
    value = (
        IndicatorValue.objects.filter(indicator=indicator, area__isnull=False)
        .order_by("-year")
        .first()
    )
    assert value is not None
    code = IndicatorValue.objects.filter(indicator=indicator).exclude(category="")[0].category
    return [
        lambda: Indicator.objects.filter(pk=indicator.pk).update(name={"de": "Anders"}),
        lambda: Figure.objects.filter(pk=indicator.numerator_id).update(name={"de": "Zähler"}),
        lambda: FigureSource.objects.filter(pk=indicator.numerator.source_id).update(
            name="Andere Quelle"
        ),
        lambda: Area.objects.filter(pk=value.area_id).update(name="Umbenannt"),
        lambda: IndicatorValue.objects.filter(
            indicator=indicator, area__isnull=False, year=value.year
        ).update(value=12345.6),
        # the names of open categories: read from the numerator's tables
        lambda: Indicator.objects.filter(pk=indicator.pk).update(breakdown="category"),
        lambda: FigureTable.objects.filter(figure=indicator.numerator_id).update(
            labels={"category": {code: "Eine Kategorie"}}
        ),
    ]


def test_the_same_rows_give_the_content_kept_any_change_draws_it_anew(mannheim) -> None:
    with scope(municipality=mannheim):
        for language in ("de", "ar"):
            with translation.override(language):
                first = kept(mannheim)
                assert first == afresh(mannheim)
                assert kept(mannheim) is first
        for number, change in enumerate(changes(mannheim)):
            with translation.override("de"):
                before = kept(mannheim)
                change()
                after = kept(mannheim)
                assert after != before, number
                assert after == afresh(mannheim), number


def test_the_language_prefix_zone_and_slug_draw_it_anew(mannheim) -> None:
    with scope(municipality=mannheim), translation.override("en"):
        with timezone.override("UTC"):
            in_utc = kept(mannheim)
        with timezone.override("Asia/Tokyo"):
            in_tokyo = kept(mannheim)
            assert in_tokyo is not in_utc  # the page shows no time now, but may
            assert in_tokyo == afresh(mannheim)
        with translation.override("fa"):
            assert kept(mannheim) != in_utc
            assert kept(mannheim) == afresh(mannheim)
        here = kept(mannheim)
        prefix = get_script_prefix()
        set_script_prefix("/unter/")
        try:
            assert kept(mannheim) != here
            assert kept(mannheim) == afresh(mannheim)
        finally:
            set_script_prefix(prefix)
        assert kept(mannheim) is here
        mannheim.slug = "anders"
        assert kept(mannheim) != here
        assert kept(mannheim) == afresh(mannheim)
