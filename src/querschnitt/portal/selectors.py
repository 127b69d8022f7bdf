"""Reads of the public portal."""

from typing import Any

from django.db.models import QuerySet

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import first_row
from querschnitt.core.start_page import sections_markup
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
