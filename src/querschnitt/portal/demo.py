"""Demo data of the portal: the legally required pages of each demo municipality."""

from typing import Any

from querschnitt.core.models import Municipality
from querschnitt.portal import demo_texts
from querschnitt.portal.models import PublicPage


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
