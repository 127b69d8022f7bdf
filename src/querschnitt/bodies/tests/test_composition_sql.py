"""The office's body list reads the bodies' composition with plain SQL
(`bodies/selectors/composition_sql.py`): light rows with the values, field by field, of the
ORM's `bodies_with_composition` and `municipality_terms`, the same problems, and nothing of
the other city."""

from datetime import date
from typing import Any

import pytest
from django.utils import translation

from querschnitt.bodies.models import Body, LegislativeTerm, Membership, Person, SeatGroup
from querschnitt.bodies.selectors.composition import (
    bodies_with_composition,
    composition_problems,
    municipality_terms,
)
from querschnitt.bodies.selectors.composition_sql import compositions

pytestmark = pytest.mark.django_db


def values(row) -> dict:
    """A light row's values beside the instance's (`orm`) values of the same fields."""
    return {name: value for name, value in row._asdict().items() if name != "person"}


def orm_values(obj, row_type) -> dict:
    return {name: getattr(obj, name) for name in row_type._fields if name != "person"}


def same(rows, objects) -> bool:
    objects = list(objects)
    assert len(rows) == len(objects)
    return all(
        values(row) == orm_values(obj, type(row)) for row, obj in zip(rows, objects, strict=True)
    )


def add_other_city_data(bamberg, mannheim_body: Body) -> None:
    """A shared term, a seat group and a member in Bamberg, whose ids sit among Mannheim's."""
    LegislativeTerm.objects.create(
        municipality=bamberg,
        name="Bamberg 2024",
        start_date=date(2024, 5, 1),
        end_date=date(2029, 4, 30),
    )
    body = Body.objects.filter(municipality=bamberg).first()
    assert body is not None
    assert body.pk != mannheim_body.pk
    group = SeatGroup.objects.create(municipality=bamberg, body=body, name="Zusatz", seats=2)
    person = Person.objects.create(municipality=bamberg, given_name="Ada", family_name="Bamberg")
    Membership.objects.create(municipality=bamberg, body=body, person=person, seat_group=group)


def test_the_composition_read_by_sql_is_the_orms(mannheim, bamberg, unscoped) -> None:
    mannheim_body = Body.objects.filter(municipality=mannheim).first()
    assert mannheim_body is not None
    add_other_city_data(bamberg, mannheim_body)
    # a shared term of Mannheim's own, beside the bodies' terms of the demo
    LegislativeTerm.objects.create(
        municipality=mannheim,
        name="Rat 2019",
        start_date=date(2019, 6, 1),
        end_date=date(2024, 5, 31),
    )
    for municipality in (mannheim, bamberg):
        found, shared = compositions(municipality=municipality)
        orm_shared = municipality_terms(municipality=municipality)
        assert shared
        assert same(shared, orm_shared)
        orm = list(bodies_with_composition(municipality=municipality))
        assert same([each.body for each in found], orm)
        assert sum(len(each.memberships) for each in found) > 10
        for each, body in zip(found, orm, strict=True):
            assert each.body.municipality_id == municipality.pk
            assert same(each.seat_groups, body.seat_groups.all())
            assert same(each.memberships, body.memberships.all())
            assert same(
                [m.person for m in each.memberships], [m.person for m in body.memberships.all()]
            )
            assert [m.person.name for m in each.memberships] == [
                m.person.name for m in body.memberships.all()
            ]
            assert same(each.own_terms, body.terms.all())
            with translation.override("en"):
                assert composition_problems(
                    each.body,
                    shared_terms=shared,
                    own_terms=each.own_terms,
                    seat_groups=each.seat_groups,
                    memberships=each.memberships,
                ) == composition_problems(body, shared_terms=orm_shared)
        everything: list[Any] = (
            [
                obj
                for each in found
                for obj in (*each.seat_groups, *each.memberships, *each.own_terms)
            ]
            + [m.person for each in found for m in each.memberships]
            + shared
            + [each.body for each in found]
        )
        assert {obj.municipality_id for obj in everything} == {municipality.pk}
