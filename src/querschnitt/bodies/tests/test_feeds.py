"""Calendars (RFC 5545, checked strictly with vobject) and Atom feeds."""

import re
from datetime import timedelta

import pytest
import vobject
from defusedxml import ElementTree
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from querschnitt.bodies.models import Meeting
from querschnitt.bodies.views.feeds import FEED_DAYS_BACK

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(
    "url",
    [
        "/mannheim/sitzungen.ics",
        "/mannheim/gremien/migrationsbeirat/sitzungen.ics",
        "/bamberg/sitzungen.ics",
    ],
)
def test_calendars_are_valid_icalendar_with_a_berlin_timezone(url) -> None:
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert "\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = vobject.readOne(text, validate=True)
    assert calendar.vtimezone.tzid.value == "Europe/Berlin"
    events = calendar.vevent_list
    assert events
    assert text.count("DTSTART;TZID=Europe/Berlin:") == len(events)
    uids = [event.uid.value for event in events]
    assert len(uids) == len(set(uids))
    for event in events:
        assert event.dtstart.value.tzinfo is not None
        assert event.dtstamp.value.utcoffset().total_seconds() == 0
        assert re.match(r"meeting-\d+@", event.uid.value)
    with scopes_disabled():
        published = Meeting.objects.filter(
            municipality__slug=url.split("/")[1],
            published_at__isnull=False,
            body__is_public=True,
            # the feeds reach this far back (older meetings: the decisions on measures)
            start__gte=timezone.now() - timedelta(days=FEED_DAYS_BACK),
        )
        if "migrationsbeirat" in url:
            published = published.filter(body__slug="migrationsbeirat")
        assert {f"meeting-{m.pk}@testserver" for m in published} == set(uids)


def test_calendar_pages_point_to_their_feed() -> None:
    for url, feed in [
        ("/mannheim/sitzungen/", "/mannheim/sitzungen.ics"),
        ("/mannheim/gremien/migrationsbeirat/", "/mannheim/gremien/migrationsbeirat/sitzungen.ics"),
    ]:
        page = Client().get(url).content.decode()
        assert '<link rel="alternate" type="text/calendar"' in page
        assert f'href="{feed}"' in page


def test_atom_feeds_list_papers_and_meetings() -> None:
    search = ElementTree.fromstring(
        Client().get("/mannheim/vorlagen/feed.atom", {"q": "Kommunalwahl"}).content
    )
    titles = [entry.find(f"{ATOM}title").text for entry in search.iter(f"{ATOM}entry")]
    assert any("Kommunalwahl" in title for title in titles)
    body = ElementTree.fromstring(
        Client().get("/mannheim/gremien/integrationsausschuss/feed.atom").content
    )
    entries = list(body.iter(f"{ATOM}entry"))
    assert entries
    assert all(
        entry.find(f"{ATOM}link").get("href").startswith("http://testserver/mannheim/")
        for entry in entries
    )
