"""The search of the directory: German inflection, compounds, umlauts, small typos, ranking,
and what never appears. Runs on SQLite and on PostgreSQL with the same expectations."""

from typing import Any

import pytest
from django_scopes import scope

from querschnitt.core.models import Municipality, Visibility
from querschnitt.network.search import (
    build_search_text,
    closest_words,
    deletion_variants,
    normalise,
    osa_distance,
    parse_query,
    search_text_from,
    search_vocabulary_rebuild,
    unmatched_terms,
)
from querschnitt.network.selectors.directory import (
    DirectoryFilters,
    directory_page,
    directory_search,
    organisation_search,
)
from querschnitt.network.tests.test_directory_fixtures import (
    make_organisation,
    make_town,
)


@pytest.fixture
def town(db: Any) -> Municipality:
    return make_town()


@pytest.fixture
def other_town(db: Any) -> Municipality:
    return make_town("nachbarstadt", "09999002")


def names(municipality, query: str, **filters) -> list[str]:
    with scope(municipality=municipality):
        search = directory_search(
            municipality=municipality, filters=DirectoryFilters(query=query, **filters)
        )
        _search, page = directory_page(search)
        return [organisation.name for organisation in page.items]


def corrected(municipality, query: str) -> str:
    with scope(municipality=municipality):
        search, _page = directory_page(
            directory_search(municipality=municipality, filters=DirectoryFilters(query=query))
        )
        return search.shown_query if search.corrections else ""


# Pure functions ---------------------------------------------------------------------------


def test_normalise_folds_umlauts_and_accents() -> None:
    assert normalise("München Straße Café") == "muenchen strasse cafe"
    assert normalise("ÄÖÜ") == "aeoeue"


def test_search_text_has_words_and_stems_name_first() -> None:
    text = search_text_from(name="Sportvereine Süd", description={"de": "Wir bieten Kurse"})
    name_part, other = text.split(" | ")
    assert name_part.split() == ["sportvereine", "sportverein", "sued", "sud"]
    assert "kurse" in other.split()
    assert "kurs" in other.split()
    assert text.startswith(" ")
    assert text.endswith(" ")


def test_query_patterns_by_word_length() -> None:
    terms = {term.word: term.patterns for term in parse_query("FC Tür Sportvereine")}
    assert terms["fc"] == (" fc ",)
    assert terms["tuer"] == (" tur",)
    assert terms["sportvereine"] == ("sportverein",)


def test_query_is_capped_and_deduplicated() -> None:
    assert len(parse_query(" ".join(f"wort{n}" for n in range(20)))) == 8
    assert len(parse_query("Verein verein VEREIN")) == 1
    assert parse_query("  ,;!  ") == []


def test_osa_distance() -> None:
    assert osa_distance("sportverien", "sportverein", 2) == 1
    assert osa_distance("verein", "verein", 1) == 0
    assert osa_distance("abc", "xyz", 1) == 2
    assert "verin" in deletion_variants("verein")


# In the database --------------------------------------------------------------------------


@pytest.mark.django_db
def test_inflection_and_case(town) -> None:
    make_organisation(town, "Sportverein Lindenhof e. V.")
    make_organisation(town, "Kulturverein Neckarstadt")
    assert names(town, "Sportvereine") == ["Sportverein Lindenhof e. V."]
    assert names(town, "sportverein") == ["Sportverein Lindenhof e. V."]
    assert names(town, "SPORTVEREINEN") == ["Sportverein Lindenhof e. V."]


@pytest.mark.django_db
def test_compound_words_are_found_by_their_parts(town) -> None:
    make_organisation(town, "Sportverein Lindenhof")
    make_organisation(town, "Kulturverein Neckarstadt")
    make_organisation(town, "Migrationsberatung Süd")
    assert names(town, "Verein") == ["Kulturverein Neckarstadt", "Sportverein Lindenhof"]
    assert names(town, "Beratung") == ["Migrationsberatung Süd"]


@pytest.mark.django_db
def test_umlauts_with_and_without(town) -> None:
    make_organisation(town, "Freundeskreis München")
    make_organisation(town, "Türkischer Elternverein")
    for query in ("München", "Muenchen", "münchen", "Munchen"):
        assert names(town, query) == ["Freundeskreis München"], query
    assert names(town, "Tuerkischer") == ["Türkischer Elternverein"]


@pytest.mark.django_db
def test_every_word_must_match(town) -> None:
    make_organisation(town, "Sportverein Lindenhof")
    make_organisation(town, "Sportverein Waldhof")
    assert names(town, "Sportverein Waldhof") == ["Sportverein Waldhof"]
    assert names(town, "Waldhof Lindenhof") == []


@pytest.mark.django_db
def test_short_words_match_whole_words_only(town) -> None:
    make_organisation(town, "FC Hochstätt")
    make_organisation(town, "Afcon Kulturkreis")
    assert names(town, "FC") == ["FC Hochstätt"]


@pytest.mark.django_db
def test_a_small_typo_is_corrected_and_said(town) -> None:
    make_organisation(town, "Sportverein Lindenhof")
    assert names(town, "Sportverien") == ["Sportverein Lindenhof"]
    assert corrected(town, "Sportverien") == "sportverein"
    assert names(town, "Lindnhof Sportverein") == ["Sportverein Lindenhof"]
    assert corrected(town, "Lindnhof Sportverein") == "lindenhof sportverein"
    assert names(town, "Xylophonorchester") == []
    assert corrected(town, "Sportverein") == ""


@pytest.mark.django_db
def test_a_correction_never_comes_from_hidden_or_foreign_data(town, other_town) -> None:
    make_organisation(town, "Geheimbund Quaxelfritz", visibility=Visibility.INTERNAL)
    make_organisation(other_town, "Schachfreunde Quaxelberg")
    assert names(town, "Quaxelfritt") == []
    assert corrected(town, "Quaxelfritt") == ""
    assert names(town, "Quaxelberk") == []


@pytest.mark.django_db
def test_name_hits_come_before_description_hits(town) -> None:
    make_organisation(town, "Aaron Hilfswerk", description={"de": "Wir bieten Sprachkurse an."})
    make_organisation(town, "Zentrum für Sprachkurse")
    assert names(town, "Sprachkurs") == ["Zentrum für Sprachkurse", "Aaron Hilfswerk"]


@pytest.mark.django_db
def test_description_in_any_language_and_address_are_searched(town) -> None:
    make_organisation(
        town,
        "Begegnungsstätte Ost",
        street="Lindenallee 5",
        description={"de": "Offener Treff", "ar": "مقهى اللغة", "uk": "Мовне кафе"},
    )
    assert names(town, "Lindenallee") == ["Begegnungsstätte Ost"]
    assert names(town, "مقهى") == ["Begegnungsstätte Ost"]
    assert names(town, "кафе") == ["Begegnungsstätte Ost"]


@pytest.mark.django_db
def test_only_published_public_organisations_of_the_municipality(town, other_town) -> None:
    make_organisation(town, "Chor Sichtbar")
    make_organisation(town, "Chor Angefragt", status="requested")
    make_organisation(town, "Chor Archiviert", status="archived")
    make_organisation(town, "Chor Intern", visibility=Visibility.INTERNAL)
    make_organisation(town, "Chor Netzwerk", visibility=Visibility.NETWORK)
    make_organisation(other_town, "Chor Nachbar")
    assert names(town, "Chor") == ["Chor Sichtbar"]
    assert names(town, "") == ["Chor Sichtbar"]
    assert names(other_town, "Chor") == ["Chor Nachbar"]


@pytest.mark.django_db
def test_filters_combine_with_the_search(town) -> None:
    make_organisation(
        town, "Sportverein A", kind="sports_club", topics=("sports",), languages=("de", "ar")
    )
    make_organisation(
        town,
        "Sportverein B",
        kind="sports_club",
        topics=("sports", "youth"),
        languages=("de",),
        wheelchair_accessible=True,
    )
    make_organisation(town, "Kulturverein C", kind="association", topics=("culture",))
    assert names(town, "verein", kinds=("sports_club",)) == ["Sportverein A", "Sportverein B"]
    assert names(town, "", topics=("youth",)) == ["Sportverein B"]
    assert names(town, "", topics=("youth", "culture")) == ["Kulturverein C", "Sportverein B"]
    assert names(town, "", languages=("ar",)) == ["Sportverein A"]
    assert names(town, "verein", wheelchair_accessible=True) == ["Sportverein B"]
    assert names(town, "Sportverein", kinds=("association",)) == []


@pytest.mark.django_db
def test_updates_and_deletes_keep_the_index_right(town) -> None:
    from querschnitt.network.services.organisations import organisation_update

    organisation = make_organisation(town, "Alter Name")
    with scope(municipality=town):
        organisation_update(organisation=organisation, by=None, name="Neuer Klang")
    assert names(town, "Alter") == []
    assert names(town, "Klang") == ["Neuer Klang"]
    with scope(municipality=town):
        organisation.delete()
    assert names(town, "Klang") == []


@pytest.mark.django_db
def test_organisation_search_for_the_api_corrects_typos_too(town) -> None:
    make_organisation(town, "Sportverein Lindenhof")
    make_organisation(town, "Kulturverein Neckarstadt")
    with scope(municipality=town):
        found = organisation_search(municipality=town, query="Sportverien")
        assert [o.name for o in found] == ["Sportverein Lindenhof"]
        assert [o.name for o in organisation_search(municipality=town)] == [
            "Kulturverein Neckarstadt",
            "Sportverein Lindenhof",
        ]


@pytest.mark.django_db
def test_the_vocabulary_can_be_rebuilt_for_bulk_loads(town) -> None:
    from querschnitt.network.models import Organisation

    with scope(municipality=town):
        organisation = Organisation(municipality=town, name="Seniorentreff Sonnenschein")
        organisation.search_text = build_search_text(organisation)
        Organisation.objects.bulk_create([organisation])
    assert closest_words(town.pk, ["sonnenschien"], using="default") == {}
    assert search_vocabulary_rebuild(municipality_id=town.pk) >= 2
    assert closest_words(town.pk, ["sonnenschien"], using="default") == {
        "sonnenschien": "sonnenschein"
    }
    # and its words are known to occur (test_search_words.py)
    assert unmatched_terms(town.pk, parse_query("Seniorentreff"), using="default") == set()


# Everyday words: topics, languages, compounds (issue 7) -----------------------------------


@pytest.mark.django_db
def test_the_names_of_languages_are_found_in_every_interface_language(town) -> None:
    make_organisation(town, "Nachbarschaftshilfe Ost", languages=("de", "ar"))
    make_organisation(town, "Chor am Markt", languages=("de", "uk"))
    for query in ("Arabisch", "arabic", "العربية"):
        assert names(town, query) == ["Nachbarschaftshilfe Ost"], query
    assert names(town, "Ukrainisch") == ["Chor am Markt"]


@pytest.mark.django_db
def test_the_names_and_everyday_words_of_topics_are_found(town) -> None:
    make_organisation(town, "Bildungswerk Süd", topics=("language",))
    make_organisation(town, "Sportfreunde Nord", topics=("sports",))
    for query in ("Sprache", "Sprachkurs", "Sprachkurse", "Deutschkurs", "Integrationskurs"):
        assert names(town, query) == ["Bildungswerk Süd"], query
    assert names(town, "Sport") == ["Sportfreunde Nord"]


@pytest.mark.django_db
def test_a_compound_finds_organisations_that_name_its_parts(town) -> None:
    make_organisation(town, "Elterncafé", description={"de": "Kurse für Eltern, Beratung."})
    make_organisation(town, "Jugendtreff", description={"de": "Kurse und Musik für Jugendliche."})
    assert names(town, "Elternkurse") == ["Elterncafé"]
    assert corrected(town, "Elternkurse") == "eltern kurse"
    assert names(town, "Jugendkurs") == ["Jugendtreff"]


@pytest.mark.django_db
def test_an_edit_that_leaves_topics_alone_keeps_them_findable(town) -> None:
    from querschnitt.network.services.organisations import organisation_update

    organisation = make_organisation(town, "Bildungswerk Süd", topics=("language",))
    with scope(municipality=town):
        organisation_update(organisation=organisation, by=None, name="Bildungswerk Südstadt")
    assert names(town, "Sprachkurs") == ["Bildungswerk Südstadt"]
    with scope(municipality=town):
        organisation_update(organisation=organisation, by=None, topics=["sports"], languages=[])
    assert names(town, "Sprachkurs") == []
    assert names(town, "Sport") == ["Bildungswerk Südstadt"]


@pytest.mark.django_db
def test_an_organisation_made_after_all_migrations_is_found(town) -> None:
    # On SQLite a migration that rebuilds the organisation table drops the index triggers.
    make_organisation(town, "Kulturbrücke Neckarstadt e. V.")
    assert names(town, "Kulturbrücke") == ["Kulturbrücke Neckarstadt e. V."]


@pytest.mark.django_db
def test_the_sqlite_search_objects_survive_every_migration() -> None:
    """Raw SQL on the organisation table (triggers, the scan index) is lost when a migration
    rebuilds the table on SQLite; the last migration makes it whole again."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index')")
        present = {name for _type, name in cursor.fetchall()}
    assert {"network_organisation_scan"} <= present
    assert sum(name.startswith("network_organisation_search_") for name in present) >= 3
