"""A query word that occurs nowhere is answered from the table of words that occur, without a
search through every organisation's text; and that table never makes a search miss."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from querschnitt.network.search import parse_query, unmatched_terms
from querschnitt.network.selectors.directory import (
    DirectoryFilters,
    directory_page,
    directory_search,
    organisation_search,
)
from querschnitt.network.services.organisations import organisation_update
from querschnitt.network.tests.test_directory_fixtures import make_organisation, make_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(db: Any):
    return make_town()


def search_queries(municipality, query: str) -> tuple[list[str], list[str]]:
    """The names found, and the SQL of the queries the search ran."""
    with scope(municipality=municipality), CaptureQueriesContext(connection) as captured:
        search = directory_search(municipality=municipality, filters=DirectoryFilters(query=query))
        _search, page = directory_page(search)
    return [o.name for o in page.items], [q["sql"] for q in captured.captured_queries]


def searched_the_organisations(sql: list[str]) -> bool:
    return any("network_organisation_search" in q or "search_text" in q for q in sql)


def unmatched(municipality, query: str) -> set[str]:
    return unmatched_terms(municipality.pk, parse_query(query), using="default")


def test_a_word_that_occurs_nowhere_is_answered_without_searching_the_organisations(
    town,
) -> None:
    make_organisation(town, "Sportverein Lindenhof")
    found, sql = search_queries(town, "Xylophonorchester")
    assert found == []
    assert not searched_the_organisations(sql)
    found, sql = search_queries(town, "Sportverein")
    assert found == ["Sportverein Lindenhof"]
    assert searched_the_organisations(sql)


def test_every_kind_of_word_part_still_finds_its_organisation(town) -> None:
    make_organisation(
        town, "Turnverein Jahn1898 FC", description={"de": "Nachbarschaftshilfe im Viertel."}
    )
    # inside a word with digits, a whole short word, the start of a word, inside a compound
    for query in ["Jahn", "jahn1898", "FC", "Tur", "schaftshilfe"]:
        assert unmatched(town, query) == set(), query
        found, _sql = search_queries(town, query)
        assert found == ["Turnverein Jahn1898 FC"], query


def test_a_word_too_long_for_the_table_makes_every_word_possible(town) -> None:
    make_organisation(town, "Lange Wörter e. V.", description={"de": "Ein " + "langes" * 30})
    assert unmatched(town, "gesla") == set()  # inside the long word: searched, and found
    assert search_queries(town, "gesla")[0] == ["Lange Wörter e. V."]


def test_a_municipality_without_long_words_is_judged_word_by_word(town) -> None:
    make_organisation(town, "Seniorentreff Sonnenschein", description={"de": "Kaffee."})
    assert unmatched(town, "Sonnenschein Mondlicht Kaff Xy") == {"mondlicht", "xy"}


def test_words_of_every_change_are_known_at_once(town) -> None:
    organisation = make_organisation(town, "Alter Name")
    with scope(municipality=town):
        organisation_update(
            organisation=organisation,
            by=None,
            name="Neuer Klang",
            description={"ar": "مرحبا بالجميع"},
        )
    assert search_queries(town, "Klang")[0] == ["Neuer Klang"]
    assert search_queries(town, "مرحبا")[0] == ["Neuer Klang"]
    # the old name is no longer found, through the organisations' index (a stale word in the
    # table of words only means searching as before)
    assert search_queries(town, "Alter")[0] == []


def test_the_api_and_the_corrections_use_it_too(town) -> None:
    make_organisation(town, "Sportverein Lindenhof")
    with scope(municipality=town):
        assert [o.name for o in organisation_search(municipality=town, query="Sportverien")] == [
            "Sportverein Lindenhof"
        ]
        assert list(organisation_search(municipality=town, query="Xylophon")) == []
