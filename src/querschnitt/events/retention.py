"""Retention of registrations (registered in `apps.py`): a set time after a date, nobody's
name, address or answer is left; the counts stay."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from querschnitt.core import retention
from querschnitt.core.models import Municipality
from querschnitt.events.models import EventDate, Registration
from querschnitt.events.services.personal import registrations_anonymise


def registrations_purge(*, municipality: Municipality, before: datetime) -> int:
    """Every registration of a date that ended before `before`, date by date."""
    dates = list(
        EventDate.objects.filter(
            municipality=municipality, end__lt=before, personal_data_removed_at__isnull=True
        )
        .filter(registrations__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )
    done = 0
    now = timezone.now()
    for pk in dates:
        registrations = list(
            Registration.objects.filter(municipality=municipality, date_id=pk).exclude(
                name="", email="", organisation_name="", secret=""
            )
        )
        done += registrations_anonymise(
            municipality=municipality, registrations=registrations, now=now
        )
        EventDate.objects.filter(municipality=municipality, pk=pk).update(
            personal_data_removed_at=now
        )
    return done


KINDS = [
    retention.Kind(
        key="events.registrations",
        label=_("Registrations for events"),
        what=_(
            "Names, e-mail addresses, organisations and answers of the people registered for a "
            "date, in the audit trail and the records of e-mails too; how many registered and "
            "came stays."
        ),
        default_days=90,
        minimum_days=7,
        reason=_(
            "Three months after the date leave time for certificates of attendance, questions "
            "about who came and the report to those who fund the event."
        ),
        purge=registrations_purge,
        order=40,
    )
]
