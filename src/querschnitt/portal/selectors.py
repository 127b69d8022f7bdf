"""Reads of the public portal."""

from typing import Any

from querschnitt.core.models import Municipality
from querschnitt.core.start_page import rendered_sections
from querschnitt.portal.models import PublicPage


def public_page(*, municipality: Municipality, kind: str) -> PublicPage | None:
    return PublicPage.objects.filter(municipality=municipality, kind=kind).first()


def start_page_context(*, municipality: Municipality) -> dict[str, Any]:
    return {
        "sections": rendered_sections(municipality),
        "json_ld": office_json_ld(municipality=municipality),
    }


def office_json_ld(*, municipality: Municipality) -> dict[str, Any]:
    """The office as a schema.org GovernmentOrganization."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": municipality.office_name,
        "parentOrganization": {"@type": "GovernmentOrganization", "name": municipality.name},
        "areaServed": municipality.name,
    }
    if description := municipality.description.text:
        data["description"] = description
    if municipality.contact_email:
        data["email"] = municipality.contact_email
    if municipality.contact_phone:
        data["telephone"] = municipality.contact_phone
    if municipality.website:
        data["url"] = municipality.website
    if municipality.contact_address:
        data["address"] = municipality.contact_address.replace("\n", ", ")
    return data
