"""The overview's content kept by all it is drawn from (`views.public.drawn_overview`): the
same rows give the content kept; a change of any of them, of the municipality's name or slug,
the language, the script prefix or the time zone draws it anew, always equal to the content
drawn afresh."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone, translation
from django_scopes import scope

from querschnitt.core.models import Municipality
from querschnitt.monitoring import page_reads
from querschnitt.monitoring.models import Area, Indicator, IndicatorValue
from querschnitt.monitoring.overview_rows import overview_markup
from querschnitt.monitoring.views.public import drawn_overview, overview_context

pytestmark = pytest.mark.django_db


def afresh(municipality: Municipality) -> str:
    rows = page_reads.overview_rows(municipality=municipality)
    return overview_markup(municipality, **overview_context(municipality, rows))


def changes() -> list[Callable[[], Any]]:
    """Changes of what the overview shows: of an indicator with a value shown (its latest for
    the whole municipality in its first series) and of a district."""
    for indicator in Indicator.objects.filter(is_published=True).order_by("position", "key"):
        latest = (
            IndicatorValue.objects.filter(
                indicator=indicator,
                area__isnull=True,
                category="",
                series=indicator.series_list()[0].get("key", ""),
            )
            .order_by("-year", "-id")
            .first()
        )
        if latest is not None:
            break
    assert latest is not None
    unit = "per_thousand" if indicator.unit == "percent" else "percent"
    area = Area.objects.order_by("code")[0]
    return [
        lambda: Indicator.objects.filter(pk=indicator.pk).update(name={"de": "Anders"}),
        lambda: Indicator.objects.filter(pk=indicator.pk).update(unit=unit),
        lambda: IndicatorValue.objects.filter(pk=latest.pk).update(value=12345.6),
        lambda: IndicatorValue.objects.filter(pk=latest.pk).update(year=latest.year + 1),
        lambda: Indicator.objects.filter(pk=indicator.pk).update(is_published=False),
        lambda: Area.objects.filter(pk=area.pk).update(name="Umbenannt"),
    ]


def test_the_same_rows_give_the_content_kept_any_change_draws_it_anew(mannheim) -> None:
    with scope(municipality=mannheim):
        for language in ("de", "ar"):
            with translation.override(language):
                first = drawn_overview(mannheim)
                assert first == afresh(mannheim)
                assert drawn_overview(mannheim) is first
        for number, change in enumerate(changes()):
            with translation.override("de"):
                before = drawn_overview(mannheim)
                change()
                after = drawn_overview(mannheim)
                assert after != before, number
                assert after == afresh(mannheim), number


def test_the_language_prefix_zone_name_and_slug_draw_it_anew(mannheim, bamberg) -> None:
    with scope(municipality=mannheim), translation.override("en"):
        with timezone.override("UTC"):
            in_utc = drawn_overview(mannheim)
        with timezone.override("Asia/Tokyo"):
            in_tokyo = drawn_overview(mannheim)
            assert in_tokyo is not in_utc  # the overview shows no time now, but may
            assert in_tokyo == afresh(mannheim)
        with translation.override("fa"):
            assert drawn_overview(mannheim) != in_utc
            assert drawn_overview(mannheim) == afresh(mannheim)
        here = drawn_overview(mannheim)
        prefix = get_script_prefix()
        set_script_prefix("/unter/")
        try:
            assert drawn_overview(mannheim) != here
            assert drawn_overview(mannheim) == afresh(mannheim)
        finally:
            set_script_prefix(prefix)
        assert drawn_overview(mannheim) is here
        mannheim.name = "Anderswo"
        renamed = drawn_overview(mannheim)
        assert renamed != here
        assert renamed == afresh(mannheim)
        mannheim.slug = "anders"
        assert drawn_overview(mannheim) != renamed
        assert drawn_overview(mannheim) == afresh(mannheim)
    with scope(municipality=bamberg), translation.override("en"):
        assert drawn_overview(bamberg) == afresh(bamberg)
        assert drawn_overview(bamberg) != here
