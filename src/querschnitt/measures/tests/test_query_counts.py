"""The catalogue's pages, public and staff, run the same number of queries whatever the number
of measures, goals, reports and editions."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.core.models import Department
from querschnitt.core.tests.test_query_counts import query_count
from querschnitt.measures.models import BudgetLine, Measure, MeasureState, ProgressReport
from querschnitt.measures.periods import quarter_of
from querschnitt.measures.services.catalogues import catalogue_freeze
from querschnitt.measures.services.rollups import rollup_compute
from querschnitt.strategy.models import FieldOfAction, Goal

pytestmark = pytest.mark.django_db


def grow(municipality, size: int, start: int) -> None:
    """`size` more measures in implementation, each serving a goal and a field of action,
    with a budget and a report, led by the liaison's department."""
    with scope(municipality=municipality):
        state = MeasureState.objects.get(key="umsetzung")
        department = Department.objects.get(name="Fachbereich Bildung")
        goals = list(Goal.objects.exclude(parent=None))
        fields = list(FieldOfAction.objects.all())
        measures = Measure.objects.bulk_create(
            Measure(
                municipality=municipality,
                key=f"X-{start + n}",
                title={"de": f"Zusatzmaßnahme {start + n}"},
                state=state,
                proposer_kind=Measure.ProposerKind.OFFICE,
                lead_department=department,
                is_public=True,
                reporting_since=timezone.localdate() - timedelta(days=400),
                # owes every report since (the unbroken run ends before the first period)
                reports_complete_until=timezone.localdate() - timedelta(days=500),
            )
            for n in range(size)
        )
        served: Any = Measure.goals.through
        served.objects.bulk_create(
            served(measure_id=m.pk, goal_id=goals[n % len(goals)].pk)
            for n, m in enumerate(measures)
        )
        Measure.fields_of_action.through.objects.bulk_create(
            Measure.fields_of_action.through(
                measure_id=m.pk, fieldofaction_id=fields[n % len(fields)].pk
            )
            for n, m in enumerate(measures)
        )
        year = timezone.localdate().year
        BudgetLine.objects.bulk_create(
            BudgetLine(municipality=municipality, measure=m, year=year, planned=Decimal(1000))
            for m in measures
        )
        period = quarter_of(timezone.localdate() - timedelta(days=100))
        ProgressReport.objects.bulk_create(
            ProgressReport(
                municipality=municipality,
                measure=m,
                period_start=period.start,
                period_end=period.end,
                department=department,
                progress=50,
                status=Measure.Status.ON_TRACK,
            )
            for m in measures
        )
        rollup_compute(municipality=municipality)


def edition(municipality, days_ago: int) -> str:
    with scope(municipality=municipality):
        as_of = timezone.localdate() - timedelta(days=days_ago)
        catalogue_freeze(
            municipality=municipality,
            by=User.objects.get(email="team@mannheim.example"),
            year=as_of.year + 1,
            as_of=as_of,
        )
    return as_of.isoformat()


PUBLIC = [
    "/mannheim/massnahmen/",
    "/mannheim/massnahmen/M-01/",
    "/mannheim/steuerung/",
    "/mannheim/steuerung/gewichte.csv",
]
OFFICE = [
    "/mannheim/verwaltung/massnahmen/",
    "/mannheim/verwaltung/massnahmen/berichte/",
    "/mannheim/verwaltung/massnahmen/steuerung/",
    "/mannheim/verwaltung/massnahmen/bestandsaufnahme/",
    "/mannheim/verwaltung/massnahmen/kataloge/",
    "/mannheim/verwaltung/massnahmen/entscheidungsweg/",
    "/mannheim/verwaltung/massnahmen/export.csv",
    "/mannheim/verwaltung/ziele/",
]
LIAISON = ["/mannheim/verwaltung/massnahmen/", "/mannheim/verwaltung/massnahmen/berichte/"]
# the liaison's department, chosen by the office: the reports it owes, page by page
DEPARTMENT = [
    "/mannheim/verwaltung/massnahmen/berichte/?department={department}",
    "/mannheim/verwaltung/massnahmen/berichte/?department={department}&page=2",
    "/mannheim/verwaltung/massnahmen/?department={department}&state=umsetzung",
]
# pinned: a change that adds a query to a list page shows here first
PINNED_MAXIMUM = 40


def counts(editions: tuple[str, str]) -> dict[str, int]:
    office = signed_in_client("team@mannheim.example")
    liaison = signed_in_client("dienststelle@mannheim.example")
    found = {path: query_count(Client(), path) for path in PUBLIC}
    found |= {f"office {path}": query_count(office, path) for path in OFFICE}
    found |= {f"liaison {path}": query_count(liaison, path) for path in LIAISON}
    with scopes_disabled():
        department = Department.objects.get(
            municipality__slug="mannheim", name="Fachbereich Bildung"
        )
    found |= {
        f"office {path}": query_count(office, path.format(department=department.pk))
        for path in DEPARTMENT
    }
    as_of, _previous = editions
    for path in (
        f"/mannheim/massnahmen/stand/{as_of}/",
        f"/mannheim/massnahmen/stand/{as_of}/aenderungen/",
    ):
        found[path.replace(as_of, "<edition>")] = query_count(Client(), path)
    return found


def test_the_catalogue_pages_do_not_grow_with_the_measures(mannheim) -> None:
    grow(mannheim, 3, 0)
    first = edition(mannheim, 3)
    second = edition(mannheim, 2)
    small = counts((second, first))
    grow(mannheim, 80, 100)
    third = edition(mannheim, 1)
    large = counts((third, second))
    assert large == small
    assert max(large.values()) <= PINNED_MAXIMUM, large


def test_the_staff_measure_list_keeps_its_filters_from_page_to_page(mannheim) -> None:
    grow(mannheim, 60, 500)
    with scopes_disabled():
        department = Department.objects.get(municipality=mannheim, name="Fachbereich Bildung")
        shown = Measure.objects.filter(
            municipality=mannheim, lead_department=department, state__key="umsetzung"
        ).count()
    office = signed_in_client("team@mannheim.example")
    query = f"department={department.pk}&state=umsetzung"
    first = office.get(f"/mannheim/verwaltung/massnahmen/?{query}").content.decode()
    assert f'href="?{query.replace("&", "&amp;")}&amp;page=2" rel="next"' in first
    assert first.count('class="qs-measures-key"') == 50
    second = office.get(f"/mannheim/verwaltung/massnahmen/?{query}&page=2").content.decode()
    assert second.count('class="qs-measures-key"') == shown - 50
    assert f'href="?{query.replace("&", "&amp;")}&amp;page=1" rel="prev"' in second
