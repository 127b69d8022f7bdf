"""Removing registrants' personal data while the counts stay: after the retention period of
a date (`events.retention`) and on a person's request (`events.personal_data`).

The registration keeps its date, state, places and whether the person came; its name,
address, organisation, answers and the secret of its personal link go. The same people are
removed from the audit trail, from the records of e-mails sent to them (address and text)
and from the closing report of their date."""

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from querschnitt.core import personal_data_platform
from querschnitt.core.models import Municipality
from querschnitt.core.personal_data import Person, scrub
from querschnitt.events.models import ClosingReport, Registration

BLANK = {"name": "", "email": "", "organisation_name": "", "answers": {}, "secret": ""}


def _person(registrations: list[Registration]) -> Person | None:
    """One Person whose needles are every address and name of the registrations."""
    emails = sorted({r.email.lower() for r in registrations if r.email})
    names = {r.name for r in registrations if r.name} | {
        r.organisation_name for r in registrations if r.organisation_name
    }
    if not emails and not names:
        return None
    first, *others = emails or [""]
    return Person(
        email=first,
        names=frozenset(names | set(others)),
        references=frozenset(("events.registration", str(r.pk)) for r in registrations),
    )


@transaction.atomic
def registrations_anonymise(
    *, municipality: Municipality, registrations: list[Registration], now: datetime | None = None
) -> int:
    """Remove the people from the registrations and from every record about them."""
    now = now or timezone.now()
    registrations = [r for r in registrations if r.anonymised_at is None or r.email or r.name]
    if not registrations:
        return 0
    person = _person(registrations)
    if person is not None:
        needles = person.needles
        by_date: dict[int, list[Registration]] = defaultdict(list)
        for registration in registrations:
            by_date[registration.date_id].append(registration)
        for report in ClosingReport.objects.filter(
            municipality=municipality, date_id__in=list(by_date)
        ):
            for field in ("minutes", "results", "other_organisations"):
                setattr(report, field, scrub(getattr(report, field), needles))
            report.save()
        personal_data_platform.erase(municipality=municipality, person=person)
    for registration in registrations:
        for field, value in BLANK.items():
            setattr(registration, field, value)
        registration.anonymised_at = now
    Registration.objects.bulk_update(registrations, [*BLANK, "anonymised_at"], batch_size=500)
    return len(registrations)
