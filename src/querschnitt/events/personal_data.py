"""Personal data in events (registered in `apps.py`): registrations under the person's
address. Erasing removes the person from them while the counts stay; the audit trail and
the records of e-mails are cleaned by the platform's provider with what is found here."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.personal_data import Holding, Person, Provider, json_value
from querschnitt.events.models import Question, Registration, answers_text
from querschnitt.events.services.personal import registrations_anonymise

REGISTRATIONS = "events.registrations"


def _registrations(municipality: Municipality, person: Person) -> QuerySet[Registration]:
    return Registration.objects.filter(
        municipality=municipality, email__iexact=person.email
    ).select_related("date", "date__event")


def find(*, municipality: Municipality, person: Person) -> list[Holding]:
    found = list(_registrations(municipality, person))
    return [
        Holding(
            REGISTRATIONS,
            _("Registrations for events"),
            len(found),
            _("The registrations stay as numbers; name, address and answers are removed."),
            names=frozenset(r.name for r in found if r.name),
            references=frozenset(("events.registration", str(r.pk)) for r in found),
        )
    ]


def export(*, municipality: Municipality, person: Person) -> dict[str, list[dict[str, Any]]]:
    rows = []
    for registration in _registrations(municipality, person):
        questions = list(
            Question.objects.filter(municipality=municipality, event=registration.date.event)
        )
        rows.append(
            {
                "event": str(registration.date.event),
                "date": json_value(timezone.localtime(registration.date.start)),
                "state": str(registration.get_state_display()),
                "places": registration.places,
                "name": registration.name,
                "email": registration.email,
                "organisation": registration.organisation_name,
                "answers": dict(answers_text(registration, questions)),
                "registered_at": json_value(registration.created_at),
                "arrived_at": json_value(registration.checked_in_at),
            }
        )
    return {REGISTRATIONS: rows}


def erase(*, municipality: Municipality, person: Person) -> dict[str, int]:
    registrations = list(_registrations(municipality, person))
    return {
        REGISTRATIONS: registrations_anonymise(
            municipality=municipality, registrations=registrations
        )
    }


PROVIDER = Provider(key="events", find=find, export=export, erase=erase, order=300)
