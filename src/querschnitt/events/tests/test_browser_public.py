"""In Chromium: the public event pages (list, month, event, registration, the personal link)
pass axe-core in German and Arabic and fit a phone without sideways scrolling; a family
registers three places, confirms through its link and cancels."""

import re
from http.server import BaseHTTPRequestHandler, HTTPServer
from threading import Thread

import pytest
from django.core import mail
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from conftest import axe_violations
from querschnitt.events.models import Event, EventDate, Registration
from querschnitt.events.services.registrations import registration_token

pytestmark = pytest.mark.browser

OPEN_EVENT = "Netzwerktreffen des Bündnisses: Herbst"


def open_date() -> EventDate:
    with scopes_disabled():
        return EventDate.objects.select_related("event").get(
            municipality__slug="mannheim", event__title__de=OPEN_EVENT
        )


def public_pages() -> list[str]:
    date = open_date()
    with scopes_disabled():
        registration = Registration.objects.filter(date__event__state="published").first()
        assert registration is not None
        token = registration_token(registration)
        full = Event.objects.get(
            municipality__slug="mannheim",
            title__de="MigrationsFORUM-Werkstatt: Mitreden im Quartier",
        )
    month = date.start.strftime("%Y-%m")
    return [
        "/mannheim/veranstaltungen/",
        "/mannheim/veranstaltungen/?online=on&zielgruppe=families",
        f"/mannheim/veranstaltungen/monat/?monat={month}",
        f"/mannheim/veranstaltungen/{date.event_id}/",
        f"/mannheim/veranstaltungen/{full.pk}/",
        f"/mannheim/veranstaltungen/{date.event_id}/termine/{date.pk}/anmelden/",
        f"/mannheim/veranstaltungen/anmeldung/{token}/",
        "/mannheim/veranstaltungen/naechster-termin/",
        "/mannheim/arbeitsgruppen/",
    ]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_public_event_pages_pass_axe_and_fit_a_phone(browser, live_server, demo, language):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"/sprache/{language}/?next=/mannheim/veranstaltungen/")
    problems = []
    for path in public_pages():
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        if language == "ar":
            assert page.locator("html").get_attribute("dir") == "rtl", path
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            problems.append(f"{path}: {wide}px sideways")
        problems += [f"{path}: {violation}" for violation in axe_violations(page)]
    context.close()
    assert problems == []


def test_a_family_registers_confirms_and_cancels(page) -> None:
    date = open_date()
    mail.outbox.clear()
    page.goto("/sprache/en/?next=/mannheim/veranstaltungen/")
    page.goto(f"/mannheim/veranstaltungen/{date.event_id}/")
    page.get_by_role("link", name=re.compile("Register")).first.click()
    page.get_by_label("Your name").fill("Familie Haddad")
    page.get_by_label("Your e-mail address").fill("haddad@example.org")
    page.get_by_label("Number of places").fill("2")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Register").click()
    expect(page.locator("main")).to_contain_text("2 places are held for you")
    (message,) = [m for m in mail.outbox if m.to == ["haddad@example.org"]]
    link = re.search(r"https?://\S+/anmeldung/\S+/", str(message.body))
    assert link is not None
    page.goto("/mannheim/" + link.group(0).split("/mannheim/", 1)[1])
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.locator("main")).to_contain_text("You have 2 places.")
    with scopes_disabled():
        registration = Registration.objects.get(email="haddad@example.org")
        assert registration.email_confirmed_at is not None
        assert registration.places == 2
    assert axe_violations(page) == []
    page.get_by_role("button", name="Cancel my registration").click()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    with scopes_disabled():
        registration.refresh_from_db()
    assert registration.state == "cancelled"


def test_the_next_date_embedded_in_a_plain_html_page(page, live_server) -> None:
    """A club's own page (another origin) frames the next date of the MigrationsFORUM
    without any script of ours; the frame passes axe-core."""
    snippet = (
        f'<iframe src="{live_server.url}/mannheim/veranstaltungen/naechster-termin/'
        '?format=migrationsforum" title="Nächster Termin" width="320" height="220"></iframe>'
    )
    html = (
        '<!DOCTYPE html><html lang="de"><head><title>Verein</title></head>'
        f"<body><main><h1>Unser Verein</h1>{snippet}</main></body></html>"
    ).encode()

    class ClubSite(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args: object) -> None:
            pass

    # The club's site: another origin on this machine (a page that Chromium counts as public
    # may not frame a local address).
    site = HTTPServer(("127.0.0.1", 0), ClubSite)
    Thread(target=site.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{site.server_port}/")
        frame = page.frame_locator("iframe")
        expect(frame.locator("h1")).to_contain_text("MigrationsFORUM")
        expect(frame.locator(".qs-embed__when time")).to_have_count(1)
        link = frame.locator(".qs-embed__title a")
        assert "/mannheim/veranstaltungen/" in (link.get_attribute("href") or "")
        assert axe_violations(page) == []
    finally:
        site.shutdown()
        site.server_close()
