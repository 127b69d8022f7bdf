"""Statements the ORM writes once per function, database alias and municipality
(`core.sql_rows.statement_rows`): the rows are read afresh every time, each municipality's
statement names it alone."""

from typing import Any

import pytest
from django.db.models import QuerySet
from django_scopes import scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import statement_rows
from querschnitt.network.models import District

pytestmark = pytest.mark.django_db

built: list[int] = []


def districts(municipality: Municipality) -> QuerySet[Any]:
    built.append(municipality.pk)
    return (
        District.objects.filter(municipality=municipality).order_by("pk").values_list("pk", "name")
    )


def test_the_statement_is_written_once_and_the_rows_read_every_time(mannheim, bamberg) -> None:
    with scopes_disabled():
        first = District.objects.filter(municipality=mannheim).order_by("pk").first()
        expected = {
            city: tuple(
                District.objects.filter(municipality=city).order_by("pk").values_list("pk", "name")
            )
            for city in (mannheim, bamberg)
        }
        built.clear()
        for _ in range(2):
            for city in (mannheim, bamberg):
                assert statement_rows(District, districts, city) == expected[city]
        assert built == [mannheim.pk, bamberg.pk]
        District.objects.filter(pk=first.pk).update(name="Umbenannt")
        renamed = statement_rows(District, districts, Municipality.objects.get(pk=mannheim.pk))
    assert (first.pk, "Umbenannt") in renamed
    assert len(renamed) == len(expected[mannheim])
    assert built == [mannheim.pk, bamberg.pk]
