"""The audit trail read with SQL gives what the ORM gives: the same count and the same rows,
page by page, for every start of an action (other cases, letters beyond ASCII, characters
that mean something to LIKE); and never an entry of another municipality."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from querschnitt.core.audit_sql import audit_count, audit_values
from querschnitt.core.models import AuditEntry, Municipality
from querschnitt.core.rows import AUDIT_ROW_FIELDS

ACTIONS = [
    "department.created",
    "Department.Renamed",
    "DEPARTMENT.deleted",
    "ärger.gemeldet",
    "Ärger.bestätigt",
    "straße.gesperrt",
    "STRASSE.offen",
    "100%_sicher",
    "100x_sicher",
    "back\\slash",
    "\u0627\u0644\u0628\u0644\u062f\u064a\u0629.done",
    "person.created",
]
STARTS = [
    "",
    "d",
    "D",
    "department.",
    "DEPARTMENT.",
    "Department.R",
    "ä",
    "Ä",
    "ärger",
    "ÄRGER",
    "stra",
    "STRA",
    "straße",
    "STRASSE",
    "100%",
    "100_",
    "100",
    "%",
    "_",
    "\\",
    "back\\",
    "'",
    "\u0627",
    "x" * 100,
    "person.created",
    "person.created.",
]


def through_orm(municipality: Municipality, action: str) -> list[dict]:
    """The trail as the ORM read it before `core.audit_sql`: the reference."""
    entries = AuditEntry.objects.filter(municipality=municipality)
    if action:
        entries = entries.filter(action__startswith=action)
    return list(entries.order_by("-created_at", "-id").values(*AUDIT_ROW_FIELDS))


def assert_same(municipality: Municipality, action: str, size: int = 4) -> int:
    expected = through_orm(municipality, action)
    assert audit_count(municipality=municipality, filters=action) == len(expected), action
    pages = [
        audit_values(municipality=municipality, filters=action, offset=start, limit=size)
        for start in range(0, len(expected) + 1, size)
    ]
    assert [row for page in pages for row in page] == expected, action
    return len(expected)


def record(municipality: Municipality, action: str, moment: datetime.datetime) -> None:
    entry = AuditEntry.objects.create(
        municipality=municipality,
        actor_label=f"Probe {municipality.slug}",
        action=action,
        target_type="probe",
        target_label=f"{action} ✓",
        changes={"name": {"from": "Ä", "to": None}, "count": 3, "list": [1, "zwei"]},
    )
    # several entries at one moment: the newest id first
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=moment)


@pytest.mark.django_db
def test_the_counts_and_rows_read_with_sql_are_those_of_the_orm(
    mannheim: Municipality, bamberg: Municipality
) -> None:
    start = timezone.now().replace(microsecond=123456)
    with scopes_disabled():
        for number, action in enumerate(ACTIONS * 2):
            moment = start - datetime.timedelta(hours=number // 3)
            record(mannheim, action, moment)
            record(bamberg, action.upper(), moment)
    for municipality in (mannheim, bamberg):
        with scope(municipality=municipality):
            matched = sum(bool(assert_same(municipality, action)) for action in STARTS)
            assert matched > 8
            assert assert_same(municipality, "", size=50) >= len(ACTIONS) * 2


@pytest.mark.django_db
def test_the_sql_never_reads_another_municipalitys_entries(
    mannheim: Municipality, bamberg: Municipality
) -> None:
    moment = timezone.now()
    with scopes_disabled():
        record(bamberg, "probe.bamberg", moment)
        record(mannheim, "probe.mannheim", moment)
        totals = {
            town.pk: AuditEntry.objects.filter(municipality=town).count()
            for town in (mannheim, bamberg)
        }
    with scope(municipality=mannheim):
        assert audit_count(municipality=mannheim, filters="probe.bamberg") == 0
        assert not audit_values(municipality=mannheim, filters="probe.b", offset=0, limit=50)
        assert assert_same(mannheim, "probe.") == 1
    for municipality, theirs in ((mannheim, "bamberg"), (bamberg, "mannheim")):
        listed = audit_values(municipality=municipality, filters="", offset=0, limit=10_000)
        labels = {row["target_label"] for row in listed}
        assert f"probe.{municipality.slug} ✓" in labels
        assert f"probe.{theirs} ✓" not in labels
        assert len(listed) == totals[municipality.pk]
        assert audit_count(municipality=municipality, filters="") == len(listed)
