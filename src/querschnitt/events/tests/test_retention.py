"""A set time after a date nobody's name, address or answer is left: not in the
registrations, not in the closing report, not in the audit trail; the counts stay. Dates
within the period keep theirs."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from querschnitt.core.audit import audit_record
from querschnitt.core.models import AuditEntry
from querschnitt.events.models import ClosingReport, EventDate, Registration
from querschnitt.events.retention import registrations_purge
from querschnitt.events.services.on_the_day import closing_report_save, registration_check_in
from querschnitt.events.services.registrations import registration_cancel
from querschnitt.events.tests.helpers import first_date, make_event, office_user, register

pytestmark = pytest.mark.django_db


def traces(municipality, words: list[str]) -> list[str]:
    """Where any of the words is still found."""
    found = []
    with scope(municipality=municipality):
        for row in Registration.objects.filter(municipality=municipality).values():
            found += [f"registration {row['id']}" for w in words if w in str(row)]
        for row in ClosingReport.objects.filter(municipality=municipality).values():
            found += [f"report {row['id']}" for w in words if w in str(row)]
        for row in AuditEntry.objects.filter(municipality=municipality).values():
            found += [f"audit {row['id']}" for w in words if w in str(row)]
    return found


def test_after_the_period_no_registrant_is_left_and_the_counts_stay(mannheim) -> None:
    old = first_date(make_event(mannheim, capacity=2))
    recent = first_date(make_event(mannheim, capacity=2))
    gone = register(old, 3, prefix="alt")
    register(recent, 1, prefix="neu")
    with scope(municipality=mannheim):
        registration_cancel(registration=gone[1], by=office_user())
        # Both dates have taken place: one 100 days ago, one yesterday.
        for date, days in ((old, 100), (recent, 1)):
            EventDate.objects.filter(pk=date.pk).update(
                start=date.start - timedelta(days=days + 10),
                end=date.end - timedelta(days=days + 10),
            )
        old.refresh_from_db()
        registration_check_in(registration=gone[0], by=office_user())
        closing_report_save(
            date=old,
            by=office_user(),
            attendees=1,
            organisations=[],
            minutes="Person alt0 stellte die Ergebnisse vor (alt0@example.org).",
        )
        audit_record(
            municipality=mannheim,
            actor=office_user(),
            action="registration.note",
            target=gone[0],
            changes={"note": "Rückruf an alt0@example.org"},
        )
    words = ["alt0@example.org", "Person alt0", "alt1@example.org", "alt2@example.org"]
    assert traces(mannheim, words), "the test finds what it looks for"
    with scope(municipality=mannheim):
        purged = registrations_purge(
            municipality=mannheim, before=timezone.now() - timedelta(days=90)
        )
    assert purged >= 3
    assert traces(mannheim, words) == []
    assert traces(mannheim, ["neu0@example.org"]), "a recent date keeps its registrations"
    with scope(municipality=mannheim):
        rows = list(
            Registration.objects.filter(date=old)
            .order_by("arrival")
            .values_list("state", "places", "checked_in_at")
        )
        report = ClosingReport.objects.get(date=old)
    assert [(state, places) for state, places, _at in rows] == [
        ("confirmed", 1),
        ("cancelled", 1),
        ("confirmed", 1),
    ]
    assert rows[0][2] is not None, "who came still counts"
    assert report.attendees == 1
    with scope(municipality=mannheim):
        registrations_purge(municipality=mannheim, before=timezone.now())
    assert traces(mannheim, ["neu0@example.org"]) == [], "its turn comes after its period"
