"""The directory's districts (its filter's choices), read by a statement the ORM writes once
per database alias and municipality: the same as the queryset's values, for both towns."""

from typing import Any

import pytest
from django_scopes import scope

from querschnitt.core.sql_rows import statement_rows
from querschnitt.network.forms.directory import district_names
from querschnitt.network.models import District
from querschnitt.network.selectors.directory import municipality_districts

pytestmark = pytest.mark.django_db


def test_districts_as_the_queryset_reads_them(mannheim: Any, bamberg: Any) -> None:
    with scope(municipality=mannheim):
        District.objects.create(municipality=mannheim, name="Aaa-Neustadt")
    for _ in range(2):
        for city in (mannheim, bamberg):
            with scope(municipality=city):
                found = statement_rows(District, district_names, city)
                assert list(found) == list(
                    municipality_districts(municipality=city).values_list("pk", "name")
                )
                assert found
