"""Another municipality's events, dates, registrations, submissions and working groups are not
found (404) through this one: on every address of the access table, read or posted to, by
the other city's administrator, its representative and the public; and its calendars, lists
and feeds show none of them."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.events.models import Event, EventDate, Registration, WorkingGroup
from querschnitt.events.tests.access_events import ACCESS

pytestmark = pytest.mark.django_db

# Everything a form of these pages might take, so that a page that forgot its tenant would
# act on the POST.
POSTED = {
    "bestaetigt": "1",
    "action": "cancel",
    "code": "AAAA",
    "reason": "Fremd",
    "result": "Fremd",
    "new_end": "2030-01-01",
    "concluded_on": "2030-01-01",
    "title": "Fremd",
    "name": "Fremd",
    "email": "fremd@example.org",
    "places": "1",
    "consent": "on",
}


def mannheim_state() -> list[Any]:
    with scopes_disabled():
        mannheim = {"municipality__slug": "mannheim"}
        return [
            list(
                Event.objects.filter(**mannheim).values_list("pk", "state", "title", "updated_at")
            ),
            list(
                EventDate.objects.filter(**mannheim).values_list(
                    "pk", "cancelled", "start", "sequence", "certificates_sent_at"
                )
            ),
            list(
                Registration.objects.filter(**mannheim).values_list(
                    "pk", "state", "places", "email_confirmed_at", "checked_in_at"
                )
            ),
            list(
                WorkingGroup.objects.filter(**mannheim).values_list(
                    "pk", "body__planned_end_date", "body__end_date"
                )
            ),
        ]


def other_city_client(name: str, clients: dict[str, Client]) -> Client:
    if name.startswith("staff:partner_"):
        email = "verein@bamberg.example"
    elif name.startswith("staff:"):
        email = "admin@bamberg.example"
    else:
        return Client()
    if email not in clients:
        clients[email] = signed_in_client(email)
    return clients[email]


def test_mannheims_objects_are_not_found_through_bamberg_on_any_address() -> None:
    before = mannheim_state()
    failures = []
    clients: dict[str, Client] = {}
    with_objects = {name: row for name, row in ACCESS.items() if callable(row[0])}
    assert len(with_objects) > 30
    for name, (kwargs, _expected) in with_objects.items():
        path = reverse(name, kwargs={"municipality": "bamberg", **kwargs()})
        client = other_city_client(name, clients)
        for method, status in (
            ("GET", client.get(path).status_code),
            ("POST", client.post(path, POSTED).status_code),
        ):
            if status != 404:
                failures.append(f"{method} {path} ({name}): {status}")
    assert failures == []
    assert mannheim_state() == before


def test_bamberg_lists_feeds_and_the_next_date_show_nothing_of_mannheim() -> None:
    with scopes_disabled():
        titles = [
            title["de"]
            for title in Event.objects.filter(
                municipality__slug="mannheim", state="published"
            ).values_list("title", flat=True)
        ]
        names = list(
            WorkingGroup.objects.filter(municipality__slug="mannheim").values_list(
                "body__name", flat=True
            )
        )
    assert titles
    assert names
    admin = signed_in_client("admin@bamberg.example")
    public = Client()
    pages = [
        (public, "/bamberg/veranstaltungen/"),
        (public, "/bamberg/veranstaltungen/monat/"),
        (public, "/bamberg/veranstaltungen/naechster-termin/"),
        (public, "/bamberg/veranstaltungen/naechster-termin.json"),
        (public, "/bamberg/veranstaltungen/veranstalter/office/kalender.ics"),
        (public, "/bamberg/arbeitsgruppen/"),
        (admin, "/bamberg/verwaltung/veranstaltungen/"),
        (admin, "/bamberg/verwaltung/termine/"),
        (admin, "/bamberg/verwaltung/unsere-veranstaltungen/"),
        (admin, "/bamberg/verwaltung/arbeitsgruppen/"),
        (admin, "/bamberg/verwaltung/formate/"),
    ]
    feed = public.get("/bamberg/veranstaltungen/kalender.ics")
    texts = [b"".join(feed.streaming_content).decode()]  # type: ignore[attr-defined]
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming:
            texts.append(b"".join(response.streaming_content).decode())  # type: ignore[attr-defined]
        else:
            texts.append(response.content.decode())
    for text in texts:
        for word in [*titles, *names]:
            assert word not in text
