"""Reads of tenants that every app needs."""

import time
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.db import models, router
from django.db.models import QuerySet

from querschnitt.core.kept import Kept
from querschnitt.core.models import Department, Municipality
from querschnitt.core.sql_rows import all_rows, columns, converted, from_converted, raw_rows


def municipality_by_slug(slug: str) -> Municipality | None:
    """The active municipality of an address. Asked on every request under `/<municipality>/`,
    so written as SQL: the ORM would spend longer building this query than the database
    spends answering it. The row is read every time; its values are converted (JSON, times)
    once per row as the database gives it, and each caller gets its own JSON values."""
    using = router.db_for_read(Municipality)
    rows = raw_rows(municipality_sql(using), [slug], Municipality)
    if not rows:
        return None
    row = rows[0]
    values = list(_municipality_values.get((using, row), lambda: municipality_values(using, row)))
    for index in MUNICIPALITY_JSON:
        values[index] = json_copy(values[index])
    return from_converted(Municipality, using, values)


def municipality_values(using: str, row: tuple[Any, ...]) -> list[Any]:
    """The row's values converted. Every change of the municipality's public data moves
    `content_changed_at` alone, so the rest is kept by itself and only that time converted
    (the whole row: two JSON columns, four times and the converters' lookup, ~2–3 times
    the cost of the one time)."""
    rest = (*row[:CHANGED_AT], *row[CHANGED_AT + 1 :])
    values = list(
        _municipality_rest.get((using, rest), lambda: converted([row], MUNICIPALITY_FIELDS)[0])
    )
    values[CHANGED_AT] = converted([(row[CHANGED_AT],)], (MUNICIPALITY_FIELDS[CHANGED_AT],))[0][0]
    return values


MUNICIPALITY_FIELDS = tuple(Municipality._meta.concrete_fields)
MUNICIPALITY_JSON = [
    index for index, field in enumerate(MUNICIPALITY_FIELDS) if isinstance(field, models.JSONField)
]
CHANGED_AT = MUNICIPALITY_FIELDS.index(Municipality._meta.get_field("content_changed_at"))
# converted values by (database alias, the row as the database gave it)
_municipality_values: Kept[list[Any]] = Kept(64)
# the same by (database alias, the row but its `content_changed_at`)
_municipality_rest: Kept[list[Any]] = Kept(64)


@lru_cache(maxsize=8)
def municipality_sql(using: str) -> str:
    select = f"SELECT {columns(Municipality, using, 'm')} FROM core_municipality m"  # noqa: S608
    return f"{select} WHERE m.slug = %s AND m.is_active LIMIT 1"


def json_copy(value: Any) -> Any:
    """`value` with its own dicts and lists (all that JSON decodes to that can be changed)."""
    if isinstance(value, dict):
        return {key: json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_copy(item) for item in value]
    return value


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
