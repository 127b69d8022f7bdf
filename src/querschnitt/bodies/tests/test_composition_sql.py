"""The office's body list reads the bodies' composition with plain SQL
(`bodies/selectors/composition_sql.py`): the same instances, value by value, as the ORM's
`bodies_with_composition` and `municipality_terms`, the same problems, and nothing of the
other city."""

from datetime import date

import pytest
from django.utils import translation

from querschnitt.bodies.models import Body, LegislativeTerm, Membership, Person, SeatGroup
from querschnitt.bodies.selectors.composition import (
    bodies_with_composition,
    composition_problems,
    municipality_terms,
)
from querschnitt.bodies.selectors.composition_sql import PERSON_FIELDS, compositions

pytestmark = pytest.mark.django_db


def values(obj) -> dict:
    return {k: v for k, v in vars(obj).items() if not k.startswith("_")}


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
        assert [values(t) for t in shared] == [values(t) for t in orm_shared]
        orm = list(bodies_with_composition(municipality=municipality))
        assert [values(each.body) for each in found] == [values(body) for body in orm]
        assert sum(len(each.memberships) for each in found) > 10
        for each, body in zip(found, orm, strict=True):
            assert each.body.municipality_id == municipality.pk
            assert [values(g) for g in each.seat_groups] == [
                values(g) for g in body.seat_groups.all()
            ]
            assert [values(m) for m in each.memberships] == [
                values(m) for m in body.memberships.all()
            ]
            assert [values(m.person) for m in each.memberships] == [
                {name: getattr(m.person, name) for name in PERSON_FIELDS}
                for m in body.memberships.all()
            ]
            assert [values(t) for t in each.own_terms] == [values(t) for t in body.terms.all()]
            with translation.override("en"):
                assert composition_problems(
                    each.body,
                    shared_terms=shared,
                    own_terms=each.own_terms,
                    seat_groups=each.seat_groups,
                    memberships=each.memberships,
                ) == composition_problems(body, shared_terms=orm_shared)
        everything = (
            [
                obj
                for each in found
                for obj in (*each.seat_groups, *each.memberships, *each.own_terms)
            ]
            + [m.person for each in found for m in each.memberships]
            + shared
        )
        assert {obj.municipality_id for obj in everything} == {municipality.pk}
