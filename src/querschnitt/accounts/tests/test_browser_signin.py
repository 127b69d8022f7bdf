"""In Chromium: an office administrator signs in with password and TOTP code."""

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, demo_totp_code

pytestmark = pytest.mark.browser


def test_an_administrator_signs_in_with_a_totp_code_and_reaches_the_staff_area(page) -> None:
    page.goto("/mannheim/verwaltung/einstellungen/")
    assert "/konto/anmelden/" in page.url
    assert axe_violations(page) == []
    page.get_by_label("E-Mail-Adresse").fill("admin@mannheim.example")
    page.get_by_label("Passwort").fill("Querschnitt-Demo-2026")
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/konto/zweiter-faktor/**")
    assert axe_violations(page) == []
    code = page.get_by_label("Sechsstelliger Code")
    code.fill("000000")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator(".kern-error")).to_have_count(1)
    page.wait_for_timeout(1100)  # django-otp throttles: one second after a wrong code
    page.get_by_label("Sechsstelliger Code").fill(demo_totp_code("admin@mannheim.example"))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/mannheim/verwaltung/einstellungen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Einstellungen"
    assert axe_violations(page) == []
    for path in [
        "/mannheim/verwaltung/",
        "/mannheim/verwaltung/benutzer/",
        "/mannheim/verwaltung/protokoll/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path
