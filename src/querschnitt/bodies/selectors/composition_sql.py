"""The bodies of a municipality with what their composition check reads, by plain SQL.

`bodies_with_composition` builds five ORM queries, three of them prefetches, and most of the
office's body list went there; here four plain statements, written once per database alias,
read the bodies by name, their seat groups, their memberships with their persons' names and
genders, and every term of the municipality (the bodies' own and the shared ones). They give
light rows of the columns the list and `composition_problems` read, not model instances (the
list made ~100 of them, with the bodies' translated texts). `test_composition_sql.py` compares
them with the ORM's instances value by value on SQLite and PostgreSQL, with the other city's
bodies beside them.

Tenancy is the caller's: every statement names the municipality in its WHERE, as
django-scopes does not see plain SQL.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connections, router
from django.db.models import Field, Model

from querschnitt.bodies.models import Body, LegislativeTerm, Membership, Person, SeatGroup
from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import column, converted_rows


class BodyRow(NamedTuple):
    pk: int
    municipality_id: int
    name: str
    kind: str
    is_public: bool
    end_date: date | None
    planned_size: int | None
    gender_balanced: bool


class SeatGroupRow(NamedTuple):
    pk: int
    municipality_id: int
    body_id: int
    name: str
    seats: int
    voting_right: bool


class PersonRow(NamedTuple):
    """What the composition check reads of a member's person."""

    pk: int
    municipality_id: int
    title: str
    given_name: str
    family_name: str
    gender: str

    @property
    def name(self) -> str:
        return Person.name.fget(self)  # type: ignore[attr-defined]


class MembershipRow(NamedTuple):
    pk: int
    municipality_id: int
    body_id: int
    role: str
    voting_right: bool
    seat_group_id: int | None
    start_date: date | None
    end_date: date | None
    person: PersonRow

    def is_current(self, on: date | None = None) -> bool:
        return Membership.is_current(self, on)  # type: ignore[arg-type]


class TermRow(NamedTuple):
    pk: int
    municipality_id: int
    body_id: int | None
    name: str
    start_date: date
    end_date: date


@dataclass(frozen=True)
class Composition:
    """A body with its seat groups (in their order), its memberships (by key, each with its
    person) and its own terms (by start)."""

    body: BodyRow
    seat_groups: list[SeatGroupRow]
    memberships: list[MembershipRow]
    own_terms: list[TermRow]


def _fields(model: type[Model], row: type[NamedTuple]) -> tuple[Field[Any, Any], ...]:
    return tuple(column(model, "id" if name == "pk" else name) for name in row._fields)


@lru_cache(maxsize=1)
def _read_fields() -> dict[str, tuple[Field[Any, Any], ...]]:
    return {
        "bodies": _fields(Body, BodyRow),
        "seat_groups": _fields(SeatGroup, SeatGroupRow),
        "memberships": _fields(Membership, MembershipRow)[:-1] + _fields(Person, PersonRow),
        "terms": _fields(LegislativeTerm, TermRow),
    }


@lru_cache(maxsize=8)
def _statements(using: str) -> dict[str, str]:
    quote = connections[using].ops.quote_name
    fields = _read_fields()

    def select(name: str, alias: str, model: type[Model]) -> str:
        listed = ", ".join(f"{alias}.{quote(str(field.column))}" for field in fields[name])
        return f"SELECT {listed} FROM {quote(model._meta.db_table)} {alias}"  # noqa: S608

    width = len(MembershipRow._fields) - 1
    members = ", ".join(
        f"{'m' if index < width else 'p'}.{quote(str(field.column))}"
        for index, field in enumerate(fields["memberships"])
    )
    return {
        "bodies": select("bodies", "b", Body)
        + " WHERE b.municipality_id = %s ORDER BY b.name, b.id",
        "seat_groups": select("seat_groups", "g", SeatGroup)
        + f" WHERE g.municipality_id = %s ORDER BY g.{quote('order')}, g.name, g.id",
        "memberships": f"SELECT {members} FROM {quote(Membership._meta.db_table)} m"  # noqa: S608
        f" JOIN {quote(Person._meta.db_table)} p ON p.id = m.person_id"
        " WHERE m.municipality_id = %s AND p.municipality_id = %s ORDER BY m.id",
        "terms": select("terms", "t", LegislativeTerm)
        + " WHERE t.municipality_id = %s ORDER BY t.start_date, t.id",
    }


def compositions(*, municipality: Municipality) -> tuple[list[Composition], list[TermRow]]:
    """Every body of the municipality by name with its composition, and the terms of the
    whole council (those that name no body), by start: four queries whatever their number."""
    sql = _statements(router.db_for_read(Body))
    fields = _read_fields()
    key = municipality.pk
    bodies = [BodyRow(*row) for row in converted_rows(sql["bodies"], [key], fields["bodies"])]
    groups_of: dict[int, list[SeatGroupRow]] = defaultdict(list)
    for row in converted_rows(sql["seat_groups"], [key], fields["seat_groups"]):
        group = SeatGroupRow(*row)
        groups_of[group.body_id].append(group)
    width = len(MembershipRow._fields) - 1
    members_of: dict[int, list[MembershipRow]] = defaultdict(list)
    for row in converted_rows(sql["memberships"], [key, key], fields["memberships"]):
        membership = MembershipRow(*row[:width], PersonRow(*row[width:]))  # type: ignore[call-arg]
        members_of[membership.body_id].append(membership)
    terms_of: dict[int | None, list[TermRow]] = defaultdict(list)
    for row in converted_rows(sql["terms"], [key], fields["terms"]):
        term = TermRow(*row)
        terms_of[term.body_id].append(term)
    found = [
        Composition(body, groups_of[body.pk], members_of[body.pk], terms_of[body.pk])
        for body in bodies
    ]
    return found, terms_of[None]
