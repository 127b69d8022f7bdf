"""Reads of tenants that every app needs."""

from typing import Any

from django.db.models import QuerySet

from querschnitt.core.models import AuditEntry, Department, Municipality


def municipality_by_slug(slug: str) -> Municipality | None:
    return Municipality.objects.filter(slug=slug, is_active=True).first()


def active_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.filter(is_active=True).order_by("name")


def departments_with_parents(*, municipality: Municipality) -> QuerySet[Department]:
    return (
        Department.objects.filter(municipality=municipality)
        .select_related("parent")
        .order_by("name", "id")
    )


def audit_entries(*, municipality: Municipality, action: str = "") -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(municipality=municipality).select_related("actor")
    if action:
        entries = entries.filter(action__startswith=action)
    return entries.order_by("-created_at", "-id")


def staff_overview(*, municipality: Municipality, user: Any) -> dict[str, Any]:
    """Figures for the staff area's start page."""
    from querschnitt.accounts.permissions import roles_of

    return {
        "my_roles": sorted(role.label for role in roles_of(user, municipality)),
        "department_count": Department.objects.filter(
            municipality=municipality, is_active=True
        ).count(),
    }
