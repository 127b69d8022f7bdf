"""The words table's counts of publicly listed organisations (migration 0012_search_word_listed,
kept by triggers) equal a count made from the search texts after every kind of write, in both
municipalities; a one-word search above the count's limit is then known to be broad without
reading its candidates, with the same page as through the index."""

from collections import Counter
from dataclasses import replace
from threading import Event, Thread

import pytest
from django.db import connection, connections, transaction
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Visibility
from querschnitt.core.services import municipality_create
from querschnitt.network.models import Organisation
from querschnitt.network.search import (
    LISTED_WORDS_TABLE,
    listed_words_fold,
    search_text_from,
)
from querschnitt.network.selectors import directory as directory_selectors
from querschnitt.network.selectors.directory import (
    DirectoryFilters,
    directory_page,
    directory_search,
)
from querschnitt.network.services.organisations import organisation_update
from querschnitt.network.tests.test_directory_fixtures import make_organisation
from querschnitt.network.tests.test_directory_sql import as_data


def kept() -> dict[tuple[int, str], int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT municipality_id, word, SUM(organisations) FROM {LISTED_WORDS_TABLE}"  # noqa: S608
            " GROUP BY municipality_id, word HAVING SUM(organisations) <> 0"
        )
        return {(municipality, word): count for municipality, word, count in cursor.fetchall()}


def counted() -> dict[tuple[int, str], int]:
    counts: Counter[tuple[int, str]] = Counter()
    with scopes_disabled():
        rows = Organisation.objects.filter(
            status=Organisation.Status.PUBLISHED, visibility=Visibility.PUBLIC
        ).values_list("municipality_id", "search_text")
        for municipality, text in rows:
            for word in set(text.split()) - {"|", "||"}:
                counts[(municipality, word)] += 1
    return dict(counts)


@pytest.mark.django_db
def test_the_counts_follow_every_write(mannheim, bamberg) -> None:
    assert kept() == counted()
    with scopes_disabled():
        organisations = list(Organisation.objects.filter(municipality=mannheim).order_by("pk"))
        first, second, third = organisations[:3]
        with scope(municipality=mannheim):
            organisation_update(organisation=first, by=None, name="Schachfreunde Quadratwurzel")
            organisation_update(organisation=second, by=None, status=Organisation.Status.ARCHIVED)
            organisation_update(organisation=third, by=None, visibility=Visibility.INTERNAL)
        assert kept() == counted()
        Organisation.objects.filter(pk=second.pk).update(status=Organisation.Status.PUBLISHED)
        Organisation.objects.filter(pk=third.pk).update(
            search_text=search_text_from(name="Nur intern"), visibility=Visibility.PUBLIC
        )
        Organisation.objects.filter(municipality=bamberg).update(name="Gleich", search_text="")
    added = [make_organisation(bamberg, f"Quadratwurzel {number}") for number in range(3)]
    assert kept() == counted()
    with scopes_disabled():
        added[0].delete()
        Organisation.objects.filter(pk__in=[added[1].pk]).delete()
    assert kept() == counted()
    assert kept()[(bamberg.pk, "quadratwurzel")] == 1
    assert kept()[(mannheim.pk, "quadratwurzel")] == 1


@pytest.mark.django_db
def test_a_text_that_is_no_list_of_words_counts_nothing_and_fails_no_write(mannheim) -> None:
    with scopes_disabled():
        organisation = Organisation.objects.filter(municipality=mannheim).first()
        Organisation.objects.filter(pk=organisation.pk).update(search_text=' a"b c\\d ')
        Organisation.objects.filter(pk=organisation.pk).update(search_text=" wieder gut ")
    assert kept()[(mannheim.pk, "wieder")] >= 1


@pytest.mark.django_db
def test_a_frequent_word_is_broad_without_reading_candidates(mannheim, monkeypatch) -> None:
    monkeypatch.setattr(directory_selectors, "COUNT_LIMIT", 4)
    with scope(municipality=mannheim):
        for query in ("verein", "Sportferein", "sport"):
            search = directory_search(municipality=mannheim, filters=DirectoryFilters(query=query))
            shown, page = directory_page(search, size=3)
            assert page.count_is_capped, query
            assert "candidate_ids" not in vars(shown), query  # read nothing through the index
            orm_shown, orm_page = directory_page(replace(search, public=False), size=3)
            assert (shown.shown_query, as_data(page)) == (orm_shown.shown_query, as_data(orm_page))
        # with a filter, or more than one word, the entries' words cannot tell
        for filters in (
            DirectoryFilters(query="verein", wheelchair_accessible=True),
            DirectoryFilters(query="verein mannheim"),
        ):
            search = directory_search(municipality=mannheim, filters=filters)
            assert search.occurrences.listed_at_least == 0


def rows_per_word() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM {LISTED_WORDS_TABLE}"  # noqa: S608
            " GROUP BY municipality_id, word) AS words"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_folding_leaves_one_row_a_word_and_the_same_counts(mannheim) -> None:
    assert rows_per_word() == 1  # the demo loader folds after its bulk writes
    with scopes_disabled():
        for number, organisation in enumerate(
            Organisation.objects.filter(municipality=mannheim).order_by("pk")[:5]
        ):
            Organisation.objects.filter(pk=organisation.pk).update(
                search_text=search_text_from(name=f"Kegelverein Nummer{number}")
            )
    assert kept() == counted()
    listed_words_fold()
    assert kept() == counted()
    assert rows_per_word() == 1
    assert kept()[(mannheim.pk, "kegelverein")] == 5


@pytest.mark.django_db(transaction=True)
def test_two_writes_in_one_municipality_do_not_wait_for_each_other() -> None:
    """Both edits take a word away from its count and give another one; neither may wait for
    the other's commit (a shared row of counts would be locked until then)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    municipality = municipality_create(
        slug="wortstadt", name="Wortstadt", ags="01003000", state="SH", office_name="Büro"
    )
    first = make_organisation(municipality, "Sportverein Nord")
    second = make_organisation(municipality, "Sportverein Süd")
    holding, finish = Event(), Event()

    def edit_and_hold() -> None:
        try:
            with scopes_disabled(), transaction.atomic():
                Organisation.objects.filter(pk=first.pk).update(
                    search_text=search_text_from(name="Kegelverein Nord")
                )
                holding.set()
                finish.wait(10)
        finally:
            connections.close_all()

    thread = Thread(target=edit_and_hold)
    thread.start()
    try:
        assert holding.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        with scopes_disabled():
            Organisation.objects.filter(pk=second.pk).update(
                search_text=search_text_from(name="Kegelverein Süd")
            )
    finally:
        finish.set()
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
    assert kept()[(municipality.pk, "kegelverein")] == 2
    assert (municipality.pk, "sportverein") not in kept()
    assert kept() == counted()
