"""The council report's section of reports shows, per public measure, its last report of the
year only: read as one row per measure, not every report of the year."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from querschnitt.core.models import Department
from querschnitt.measures.documents import council_report_sections
from querschnitt.measures.models import CouncilReport, Measure, ProgressReport
from querschnitt.measures.selectors import public_q

pytestmark = pytest.mark.django_db

YEAR = 2024


def report(municipality, measure, start: date, end: date, progress: int) -> ProgressReport:
    return ProgressReport.objects.create(
        municipality=municipality,
        measure=measure,
        period_start=start,
        period_end=end,
        department=Department.objects.first(),
        progress=progress,
        status=Measure.Status.ON_TRACK,
    )


def test_each_public_measure_with_its_last_report_of_the_year(mannheim) -> None:
    with scope(municipality=mannheim):
        ProgressReport.objects.all().delete()
        first, second, hidden = Measure.objects.filter(public_q()).order_by("key")[:3]
        Measure.objects.filter(pk=hidden.pk).update(is_public=False)
        report(mannheim, first, date(YEAR, 1, 1), date(YEAR, 3, 31), 10)
        last = report(mannheim, first, date(YEAR, 10, 1), date(YEAR, 12, 31), 40)
        report(mannheim, first, date(YEAR, 4, 1), date(YEAR, 6, 30), 20)
        report(mannheim, first, date(YEAR + 1, 1, 1), date(YEAR + 1, 3, 31), 60)
        only = report(mannheim, second, date(YEAR, 7, 1), date(YEAR, 9, 30), 30)
        report(mannheim, hidden, date(YEAR, 7, 1), date(YEAR, 9, 30), 50)
        council = CouncilReport(municipality=mannheim, year=YEAR, language="de")
        build = dict(council_report_sections(council))["reports"]
        with CaptureQueriesContext(connection) as queries:
            shown = build()["latest_reports"]
        assert [found.pk for found in shown] == [last.pk, only.pk]
        assert len(queries.captured_queries) == 1
