"""The office answers reported barriers: open ones first against the target, handled, undone."""

import re

import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.core.models import AuditEntry
from querschnitt.portal.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db

LIST = "/mannheim/verwaltung/rueckmeldungen/"


def office() -> Client:
    client = signed_in_client("team@mannheim.example")
    client.cookies["qs_language"] = "en"
    return client


def oldest_open(municipality) -> AccessibilityFeedback:
    with scope(municipality=municipality):
        return AccessibilityFeedback.objects.filter(
            municipality=municipality, handled_at__isnull=True
        ).earliest("created_at")


def test_the_list_shows_the_open_reports_the_oldest_first_with_the_target(mannheim) -> None:
    response = office().get(LIST)
    reports = list(response.context["object_list"])
    assert [report.pk for report in reports] == [oldest_open(mannheim).pk, reports[1].pk]
    html = response.content.decode()
    assert re.search(r'<option value="offen"[^>]*selected', html)
    assert html.count(">past the target<") == 1


def test_handling_records_what_was_done_and_can_be_undone(mannheim) -> None:
    client = office()
    report = oldest_open(mannheim)
    detail = f"{LIST}{report.pk}/"
    refused = client.post(detail, {"reply": "  "})
    assert refused.status_code == 200
    assert 'aria-invalid="true"' in refused.content.decode()
    done = client.post(detail, {"reply": "Answered by e-mail; the map is keyboard-friendly now."})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.handled_at is not None
    assert report.handled_by is not None
    assert report.handled_by.email == "team@mannheim.example"
    assert [r.pk for r in client.get(LIST).context["object_list"]] != [report.pk]
    assert report in client.get(LIST + "?zustand=erledigt").context["object_list"]
    client.post(detail, {"action": "reopen"})
    report.refresh_from_db()
    assert report.handled_at is None
    assert report.reply.startswith("Answered by e-mail")
    with scope(municipality=mannheim):
        actions = set(
            AuditEntry.objects.filter(target_id=str(report.pk)).values_list("action", flat=True)
        )
    assert {"accessibility_feedback.handled", "accessibility_feedback.reopened"} <= actions


def test_another_municipalitys_report_does_not_exist_here(bamberg) -> None:
    with scopes_disabled():
        report = AccessibilityFeedback.objects.filter(municipality=bamberg).first()
    assert office().get(f"{LIST}{report.pk}/").status_code == 404
    assert office().post(f"{LIST}{report.pk}/", {"reply": "x"}).status_code == 404
