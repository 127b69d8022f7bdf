"""The staff's list of measures reads its count and page with plain SQL
(`measures/staff_list_sql.py`): the same count and rows as the ORM's for every filter and
every kind of reader (office, proposer, department liaison, body member, organisation
representative, none of these), on SQLite and PostgreSQL, and never a measure of the other
city."""

from typing import Any

import pytest
from django.db.models import Q

from querschnitt.accounts.models import User
from querschnitt.bodies.models import Body
from querschnitt.core.models import Department
from querschnitt.measures.access import Reader, visible_measures
from querschnitt.measures.models import Measure, MeasureState
from querschnitt.measures.staff_list_sql import MeasureFilters, MeasureRows
from querschnitt.measures.staff_rows import ROW_VALUES
from querschnitt.network.models import Organisation
from querschnitt.strategy.models import FieldOfAction

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

SEARCHES = ("m-0", "M-1", "für", "FÜR", "welcome", "%", "_", "\\", '"de"', "zzz", "Kita")


def orm_list(municipality, filters: MeasureFilters):
    """`MeasureList` as it read the list through the ORM."""
    measures = visible_measures(municipality=municipality, reader=filters.reader)
    if filters.q:
        measures = measures.filter(Q(key__icontains=filters.q) | Q(title__icontains=filters.q))
    if filters.state:
        measures = measures.filter(state__key=filters.state)
    if filters.field:
        measures = measures.filter(fields_of_action__key=filters.field)
    if filters.department:
        # the form's cleaned value, a string
        department: Any = str(filters.department)
        measures = measures.filter(lead_department=department)
    return measures.order_by("key").values(*ROW_VALUES)


def prepare(municipality) -> dict[str, Any]:
    """Measures proposed by a person, shared with and led by departments, proposed by a body
    and an organisation, without a department, in two fields of action, with LIKE's special
    characters in a title; what each kind of reader is given."""
    measures = list(Measure.objects.filter(municipality=municipality).order_by("key"))
    departments = list(Department.objects.filter(municipality=municipality).order_by("pk"))
    fields = list(FieldOfAction.objects.filter(municipality=municipality))
    body = Body.objects.filter(municipality=municipality).first()
    organisation = Organisation.objects.filter(municipality=municipality).first()
    user = User.objects.get(email=f"verein@{municipality.slug}.example")
    Measure.objects.filter(pk=measures[0].pk).update(proposed_by=user)
    Measure.objects.filter(pk=measures[1].pk).update(lead_department=None)
    measures[1].departments.add(departments[0])
    measures[2].departments.add(departments[0], departments[1])
    Measure.objects.filter(pk=measures[2].pk).update(lead_department=departments[0])
    Measure.objects.filter(pk=measures[3].pk).update(proposer_body=body)
    Measure.objects.filter(pk=measures[4].pk).update(proposer_organisation=organisation)
    Measure.objects.filter(pk=measures[5].pk).update(
        title={"de": "50 % mehr_Plätze \\ für alle", "en": "Welcome"}
    )
    measures[6].fields_of_action.add(*fields[:2])
    department_ids = frozenset(d.pk for d in departments[:2])
    return {
        "readers": [
            Reader(user_id=None, sees_all=True),
            Reader(user_id=user.pk),
            Reader(user_id=None),
            Reader(user_id=user.pk, department_ids=department_ids),
            Reader(user_id=None, department_ids=frozenset({departments[-1].pk})),
            Reader(user_id=None, body_ids=frozenset({body.pk})),
            Reader(user_id=None, organisation_ids=frozenset({organisation.pk})),
            Reader(
                user_id=user.pk,
                department_ids=department_ids,
                body_ids=frozenset({body.pk}),
                organisation_ids=frozenset({organisation.pk}),
            ),
        ],
        "states": list(
            MeasureState.objects.filter(municipality=municipality).values_list("key", flat=True)
        ),
        "fields": [f.key for f in fields],
        "departments": [d.pk for d in departments],
    }


def asked(prepared: dict[str, Any], other: dict[str, Any]) -> list[dict[str, Any]]:
    """Every filter alone (the other city's values among them), and some together."""
    return [
        {},
        *({"q": q} for q in SEARCHES),
        *({"state": key} for key in [*prepared["states"], *other["states"][:1]]),
        *({"field": key} for key in [*prepared["fields"], *other["fields"][:1]]),
        *({"department": pk} for pk in [*prepared["departments"], *other["departments"][:1]]),
        {"q": "m", "state": prepared["states"][0], "department": prepared["departments"][0]},
        {"field": prepared["fields"][0], "q": "-", "state": prepared["states"][-1]},
    ]


def test_the_measure_list_read_by_sql_is_the_orms(mannheim, bamberg) -> None:
    prepared = {city.slug: prepare(city) for city in (mannheim, bamberg)}
    for municipality, other in ((mannheim, bamberg), (bamberg, mannheim)):
        mine, theirs = prepared[municipality.slug], prepared[other.slug]
        for reader in mine["readers"] + theirs["readers"][1:2]:
            for values in asked(mine, theirs):
                filters = MeasureFilters(reader=reader, **values)
                orm = orm_list(municipality, filters)
                rows = MeasureRows(municipality, filters)
                assert rows.count() == orm.count(), (reader, values)
                assert rows[0:1000] == list(orm), (reader, values)
                assert rows[2:5] == list(orm[2:5]), (reader, values)


def test_every_role_sees_some_and_only_its_citys_measures(mannheim, bamberg) -> None:
    prepared = prepare(mannheim)
    prepare(bamberg)
    for reader in prepared["readers"]:
        found = MeasureRows(mannheim, MeasureFilters(reader=reader))[0:1000]
        if reader.user_id or reader.sees_all or reader.body_ids or reader.organisation_ids:
            assert found, reader
        pks = {row["pk"] for row in found}
        assert not Measure.objects.filter(pk__in=pks).exclude(municipality=mannheim).exists()
    assert not MeasureRows(mannheim, MeasureFilters(reader=Reader(user_id=None)))[0:1000]
