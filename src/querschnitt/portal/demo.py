"""Demo data of the portal: the legally required pages of each demo municipality."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from querschnitt.core.models import Municipality
from querschnitt.portal import demo_texts
from querschnitt.portal.models import AccessibilityFeedback, PublicPage

# Reported barriers waiting for an answer (days ago, page, message): one past the target.
DEMO_FEEDBACK = [
    (
        45,
        "/akteure/",
        "Beispiel: Die Karte im Verzeichnis lässt sich mit der Tastatur nicht verschieben.",
    ),
    (
        3,
        "/barrierefreiheit/",
        "Beispiel: Bitte bieten Sie die Erklärung zur Barrierefreiheit auch als PDF an.",
    ),
]


def load_pages(municipality: Municipality, city: dict[str, Any]) -> None:
    page_texts = {
        PublicPage.Kind.ACCESSIBILITY: demo_texts.accessibility_statement(
            municipality.name, municipality.contact_email
        ),
        PublicPage.Kind.IMPRINT: demo_texts.imprint(
            municipality.name,
            municipality.office_name,
            municipality.contact_address,
            municipality.contact_email,
        ),
        PublicPage.Kind.PRIVACY: demo_texts.privacy(municipality.office_name),
        PublicPage.Kind.EASY_LANGUAGE: demo_texts.easy_language(
            municipality.name, municipality.office_name
        ),
    }
    for kind, body in page_texts.items():
        PublicPage.objects.update_or_create(
            municipality=municipality, kind=kind, defaults={"body": body}
        )


def load_feedback(municipality: Municipality, city: dict[str, Any]) -> None:
    """Two example reports of barriers, waiting for an answer (idempotent)."""
    now = timezone.now()
    for days, path, message in DEMO_FEEDBACK:
        feedback, created = AccessibilityFeedback.objects.get_or_create(
            municipality=municipality,
            message=message,
            defaults={"page_url": f"/{municipality.slug}{path}"},
        )
        if created:
            AccessibilityFeedback.objects.filter(pk=feedback.pk).update(
                created_at=now - timedelta(days=days)
            )
