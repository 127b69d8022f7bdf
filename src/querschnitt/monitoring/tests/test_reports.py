"""Integration reports: composed from sections, previewed, produced as HTML and PDF by a
background task (German and Arabic, right to left), published."""

import io

import pytest
from django.test import Client
from django_scopes import scope
from pypdf import PdfReader

from conftest import signed_in_client
from querschnitt.monitoring.models import Indicator, Report, ReportSection

pytestmark = pytest.mark.django_db

ARABIC_TITLE = "تقرير الاندماج"
ARABIC_HEADING = "مقدمة"
ARABIC_TEXT = "يعرض هذا التقرير أرقام الاندماج في المدينة."


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def compose(client: Client, mannheim, *, language: str, title: str) -> Report:
    response = client.post(
        "/mannheim/verwaltung/monitoring/berichte/neu/",
        {"title": title, "year": 2022, "language": language},
    )
    assert response.status_code == 302
    with scope(municipality=mannheim):
        report = Report.objects.get(municipality=mannheim, title=title)
        indicator = Indicator.objects.get(municipality=mannheim, key="migrationshintergrund")
    base = f"/mannheim/verwaltung/monitoring/berichte/{report.pk}/abschnitte/neu/"
    heading, text = (
        (ARABIC_HEADING, ARABIC_TEXT)
        if language == "ar"
        else ("Einleitung", "Dieser Bericht zeigt die Zahlen der Integration.")
    )
    sections = [
        {"kind": "text", "heading": heading, "body": text},
        {
            "kind": "indicator",
            "heading": "Migration",
            "indicator": indicator.pk,
            "show_time_series": "on",
            "show_districts": "on",
            "show_map": "on",
        },
        {"kind": "segregation", "heading": "Segregation"},
    ]
    for section in sections:
        assert client.post(base, section).status_code == 302
    return report


def pdf_text(report: Report) -> str:
    report.refresh_from_db()
    with report.pdf_file.open("rb") as pdf:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read())).pages)


def test_a_german_report_is_composed_previewed_and_produced(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    report = compose(client, mannheim, language="de", title="Integrationsbericht Test")
    preview = client.get(
        f"/mannheim/verwaltung/monitoring/berichte/{report.pk}/vorschau/"
    ).content.decode()
    assert '<html lang="de" dir="ltr">' in preview
    assert "Dieser Bericht zeigt die Zahlen der Integration." in preview
    assert preview.count("<svg") == 3  # time series, districts, map
    response = client.post(
        f"/mannheim/verwaltung/monitoring/berichte/{report.pk}/", {"action": "produce"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.rendering == Report.Rendering.DONE
    assert report.progress_done == report.progress_total == 4
    text = pdf_text(report)
    assert "Integrationsbericht Test" in text
    assert "Dieser Bericht zeigt die Zahlen der Integration." in text
    assert "Anteil der Bevölkerung mit Migrationshintergrund" in text
    assert "Neckarstadt-West" in text
    assert "Berichtsjahr 2022" in text
    html = client.get(f"/mannheim/verwaltung/monitoring/berichte/{report.pk}/datei.html")
    assert html["Content-Disposition"].startswith("attachment")
    assert b"<style>" in b"".join(html.streaming_content)  # type: ignore[attr-defined]


def test_an_arabic_report_reads_right_to_left(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    report = compose(client, mannheim, language="ar", title=ARABIC_TITLE)
    preview = client.get(
        f"/mannheim/verwaltung/monitoring/berichte/{report.pk}/vorschau/"
    ).content.decode()
    assert '<html lang="ar" dir="rtl">' in preview
    # German names inside stay left to right
    assert 'lang="de" dir="ltr"' in preview
    client.post(f"/mannheim/verwaltung/monitoring/berichte/{report.pk}/", {"action": "produce"})
    text = pdf_text(report)
    for words in (ARABIC_TITLE, ARABIC_HEADING, "التقرير", "الاندماج"):
        assert words in text
    assert "سنة التقرير" in text  # the interface's words in Arabic too


def test_sections_move_and_are_removed_after_confirmation(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    report = compose(client, mannheim, language="de", title="Reihenfolge")
    url = f"/mannheim/verwaltung/monitoring/berichte/{report.pk}/"
    with scope(municipality=mannheim):
        first, second, third = ReportSection.objects.filter(report=report).order_by("position")
    client.post(url, {"action": "down", "section": first.pk})
    with scope(municipality=mannheim):
        assert list(
            ReportSection.objects.filter(report=report)
            .order_by("position")
            .values_list("pk", flat=True)
        ) == [second.pk, first.pk, third.pk]
    confirm = client.post(url, {"action": "delete", "section": third.pk})
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "qs-confirm__consequences" in page
    assert f'<input type="hidden" name="section" value="{third.pk}">' in page
    assert "Das lässt sich nicht rückgängig machen." in page
    with scope(municipality=mannheim):
        assert ReportSection.objects.filter(report=report).count() == 3
    client.post(url, {"action": "delete", "section": third.pk, "bestaetigt": "1"})
    with scope(municipality=mannheim):
        assert ReportSection.objects.filter(report=report).count() == 2


def test_an_indicator_section_needs_its_indicator(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    report = compose(client, mannheim, language="de", title="Ohne Indikator")
    response = client.post(
        f"/mannheim/verwaltung/monitoring/berichte/{report.pk}/abschnitte/neu/",
        {"kind": "indicator", "heading": "Fehlt"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["indicator"]


def test_a_published_report_is_public_a_draft_is_not(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    report = compose(client, mannheim, language="de", title="Öffentlich")
    url = f"/mannheim/verwaltung/monitoring/berichte/{report.pk}/"
    assert Client().get(f"/mannheim/monitoring/berichte/{report.pk}.pdf").status_code == 404
    refused = client.post(url, {"action": "publish"}, follow=True)
    assert (
        "Erstellen Sie den Bericht" in refused.content.decode()
        or "Produce the report" in refused.content.decode()
    )
    client.post(url, {"action": "produce"})
    # the first press asks on a confirm page; the report is not public before its button
    asked = client.post(url, {"action": "publish"}).content.decode()
    assert "qs-confirm__consequences" in asked
    assert '<input type="hidden" name="action" value="publish">' in asked
    assert Client().get(f"/mannheim/monitoring/berichte/{report.pk}.pdf").status_code == 404
    client.post(url, {"action": "publish", "bestaetigt": "1"})
    public = Client().get(f"/mannheim/monitoring/berichte/{report.pk}.pdf")
    assert public.status_code == 200
    # producing the published report again asks first: its new files go public
    asked = client.post(url, {"action": "produce"}).content.decode()
    assert "Den veröffentlichten Bericht neu erstellen?" in asked
    assert '<input type="hidden" name="action" value="produce">' in asked
    report.refresh_from_db()
    produced_at = report.rendered_at
    client.post(url, {"action": "produce", "bestaetigt": "1"})
    report.refresh_from_db()
    assert report.rendered_at != produced_at
    content = b"".join(public.streaming_content)  # type: ignore[attr-defined]
    assert content.startswith(b"%PDF")
    assert "Öffentlich" in Client().get("/mannheim/monitoring/berichte/").content.decode()
    # another municipality's address does not find it
    assert Client().get(f"/bamberg/monitoring/berichte/{report.pk}.pdf").status_code == 404


def test_the_progress_of_production_is_shown(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    with scope(municipality=mannheim):
        report = Report.objects.filter(municipality=mannheim).first()
        Report.objects.filter(pk=report.pk).update(
            rendering="running", progress_done=3, progress_total=12
        )
    partial = client.get(
        f"/mannheim/verwaltung/monitoring/berichte/{report.pk}/fortschritt/"
    ).content.decode()
    assert 'max="12" value="3"' in partial
    assert "every 2s" in partial
