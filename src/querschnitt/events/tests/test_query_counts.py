"""The calendar, the feeds, the registration lists and the working groups run the same number
of queries whatever the size of the data."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.core import selectors
from querschnitt.events.models import Event, Format
from querschnitt.events.services.submissions import partner_event_submit
from querschnitt.events.services.working_groups import (
    working_group_found,
    working_group_organisation_add,
)
from querschnitt.events.tests.helpers import at, first_date, make_event, office_user, register
from querschnitt.network.models import Organisation, Representative

pytestmark = pytest.mark.django_db


def query_count(client: Client, path: str) -> int:
    """Queries of an uncached request, a streamed answer read to its end."""
    from django.core.cache import cache

    cache.clear()
    selectors._recent.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return len(queries)


def grow(municipality: Any, size: int, state: dict[str, Any]) -> None:
    """`size` more events of the counted format (organised by organisations, with a repeat),
    registrations on the counted date, submissions of the representative's organisation and
    working groups with organisations."""
    representative = User.objects.get(email="verein@mannheim.example")
    with scope(municipality=municipality):
        if "format" not in state:
            state["format"] = Format.objects.create(
                municipality=municipality, name="Zähltest", slug="zaehltest"
            )
        counted = state["format"]
        own = Representative.objects.filter(user=representative).first()
        assert own is not None
        organisations = list(Organisation.objects.filter(status="published").order_by("pk")[:5])
    n = state.get("n", 0)
    for k in range(size):
        make_event(
            municipality,
            title={"de": f"Zählabend {n + k}"},
            format=counted,
            organiser="organisation",
            organiser_organisation=organisations[k % 5],
            start=at(12 + k % 5),
            end=at(12 + k % 5, 20),
            rrule="FREQ=WEEKLY;COUNT=2",
            languages=["de", "tr"],
            target_groups=["families"],
        )
    if "event" not in state:
        state["event"] = make_event(municipality, title={"de": "Gezählt"}, capacity=100)
    event = state["event"]
    state["date"] = date = first_date(event)
    register(date, size, places=2, prefix=f"q{n}-")
    with scope(municipality=municipality):
        aktionstage = Format.objects.get(slug="einander-aktionstage")
        for k in range(size):
            partner_event_submit(
                municipality=municipality,
                by=representative,
                organisation=own.organisation,
                title={"de": f"Eingereicht {n + k}"},
                format=aktionstage,
                start=at(20),
                end=at(20, 20),
                place_name="Vereinsheim",
                locality="Mannheim",
            )
            group = working_group_found(
                municipality=municipality,
                by=office_user(),
                name=f"AG Zählung {n + k}",
                goal={"de": "Zählen"},
                mandate={"de": "Gleich viele Abfragen"},
                start_date=at(-10).date(),
                planned_end_date=at(100).date(),
                founded_at=event,
            )
            for organisation in organisations[:2]:
                working_group_organisation_add(
                    group=group, by=office_user(), organisation=organisation
                )
            state.setdefault("group", group)
    state["n"] = n + size


def test_calendar_feeds_lists_and_groups_cost_the_same_for_more_data(mannheim) -> None:
    state: dict[str, Any] = {}
    grow(mannheim, 2, state)
    event, date, group = state["event"], state["date"], state["group"]
    month = (date.start + timedelta(days=3)).strftime("%Y-%m")
    pages = [
        ("anonymous", "/mannheim/veranstaltungen/"),
        ("anonymous", "/mannheim/veranstaltungen/?format=zaehltest&sprache=tr"),
        ("anonymous", f"/mannheim/veranstaltungen/monat/?monat={month}"),
        ("anonymous", "/mannheim/veranstaltungen/formate/zaehltest/"),
        ("anonymous", "/mannheim/veranstaltungen/kalender.ics"),
        ("anonymous", "/mannheim/veranstaltungen/formate/zaehltest/kalender.ics"),
        ("anonymous", "/mannheim/veranstaltungen/naechster-termin/?format=zaehltest"),
        ("anonymous", "/mannheim/veranstaltungen/naechster-termin.json"),
        ("anonymous", f"/mannheim/veranstaltungen/{event.pk}/"),
        ("anonymous", "/mannheim/arbeitsgruppen/"),
        ("anonymous", f"/mannheim/arbeitsgruppen/{group.body.slug}/"),
        ("admin", "/mannheim/verwaltung/veranstaltungen/"),
        ("admin", "/mannheim/verwaltung/veranstaltungen/?zeige=eingereicht"),
        ("admin", f"/mannheim/verwaltung/veranstaltungen/{event.pk}/"),
        ("admin", "/mannheim/verwaltung/termine/"),
        ("admin", f"/mannheim/verwaltung/termine/{date.pk}/"),
        ("admin", f"/mannheim/verwaltung/termine/{date.pk}/einlass/"),
        ("admin", "/mannheim/verwaltung/formate/"),
        ("admin", "/mannheim/verwaltung/arbeitsgruppen/"),
        ("admin", f"/mannheim/verwaltung/arbeitsgruppen/{group.pk}/"),
        ("representative", "/mannheim/verwaltung/unsere-veranstaltungen/"),
        ("member", "/mannheim/verwaltung/meine-arbeitsgruppen/"),
    ]
    clients = {
        "anonymous": Client(),
        "admin": signed_in_client("admin@mannheim.example"),
        "representative": signed_in_client("verein@mannheim.example"),
        "member": signed_in_client("gremium@mannheim.example"),
    }

    def counts() -> dict[str, int]:
        return {f"{who} {path}": query_count(clients[who], path) for who, path in pages}

    small = counts()
    grow(mannheim, 12, state)
    with scopes_disabled():
        assert Event.objects.filter(format__slug="zaehltest").count() == 14
    assert counts() == small
