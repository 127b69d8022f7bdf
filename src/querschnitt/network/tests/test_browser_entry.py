"""In Chromium: an organisation requests an entry and confirms it from the e-mail; the office
approves it; a representative opens their entry. axe-core on every page visited."""

import re

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from conftest import axe_violations, demo_totp_code
from querschnitt.network.models import Organisation

pytestmark = pytest.mark.browser

REQUEST = "/mannheim/akteure/eintragen/"


def submit(page) -> None:
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def fill_request(page) -> None:
    page.locator("#id_name").fill("Kulturbrücke Neckarstadt e. V.")
    page.locator("#id_kind").select_option("cultural_institution")
    page.locator("input[name=topics][value=culture]").check()
    page.locator("input[name=topics][value=youth]").check()
    page.locator("input[name=languages][value=tr]").check()
    page.locator("#id_description").fill("Wir machen Theater mit Jugendlichen.")
    page.locator("#id_city").fill("Mannheim")
    page.locator("#id_requester_name").fill("Selin Kaya")
    page.locator("#id_requester_email").fill("selin.kaya@kulturbruecke.example")
    page.locator("#id_consent").check()


def test_an_organisation_requests_an_entry_and_confirms_it_from_the_mail(page) -> None:
    page.goto(REQUEST)
    assert page.locator("html").get_attribute("lang") == "de"
    assert axe_violations(page) == []
    submit(page)  # empty: the form shows its errors
    assert page.locator(".kern-error").count() >= 3
    assert axe_violations(page) == []

    fill_request(page)
    submit(page)
    page.wait_for_url(f"**{REQUEST}?gesendet=1")
    assert page.locator(".kern-alert--success").count() == 1
    assert axe_violations(page) == []

    assert len(mail.outbox) == 1
    found = re.search(r"https?://[^/\s]+(/\S+)", str(mail.outbox[0].body))
    assert found is not None
    page.goto(found.group(1))
    assert axe_violations(page) == []
    with scopes_disabled():
        organisation = Organisation.objects.get(name="Kulturbrücke Neckarstadt e. V.")
    assert organisation.status == Organisation.Status.REQUESTED
    submit(page)
    assert page.locator(".kern-alert--success").count() == 1
    assert axe_violations(page) == []
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.IN_REVIEW
    assert organisation.email_confirmed_at is not None

    # The office signs in and approves the request.
    page.goto("/mannheim/verwaltung/anfragen/")
    page.get_by_label("E-Mail-Adresse").fill("team@mannheim.example")
    page.get_by_label("Passwort").fill("Querschnitt-Demo-2026")
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/konto/zweiter-faktor/**")
    page.get_by_label("Sechsstelliger Code").fill(demo_totp_code("team@mannheim.example"))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/mannheim/verwaltung/anfragen/")
    assert axe_violations(page) == []
    page.locator(f"a[href='/mannheim/verwaltung/anfragen/eintrag/{organisation.pk}/']").click()
    page.wait_for_url(f"**/anfragen/eintrag/{organisation.pk}/")
    assert axe_violations(page) == []
    page.locator("main form:has(input[value=approve]) button[type=submit]").click()
    page.locator("main form:has(input[name=bestaetigt]) button[type=submit]").click()
    page.wait_for_url("**/mannheim/verwaltung/anfragen/")
    assert page.locator(".kern-alert--success").count() == 1
    assert axe_violations(page) == []
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PUBLISHED


def test_the_request_form_in_arabic_is_right_to_left_and_accessible(page) -> None:
    page.goto(f"/sprache/ar/?next={REQUEST}")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#id_description").get_attribute("dir") == "auto"
    assert axe_violations(page) == []
    submit(page)
    assert page.locator(".kern-error").count() >= 3
    assert axe_violations(page) == []


def test_a_representative_opens_their_entry(page) -> None:
    page.goto("/mannheim/verwaltung/meine-organisation/")
    page.get_by_label("E-Mail-Adresse").fill("verein@mannheim.example")
    page.get_by_label("Passwort").fill("Querschnitt-Demo-2026")
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/mannheim/verwaltung/meine-organisation/")
    assert axe_violations(page) == []
    page.locator("main table a").first.click()
    page.wait_for_url("**/meine-organisation/*/")
    assert axe_violations(page) == []
    page.locator("#id_public_phone").fill("0621 98765")
    submit(page)
    assert page.locator(".kern-alert--success").count() == 1
    assert axe_violations(page) == []
