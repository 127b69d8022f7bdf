"""Departments report: bad input gets a clear message, a closed period is closed, late
reports are reminded once by e-mail; the council report is produced in the background as HTML
and PDF (pypdf reads it)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.measures.models import CouncilReport, Measure, ProgressReport
from querschnitt.measures.periods import quarter_of
from querschnitt.measures.services.reports import reminders_send, report_save, settings_of
from querschnitt.measures.tasks import council_report_produce

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

LIAISON = "dienststelle@mannheim.example"


def report_url(measure: Measure) -> str:
    period = quarter_of(timezone.localdate()).key
    return f"/mannheim/verwaltung/massnahmen/{measure.pk}/berichte/{period}/"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"progress": "150", "status": "on_track"}, "zwischen 0 und 100 %"),
        ({"progress": "viel", "status": "on_track"}, "ganze Zahl"),
        ({"progress": "40", "status": "delayed"}, "Sagen Sie, warum"),
        ({"progress": "40", "status": "on_track", "budget_spent": "zwölf"}, "Betrag in Euro"),
    ],
)
def test_bad_report_input_gets_a_clear_message(mannheim, form, message) -> None:
    measure = Measure.objects.get(municipality=mannheim, key="M-05")
    response = signed_in_client(LIAISON).post(report_url(measure), {"budget_spent": "0"} | form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressReport.objects.filter(measure=measure, progress=40).exists()


def test_a_closed_period_takes_no_report(mannheim) -> None:
    settings = settings_of(mannheim)
    settings.reporting_closed_until = date(timezone.localdate().year, 12, 31)
    settings.save()
    measure = Measure.objects.get(municipality=mannheim, key="M-05")
    with pytest.raises(ValidationError, match="Bitten Sie das Büro"):
        report_save(
            measure=measure,
            period=quarter_of(timezone.localdate()),
            by=User.objects.get(email=LIAISON),
            department=measure.lead_department,
            progress=40,
            status=Measure.Status.ON_TRACK,
            budget_spent=Decimal(0),
        )


def test_a_report_is_written_and_the_measure_shows_it(mannheim) -> None:
    measure = Measure.objects.get(municipality=mannheim, key="M-05")
    client = signed_in_client(LIAISON)
    form = {"progress": "64", "status": "on_track", "budget_spent": "1.250,50"}
    assert client.post(report_url(measure), form).status_code == 302
    report = ProgressReport.objects.get(measure=measure, progress=64)
    assert str(report.budget_spent) == "1250.50"
    measure.refresh_from_db()
    assert measure.reported_progress == 64


def test_a_report_may_leave_the_money_spent_empty(mannheim) -> None:
    measure = Measure.objects.get(municipality=mannheim, key="M-05")
    form = {"progress": "66", "status": "on_track", "budget_spent": ""}
    assert signed_in_client(LIAISON).post(report_url(measure), form).status_code == 302
    assert ProgressReport.objects.get(measure=measure, progress=66).budget_spent is None


def test_late_reports_are_reminded_once_by_e_mail(mannheim) -> None:
    sent = reminders_send(municipality=mannheim)
    assert sent >= 1
    assert mail.outbox
    recipients = {address for message in mail.outbox for address in message.to}
    from querschnitt.accounts.models import Role, RoleAssignment

    liaisons = set(
        RoleAssignment.objects.filter(
            municipality=mannheim, role=Role.DEPARTMENT_LIAISON
        ).values_list("user__email", flat=True)
    )
    assert recipients
    assert recipients <= liaisons
    assert all("überfällig" in message.subject for message in mail.outbox)
    assert reminders_send(municipality=mannheim) == 0  # once per period


def test_the_council_report_is_produced_as_html_and_pdf(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    year = timezone.localdate().year
    response = client.post(
        "/mannheim/verwaltung/massnahmen/ratsberichte/", {"year": year, "language": "de"}
    )
    assert response.status_code == 302
    report = CouncilReport.objects.filter(municipality=mannheim).latest("pk")
    url = f"/mannheim/verwaltung/massnahmen/ratsberichte/{report.pk}/"
    assert client.get(f"{url}pdf/").status_code == 404  # not produced yet
    council_report_produce.call(municipality_id=mannheim.pk, report_id=report.pk)
    report.refresh_from_db()
    assert report.state == "done"
    assert f"{url}pdf/" in client.get(url).content.decode()
    pdf = client.get(f"{url}pdf/")
    assert pdf.status_code == 200
    data = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content  # type: ignore[attr-defined]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for key in ("M-01", "M-05"):
        assert key in text
    title = Measure.objects.get(municipality=mannheim, key="M-05").title["de"]
    assert title[:30] in text.replace("\n", " ")
