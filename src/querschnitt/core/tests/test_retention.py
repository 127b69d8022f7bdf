"""Retention periods: defaults with reasons, set per municipality by its administrator, and
the daily job that deletes what is older."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks_db.models import DBTaskResult

from conftest import signed_in_client
from querschnitt.core import jobs, retention
from querschnitt.core.audit import audit_record
from querschnitt.core.models import AuditEntry, RetentionPeriod

PAGE = "/mannheim/verwaltung/einstellungen/aufbewahrung/"
ADMIN = "admin@mannheim.example"


def test_every_kind_has_a_reason_and_a_default_within_its_bounds() -> None:
    keys = {kind.key for kind in retention.kinds()}
    assert {
        "core.audit_entries",
        "core.task_results",
        "accounts.signin_log",
        "portal.accessibility_feedback",
        "network.unconfirmed",
        "network.declined_signatures",
        "network.withdrawn_consents",
        "network.mail_logs",
    } <= keys
    for kind in retention.kinds():
        assert str(kind.reason)
        assert str(kind.what)
        assert str(kind.label)
        assert kind.minimum_days <= kind.default_days <= kind.maximum_days


@pytest.mark.django_db
def test_the_administrator_sets_periods_and_sees_the_platforms(mannheim) -> None:
    client = signed_in_client(ADMIN)
    page = client.get(PAGE).content.decode()
    assert "Voreinstellung 730 Tage" in page
    assert "Für die ganze Plattform festgelegt" in page
    assert "Anmeldeprotokoll" in page
    assert 'name="days_core__task_results"' not in page
    form = {
        f"days_{kind.key.replace('.', '__')}": kind.default_days
        for kind in retention.kinds()
        if not kind.is_platform
    }
    response = client.post(PAGE, {**form, "days_core__audit_entries": 400})
    assert response.status_code == 302
    with scope(municipality=mannheim):
        assert retention.retention_days(municipality=mannheim, key="core.audit_entries") == 400
        entry = AuditEntry.objects.filter(action="retention.updated").latest("id")
    assert entry.changes == {"core.audit_entries": {"from": 730, "to": 400}}
    assert entry.actor.email == ADMIN


@pytest.mark.django_db
def test_periods_outside_the_bounds_are_refused_with_a_reason(mannheim) -> None:
    client = signed_in_client(ADMIN)
    response = client.post(PAGE, {"days_core__audit_entries": "30", "days_network__mail_logs": "x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte überprüfen Sie Ihre Eingabe" in page or "kern-alert" in page
    assert "größer oder gleich 180" in page
    with scopes_disabled():
        assert not RetentionPeriod.objects.filter(municipality=mannheim).exists()
    with scope(municipality=mannheim), pytest.raises(Exception, match="180"):
        retention.retention_periods_update(
            municipality=mannheim, by=None, days={"core.audit_entries": 10}
        )


@pytest.mark.django_db
def test_each_city_has_its_own_periods(mannheim, bamberg) -> None:
    with scope(municipality=mannheim):
        retention.retention_periods_update(
            municipality=mannheim, by=None, days={"core.audit_entries": 365}
        )
    with scope(municipality=bamberg):
        assert retention.retention_days(municipality=bamberg, key="core.audit_entries") == 730


@pytest.mark.django_db
def test_the_daily_job_deletes_old_audit_entries_and_task_results(mannheim, bamberg) -> None:
    long_ago = timezone.now() - timedelta(days=800)
    with scope(municipality=mannheim):
        old = audit_record(municipality=mannheim, actor=None, action="test.old")
        recent = audit_record(municipality=mannheim, actor=None, action="test.recent")
    with scope(municipality=bamberg):
        bamberg_old = audit_record(municipality=bamberg, actor=None, action="test.old")
    with scopes_disabled():
        AuditEntry.objects.filter(pk__in=[old.pk, bamberg_old.pk]).update(created_at=long_ago)
    with scope(municipality=bamberg):
        retention.retention_periods_update(
            municipality=bamberg, by=None, days={"core.audit_entries": 1000}
        )
    finished = DBTaskResult.objects.create(
        status="SUCCESSFUL",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="querschnitt.core.tasks.deliver_email",
        backend_name="default",
        run_after=long_ago,
        finished_at=long_ago,
        exception_class_path="",
        traceback="",
    )
    waiting = DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="querschnitt.core.tasks.deliver_email",
        backend_name="default",
        run_after=long_ago,
        exception_class_path="",
        traceback="",
    )
    summary = jobs.registry["core.retention"].run()
    assert "core.audit_entries: 1" in str(summary)
    with scopes_disabled():
        assert not AuditEntry.objects.filter(pk=old.pk).exists()
        assert AuditEntry.objects.filter(pk=recent.pk).exists()
        assert AuditEntry.objects.filter(pk=bamberg_old.pk).exists(), "Bamberg keeps 1000 days"
        applied = AuditEntry.objects.get(municipality=mannheim, action="retention.applied")
    assert applied.changes["core.audit_entries"] == 1
    assert not DBTaskResult.objects.filter(pk=finished.pk).exists()
    assert DBTaskResult.objects.filter(pk=waiting.pk).exists(), "a queued task is never pruned"
