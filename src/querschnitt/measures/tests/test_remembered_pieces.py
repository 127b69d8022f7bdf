"""Pieces of the public pages rendered once per content version (`views/public.py`,
`core.versioned`): the dashboard's figures (per language and year) and the catalogue's frozen
editions. A new roll-up, a renamed field of action and a new edition show on the next request
in every language, and the other municipality's pages stay as they were."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.measures.models import Measure, MeasureState
from querschnitt.measures.services.catalogues import catalogue_freeze
from querschnitt.measures.tasks import rollup_refresh
from querschnitt.measures.views.public import budget_years
from querschnitt.strategy.models import FieldOfAction

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "ar", "fa"]


def dashboard(slug: str, language: str) -> str:
    client = Client()
    client.cookies["qs_language"] = language
    # with a query: rendered by the view, not answered from the whole-page cache
    response = client.get(f"/{slug}/steuerung/?jahr={timezone.localdate().year}")
    assert response.status_code == 200
    return response.content.decode()


def total(html: str) -> str:
    found = re.search(r'<p class="qs-measures-big" data-node="total">([^<]*)</p>', html)
    assert found is not None
    return found.group(1)


def test_a_new_rollup_and_a_renamed_field_show_at_once(mannheim, bamberg) -> None:
    before = {language: dashboard("mannheim", language) for language in LANGUAGES}
    other = {language: dashboard("bamberg", language) for language in LANGUAGES}
    with scope(municipality=mannheim):
        field = FieldOfAction.objects.order_by("position", "id").first()
        field.name = {"de": "Umbenanntes Handlungsfeld", "ar": "مجال معاد تسميته"}
        field.save()
        # every public measure done: the whole catalogue at 100 % once the roll-up ran
        Measure.objects.filter(state__reporting=True).update(
            reported_progress=100, reported_status=Measure.Status.DONE
        )
    assert all(total(html) != "100 %" for html in before.values())
    rollup_refresh.call(municipality_id=mannheim.pk)
    for language in LANGUAGES:
        after = dashboard("mannheim", language)
        assert total(after) != total(before[language])
        name = "مجال معاد تسميته" if language == "ar" else "Umbenanntes Handlungsfeld"
        assert name in after
        assert name not in before[language]
        assert dashboard("bamberg", language) == other[language]


def catalogue(slug: str, language: str) -> str:
    client = Client()
    client.cookies["qs_language"] = language
    response = client.get(f"/{slug}/massnahmen/?page=1")
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_edition_shows_at_once(mannheim, bamberg) -> None:
    before = {language: catalogue("mannheim", language) for language in LANGUAGES}
    other = {language: catalogue("bamberg", language) for language in LANGUAGES}
    as_of = timezone.localdate() - timedelta(days=1)
    with scope(municipality=mannheim):
        catalogue_freeze(
            municipality=mannheim,
            by=User.objects.get(email="team@mannheim.example"),
            year=as_of.year + 1,
            as_of=as_of,
        )
    link = f'href="/mannheim/massnahmen/stand/{as_of.isoformat()}/"'
    for language in LANGUAGES:
        assert link not in before[language]
        assert link in catalogue("mannheim", language)
        assert catalogue("bamberg", language) == other[language]


def test_only_years_with_figures_are_kept(mannheim) -> None:
    """Any of 1990-2100 may be asked (`?jahr=`): only this year and the years the roll-up has
    budgets for take an entry in the shared store; the others are rendered afresh."""
    from querschnitt.core import versioned

    client = Client()
    this_year = timezone.localdate().year
    with_budget = budget_years(mannheim)
    assert with_budget
    for year in (this_year, *with_budget, 1995, 2099):
        assert client.get(f"/mannheim/steuerung/?jahr={year}").status_code == 200
    kept = {
        int(name.rsplit(":", 1)[1])
        for (pk, name) in versioned._kept
        if pk == mannheim.pk and name.startswith("measures:dashboard:de:")
    }
    assert kept == {this_year, *with_budget}
    page = client.get("/mannheim/steuerung/?jahr=1995").content.decode()
    assert "Budget 1995" in page


def measure_page(language: str, key: str = "M-01") -> str:
    client = Client()
    client.cookies["qs_language"] = language
    response = client.get(f"/mannheim/massnahmen/{key}/?x=1")  # not from the page cache
    assert response.status_code == 200
    return response.content.decode()


def test_a_changed_measure_and_its_linked_names_show_at_once(mannheim) -> None:
    before = {language: measure_page(language) for language in LANGUAGES}
    with scope(municipality=mannheim):
        measure = Measure.objects.get(key="M-01")
        measure.title = {"de": "Umbenannte Maßnahme", "ar": "إجراء معاد تسميته"}
        measure.save()
        department = measure.departments.order_by("id").first()
        if department is not None:
            department.name = "Umbenannte Dienststelle"
            department.save()
    for language in LANGUAGES:
        after = measure_page(language)
        title = "إجراء معاد تسميته" if language == "ar" else "Umbenannte Maßnahme"
        assert title in after
        assert title not in before[language]
        if department is not None:
            assert "Umbenannte Dienststelle" in after
    assert Client().get("/mannheim/massnahmen/M-999/").status_code == 404


def staff_filters(language: str) -> str:
    client = signed_in_client("admin@mannheim.example")
    client.cookies["qs_language"] = language
    response = client.get("/mannheim/verwaltung/massnahmen/")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<div class="qs-measures-filters">')
    return html[start : html.index("</form>", start)]


def test_the_staff_filters_choices_follow_a_renamed_state_in_every_language(mannheim) -> None:
    """The staff list's filter choices are remembered per language and content version."""
    before = {language: staff_filters(language) for language in LANGUAGES}
    assert before["de"] != before["ar"]
    with scope(municipality=mannheim):
        state = MeasureState.objects.filter(municipality=mannheim).order_by("position").first()
        state.name = {"de": "Umbenannter Zustand", "ar": "حالة معاد تسميتها"}
        state.save()
    for language in LANGUAGES:
        after = staff_filters(language)
        name = "حالة معاد تسميتها" if language == "ar" else "Umbenannter Zustand"
        assert f'<option value="{state.key}">{name}</option>' in after
        assert name not in before[language]
        assert after.replace(name, "") != before[language].replace(name, "")


def drawn_afresh(municipality, year: int) -> str:
    from querschnitt.measures import dashboard_rows
    from querschnitt.measures.dashboard import dashboard
    from querschnitt.measures.views.staff_reports import board_context

    board = dashboard(municipality=municipality, public=True, year=year)
    return dashboard_rows.figures(board_context(board))


def test_figures_kept_by_their_rows_are_drawn_anew_for_any_change_of_them(mannheim) -> None:
    """`drawn_figures` keeps the figures by the rows they are drawn from: the same rows give
    the figures kept, a change of any read's rows, of the language, the time zone or the year
    draws them anew, and they always equal the figures drawn afresh."""
    from django.utils import translation

    from querschnitt.measures.models import Rollup
    from querschnitt.measures.views.public import drawn_figures
    from querschnitt.monitoring.models import IndicatorValue
    from querschnitt.strategy.models import (
        ControllingIndicator,
        Goal,
        IndicatorActual,
        IndicatorTarget,
    )

    year = timezone.localdate().year
    with scope(municipality=mannheim):
        linked = ControllingIndicator.objects.filter(
            is_public=True, monitoring_indicator__isnull=False
        ).first()
        assert linked is not None
        monitored = (
            IndicatorValue.objects.filter(
                indicator_id=linked.monitoring_indicator_id,
                area__isnull=True,
                series="",
                category="",
                value__isnull=False,
            )
            .exclude(year__in=IndicatorTarget.objects.filter(indicator=linked).values("year"))
            .first()
        )
        assert monitored is not None
        changes = [
            lambda: Rollup.objects.filter(scope=Rollup.Scope.PUBLIC).update(
                computed_at=timezone.now() - timedelta(days=3)
            ),
            lambda: FieldOfAction.objects.filter(
                pk=FieldOfAction.objects.order_by("position", "id").first().pk
            ).update(name={"de": "Anders benannt"}),
            lambda: Goal.objects.filter(
                pk=Goal.objects.filter(is_public=True).order_by("position", "key").first().pk
            ).update(title={"de": "Anderes Ziel", "ar": "هدف آخر"}),
            lambda: ControllingIndicator.objects.filter(pk=linked.pk).update(unit="kWh/a"),
            lambda: IndicatorTarget.objects.filter(indicator=linked).update(value=123456),
            lambda: IndicatorActual.objects.filter(indicator=linked).update(value=4321),
            # a year of the monitoring's values among the years shown, then another value
            lambda: IndicatorTarget.objects.create(
                municipality=mannheim, indicator=linked, year=monitored.year, value=1
            ),
            lambda: IndicatorValue.objects.filter(pk=monitored.pk).update(value=98.7),
        ]
        for language in ("de", "ar"):
            with translation.override(language):
                kept = drawn_figures(mannheim, year)
                assert kept == drawn_afresh(mannheim, year)
                assert drawn_figures(mannheim, year) is kept
        for number, change in enumerate(changes):
            with translation.override("de"):
                before = drawn_figures(mannheim, year)
                change()
                after = drawn_figures(mannheim, year)
                assert after != before, number
                assert after == drawn_afresh(mannheim, year)
        for zone in ("UTC", "Asia/Tokyo"):
            with timezone.override(zone), translation.override("en"):
                assert drawn_figures(mannheim, year) == drawn_afresh(mannheim, year)
        with translation.override("en"):
            assert drawn_figures(mannheim, year - 1) == drawn_afresh(mannheim, year - 1)
            with timezone.override("UTC"):
                in_utc = drawn_figures(mannheim, year)
            with timezone.override("Asia/Tokyo"):
                assert drawn_figures(mannheim, year) != in_utc
