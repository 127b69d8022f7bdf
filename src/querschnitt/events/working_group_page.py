"""What the public page of a working group reads, in plain SQL kept per database alias
(`core/sql_rows.py`): the group with its body and the event it was founded at, its last
published meetings, its current members, the organisations in it and its results. Tenancy is
the caller's: every read names the municipality in its WHERE
(`events/tests/test_public_page_reads.py` compares each value with the ORM's, with the other
municipality's slugs, on SQLite and PostgreSQL)."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import connections, router
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.bodies.models import Body, Meeting, Membership, Person
from querschnitt.core.models import Municipality, Visibility, choice_labels
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.sql_rows import column, columns, converted_rows
from querschnitt.core.translation import translate
from querschnitt.events.models import Event, WorkingGroup, WorkingGroupResult
from querschnitt.network.models import Organisation


@dataclass(frozen=True)
class FoundedAt:
    """The event a group was founded at: its title, and its address if it is published."""

    name: str
    url: str | None


@dataclass(frozen=True)
class WorkingGroupPage:
    group: WorkingGroup  # its body read with it
    founded_at: FoundedAt | None


@lru_cache(maxsize=8)
def _group_sql(using: str) -> str:
    return (
        f"SELECT {columns(WorkingGroup, using, 'g')}, {columns(Body, using, 'b')}, "  # noqa: S608 - our names
        'e."title", e."state" '
        'FROM "events_workinggroup" g '
        'JOIN "bodies_body" b ON b."id" = g."body_id" '
        'LEFT JOIN "events_event" e ON e."id" = g."founded_at_id" '
        'WHERE g."municipality_id" = %s AND b."slug" = %s AND b."is_public"'
    )


GROUP_FIELDS = (
    *WorkingGroup._meta.concrete_fields,
    *Body._meta.concrete_fields,
    column(Event, "title"),
    column(Event, "state"),
)


def public_working_group(*, municipality: Municipality, slug: str) -> WorkingGroupPage | None:
    """The working group whose public body has the address `slug`, or None."""
    using = router.db_for_read(WorkingGroup)
    found = converted_rows(_group_sql(using), [municipality.pk, slug], GROUP_FIELDS)
    if not found:
        return None
    values = found[0]
    group_fields = WorkingGroup._meta.concrete_fields
    body_fields = Body._meta.concrete_fields
    split = len(group_fields)
    group = WorkingGroup.from_db(using, [field.attname for field in group_fields], values[:split])
    group.body = Body.from_db(
        using, [field.attname for field in body_fields], values[split : split + len(body_fields)]
    )
    title, state = values[split + len(body_fields) :]
    founded_at = None
    if group.founded_at_id is not None:
        founded_at = FoundedAt(
            # as str(Event) gives it
            translate(title).text or str(_("Event")),
            municipality_reverse(municipality, "events:detail", pk=group.founded_at_id)
            if state == Event.State.PUBLISHED
            else None,
        )
    return WorkingGroupPage(group=group, founded_at=founded_at)


MEETINGS_SQL = """
SELECT m."id", m."name", m."start" FROM "bodies_meeting" m
WHERE m."municipality_id" = %s AND m."body_id" = %s AND m."published_at" IS NOT NULL
ORDER BY m."start" DESC
LIMIT 10
"""
MEETING_FIELDS = (column(Meeting, "id"), column(Meeting, "name"), column(Meeting, "start"))

MEMBERS_SQL = """
SELECT p."title", p."given_name", p."family_name", ms."role"
FROM "bodies_membership" ms
JOIN "bodies_person" p ON p."id" = ms."person_id"
WHERE ms."municipality_id" = %s AND ms."body_id" = %s
  AND (ms."start_date" IS NULL OR ms."start_date" <= %s)
  AND (ms."end_date" IS NULL OR ms."end_date" >= %s)
ORDER BY ms."role", p."family_name", ms."id"
"""
MEMBER_FIELDS = (
    column(Person, "title"),
    column(Person, "given_name"),
    column(Person, "family_name"),
    column(Membership, "role"),
)

ORGANISATIONS_SQL = """
SELECT o."name" FROM "events_workinggrouporganisation" wo
JOIN "network_organisation" o ON o."id" = wo."organisation_id"
WHERE wo."municipality_id" = %s AND wo."group_id" = %s
  AND o."status" = %s AND o."visibility" = %s
ORDER BY o."name", wo."id"
"""

RESULTS_SQL = """
SELECT r."title", r."achieved_on", r."text" FROM "events_workinggroupresult" r
WHERE r."municipality_id" = %s AND r."group_id" = %s
ORDER BY r."achieved_on" DESC, r."id" DESC
"""
RESULT_FIELDS = tuple(column(WorkingGroupResult, name) for name in ("title", "achieved_on", "text"))


def group_meetings(*, municipality: Municipality, body: Body) -> list[dict[str, Any]]:
    """The body's last ten published meetings, newest first: pk, name, start."""
    return [
        {"pk": pk, "name": name, "start": start}
        for pk, name, start in converted_rows(
            MEETINGS_SQL, [municipality.pk, body.pk], MEETING_FIELDS
        )
    ]


def group_members(*, municipality: Municipality, body: Body, today: date) -> list[tuple[str, str]]:
    """(name, role) of the people who sit on the body today, by role and family name."""
    using = router.db_for_read(Membership)
    day = connections[using].ops.adapt_datefield_value(today)
    roles = choice_labels(Membership._meta.get_field("role"), get_language())
    rows = converted_rows(MEMBERS_SQL, [municipality.pk, body.pk, day, day], MEMBER_FIELDS)
    return [
        (" ".join(part for part in names if part), roles.get(role, role)) for *names, role in rows
    ]


def group_organisations(*, municipality: Municipality, group: WorkingGroup) -> list[str]:
    """The names of the organisations that work in the group and are publicly listed (as
    `network.selectors.listing.listed_condition` says), by name."""
    listed = [Organisation.Status.PUBLISHED.value, Visibility.PUBLIC.value]
    rows = converted_rows(
        ORGANISATIONS_SQL, [municipality.pk, group.pk, *listed], (column(Organisation, "name"),)
    )
    return [name for (name,) in rows]


def group_results(*, municipality: Municipality, group: WorkingGroup) -> list[dict[str, Any]]:
    """The group's results, newest first: title, achieved_on, text."""
    return [
        {"title": title, "achieved_on": achieved_on, "text": text}
        for title, achieved_on, text in converted_rows(
            RESULTS_SQL, [municipality.pk, group.pk], RESULT_FIELDS
        )
    ]
