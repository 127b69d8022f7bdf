"""Reads of the public portal."""

from functools import lru_cache
from typing import Any

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import first_row
from querschnitt.core.start_page import sections_markup
from querschnitt.core.templatetags.querschnitt import json_ld_script
from querschnitt.core.worklist import past_target_cutoff
from querschnitt.portal.models import AccessibilityFeedback, PublicPage

# A reported barrier is to be answered promptly (§ 12b (4) BGG; Berlin, for one, sets at most a
# month): the target the overview and the list measure against.
FEEDBACK_TARGET_DAYS = 30


def public_page(*, municipality: Municipality, kind: str) -> PublicPage | None:
    """Read on every view of the legal pages, so as plain SQL (see `core.sql_rows`)."""
    return first_row(
        PublicPage, "municipality_id = %s AND kind = %s", [municipality.pk, kind], order_by="id"
    )


def feedback_reports(
    *, municipality: Municipality, state: str = "open", past_target_only: bool = False
) -> QuerySet[AccessibilityFeedback]:
    """Reported barriers: "open" (waiting for an answer, the longest waiting first), "handled"
    or "all" (newest first)."""
    reports = AccessibilityFeedback.objects.filter(municipality=municipality).select_related(
        "handled_by"
    )
    if past_target_only:
        state = "open"
        reports = reports.filter(created_at__lte=past_target_cutoff(FEEDBACK_TARGET_DAYS))
    if state == "open":
        return reports.filter(handled_at__isnull=True).order_by("created_at", "id")
    if state == "handled":
        reports = reports.filter(handled_at__isnull=False)
    return reports.order_by("-created_at", "-id")


def start_page_context(*, municipality: Municipality) -> dict[str, Any]:
    return {
        "sections": sections_markup(municipality),
        "json_ld_script": office_script(municipality=municipality),
    }


def office_script(*, municipality: Municipality) -> SafeString:
    """The office as a schema.org GovernmentOrganization (`json_ld_script`), remembered by
    what it is made of."""
    return _office_script(*_office_values(municipality))


def _office_values(municipality: Municipality) -> tuple[str, ...]:
    return (
        municipality.office_name,
        municipality.name,
        municipality.description.text,
        municipality.contact_email,
        municipality.contact_phone,
        municipality.website,
        municipality.contact_address,
    )


@lru_cache(maxsize=256)
def _office_script(*values: str) -> SafeString:
    return json_ld_script(_office_data(*values))


def _office_data(
    office_name: str,
    name: str,
    description: str,
    email: str,
    phone: str,
    website: str,
    address: str,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": office_name,
        "parentOrganization": {"@type": "GovernmentOrganization", "name": name},
        "areaServed": name,
    }
    if description:
        data["description"] = description
    if email:
        data["email"] = email
    if phone:
        data["telephone"] = phone
    if website:
        data["url"] = website
    if address:
        data["address"] = address.replace("\n", ", ")
    return data
