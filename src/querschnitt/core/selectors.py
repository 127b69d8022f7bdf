"""Reads of tenants that every app needs."""

import time
from typing import Any

from django.db.models import QuerySet

from querschnitt.core.models import AuditEntry, Department, Municipality


def municipality_by_slug(slug: str) -> Municipality | None:
    """The active municipality of an address. Asked on every request under `/<municipality>/`,
    so written as SQL: the ORM would spend longer building this query than the database
    spends answering it."""
    found = Municipality.objects.raw(
        "SELECT * FROM core_municipality WHERE slug = %s AND is_active LIMIT 1", [slug]
    )
    return next(iter(found), None)


RECENT_SECONDS = 3.0
_recent: dict[str, tuple[float, Municipality | None]] = {}


def municipality_by_slug_recent(slug: str) -> Municipality | None:
    """The municipality as this process read it at most RECENT_SECONDS ago.

    For anonymous page views only: their cached pages may lag a change by those seconds,
    while signed-in people always read the row fresh.
    """
    now = time.monotonic()
    hit = _recent.get(slug)
    if hit is not None and now - hit[0] < RECENT_SECONDS:
        return hit[1]
    municipality = municipality_by_slug(slug)
    if len(_recent) > 10_000:
        _recent.clear()
    _recent[slug] = (now, municipality)
    return municipality


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
