"""In Chromium: the office administrator finds a requester's data, erases it after the
confirmation page, and sets a retention period; every page passes axe-core and fits 390 px."""

from typing import Any

import pytest
from django_scopes import scopes_disabled

from conftest import axe_violations
from querschnitt.core.models import Municipality
from querschnitt.core.retention import retention_days
from querschnitt.network.models import Organisation
from querschnitt.network.tests.test_browser_mailing import sign_in

pytestmark = pytest.mark.browser

REQUESTER = "nora.beispiel@example.org"  # asks for an entry in Mannheim's demo


def fits_a_phone(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_administrator_erases_a_requesters_data(page: Any) -> None:
    search = "/mannheim/verwaltung/personendaten/"
    sign_in(page, search)
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_label("E-Mail-Adresse").fill(REQUESTER)
    with page.expect_navigation():
        page.get_by_role("button", name="Suchen").click()
    assert page.get_by_role("rowheader", name="Eintragsanfragen").is_visible()
    assert axe_violations(page) == []
    assert fits_a_phone(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Löschen …").click()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Personenbezogene Daten löschen"
    assert REQUESTER in page.content()
    assert axe_violations(page) == []
    assert fits_a_phone(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Jetzt löschen").click()
    assert page.get_by_role("alert").count() >= 1, "asks for the confirmation first"
    page.get_by_label("Ich habe die Liste geprüft").check()
    page.get_by_role("button", name="Jetzt löschen").click()
    page.wait_for_url(f"**{search}")
    assert "Die Daten der Person wurden gelöscht." in page.content()
    assert axe_violations(page) == []
    with scopes_disabled():
        assert not Organisation.objects.filter(requested_by_email=REQUESTER).exists()

    page.goto("/mannheim/verwaltung/einstellungen/aufbewahrung/")
    assert axe_violations(page) == []
    assert fits_a_phone(page)
    field = page.get_by_label("Empfänger von Rundschreiben")
    field.fill("60")
    # the page saves to itself: without waiting for the answer, the field filled above is read
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    assert "Die Aufbewahrungsfristen wurden gespeichert." in page.content()
    assert page.get_by_label("Empfänger von Rundschreiben").input_value() == "60"
    with scopes_disabled():
        mannheim = Municipality.objects.get(slug="mannheim")
        assert retention_days(municipality=mannheim, key="network.mail_logs") == 60
