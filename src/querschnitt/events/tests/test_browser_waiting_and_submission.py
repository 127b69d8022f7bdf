"""In Chromium: someone on the waiting list moves up when a person with a place cancels
through their personal link (what both of them see), and an organisation submits an event
that the office accepts into the public calendar."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from conftest import signed_in_context
from querschnitt.core.models import Municipality
from querschnitt.events.models import Event
from querschnitt.events.services.registrations import registration_token
from querschnitt.events.tests.helpers import first_date, make_event, register

pytestmark = pytest.mark.browser


def english(context: Any, path: str) -> Any:
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"/sprache/en/?next={path}")
    return page


def test_the_next_in_line_moves_up_when_someone_cancels(browser, live_server, demo) -> None:
    with scopes_disabled():
        mannheim = Municipality.objects.get(slug="mannheim")
    date = first_date(make_event(mannheim, title={"de": "Nachrückabend"}, capacity=1))
    holder, waiting = register(date, 2, prefix="nachruecken")
    with scopes_disabled():
        links = [
            f"/mannheim/veranstaltungen/anmeldung/{registration_token(r)}/"
            for r in (holder, waiting)
        ]
    contexts = [browser.new_context(base_url=live_server.url, locale="de-DE") for _ in links]
    first, second = (english(context, link) for context, link in zip(contexts, links, strict=True))
    expect(first.locator("main")).to_contain_text("You have a place.")
    expect(second.locator("main")).to_contain_text("You are number 1 on the waiting list.")

    first.get_by_role("button", name="Cancel my registration").click()
    first.get_by_role("button", name="Yes, cancel my registration").click()
    expect(first.locator("main")).not_to_contain_text("You have a place.")
    second.reload()
    expect(second.locator("main")).to_contain_text("You have a place.")
    expect(second.locator("main")).not_to_contain_text("waiting list")
    for context in contexts:
        context.close()


def test_an_organisation_submits_an_event_the_office_accepts(browser, live_server, demo) -> None:
    day = (timezone.localdate() + timedelta(days=20)).isoformat()
    partner = signed_in_context(browser, live_server, "verein@mannheim.example")
    page = english(partner, "/mannheim/verwaltung/unsere-veranstaltungen/neu/")
    page.get_by_label("Title (German)").fill("Offener Nähtreff im Quartier")
    page.get_by_label("Date", exact=True).fill(day)
    page.get_by_label("Begins at").fill("17:00")
    page.get_by_label("Ends at").fill("19:00")
    page.get_by_label("Place").fill("Quartiersbüro Neckarstadt")
    page.get_by_label("Town").fill("Mannheim")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("main")).to_contain_text("Offener Nähtreff im Quartier")
    with scopes_disabled():
        event = Event.objects.get(title__de="Offener Nähtreff im Quartier")
        assert event.state == Event.State.SUBMITTED
    public = browser.new_context(base_url=live_server.url)
    visitor = public.new_page()
    assert visitor.goto(f"/mannheim/veranstaltungen/{event.pk}/").status == 404

    office = signed_in_context(browser, live_server, "admin@mannheim.example")
    review = english(office, f"/mannheim/verwaltung/veranstaltungen/{event.pk}/")
    review.get_by_role("button", name="Accept").click()
    review.get_by_role("button", name="Accept").click()
    expect(review.locator(".qs-messages")).to_contain_text("accepted")

    page.reload()
    expect(page.locator("main")).to_contain_text(re.compile("published|in the calendar", re.I))
    assert visitor.goto(f"/mannheim/veranstaltungen/{event.pk}/").status == 200
    expect(visitor.locator("h1")).to_contain_text("Offener Nähtreff im Quartier")
    for context in (partner, office, public):
        context.close()
