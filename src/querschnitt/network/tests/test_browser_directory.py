"""In Chromium: the directory is searched and filtered with the keyboard alone, works without
JavaScript, shows a map when a tile server is set, and passes axe-core in German and Arabic."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from conftest import axe_violations
from querschnitt.core.models import Municipality
from querschnitt.network.tests.test_directory_fixtures import make_district, make_organisation

pytestmark = pytest.mark.browser

DIRECTORY = "/mannheim/akteure/"


@pytest.fixture
def entries(page) -> dict[str, int]:
    """Organisations with words no demo entry has, made through the services."""
    with scopes_disabled():
        mannheim = Municipality.objects.get(slug="mannheim")
    district = make_district(mannheim, "Prüfbezirk")
    sports = make_organisation(
        mannheim,
        "Sportverein Quellenhof e. V.",
        kind="sports_club",
        topics=("sports", "youth"),
        languages=("de", "ar"),
        district=district,
        latitude="49.487000",
        longitude="8.466000",
        description={"de": "Fußball für alle.", "ar": "كرة القدم للجميع."},
        wheelchair_accessible=True,
    )
    culture = make_organisation(
        mannheim,
        "Kulturverein Quellenhof",
        kind="cultural_institution",
        topics=("culture",),
        latitude="49.480000",
        longitude="8.470000",
    )
    return {"sports": sports.pk, "culture": culture.pk}


def result_names(page) -> list[str]:
    return page.locator("#directory-results .qs-org h3").all_inner_texts()


def press_tab_until(page, selector: str, limit: int = 80) -> None:
    """Tab through the page until the element matching `selector` has the focus."""
    for _step in range(limit):
        page.keyboard.press("Tab")
        if page.locator(f"{selector}:focus").count():
            return
    raise AssertionError(f"the keyboard never reached {selector}")


def test_search_and_filter_with_the_keyboard(page, entries) -> None:
    page.goto(f"/sprache/en/?next={DIRECTORY}")
    press_tab_until(page, "#id_q")
    page.keyboard.type("Quellenhof")
    page.keyboard.press("Enter")
    expect(page.locator("#directory-results .qs-org")).to_have_count(2)
    assert sorted(result_names(page)) == ["Kulturverein Quellenhof", "Sportverein Quellenhof e. V."]
    assert "q=Quellenhof" in page.url
    assert "2 organisations found." in page.locator("#directory-status").inner_text()
    # Open "Kind of organisation" and tick "Sports club", all by keyboard.
    press_tab_until(page, "summary.kern-accordion__header")
    page.keyboard.press("Enter")
    press_tab_until(page, "input[name=art][value=sports_club]")
    page.keyboard.press("Space")
    expect(page.locator("#directory-results .qs-org")).to_have_count(1)
    assert result_names(page) == ["Sportverein Quellenhof e. V."]
    assert re.search(r"art=sports_club", page.url)
    assert "1 organisation found." in page.locator("#directory-status").inner_text()
    assert axe_violations(page) == []
    # A small typo still finds it, and the page says what it searched for.
    page.goto(f"{DIRECTORY}?q=Quellenhfo")
    assert len(result_names(page)) == 2
    assert "Showing results for" in page.locator("#directory-results").inner_text()
    # The result leads to the organisation's page.
    page.goto(f"{DIRECTORY}?q=Sportverein+Quellenhof")
    page.get_by_role("link", name="Sportverein Quellenhof e. V.").click()
    page.wait_for_url(f"**/mannheim/akteure/{entries['sports']}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sportverein Quellenhof e. V."


def test_the_directory_works_without_javascript(browser, live_server, demo, entries) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"/sprache/en/?next={DIRECTORY}")
        page.get_by_role("searchbox", name="Search").fill("Quellenhof")
        page.get_by_role("button", name="Show results").click()
        page.wait_for_url("**/akteure/?q=Quellenhof**")
        assert sorted(result_names(page)) == [
            "Kulturverein Quellenhof",
            "Sportverein Quellenhof e. V.",
        ]
    finally:
        context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_directory_and_organisation_page_pass_axe(page, entries, settings, language) -> None:
    # A tile "server" on the same site, so that the map is drawn as it would be in production.
    settings.MAP_TILE_URL = "/static/network/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}"
    settings.MAP_TILE_ATTRIBUTION = "Test tiles"
    page.goto(f"/sprache/{language}/?next={DIRECTORY}")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    failures = {}
    for path in [
        DIRECTORY,
        f"{DIRECTORY}?q=Quellenhof&art=sports_club&barrierefrei=on",
        f"{DIRECTORY}?q=Quellenhfo",
        f"{DIRECTORY}?q=Xylophonorchester",
        f"{DIRECTORY}?art=nonsense",
        f"{DIRECTORY}{entries['sports']}/",
        f"{DIRECTORY}{entries['culture']}/",
    ]:
        page.goto(path)
        if violations := axe_violations(page):
            failures[path] = violations
    assert failures == {}
    # The map drew the markers of the list.
    page.goto(f"{DIRECTORY}?q=Quellenhof")
    page.wait_for_selector("#directory-map .leaflet-marker-icon")
    assert page.locator("#directory-map .leaflet-marker-icon").count() == 2
    # The map's attribution links are underlined, not set apart by colour alone (axe-core
    # finds this only when it can tell the background behind the map's controls).
    attribution = page.locator("#directory-map .leaflet-control-attribution a").all()
    assert attribution, "the map names its sources"
    for link in attribution:
        assert "underline" in link.evaluate("a => getComputedStyle(a).textDecorationLine")
    page.goto(f"{DIRECTORY}{entries['sports']}/")
    page.wait_for_selector("#organisation-map .leaflet-marker-icon")
