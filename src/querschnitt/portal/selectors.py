"""Reads of the public portal."""

from typing import Any

from querschnitt.core.models import Municipality
from querschnitt.portal.models import PublicPage
from querschnitt.strategy.selectors import fields_of_action


def public_page(*, municipality: Municipality, kind: str) -> PublicPage | None:
    return PublicPage.objects.filter(municipality=municipality, kind=kind).first()


def start_page_context(*, municipality: Municipality) -> dict[str, Any]:
    from querschnitt.network.models import Alliance

    return {
        "fields_of_action": list(fields_of_action(municipality=municipality)),
        "alliances": list(
            Alliance.objects.filter(municipality=municipality).select_related("declaration")
        ),
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
