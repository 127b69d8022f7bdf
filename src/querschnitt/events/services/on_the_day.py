"""On the day and after: check-in by short code, the closing report, certificates of
attendance."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.events.models import (
    ClosingReport,
    ClosingReportOrganisation,
    EventDate,
    Registration,
)
from querschnitt.events.services.common import absolute_url, mail
from querschnitt.events.services.registrations import registration_token
from querschnitt.network.models import Organisation


def checkin_list(date: EventDate) -> Any:
    """Who may come in: confirmed places whose address was confirmed."""
    return Registration.objects.filter(
        municipality_id=date.municipality_id,
        date=date,
        state=Registration.State.CONFIRMED,
        email_confirmed_at__isnull=False,
    )


@transaction.atomic
def registration_check_in(
    *, registration: Registration, by: Any, arrived: bool = True, now: datetime | None = None
) -> Registration:
    """Record that a person (with their places) has arrived, or take it back."""
    now = now or timezone.now()
    if registration.state != Registration.State.CONFIRMED:
        raise ValidationError(_("Only a registration with a confirmed place can be checked in."))
    registration.checked_in_at = now if arrived else None
    registration.save(update_fields=["checked_in_at"])
    audit_record(
        municipality=registration.municipality,
        actor=by,
        action="registration.checked_in" if arrived else "registration.check_in_undone",
        target=registration,
    )
    return registration


def arrived_places(date: EventDate) -> int:
    return sum(
        checkin_list(date).filter(checked_in_at__isnull=False).values_list("places", flat=True)
    )


@transaction.atomic
def closing_report_save(
    *,
    date: EventDate,
    by: Any,
    attendees: int,
    organisations: list[Organisation],
    other_organisations: str = "",
    minutes: str = "",
    results: str = "",
    now: datetime | None = None,
) -> ClosingReport:
    """Write (or change) the closing report of a date that has taken place."""
    now = now or timezone.now()
    if not date.has_begun(now):
        raise ValidationError(_("A closing report is written once the date has taken place."))
    if date.cancelled:
        raise ValidationError(_("A cancelled date has no closing report."))
    for organisation in organisations:
        if organisation.municipality_id != date.municipality_id:
            raise ValidationError({"organisations": _("Choose one of this municipality.")})
    report = ClosingReport.objects.filter(municipality_id=date.municipality_id, date=date).first()
    created = report is None
    if report is None:
        report = ClosingReport(municipality_id=date.municipality_id, date=date, written_by=by)
    before = snapshot(report)
    report.attendees = attendees
    report.other_organisations = other_organisations.strip()
    report.minutes = minutes.strip()
    report.results = results.strip()
    report.full_clean(exclude=["date", "municipality", "written_by"])
    report.save()
    ClosingReportOrganisation.objects.filter(
        municipality_id=date.municipality_id, report=report
    ).delete()
    ClosingReportOrganisation.objects.bulk_create(
        ClosingReportOrganisation(
            municipality_id=date.municipality_id, report=report, organisation=organisation
        )
        for organisation in organisations
    )
    audit_record(
        municipality=report.municipality,
        actor=by,
        action="closing_report.written" if created else "closing_report.changed",
        target=date,
        changes={} if created else field_changes(before, report),
    )
    return report


def certificate_recipients(date: EventDate) -> Any:
    return checkin_list(date).filter(checked_in_at__isnull=False)


@transaction.atomic
def certificates_send(*, date: EventDate, by: Any, now: datetime | None = None) -> int:
    """Mail every person who came a link to their certificate of attendance (once)."""
    now = now or timezone.now()
    if not date.has_ended(now):
        raise ValidationError(_("Certificates go out once the date has ended."))
    recipients = list(
        certificate_recipients(date)
        .filter(certificate_sent_at__isnull=True)
        .select_related("date", "date__event")
    )
    if not recipients:
        raise ValidationError(_("Nobody who came is still waiting for a certificate."))
    for registration in recipients:
        mail(
            to=registration.email,
            language=registration.language,
            subject=gettext_lazy("Your certificate of attendance"),
            template="certificate",
            context={
                "registration": registration,
                "event": date.event,
                "date": date,
                "municipality": date.event.municipality,
                "link": absolute_url(
                    date.event.municipality,
                    "events:certificate",
                    token=registration_token(registration),
                ),
            },
        )
        registration.certificate_sent_at = now
    Registration.objects.bulk_update(recipients, ["certificate_sent_at"])
    date.certificates_sent_at = now
    date.save(update_fields=["certificates_sent_at"])
    audit_record(
        municipality=date.event.municipality,
        actor=by,
        action="certificates.sent",
        target=date,
        changes={"count": len(recipients)},
    )
    return len(recipients)
