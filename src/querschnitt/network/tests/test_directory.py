"""The public directory: list, filters, htmx fragment, paging by key, map, the organisation's
page with JSON-LD, and query counts that do not grow with the data."""

import functools
import json
import operator
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from querschnitt.core import selectors, versioned
from querschnitt.core.models import Municipality, Visibility
from querschnitt.network.selectors import directory as directory_selectors
from querschnitt.network.services.organisations import organisation_update
from querschnitt.network.tests.test_directory_fixtures import (
    make_district,
    make_organisation,
    make_town,
)


@pytest.fixture
def town(db: Any) -> Municipality:
    return make_town()


@pytest.fixture
def other_town(db: Any) -> Municipality:
    return make_town("nachbarstadt", "09999002")


LIST = "/pruefstadt/akteure/"


def english() -> Client:
    client = Client()
    client.cookies["qs_language"] = "en"
    return client


def listed(html: str) -> list[str]:
    """The names in the result list, in order."""
    return re.findall(r'<h3 class="kern-title"><a [^>]*><bdi lang="de">([^<]*)</bdi>', html)


def link(html: str, rel: str) -> str:
    """The query string of the page link with this rel."""
    found = re.search(rf'rel="{rel}" href="\?([^"]*)"', html)
    assert found is not None, rel
    return found.group(1).replace("&amp;", "&")


def get(client: Client, path: str, **headers) -> tuple[int, str]:
    response = client.get(path, **headers)
    return response.status_code, response.content.decode()


@pytest.mark.django_db
def test_the_list_shows_published_public_entries_with_links(town, other_town) -> None:
    visible = make_organisation(town, "Chor der Nationen", kind="cultural_institution")
    make_organisation(town, "Chor Intern", visibility=Visibility.INTERNAL)
    make_organisation(town, "Chor Angefragt", status="requested")
    make_organisation(other_town, "Chor Nachbarstadt")
    status, html = get(english(), LIST)
    assert status == 200
    assert listed(html) == ["Chor der Nationen"]
    assert f'href="/pruefstadt/akteure/{visible.pk}/"' in html
    assert "1 organisation found." in html
    assert 'role="search"' in html
    assert 'hx-get="/pruefstadt/akteure/"' in html
    assert 'hx-push-url="true"' in html


@pytest.mark.django_db
def test_filters_in_the_address_combine(town) -> None:
    district = make_district(town, "Lindenhof")
    make_organisation(
        town,
        "Sportverein Lindenhof",
        kind="sports_club",
        topics=("sports",),
        languages=("de", "tr"),
        district=district,
        wheelchair_accessible=True,
    )
    make_organisation(town, "Sportverein Nord", kind="sports_club", topics=("sports",))
    make_organisation(town, "Moscheegemeinde Süd", kind="religious_community", languages=("tr",))
    client = english()
    assert listed(get(client, LIST + "?art=sports_club")[1]) == [
        "Sportverein Lindenhof",
        "Sportverein Nord",
    ]
    assert listed(get(client, LIST + "?art=sports_club&sprache=tr")[1]) == ["Sportverein Lindenhof"]
    assert listed(get(client, LIST + f"?bezirk={district.pk}")[1]) == ["Sportverein Lindenhof"]
    assert listed(get(client, LIST + "?barrierefrei=on")[1]) == ["Sportverein Lindenhof"]
    assert listed(get(client, LIST + "?thema=sports&q=nord")[1]) == ["Sportverein Nord"]
    assert listed(get(client, LIST + "?art=sports_club&art=religious_community&sprache=tr")[1]) == [
        "Moscheegemeinde Süd",
        "Sportverein Lindenhof",
    ]


@pytest.mark.django_db
def test_wrong_filter_values_are_reported_not_fatal(town) -> None:
    make_organisation(town, "Chor der Nationen")
    status, html = get(english(), LIST + "?art=nonsense&bezirk=abc&sprache=xx&q=Chor")
    assert status == 200
    assert "Some filters are not valid and are ignored." in html
    assert listed(html) == ["Chor der Nationen"]
    status, html = get(english(), LIST + "?nach=%%%&vor=bm90LWpzb24")
    assert status == 200
    assert listed(html) == ["Chor der Nationen"]


@pytest.mark.django_db
def test_a_typo_says_what_was_searched(town) -> None:
    make_organisation(town, "Sportverein Lindenhof")
    _status, html = get(english(), LIST + "?q=Sportverien")
    assert listed(html) == ["Sportverein Lindenhof"]
    assert "Showing results for" in html
    assert "<bdi>sportverein</bdi>" in html


@pytest.mark.django_db
def test_htmx_gets_the_results_alone_with_the_count_out_of_band(town) -> None:
    make_organisation(town, "Chor der Nationen")
    status, html = get(english(), LIST + "?q=Chor", HTTP_HX_REQUEST="true")
    assert status == 200
    assert "<html" not in html
    assert "<form" not in html
    assert listed(html) == ["Chor der Nationen"]
    assert 'id="directory-status" ' in html
    assert 'hx-swap-oob="innerHTML"' in html
    response = english().get(LIST + "?q=Chor", HTTP_HX_REQUEST="true")
    assert "HX-Request" in response["Vary"]
    # Restoring history after a reload asks for the whole page.
    status, html = get(
        english(), LIST + "?q=Chor", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in html


@pytest.mark.django_db
def test_paging_by_key_forward_and_back(town) -> None:
    for number in range(45):
        make_organisation(town, f"Verein {number:02d}")
    client = english()
    pages = []
    html = get(client, LIST)[1]
    pages.append(listed(html))
    while match := re.search(r'rel="next" href="\?([^"]*)"', html):
        html = get(client, LIST + "?" + match.group(1).replace("&amp;", "&"))[1]
        pages.append(listed(html))
    assert [len(page) for page in pages] == [20, 20, 5]
    assert functools.reduce(operator.iadd, pages, []) == [f"Verein {n:02d}" for n in range(45)]
    # htmx never asks for the bare address: that one is in the page cache as a whole page.
    assert 'hx-get="/pruefstadt/akteure/?q="' in html
    previous = link(html, "prev")
    assert listed(get(client, LIST + "?" + previous)[1]) == pages[1]


@pytest.mark.django_db
def test_paging_a_ranked_search(town) -> None:
    for number in range(25):
        make_organisation(town, f"Gruppe {number:02d}", description={"de": "Sprachcafé"})
    make_organisation(town, "Zentrum Sprachcafé")
    client = english()
    html = get(client, LIST + "?q=Sprachcafe")[1]
    first = listed(html)
    assert first[0] == "Zentrum Sprachcafé"
    assert len(first) == 20
    after = link(html, "next")
    assert "q=Sprachcafe" in after
    assert listed(get(client, LIST + "?" + after)[1]) == [f"Gruppe {n:02d}" for n in range(19, 25)]


@pytest.mark.django_db
def test_a_broad_search_is_counted_up_to_the_limit_and_listed_by_name(town, monkeypatch) -> None:
    monkeypatch.setattr(directory_selectors, "COUNT_LIMIT", 5)
    for number in range(8):
        make_organisation(town, f"Zentrum {number}", description={"de": "Tanz"})
    make_organisation(town, "Tanzgruppe")
    html = get(english(), LIST + "?q=Tanz")[1]
    assert "More than 5 organisations found." in html
    assert listed(html) == ["Tanzgruppe", *[f"Zentrum {n}" for n in range(8)]]


@pytest.mark.django_db
def test_the_map_is_there_only_with_a_tile_server(town, settings) -> None:
    make_organisation(town, "Chor der Nationen", latitude="49.890000", longitude="10.890000")
    html = get(english(), LIST)[1]
    assert 'id="directory-map"' not in html
    assert "leaflet.js" not in html
    assert 'data-lat="49.890000" data-lon="10.890000"' in html
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    cache.clear()
    html = get(english(), LIST)[1]
    assert 'id="directory-map"' in html
    assert "network/vendor/leaflet/leaflet.js" in html
    assert 'data-tile-url="https://tiles.example/{z}/{x}/{y}.png"' in html
    assert "<script>" not in html
    assert 'style="' not in html


@pytest.mark.django_db
def test_export_links_keep_the_filters(town) -> None:
    make_organisation(town, "Chor der Nationen")
    html = get(english(), LIST + "?q=Chor&art=association")[1]
    assert 'href="/pruefstadt/akteure/export.csv?q=Chor&amp;art=association"' in html
    assert 'href="/pruefstadt/akteure/export.xlsx?q=Chor&amp;art=association"' in html


@pytest.mark.django_db
def test_the_organisation_page(town) -> None:
    district = make_district(town, "Lindenhof")
    organisation = make_organisation(
        town,
        "Sportverein Lindenhof e. V.",
        kind="sports_club",
        topics=("sports", "youth"),
        languages=("de", "ar"),
        description={"de": "Fußball für alle.", "en": "Football for everyone."},
        street="Meerfeldstraße 3",
        postal_code="68163",
        city="Pruefstadt",
        district=district,
        latitude="49.473000",
        longitude="8.460000",
        public_email="info@sv-lindenhof.example",
        public_phone="+49 621 123456",
        website="https://sv-lindenhof.example/",
        requested_by_name="Erika Privat",
        requested_by_email="erika@privat.example",
    )
    status, html = get(english(), f"/pruefstadt/akteure/{organisation.pk}/")
    assert status == 200
    assert "Sportverein Lindenhof e. V." in html
    assert "Football for everyone." in html
    assert "Arabic" in html
    assert "Sports" in html
    assert "Lindenhof" in html
    assert "info@sv-lindenhof.example" in html
    assert "https://sv-lindenhof.example/" in html
    assert "openstreetmap.org/?mlat=49.473000&amp;mlon=8.460000" in html
    assert "Erika" not in html
    assert "erika@privat.example" not in html
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    block = found.group(1)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "SportsOrganization"
    assert data["name"] == "Sportverein Lindenhof e. V."
    assert data["address"]["postalCode"] == "68163"
    assert data["geo"]["latitude"] == pytest.approx(49.473)
    assert data["knowsLanguage"] == ["ar", "de"]
    assert data["email"] == "info@sv-lindenhof.example"
    assert "erika" not in block.lower()
    # The description falls back to German, visibly, in a language it lacks.
    client = Client()
    client.cookies["qs_language"] = "ar"
    html = client.get(f"/pruefstadt/akteure/{organisation.pk}/").content.decode()
    assert 'lang="de"' in html
    assert "Fußball für alle." in html


@pytest.mark.django_db
def test_only_published_public_entries_have_a_page(town, other_town) -> None:
    hidden = [
        make_organisation(town, "Angefragt", status="requested"),
        make_organisation(town, "In Prüfung", status="in_review"),
        make_organisation(town, "Archiviert", status="archived"),
        make_organisation(town, "Intern", visibility=Visibility.INTERNAL),
        make_organisation(town, "Netzwerk", visibility=Visibility.NETWORK),
    ]
    foreign = make_organisation(other_town, "Nachbar")
    client = Client()
    for organisation in hidden:
        assert client.get(f"/pruefstadt/akteure/{organisation.pk}/").status_code == 404
    assert client.get(f"/pruefstadt/akteure/{foreign.pk}/").status_code == 404
    assert client.get(f"/nachbarstadt/akteure/{foreign.pk}/").status_code == 200
    assert client.get("/pruefstadt/akteure/99999999999999999999/").status_code == 404


def query_count(client: Client, path: str) -> int:
    cache.clear()
    selectors._recent.clear()
    versioned.forget()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(queries)


PATHS = [
    LIST,
    LIST + "?q=Verein",
    LIST + "?q=Vrein",
    LIST + "?art=sports_club&thema=sports&sprache=ar&barrierefrei=on",
    LIST + "?q=Verein&thema=youth",
    LIST + "export.csv?q=Verein",
    LIST + "export.xlsx",
]


def grow(municipality, start: int, count: int) -> None:
    for number in range(start, start + count):
        make_organisation(
            municipality,
            f"Verein {number:04d}",
            kind="sports_club" if number % 2 else "association",
            topics=("sports", "youth"),
            languages=("de", "ar"),
            wheelchair_accessible=True,
            latitude="49.400000",
            longitude="8.400000",
        )


@pytest.mark.django_db
def test_query_counts_are_the_same_for_10_and_200_organisations(town, monkeypatch) -> None:
    # A limit below 200 so that the large case also takes the path of a broad search.
    monkeypatch.setattr(directory_selectors, "COUNT_LIMIT", 50)
    client = Client()
    grow(town, 0, 10)
    small = {path: query_count(client, path) for path in PATHS}
    first = make_organisation(town, "Aaa Detail")
    small["detail"] = query_count(client, f"/pruefstadt/akteure/{first.pk}/")
    grow(town, 10, 190)
    large = {path: query_count(client, path) for path in PATHS}
    large["detail"] = query_count(client, f"/pruefstadt/akteure/{first.pk}/")
    # Exports read in chunks of 1,000: 200 rows are still one chunk. A one-word search that
    # more listed entries hold than the limit is known to be broad from the words table
    # (search.py, "Listed organisations of a word"): no candidates read, one query fewer (on
    # PostgreSQL five: the read runs in a savepoint with index scans off, `without_index_scans`).
    fewer = {LIST + "?q=Verein", LIST + "?q=Vrein"}
    read = 1 if connection.vendor == "sqlite" else 5
    assert {path: count + read * (path in fewer) for path, count in large.items()} == small
    assert small[LIST] <= 6
    assert small["detail"] <= 4


@pytest.mark.django_db
def test_remembered_rows_spare_a_query_and_show_changed_topics_at_once(
    town, django_capture_on_commit_callbacks
) -> None:
    organisation = make_organisation(town, "Chor der Nationen", topics=("culture",))
    client = english()

    def reads_topics() -> bool:
        cache.clear()  # the page cache, not the remembered rows
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return any("network_organisationtopic" in query["sql"] for query in queries)

    versioned.forget()
    assert reads_topics()
    assert not reads_topics()
    topics, languages = "Topics:</span> ", "Languages spoken:</span> "
    html = get(client, LIST)[1]
    assert f"{topics}Culture and art<" in html
    assert languages not in html
    with django_capture_on_commit_callbacks(execute=True), scope(municipality=town):
        organisation_update(
            organisation=organisation, by=None, topics=("sports",), languages=("ar",)
        )
    cache.clear()  # and with it the stamp of the municipality rows that the update moved
    selectors._recent.clear()
    html = get(client, LIST)[1]
    assert f"{topics}Sports<" in html
    assert f"{languages}Arabic<" in html


@pytest.mark.django_db
def test_remembered_count_of_the_plain_list_is_read_once_and_moves_at_once(
    town, other_town, django_capture_on_commit_callbacks
) -> None:
    first = make_organisation(town, "Chor der Nationen")
    make_organisation(town, "Boule-Club")
    make_organisation(other_town, "Nachbarverein")
    client = english()

    def counted() -> tuple[str, bool]:
        cache.clear()  # the page cache, not the remembered count
        selectors._recent.clear()
        with CaptureQueriesContext(connection) as queries:
            html = get(client, LIST)[1]
        found = re.search(r"(\d+) organisations? found", html)
        assert found is not None
        return found.group(1), any("COUNT(*)" in query["sql"] for query in queries)

    versioned.forget()
    assert counted() == ("2", True)
    assert counted() == ("2", False)
    make_organisation(town, "Aquarellkreis")
    assert counted() == ("3", True)
    with django_capture_on_commit_callbacks(execute=True), scope(municipality=town):
        organisation_update(organisation=first, by=None, visibility=Visibility.INTERNAL)
    assert counted() == ("2", True)
    make_organisation(other_town, "Zweiter Nachbarverein")  # another town's data: not counted
    assert counted()[0] == "2"
