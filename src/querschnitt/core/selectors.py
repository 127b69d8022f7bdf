"""Reads of tenants that every app needs."""

import time
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from querschnitt.core.models import Department, Municipality
from querschnitt.core.sql_rows import all_rows, first_row


def municipality_by_slug(slug: str) -> Municipality | None:
    """The active municipality of an address. Asked on every request under `/<municipality>/`,
    so written as SQL: the ORM would spend longer building this query than the database
    spends answering it."""
    return first_row(Municipality, "slug = %s AND is_active", [slug])


RECENT_SECONDS = 3.0
_recent: dict[str, tuple[float, object, Municipality | None]] = {}


def municipality_by_slug_recent(slug: str) -> Municipality | None:
    """The municipality as this process read it at most RECENT_SECONDS ago, unless a
    municipality changed since (`municipality_rows_changed` moved the shared stamp).

    For anonymous page views only. With a shared cache (Redis, database) a change shows at
    once on every server; with the per-process default cache, other processes may lag it by
    those seconds. Signed-in people always read the row fresh.
    """
    from querschnitt.core.page_cache import MUNICIPALITY_STAMP

    now = time.monotonic()
    stamp = cache.get(MUNICIPALITY_STAMP)
    hit = _recent.get(slug)
    if hit is not None and now - hit[0] < RECENT_SECONDS and hit[1] == stamp:
        return hit[2]
    # The stamp was read before the row: a change committed in between moves the stamp
    # past the one stored here, so the next request reads the row again.
    municipality = municipality_by_slug(slug)
    if len(_recent) > 10_000:
        _recent.clear()
    _recent[slug] = (now, stamp, municipality)
    return municipality


def active_municipalities() -> list[Municipality]:
    """The municipalities of the platform's start page, by name. Plain SQL, as
    `municipality_by_slug` (a municipality is no tenant's row: nothing to scope)."""
    return all_rows(Municipality, "is_active", [], "name, id")


def departments_with_parents(*, municipality: Municipality) -> QuerySet[Department]:
    return (
        Department.objects.filter(municipality=municipality)
        .select_related("parent")
        .order_by("name", "id")
    )


def staff_overview(*, request: Any) -> dict[str, Any]:
    """The staff area's start page: this person's roles and the pending work of every app,
    this person's first, then grouped by section."""
    from querschnitt.accounts.permissions import roles_of
    from querschnitt.core.worklist import pending_work

    items = pending_work(request)
    sections: dict[str, list[Any]] = {}
    for item in items:
        if not item.personal:
            sections.setdefault(str(item.section), []).append(item)
    return {
        "my_roles": sorted(role.label for role in roles_of(request.user, request.municipality)),
        "personal_work": [item for item in items if item.personal],
        "work_sections": [
            {"label": label, "items": section_items, "key": f"work-{number}"}
            for number, (label, section_items) in enumerate(sections.items(), start=1)
        ],
        "has_work": bool(items),
    }
