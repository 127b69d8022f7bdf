"""In Chromium (issue 7): a failed form leads with an error summary that takes the focus and
whose links move it to their fields (public and staff forms alike); paging the directory moves
the focus to the start of the results and says which are shown; many choices can be filtered;
the spam trap is out of reach; left-to-right values stand beside their labels in Arabic;
quoted texts are set at body size."""

import re

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, demo_totp_code

pytestmark = pytest.mark.browser


def focused(page) -> dict[str, str]:
    return page.evaluate(
        "({id: document.activeElement.id, "
        "summary: document.activeElement.hasAttribute('data-qs-error-summary') ? 'yes' : '', "
        "text: document.activeElement.textContent.trim()})"
    )


def check_summary_links(page) -> int:
    """Each link of the summary moves the focus to its field; returns how many there are."""
    links = page.locator("[data-qs-error-summary] a")
    targets = links.evaluate_all("links => links.map(link => link.getAttribute('href').slice(1))")
    for index, target in enumerate(targets):
        links.nth(index).click()
        assert focused(page)["id"] == target
    return len(targets)


def test_a_failed_public_form_focuses_its_error_summary_and_links_to_fields(page) -> None:
    page.goto("/mannheim/akteure/eintragen/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert focused(page)["summary"] == "yes"
    summary = page.locator("[data-qs-error-summary]")
    assert summary.get_attribute("role") == "alert"
    assert check_summary_links(page) >= 4
    assert axe_violations(page) == []


def test_a_failed_staff_form_has_the_same_summary(page) -> None:
    page.goto("/mannheim/konto/anmelden/?next=/mannheim/verwaltung/dienststellen/neu/")
    page.get_by_label("E-Mail-Adresse").fill("admin@mannheim.example")
    page.get_by_label("Passwort").fill("Querschnitt-Demo-2026")
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/konto/zweiter-faktor/**")
    page.get_by_label("Sechsstelliger Code").fill(demo_totp_code("admin@mannheim.example"))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/verwaltung/dienststellen/neu/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert focused(page)["summary"] == "yes"
    assert check_summary_links(page) >= 1
    assert axe_violations(page) == []


def test_paging_moves_the_focus_to_the_results_and_says_which_are_shown(page) -> None:
    page.goto("/mannheim/akteure/")
    found = re.search(r"von (\d+)", page.locator(".qs-directory__range").inner_text())
    assert found is not None
    total = int(found[1])
    page.get_by_role("link", name="Nächste Seite").click()
    results = page.locator(".qs-directory__range")
    expect(results).to_have_text(f"Ergebnisse 21–40 von {total}")
    expect(results).to_be_focused()
    assert "nach=" in page.url
    page.get_by_role("link", name="Vorherige Seite").click()
    expect(results).to_have_text(f"Ergebnisse 1–20 von {total}")
    expect(results).to_be_focused()
    assert axe_violations(page) == []


def test_many_choices_can_be_filtered_and_stay_checkboxes(page) -> None:
    page.goto("/mannheim/akteure/eintragen/")
    languages = page.locator("fieldset.qs-choices--many", has=page.locator("[name=languages]"))
    box = languages.get_by_role("searchbox", name="Liste filtern")
    box.fill("arab")
    visible = languages.locator(".kern-form-check:visible")
    assert visible.count() == 1
    assert visible.inner_text().strip() == "Arabisch"
    assert languages.locator("[role=status]").inner_text() == "1 von 31 angezeigt"
    visible.locator("input").check()
    box.fill("")
    assert languages.locator(".kern-form-check:visible").count() == 31
    assert axe_violations(page) == []


def test_the_spam_trap_is_neither_seen_nor_read_nor_reached(page) -> None:
    page.goto("/mannheim/barrierefreiheit/rueckmeldung/")
    assert page.get_by_role("textbox", name="Dieses Feld bitte leer lassen").count() == 0
    assert page.get_by_label("Dieses Feld bitte leer lassen").is_hidden()
    for _step in range(25):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") != "website"


def test_left_to_right_values_stand_beside_their_labels_in_arabic(page) -> None:
    page.goto("/sprache/ar/?next=/mannheim/")
    for value in page.locator("dd bdi[dir=ltr]").all():
        row = value.locator("xpath=ancestor::dd[1]")
        value_box, row_box = value.bounding_box(), row.bounding_box()
        # Right-aligned like its label, not pushed to the far left.
        assert abs((value_box["x"] + value_box["width"]) - (row_box["x"] + row_box["width"])) < 2
    assert page.locator("dd bdi[dir=ltr]").count() >= 3


def test_quoted_self_descriptions_are_set_at_body_size(page) -> None:
    page.goto("/mannheim/")
    sizes = page.evaluate(
        "[getComputedStyle(document.querySelector('blockquote p')).fontSize,"
        " getComputedStyle(document.querySelector('.kern-body')).fontSize]"
    )
    assert sizes[0] == sizes[1]
