"""The plain list of the directory read with SQL gives what the ORM gives: the same rows with
the same fields, the same count and cursors, page by page in both directions; and never an
entry of another municipality or one that the public may not see."""

from dataclasses import asdict, replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Visibility
from querschnitt.network.models import Organisation
from querschnitt.network.selectors.directory import (
    DirectoryFilters,
    DirectoryPage,
    directory_page,
    directory_search,
)
from querschnitt.network.selectors.directory_sql import listed_count


def pages(municipality, *, plain: bool, size: int) -> list[DirectoryPage]:
    """Every page of the public list, forward, then the same pages backward."""
    search = directory_search(municipality=municipality, filters=DirectoryFilters())
    assert search.is_plain
    if not plain:
        search = replace(search, public=False)  # the same search, read through the ORM
    found, after = [], ""
    while True:
        _search, page = directory_page(search, after=after, size=size)
        found.append(page)
        if page.next_cursor is None:
            break
        after = page.next_cursor
    backward, before = [], found[-1].previous_cursor
    while before:
        _search, page = directory_page(search, before=before, size=size)
        backward.append(page)
        before = page.previous_cursor
    return found + backward


def as_data(page: DirectoryPage) -> dict:
    data = asdict(page)
    for item in data["items"]:
        for coordinate in ("latitude", "longitude"):  # SQLite gives a float, the ORM a Decimal
            if item[coordinate] is not None:
                item[coordinate] = float(item[coordinate])
    return data


def test_the_plain_list_read_with_sql_is_the_list_read_through_the_orm(mannheim) -> None:
    with scope(municipality=mannheim):
        with_sql = pages(mannheim, plain=True, size=40)
        with_orm = pages(mannheim, plain=False, size=40)
    assert len(with_sql) > 10
    assert [as_data(page) for page in with_sql] == [as_data(page) for page in with_orm]
    assert any(item.logo_url for page in with_sql for item in page.items)
    assert any(item.topic_names for page in with_sql for item in page.items)
    assert any(item.district_name for page in with_sql for item in page.items)


def test_the_sql_names_only_public_entries_of_its_municipality(mannheim, bamberg) -> None:
    with scopes_disabled():
        shown = Organisation.objects.filter(
            municipality=mannheim, status=Organisation.Status.PUBLISHED
        ).filter(visibility=Visibility.PUBLIC)
        expected = set(shown.values_list("pk", flat=True))
        assert Organisation.objects.filter(municipality=mannheim).exclude(pk__in=expected)
        assert Organisation.objects.filter(municipality=bamberg).exists()
    with scope(municipality=mannheim):
        listed = {item.pk for page in pages(mannheim, plain=True, size=100) for item in page.items}
    assert listed == expected
    assert listed_count(municipality=mannheim, limit=10) == 11  # counted up to the limit + 1
    assert listed_count(municipality=mannheim, limit=10_000) == len(expected)


def test_the_api_rows_read_with_sql_are_the_values_the_orm_reads(mannheim) -> None:
    from querschnitt.network.api import PUBLIC_FIELDS
    from querschnitt.network.selectors.directory import organisation_search
    from querschnitt.network.selectors.directory_sql import listed_values

    with scope(municipality=mannheim):
        through_orm = list(
            organisation_search(municipality=mannheim).values(*PUBLIC_FIELDS).order_by("name", "pk")
        )
        first = listed_values(municipality=mannheim, size=60)
        key = (through_orm[39]["name"], through_orm[39]["id"])
        later = listed_values(municipality=mannheim, after=key, size=60)
    assert first == through_orm[:60]
    assert later == through_orm[40:100]
    assert any(row["description"] for row in first)
    assert any(row["district__id"] for row in first)
    assert any(row["latitude"] is not None for row in first)


def test_the_alliance_members_read_with_sql_are_the_values_the_orm_reads(mannheim) -> None:
    from querschnitt.network.api import _alliance_members
    from querschnitt.network.models import Alliance
    from querschnitt.network.selectors.directory_sql import member_values

    with scope(municipality=mannheim):
        alliance = Alliance.objects.get(municipality=mannheim)
        through_orm = list(
            _alliance_members(municipality=mannheim, slug=alliance.slug, kinds=[]).order_by(
                "name", "pk"
            )
        )
        first = member_values(
            municipality=mannheim, declaration_id=alliance.declaration_id, size=60
        )
        key = (through_orm[39]["name"], through_orm[39]["id"])
        later = member_values(
            municipality=mannheim, declaration_id=alliance.declaration_id, after=key, size=400
        )
    assert len(through_orm) > 100
    assert first == through_orm[:60]
    assert later == through_orm[40:]


def test_the_count_reads_its_own_narrow_index(mannheim, bamberg) -> None:
    """SQLite: the plain count reads the index of 0014 alone (the municipality, status and
    visibility of each entry), not the wide scan index whose entries carry the search text;
    and it counts each town's listed entries only, also after entries change."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans by its statistics")
    with CaptureQueriesContext(connection) as queries:
        listed_count(municipality=mannheim, limit=10_000)
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "USING COVERING INDEX network_organisation_listed_count" in plan, plan
    with scopes_disabled():
        first = Organisation.objects.filter(municipality=mannheim).order_by("pk").first()
        for status, visibility in (
            (Organisation.Status.PUBLISHED, Visibility.PUBLIC),
            (Organisation.Status.PUBLISHED, Visibility.INTERNAL),
            (Organisation.Status.ARCHIVED, Visibility.PUBLIC),
        ):
            Organisation.objects.filter(pk=first.pk).update(status=status, visibility=visibility)
            for town in (mannheim, bamberg):
                expected = Organisation.objects.filter(
                    municipality=town, status=Organisation.Status.PUBLISHED
                ).filter(visibility=Visibility.PUBLIC)
                assert listed_count(municipality=town, limit=10_000) == expected.count()
