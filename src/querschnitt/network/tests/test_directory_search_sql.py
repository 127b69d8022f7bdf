"""The directory with search words or filters read with SQL gives what the ORM gives: the same
count, rows and cursors, page by page in both directions, for many queries (typos and compounds
corrected, short words, words in the name and elsewhere) and combinations of filters; and never
an entry of another municipality or one that the public may not see."""

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Visibility
from querschnitt.network.models import Organisation, OrganisationLanguage, OrganisationTopic
from querschnitt.network.selectors import directory as directory_selectors
from querschnitt.network.selectors.directory import (
    DirectoryFilters,
    DirectoryPage,
    directory_page,
    directory_search,
)
from querschnitt.network.tests.test_directory_sql import as_data

QUERIES = [
    "sport",
    "verein",
    "Sportverein Mannheim",
    "sprachkurse",  # a compound, read as its parts
    "integrationskurs",
    "Sportferein",  # a typo, corrected
    "fc",
    "kul",
    "e.V.",
    "arabisch",
    "beratung jugend",
    "qqqqzzzz",
    "ä ö ü",
]


def pages(search, *, size: int) -> list[tuple[str, DirectoryPage]]:
    """Every page forward, then the same pages backward (with the search as corrected)."""
    found, after = [], ""
    while True:
        searched, page = directory_page(search, after=after, size=size)
        found.append((searched.shown_query, page))
        if page.next_cursor is None:
            break
        after = page.next_cursor
    before = found[-1][1].previous_cursor
    while before:
        searched, page = directory_page(search, before=before, size=size)
        found.append((searched.shown_query, page))
        before = page.previous_cursor
    return found


def both(municipality, filters: DirectoryFilters, size: int = 7) -> list[tuple[str, dict]]:
    search = directory_search(municipality=municipality, filters=filters)
    assert search.public
    with_sql = [(shown, as_data(page)) for shown, page in pages(search, size=size)]
    with_orm = [
        (shown, as_data(page)) for shown, page in pages(replace(search, public=False), size=size)
    ]
    assert with_sql == with_orm, filters
    return with_sql


@pytest.fixture
def district_and_codes(mannheim):
    with scopes_disabled():
        district = (
            Organisation.objects.filter(municipality=mannheim, district__isnull=False)
            .values_list("district_id", flat=True)
            .first()
        )
        topic = OrganisationTopic.objects.filter(municipality=mannheim).first().topic
        language = OrganisationLanguage.objects.filter(municipality=mannheim).first().language
    return district, topic, language


def test_searches_read_with_sql_are_those_read_through_the_orm(mannheim) -> None:
    found = 0
    with scope(municipality=mannheim):
        for query in QUERIES:
            result = both(mannheim, DirectoryFilters(query=query))
            found += result[0][1]["count"]
    assert found > 100


def test_filters_read_with_sql_are_those_read_through_the_orm(mannheim, district_and_codes) -> None:
    district, topic, language = district_and_codes
    combinations = [
        DirectoryFilters(kinds=("sports_club",)),
        DirectoryFilters(kinds=("sports_club", "association")),
        DirectoryFilters(topics=(topic,)),
        DirectoryFilters(topics=("language", "work"), languages=(language,)),
        DirectoryFilters(languages=("ar",)),
        DirectoryFilters(districts=(district,)),
        DirectoryFilters(wheelchair_accessible=True),
        DirectoryFilters(query="verein", kinds=("association",), wheelchair_accessible=True),
        DirectoryFilters(query="sport", districts=(district,)),
        DirectoryFilters(query="beratung", topics=(topic,), languages=(language,)),
        DirectoryFilters(query="sprachkurse", topics=("language",)),
        DirectoryFilters(query="fc e.V.", districts=(district,), kinds=("sports_club",)),
        DirectoryFilters(topics=(topic,), kinds=("sports_club", "association")),
        DirectoryFilters(
            languages=("ar", "de"), districts=(district,), wheelchair_accessible=False
        ),
        DirectoryFilters(topics=("language", topic), languages=("de",), wheelchair_accessible=True),
        DirectoryFilters(districts=(10**9,)),
    ]
    counts = []
    with scope(municipality=mannheim):
        for filters in combinations:
            counts.append(both(mannheim, filters)[0][1]["count"])
    assert sum(1 for count in counts if count > 7) >= 4  # several of them page
    assert counts[-1] == 0


def test_broad_searches_and_filters_read_with_sql_are_those_read_through_the_orm(
    mannheim, district_and_codes, monkeypatch
) -> None:
    """With more matches than the count's limit, both walk the list by name and check each
    row: the same rows, cursors and "more than" count."""
    monkeypatch.setattr(directory_selectors, "COUNT_LIMIT", 4)
    district, topic, language = district_and_codes
    combinations = [
        *(DirectoryFilters(query=query) for query in QUERIES),
        DirectoryFilters(kinds=("sports_club", "association")),
        DirectoryFilters(topics=(topic,), languages=(language,)),
        DirectoryFilters(districts=(district,), wheelchair_accessible=False),
        DirectoryFilters(query="verein", kinds=("association",), topics=(topic,)),
        DirectoryFilters(query="e.V. sport", districts=(district,)),
    ]
    capped = 0
    with scope(municipality=mannheim):
        for filters in combinations:
            first = both(mannheim, filters, size=3)[0][1]
            capped += first["count_is_capped"]
    assert capped >= 8


@pytest.mark.parametrize("count_limit", [1000, 2], ids=["bounded", "broad"])
def test_the_sql_names_only_public_entries_of_its_municipality(
    mannheim, bamberg, monkeypatch, count_limit
) -> None:
    monkeypatch.setattr(directory_selectors, "COUNT_LIMIT", count_limit)
    with scopes_disabled():
        # Bamberg entries that would match, and hidden Mannheim entries that would
        stranger = Organisation.objects.filter(municipality=bamberg).first()
        OrganisationTopic.objects.get_or_create(
            municipality=bamberg, organisation=stranger, topic="language"
        )
        OrganisationLanguage.objects.get_or_create(
            municipality=bamberg, organisation=stranger, language="ar"
        )
        assert Organisation.objects.filter(
            municipality=bamberg, search_text__contains="verein"
        ).exists()
        mannheim_ids = set(
            Organisation.objects.filter(
                municipality=mannheim,
                status=Organisation.Status.PUBLISHED,
                visibility=Visibility.PUBLIC,
            ).values_list("pk", flat=True)
        )
        hidden = Organisation.objects.filter(municipality=mannheim).exclude(pk__in=mannheim_ids)
        assert hidden.exists()
    with scope(municipality=mannheim):
        listed = {
            item.pk
            for filters in (
                DirectoryFilters(topics=("language",)),
                DirectoryFilters(topics=("language", "work"), languages=("ar",)),
                DirectoryFilters(languages=("ar",)),
                DirectoryFilters(query="verein"),
                DirectoryFilters(query="e"),
                DirectoryFilters(query="verein", topics=("language",), kinds=("association",)),
            )
            for _shown, page in pages(
                directory_search(municipality=mannheim, filters=filters), size=50
            )
            for item in page.items
        }
    assert listed
    assert listed <= mannheim_ids


def test_a_topic_or_language_filter_reads_its_lists_once_not_the_whole_directory(
    mannheim, district_and_codes
) -> None:
    """SQLite: the matches of a filter by topic or language are read from the ids of those
    lists (the narrow index of 0011), instead of walking every listed entry of the
    municipality and checking it against the lists, which grows with the directory (nor built
    into lists of ids before the first row: the lists are walked and joined by index); the page
    is read among those matches by id, without reading the lists again."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans by its statistics")
    _district, topic, language = district_and_codes
    search = directory_search(
        municipality=mannheim, filters=DirectoryFilters(topics=(topic,), languages=(language,))
    )
    with CaptureQueriesContext(connection) as queries, scope(municipality=mannheim):
        _search, page = directory_page(search, details=False)
    assert page.items
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plans.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
    matches, rows = plans
    assert "network_organisation_listed_by_id (id=?" in matches, matches
    assert "LIST SUBQUERY" not in matches, matches  # the lists walked, not built up front
    assert "USING INTEGER PRIMARY KEY" in rows, rows
    assert "network_organisationtopic" not in rows, rows
    assert "network_organisationlanguage" not in rows, rows
