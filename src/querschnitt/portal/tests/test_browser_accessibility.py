"""In Chromium: every public page type passes axe-core in German and Arabic; the header works
with the keyboard alone; the language switch changes language and direction."""

import pytest
from playwright.sync_api import expect

from conftest import axe_violations

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/impressum/",
    "/mannheim/",
    "/bamberg/",
    "/mannheim/barrierefreiheit/",
    "/mannheim/barrierefreiheit/rueckmeldung/",
    "/mannheim/impressum/",
    "/mannheim/datenschutz/",
    "/mannheim/leichte-sprache/",
    "/mannheim/konto/anmelden/",
    "/mannheim/konto/passwort-vergessen/",
    "/atlantis/",
]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_public_pages_have_no_accessibility_violations(page, language) -> None:
    page.goto(f"/sprache/{language}/?next=/")
    failures = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language, path
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        if violations := axe_violations(page):
            failures[path] = violations
    assert failures == {}


def test_a_form_with_errors_has_no_accessibility_violations(page) -> None:
    page.goto("/mannheim/barrierefreiheit/rueckmeldung/")
    page.get_by_role("button", name="Senden").click()
    expect(page.locator(".kern-error").first).to_be_visible()
    assert axe_violations(page) == []


def test_the_keyboard_reaches_every_link_of_the_header(page) -> None:
    page.goto("/mannheim/")
    header_links = page.locator("header a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert len(header_links) >= 5
    reached = []
    for _step in range(40):
        page.keyboard.press("Tab")
        href = page.evaluate(
            "document.activeElement && document.activeElement.closest('header') ? "
            "document.activeElement.getAttribute('href') : null"
        )
        if href:
            reached.append(href)
    assert set(header_links) <= set(reached)


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page) -> None:
    page.goto("/bamberg/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_switching_to_arabic_turns_the_page_right_to_left(page) -> None:
    page.goto("/mannheim/")
    # /sprache/ sends the browser back to the page it came from: the URL alone does not tell
    # the new page from the old one, the document's direction does
    page.locator("header a[hreflang=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.wait_for_url("**/mannheim/")
    assert page.locator("html").get_attribute("lang") == "ar"
    quote = page.locator("blockquote")
    assert quote.get_attribute("lang") == "de"
    assert quote.get_attribute("dir") == "ltr"
    page.locator("header a[hreflang=en]").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.wait_for_url("**/mannheim/")
    assert page.locator("h2#self-description").inner_text() == "Who we are and what we do"
