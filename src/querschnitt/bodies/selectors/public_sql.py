"""The reads of the public bodies pages (body list, body page, meeting calendar) as plain SQL.

Building these queries through the ORM (a visibility condition, two joins, `values`) costs
0.3–0.8 ms each, answering them a tenth of that; so the statements are written here, kept per
database alias, and give what the ORM reads gave (`test_public_sql.py` compares both, value
by value, on SQLite and PostgreSQL, for the public, a member and the office, with the other
city's ids). Who sees what is `bodies.visibility`'s rule, written out in SQL here.
Tenancy is the caller's: every statement names the municipality in its WHERE, as
django-scopes does not see plain SQL.
"""

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.bodies.models import Body, Location, Meeting, Membership, Person, SeatGroup
from querschnitt.bodies.rows import MEETING_ROW_FIELDS, MEMBER_ROW_FIELDS
from querschnitt.bodies.visibility import Viewer
from querschnitt.core.models import Department, Municipality
from querschnitt.core.sql_rows import (
    RawRows,
    column,
    columns,
    converted,
    converted_rows,
    instance,
    raw_rows,
    rows_of,
)


def _table(model: Any, using: str) -> str:
    return str(connections[using].ops.quote_name(model._meta.db_table))


def _in(ids: frozenset[int]) -> tuple[str, list[int]]:
    """`IN (%s, …)` for a viewer's bodies (never empty where it is used)."""
    return "(" + ", ".join(["%s"] * len(ids)) + ")", sorted(ids)


def _body_visible(viewer: Viewer) -> tuple[str, list[Any]]:
    """`body_q(viewer)` for the body `b`."""
    if viewer.office:
        return "1 = 1", []
    if not viewer.body_ids:
        return "b.is_public = %s", [True]
    listed, ids = _in(viewer.body_ids)
    return f"(b.is_public = %s OR b.id IN {listed})", [True, *ids]


def _meeting_visible(viewer: Viewer) -> tuple[str, list[Any]]:
    """`meeting_q(viewer)` for the meeting `m` of the body `b`."""
    if viewer.office:
        return "1 = 1", []
    public = "(m.published_at IS NOT NULL AND b.is_public = %s)"
    if not viewer.body_ids:
        return public, [True]
    listed, ids = _in(viewer.body_ids)
    return f"({public} OR m.body_id IN {listed})", [True, *ids]


# --- bodies -------------------------------------------------------------------------------------

LISTED_BODY_FIELDS = ("slug", "name", "is_public", "kind")


def listed_bodies(*, municipality: Municipality, viewer: Viewer) -> list[dict[str, Any]]:
    """The bodies the viewer sees, by kind and name, as `values(*LISTED_BODY_FIELDS)`."""
    using = router.db_for_read(Body)
    visible, params = _body_visible(viewer)
    sql = (
        f"SELECT b.slug, b.name, b.is_public, b.kind FROM {_table(Body, using)} b "  # noqa: S608
        f"WHERE b.municipality_id = %s AND {visible} ORDER BY b.kind, b.name"
    )
    fields = tuple(column(Body, name) for name in LISTED_BODY_FIELDS)
    rows = converted_rows(sql, [municipality.pk, *params], fields)
    return [dict(zip(LISTED_BODY_FIELDS, row, strict=True)) for row in rows]


def public_bodies(*, municipality: Municipality) -> list[dict[str, Any]]:
    """The public bodies by name, as `values("slug", "name")` (their calendars are public)."""
    return public_bodies_of(public_body_rows(municipality=municipality))


def public_body_rows(*, municipality: Municipality) -> RawRows:
    """`public_bodies` as the database gives them (`public_bodies_of` converts them)."""
    using = router.db_for_read(Body)
    sql = (
        f"SELECT b.slug, b.name FROM {_table(Body, using)} b "  # noqa: S608
        "WHERE b.municipality_id = %s AND b.is_public = %s ORDER BY b.name"
    )
    return raw_rows(sql, [municipality.pk, True], Body)


def public_bodies_of(rows: RawRows) -> list[dict[str, Any]]:
    fields = (column(Body, "slug"), column(Body, "name"))
    return [{"slug": slug, "name": name} for slug, name in converted(rows, fields)]


@lru_cache(maxsize=8)
def _body_select(using: str) -> str:
    departments = _table(Department, using)
    return (
        f"SELECT {columns(Body, using, 'b')}, d.name FROM {_table(Body, using)} b "  # noqa: S608
        f"LEFT JOIN {departments} d ON d.id = b.office_department_id "
        "WHERE b.municipality_id = %s AND b.slug = %s"
    )


def visible_body(
    *, municipality: Municipality, viewer: Viewer, slug: str
) -> tuple[Body, str | None] | None:
    """The body with this address if the viewer sees it, and the name of the department that
    runs its business (None without one); None if there is none the viewer sees."""
    using = router.db_for_read(Body)
    visible, params = _body_visible(viewer)
    rows = rows_of(using, f"{_body_select(using)} AND {visible}", [municipality.pk, slug, *params])
    if not rows:
        return None
    *values, department = rows[0]
    return instance(Body, using, values), department


# --- members ------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _members_select(using: str) -> str:
    quote = connections[using].ops.quote_name
    return (
        f"SELECT pe.title, pe.given_name, pe.family_name, ms.role, ms.{quote('group')}, "  # noqa: S608
        f"ms.seat_group_id, sg.name, ms.voting_right FROM {_table(Membership, using)} ms "
        f"INNER JOIN {_table(Person, using)} pe ON pe.id = ms.person_id "
        f"LEFT JOIN {_table(SeatGroup, using)} sg ON sg.id = ms.seat_group_id "
        "WHERE ms.municipality_id = %s AND ms.body_id = %s "
        "AND (ms.start_date IS NULL OR ms.start_date <= %s) "
        "AND (ms.end_date IS NULL OR ms.end_date >= %s) "
        "ORDER BY ms.role, pe.family_name, pe.given_name"
    )


MEMBER_COLUMNS = (
    (Person, "title"),
    (Person, "given_name"),
    (Person, "family_name"),
    (Membership, "role"),
    (Membership, "group"),
    (Membership, "seat_group"),
    (SeatGroup, "name"),
    (Membership, "voting_right"),
)


def current_members(*, municipality: Municipality, body: Body, on: date) -> list[dict[str, Any]]:
    """The memberships of a body running on `on`, by role and name, as
    `values(*MEMBER_ROW_FIELDS)`. The body is one the viewer sees, and its members show
    with it (`membership_q` is `body_q` of the membership's body)."""
    using = router.db_for_read(Membership)
    day = connections[using].ops.adapt_datefield_value(on)
    fields = tuple(column(model, name) for model, name in MEMBER_COLUMNS)
    rows = converted_rows(_members_select(using), [municipality.pk, body.pk, day, day], fields)
    return [dict(zip(MEMBER_ROW_FIELDS, row, strict=True)) for row in rows]


# --- meetings -----------------------------------------------------------------------------------

MEETING_COLUMNS = (
    (Meeting, "id"),
    (Meeting, "name"),
    (Meeting, "start"),
    (Meeting, "location"),
    (Location, "description"),
    (Location, "room"),
    (Meeting, "online_url"),
    (Meeting, "cancelled"),
    (Meeting, "published_at"),
)


@lru_cache(maxsize=8)
def _meetings_from(using: str) -> str:
    return (
        "SELECT m.id, m.name, m.start, m.location_id, l.description, l.room, m.online_url, "  # noqa: S608
        f"m.cancelled, m.published_at FROM {_table(Meeting, using)} m "
        f"INNER JOIN {_table(Body, using)} b ON b.id = m.body_id "
        f"LEFT JOIN {_table(Location, using)} l ON l.id = m.location_id "
        "WHERE m.municipality_id = %s"
    )


def _meeting_values(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    fields = tuple(column(model, name) for model, name in MEETING_COLUMNS)
    return [
        dict(zip(MEETING_ROW_FIELDS, row, strict=True))
        for row in converted_rows(sql, params, fields)
    ]


def meeting_values(rows: RawRows) -> list[dict[str, Any]]:
    """RawRows of `coming_meeting_rows` as `values(*MEETING_ROW_FIELDS)`."""
    fields = tuple(column(model, name) for model, name in MEETING_COLUMNS)
    return [dict(zip(MEETING_ROW_FIELDS, row, strict=True)) for row in converted(rows, fields)]


def meetings_between(
    *, municipality: Municipality, viewer: Viewer, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """The meetings the viewer sees that begin in [start, end), by start, as
    `values(*MEETING_ROW_FIELDS)`."""
    rows = meeting_rows_between(municipality=municipality, viewer=viewer, start=start, end=end)
    return meeting_values(rows)


def meeting_rows_between(
    *, municipality: Municipality, viewer: Viewer, start: datetime, end: datetime
) -> RawRows:
    """`meetings_between` as the database gives them (`meeting_values` converts them)."""
    using = router.db_for_read(Meeting)
    adapt = connections[using].ops.adapt_datetimefield_value
    visible, params = _meeting_visible(viewer)
    sql = (
        f"{_meetings_from(using)} AND {visible} AND m.start >= %s AND m.start < %s "
        "ORDER BY m.start, m.id"
    )
    return raw_rows(sql, [municipality.pk, *params, adapt(start), adapt(end)], Meeting)


def body_meetings(
    *, municipality: Municipality, viewer: Viewer, body: Body, since: datetime, limit: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A body's meetings the viewer sees: the first `limit` from `since` on, and the last
    `limit` before, each as `values(*MEETING_ROW_FIELDS)`. The body is one the viewer sees:
    they see all its meetings if they read all of it, else the published ones."""
    using = router.db_for_read(Meeting)
    shown = "" if viewer.reads_all_of(body.pk) else " AND m.published_at IS NOT NULL"
    meetings = f"{_meetings_from(using)} AND m.body_id = %s{shown}"
    moment = connections[using].ops.adapt_datetimefield_value(since)
    coming = _meeting_values(
        f"{meetings} AND m.start >= %s ORDER BY m.start LIMIT %s",
        [municipality.pk, body.pk, moment, limit],
    )
    past = _meeting_values(
        f"{meetings} AND m.start < %s ORDER BY m.start DESC LIMIT %s",
        [municipality.pk, body.pk, moment, limit],
    )
    return coming, past


def coming_meeting_rows(
    *, municipality: Municipality, viewer: Viewer, since: datetime, limit: int
) -> RawRows:
    """The first `limit` meetings the viewer sees that begin from `since` on and are not
    cancelled, by start (`upcoming_meetings`' rows), as the database gives them
    (`meeting_values` makes them `values(*MEETING_ROW_FIELDS)`)."""
    using = router.db_for_read(Meeting)
    adapt = connections[using].ops.adapt_datetimefield_value
    visible, params = _meeting_visible(viewer)
    sql = (
        f"{_meetings_from(using)} AND {visible} AND m.start >= %s AND m.cancelled = %s "
        "ORDER BY m.start, m.id LIMIT %s"
    )
    return raw_rows(sql, [municipality.pk, *params, adapt(since), False, limit], Meeting)
