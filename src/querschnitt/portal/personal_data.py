"""Personal data in feedback on accessibility (registered in `apps.py`)."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.personal_data import (
    Holding,
    Person,
    Provider,
    json_value,
    mentions,
    scrub,
    text_q,
)
from querschnitt.portal.models import AccessibilityFeedback

FEEDBACK = "portal.accessibility_feedback"


def _feedback(municipality: Municipality, person: Person) -> list[AccessibilityFeedback]:
    rows: QuerySet[AccessibilityFeedback] = AccessibilityFeedback.objects.filter(
        Q(email__iexact=person.email) | text_q(["message", "name"], person.needles),
        municipality=municipality,
    ).order_by("id")
    return [
        row
        for row in rows
        if row.email.lower() == person.email or mentions([row.name, row.message], person.needles)
    ]


def find(*, municipality: Municipality, person: Person) -> list[Holding]:
    rows = _feedback(municipality, person)
    return [
        Holding(
            FEEDBACK,
            _("Feedback on accessibility"),
            len(rows),
            _("The report of the barrier stays; name and address are removed from it."),
            names=frozenset(
                row.name for row in rows if row.name and row.email.lower() == person.email
            ),
        )
    ]


def export(*, municipality: Municipality, person: Person) -> dict[str, list[dict[str, Any]]]:
    return {
        FEEDBACK: [
            {
                "received": json_value(row.created_at),
                "page": row.page_url,
                "message": row.message,
                "name": row.name,
                "email": row.email,
            }
            for row in _feedback(municipality, person)
        ]
    }


def erase(*, municipality: Municipality, person: Person) -> dict[str, int]:
    rows = _feedback(municipality, person)
    for row in rows:
        if row.email.lower() == person.email:
            row.name = row.email = ""
        row.name = scrub(row.name, person.needles)
        row.message = scrub(row.message, person.needles)
        row.save(update_fields=["name", "email", "message"])
    return {FEEDBACK: len(rows)}


PROVIDER = Provider(key="portal", find=find, export=export, erase=erase, order=300)
