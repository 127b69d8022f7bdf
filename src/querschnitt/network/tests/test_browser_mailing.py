"""In Chromium: office staff compose a mailing to a segment, see how many it reaches, send it
and watch the progress reach "sent"; a recipient unsubscribes in German and in Arabic."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django_scopes import scope
from playwright.sync_api import expect

from conftest import axe_violations, demo_totp_code
from querschnitt.core.models import Municipality
from querschnitt.network.models import Consent, District, Mailing, Organisation
from querschnitt.network.tasks import mailing_send
from querschnitt.network.tests.test_mailings_segments import make_contact, make_organisation

pytestmark = pytest.mark.browser

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def a_segment_of_our_own() -> District:
    """A district with two clubs: two contacts may receive mailings, one may not."""
    mannheim = Municipality.objects.get(slug="mannheim")
    with scope(municipality=mannheim):
        district = District.objects.create(municipality=mannheim, name="Testbezirk")
        club = make_organisation(
            mannheim, "Testclub Neckar", kind=Organisation.Kind.SPORTS_CLUB, district=district
        )
        choir = make_organisation(mannheim, "Testchor Rhein", district=district)
        make_contact(club, "trainerin@example.org", name="Trainerin")
        make_contact(choir, "chor@example.org", name="Chorleitung")
        make_contact(choir, "ohne@example.org", purpose=None)
    return district


def sign_in(page: Any, path: str) -> None:
    """The German sign-in with password and TOTP code, as in accounts' browser test."""
    page.goto(path)
    assert axe_violations(page) == []
    page.get_by_label("E-Mail-Adresse").fill("admin@mannheim.example")
    page.get_by_label("Passwort").fill("Querschnitt-Demo-2026")
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/konto/zweiter-faktor/**")
    assert axe_violations(page) == []
    page.get_by_label("Sechsstelliger Code").fill(demo_totp_code("admin@mannheim.example"))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**{path}")
    assert axe_violations(page) == []


def test_staff_send_a_mailing_to_a_segment_and_watch_it_finish(
    page: Any, browser: Any, live_server: Any
) -> None:
    district = a_segment_of_our_own()
    create = "/mannheim/verwaltung/rundschreiben/neu/"
    sign_in(page, create)
    page.goto(f"/sprache/en/?next={create}")
    assert axe_violations(page) == []

    page.get_by_label("Subject").fill("Invitation to the network meeting")
    page.get_by_label("Text", exact=True).fill("Dear colleagues,\n\nyou are invited.")
    page.locator("summary", has_text="Districts").click()
    page.get_by_label("Testbezirk").check()
    # htmx counts the segment as soon as it changes.
    expect(page.locator('#recipient-preview [data-count="contacts"]')).to_have_text("3")
    expect(page.locator('#recipient-preview [data-count="addresses"]')).to_have_text("2")
    expect(page.locator('#recipient-preview [data-count="excluded"]')).to_have_text("1")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/verwaltung/rundschreiben/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Invitation to the network meeting"
    assert axe_violations(page) == []

    # The worker is held back: the page shows "sending" and polls. Requests of the page wait
    # for this thread (page.route), so the test and the server never use the database at once.
    page.route(re.compile(r"/verwaltung/rundschreiben/\d+/"), lambda route: route.continue_())
    with override_settings(TASKS=DUMMY_TASKS):
        page.get_by_role("button", name="Send now").click()
        page.get_by_role("button", name="Yes, send now").click()
        page.wait_for_load_state()
        progress = page.locator("#mailing-progress")
        expect(progress).to_have_attribute("data-state", "sending")
    expect(progress.locator('[data-count="queued"]')).to_have_text("2")
    assert progress.get_attribute("hx-trigger") == "every 2s"
    assert axe_violations(page) == []

    mannheim = Municipality.objects.get(slug="mannheim")
    with scope(municipality=mannheim):
        mailing = Mailing.objects.get(municipality=mannheim, subject__startswith="Invitation")
    mailing_send.call(municipality_id=mannheim.pk, mailing_id=mailing.pk, base_url=live_server.url)
    expect(progress).to_have_attribute("data-state", "sent", timeout=10_000)
    expect(progress.locator('[data-count="sent"]')).to_have_text("2")
    assert axe_violations(page) == []
    page.unroute(re.compile(r"/verwaltung/rundschreiben/\d+/"))

    page.goto("/mannheim/verwaltung/rundschreiben/")
    expect(page.get_by_role("link", name="Invitation to the network meeting")).to_be_visible()
    assert axe_violations(page) == []

    assert sorted(m.to[0] for m in mail.outbox) == ["chor@example.org", "trainerin@example.org"]
    message = next(m for m in mail.outbox if m.to == ["chor@example.org"])
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    unsubscribe_as_a_visitor(browser, live_server, link.removeprefix(live_server.url))
    with scope(municipality=mannheim):
        consent = Consent.objects.get(contact__email="chor@example.org", purpose="mailings")
        assert consent.withdrawn_at is not None
    assert district.pk


def unsubscribe_as_a_visitor(browser: Any, live_server: Any, path: str) -> None:
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    visitor = context.new_page()
    visitor.set_default_timeout(10_000)
    try:
        for language in ("ar", "de"):
            visitor.goto(f"/sprache/{language}/?next={path}")
            html = visitor.locator("html")
            assert html.get_attribute("lang") == language
            assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            assert axe_violations(visitor) == [], language
            visitor.locator("main form button[type=submit]").click()
            visitor.wait_for_load_state()
            expect(visitor.locator("main .kern-alert--success")).to_be_visible()
            assert axe_violations(visitor) == [], language
    finally:
        context.close()


def test_staff_record_a_contact_and_its_consent(page: Any) -> None:
    mannheim = Municipality.objects.get(slug="mannheim")
    with scope(municipality=mannheim):
        club = make_organisation(mannheim, "Ruderclub Testhafen")
    contacts = "/mannheim/verwaltung/kontakte/"
    sign_in(page, contacts)
    page.goto(f"/sprache/en/?next={contacts}neu/")
    assert axe_violations(page) == []

    page.get_by_label("Name", exact=True).fill("Selin Arslan")
    organisation = page.get_by_label("Organisation")
    organisation.fill("Testhafen")
    # htmx fills the datalist with the matching organisations while typing.
    expect(page.locator("#organisation-suggestions option")).to_have_attribute(
        "value", f"Ruderclub Testhafen (#{club.pk})"
    )
    organisation.fill(f"Ruderclub Testhafen (#{club.pk})")
    page.get_by_label("E-mail address").fill("selin.arslan@example.org")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/verwaltung/kontakte/\d+/"))
    assert axe_violations(page) == []

    page.get_by_label("Consent (Art. 6(1)(a) GDPR)").check()
    page.get_by_label("Source").fill("Registration form of the network meeting")
    page.get_by_role("button", name="Add record").click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name=re.compile("Mark as withdrawn"))).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name=re.compile("Mark as withdrawn")).click()
    page.wait_for_load_state()
    expect(page.get_by_text("withdrawn on")).to_be_visible()

    page.goto(f"{contacts}?q=Selin")
    expect(page.get_by_role("link", name="Selin Arslan")).to_be_visible()
    assert axe_violations(page) == []
