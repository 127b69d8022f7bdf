"""The bodies of a municipality with what their composition check reads, by plain SQL.

`bodies_with_composition` builds five ORM queries, three of them prefetches, and most of the
office's body list went there; here four plain statements, written once per database alias,
give the same instances: the bodies by name, their seat groups, their memberships with their
persons, and every term of the municipality (the bodies' own and the shared ones).
`test_composition_sql.py` compares them with the ORM's value by value on SQLite and
PostgreSQL, with the other city's bodies beside them.

Tenancy is the caller's: every statement names the municipality in its WHERE, as
django-scopes does not see plain SQL.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.db import connections, router

from querschnitt.bodies.models import Body, LegislativeTerm, Membership, Person, SeatGroup
from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import column, columns, converted_rows, instance

# what the composition check reads of a member's person (its name and gender); the
# person's other fields stay deferred
PERSON_FIELDS = ("id", "title", "given_name", "family_name", "gender")


@dataclass(frozen=True)
class Composition:
    """A body with its seat groups (in their order), its memberships (by key, each with its
    person) and its own terms (by start)."""

    body: Body
    seat_groups: list[SeatGroup]
    memberships: list[Membership]
    own_terms: list[LegislativeTerm]


@lru_cache(maxsize=8)
def _statements(using: str) -> dict[str, str]:
    quote = connections[using].ops.quote_name

    def table(model: type[Body | SeatGroup | Membership | Person | LegislativeTerm]) -> str:
        return quote(model._meta.db_table)

    membership_columns = columns(Membership, using, "m")
    person_columns = ", ".join(f"p.{quote(name)}" for name in PERSON_FIELDS)
    return {
        "bodies": f"SELECT {columns(Body, using, 'b')} FROM {table(Body)} b"  # noqa: S608
        " WHERE b.municipality_id = %s ORDER BY b.name, b.id",
        "seat_groups": f"SELECT {columns(SeatGroup, using, 'g')} FROM {table(SeatGroup)} g"  # noqa: S608
        f" WHERE g.municipality_id = %s ORDER BY g.{quote('order')}, g.name, g.id",
        "memberships": f"SELECT {membership_columns}, {person_columns}"  # noqa: S608
        f" FROM {table(Membership)} m JOIN {table(Person)} p ON p.id = m.person_id"
        " WHERE m.municipality_id = %s AND p.municipality_id = %s ORDER BY m.id",
        "terms": f"SELECT {columns(LegislativeTerm, using, 't')}"  # noqa: S608
        f" FROM {table(LegislativeTerm)} t WHERE t.municipality_id = %s"
        " ORDER BY t.start_date, t.id",
    }


def compositions(*, municipality: Municipality) -> tuple[list[Composition], list[LegislativeTerm]]:
    """Every body of the municipality by name with its composition, and the terms of the
    whole council (those that name no body), by start: four queries whatever their number."""
    using = router.db_for_read(Body)
    sql = _statements(using)
    key = municipality.pk
    with connections[using].cursor() as cursor:
        cursor.execute(sql["bodies"], [key])
        bodies = [instance(Body, using, list(row)) for row in cursor.fetchall()]
        cursor.execute(sql["seat_groups"], [key])
        groups = [instance(SeatGroup, using, list(row)) for row in cursor.fetchall()]
        cursor.execute(sql["terms"], [key])
        terms = [instance(LegislativeTerm, using, list(row)) for row in cursor.fetchall()]
    width = len(Membership._meta.concrete_fields)
    person_fields = tuple(column(Person, name) for name in PERSON_FIELDS)
    # the membership's columns as `instance` takes them, the person's converted here
    joined = converted_rows(sql["memberships"], [key, key], (None,) * width + person_fields)
    person_field = Membership._meta.get_field("person")
    groups_of: dict[int, list[SeatGroup]] = defaultdict(list)
    for group in groups:
        groups_of[group.body_id].append(group)
    members_of: dict[int, list[Membership]] = defaultdict(list)
    for row in joined:
        membership = instance(Membership, using, row[:width])
        person = Person.from_db(using, PERSON_FIELDS, row[width:])
        person_field.set_cached_value(membership, person)
        members_of[membership.body_id].append(membership)
    terms_of: dict[int | None, list[LegislativeTerm]] = defaultdict(list)
    for term in terms:
        terms_of[term.body_id].append(term)
    found = [
        Composition(body, groups_of[body.pk], members_of[body.pk], terms_of[body.pk])
        for body in bodies
    ]
    return found, terms_of[None]
