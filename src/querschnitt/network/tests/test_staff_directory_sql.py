"""The office's list of organisations read with SQL is the list read through the ORM: the
same rows, count and cursors, page by page in both directions, for many searches and every
status; and never an organisation of another municipality."""

import re
from dataclasses import asdict
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.network.models import Organisation
from querschnitt.network.selectors.directory import DirectoryPage, staff_page, staff_search
from querschnitt.network.selectors.staff_directory_sql import staff_list_page
from querschnitt.network.services.organisations import coordinates_outside, municipality_area


def as_data(page: DirectoryPage) -> dict:
    data = asdict(page)
    data["items"] = [
        # the same fields in the same order; SQLite gives coordinates as floats, the ORM too
        tuple(
            float(v) if k in ("latitude", "longitude") and v is not None else v
            for k, v in row._asdict().items()
        )
        for row in page.items
    ]
    return data


def walk(read, size: int) -> list[dict]:
    """Every page forward, then back from the last one."""
    pages, after = [], ""
    while True:
        page = read(after=after, before="", size=size)
        pages.append(as_data(page))
        if page.next_cursor is None:
            break
        after = page.next_cursor
    before = pages[-1]["previous_cursor"]
    while before:
        page = read(after="", before=before, size=size)
        pages.append(as_data(page))
        before = page.previous_cursor
    return pages


def both(municipality: Municipality, status: str, query: str, size: int) -> list[dict]:
    def with_sql(**kwargs):
        return staff_list_page(municipality=municipality, status=status, query=query, **kwargs)

    def with_orm(**kwargs):
        search = staff_search(municipality=municipality, status=status, query=query)
        return staff_page(search, **kwargs)

    found = walk(with_sql, size)
    assert found == walk(with_orm, size), (status, query)
    return found


def queries(municipality: Municipality) -> list[str]:
    names = Organisation.objects.filter(municipality=municipality).values_list("name", flat=True)
    words = sorted({w for name in names for w in re.findall(r"\w+", name)})
    found = ["sport", "verein", "Sportverien", "e", "fc", "zzzz", "küche", "ÄRZTE", "%", "_ a"]
    found += ["sport verein", "integration kurs", "ev mannheim", "\u0627"]
    for word in words[::29]:
        found += [word, word[:3], f"{word[:4]} {word[-4:]}"]
    return found


@pytest.mark.django_db
def test_the_staff_list_read_with_sql_is_the_list_read_through_the_orm(
    mannheim: Municipality, bamberg: Municipality
) -> None:
    for municipality in (mannheim, bamberg):
        with scope(municipality=municipality):
            for status in ("", *Organisation.Status.values):
                pages = both(municipality, status, "", size=40)
                assert pages[0]["items"] or status
            found = 0
            for number, query in enumerate(queries(municipality)):
                status = ("", "published", "draft")[number % 3] if number % 4 == 0 else ""
                pages = both(municipality, status, query, size=9)
                found += bool(pages[0]["items"])
                if len(pages) > 1:
                    assert pages[0]["next_cursor"]
            assert found > 12


@pytest.mark.django_db
def test_a_cursor_that_is_not_ours_starts_over_as_through_the_orm(
    mannheim: Municipality,
) -> None:
    with scope(municipality=mannheim):
        for query in ("", "sport", "zzzz"):
            for cursor in ("", "eA", "bm90IG91cnM", "WyJhIiwxXQ", "WzEsImEiLDFd"):
                for side in ("after", "before"):
                    kwargs = {"after": "", "before": "", side: cursor}
                    search = staff_search(municipality=mannheim, query=query)
                    expected = as_data(staff_page(search, size=5, **kwargs))
                    got = staff_list_page(municipality=mannheim, query=query, size=5, **kwargs)
                    assert as_data(got) == expected, (query, cursor, side)


@pytest.mark.django_db
def test_the_sql_lists_only_organisations_of_its_municipality(
    mannheim: Municipality, bamberg: Municipality
) -> None:
    with scopes_disabled():
        city_of = dict(Organisation.objects.values_list("pk", "municipality_id"))
        assert set(city_of.values()) >= {mannheim.pk, bamberg.pk}
    for municipality in (mannheim, bamberg):
        for query in ("", "verein", "e"):
            page = staff_list_page(municipality=municipality, query=query, size=1000)
            assert page.items
            assert {city_of[row.pk] for row in page.items} == {municipality.pk}


COORDINATES = [
    ("8.467000", "49.488000"),  # swapped
    ("52.520008", "13.404954"),  # another city
    ("49.487459", "8.466039"),
    ("-89.999999", "-179.999999"),
    ("0.000001", "-0.000001"),
    ("47.270000", "5.870000"),  # Germany's corner
    ("55.058347", "15.041896"),
    ("123.456789", "999.999999"),
    ("0", "0"),
    (None, "8.1"),
]


@pytest.mark.django_db
def test_coordinates_read_as_given_say_outside_as_the_orms_do(mannheim: Municipality) -> None:
    with scope(municipality=mannheim):
        organisations = list(Organisation.objects.filter(municipality=mannheim).order_by("pk"))
        for organisation, (latitude, longitude) in zip(organisations, COORDINATES, strict=False):
            Organisation.objects.filter(pk=organisation.pk).update(
                latitude=latitude and Decimal(latitude), longitude=Decimal(longitude)
            )
        area = municipality_area(municipality=mannheim)
        orm = {
            row.pk: row for row in staff_page(staff_search(municipality=mannheim), size=1000).items
        }
        rows = staff_list_page(municipality=mannheim, size=1000).items
        assert len(rows) == len(orm)
        flagged = 0
        for row in rows:
            expected = orm[row.pk]
            for name in ("latitude", "longitude"):
                given, converted = getattr(row, name), getattr(expected, name)
                assert (given is None) == (converted is None)
                assert given is None or float(given) == float(converted)
            outside = coordinates_outside(area=area, latitude=row.latitude, longitude=row.longitude)
            assert outside == coordinates_outside(
                area=area, latitude=expected.latitude, longitude=expected.longitude
            )
            flagged += outside
        assert flagged >= 6
