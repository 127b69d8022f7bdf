"""The event page and the working group page read their rows by plain SQL
(`events/event_page.py`, `events/working_group_page.py`). Each value is compared here with
what the ORM gives, as the pages read them before, for every event and working group of both
demo municipalities, with each organiser named and not, and with the other municipality's
ids (nothing found). Run on SQLite and PostgreSQL."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from querschnitt.bodies.models import Body
from querschnitt.core.models import Municipality
from querschnitt.events.event_page import event_dates, groups_founded_at, public_event_page
from querschnitt.events.models import Event, EventDate, WorkingGroup
from querschnitt.events.selectors.organisers import with_organiser_named
from querschnitt.events.tests.helpers import fresh, make_event
from querschnitt.network.models import Organisation

pytestmark = pytest.mark.django_db


def by_the_orm(municipality: Municipality, pk: int, now: Any) -> dict[str, Any] | None:
    """What the event page read through the ORM (main before `event_page`)."""
    events = Event.objects.filter(municipality=municipality, state=Event.State.PUBLISHED)
    event = (
        with_organiser_named(events)
        .select_related("format", "organiser_body", "organiser_organisation")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        return None
    dates = EventDate.objects.filter(municipality=municipality, event=event)
    organiser = None
    if event.organiser_named and event.organiser == Event.Organiser.ORGANISATION:
        organiser = event.organiser_organisation.name
    elif event.organiser_named and event.organiser == Event.Organiser.BODY:
        organiser = event.organiser_body.name
    return {
        "event": [getattr(event, field.attname) for field in Event._meta.concrete_fields],
        "organiser_named": event.organiser_named,
        "format": (event.format.name, event.format.slug) if event.format else None,
        "organiser": organiser,
        "organiser_key": event.organiser_key,
        "body_slug": event.organiser_body.slug if organiser and event.organiser_body else None,
        "upcoming": [
            [getattr(found, field.attname) for field in EventDate._meta.concrete_fields]
            for found in dates.filter(end__gte=now).order_by("start", "pk")[:12]
        ],
        "past": [
            [getattr(found, field.attname) for field in EventDate._meta.concrete_fields]
            for found in dates.filter(end__lt=now).order_by("-start", "-pk")[:3]
        ],
        "groups": list(
            WorkingGroup.objects.filter(
                municipality=municipality, founded_at=event, body__is_public=True
            ).values_list("body__slug", "body__name")
        ),
    }


def by_sql(municipality: Municipality, pk: int, now: Any) -> dict[str, Any] | None:
    page = public_event_page(municipality=municipality, pk=pk)
    if page is None:
        return None
    event = page.event
    upcoming, past = event_dates(municipality=municipality, event=event, now=now, shown=12, past=3)
    format_slug = page.format.url.rstrip("/").rsplit("/", 1)[-1] if page.format else None
    body_slug = None
    if page.organiser and event.organiser == Event.Organiser.BODY:
        body_slug = page.organiser.url.rstrip("/").rsplit("/", 1)[-1]
    return {
        "event": [getattr(event, field.attname) for field in Event._meta.concrete_fields],
        "organiser_named": event.organiser_named,  # type: ignore[attr-defined]
        "format": (page.format.name, format_slug) if page.format else None,
        "organiser": page.organiser_name,
        "organiser_key": event.organiser_key,
        "body_slug": body_slug,
        "upcoming": [
            [getattr(found, field.attname) for field in EventDate._meta.concrete_fields]
            for found in upcoming
        ],
        "past": [
            [getattr(found, field.attname) for field in EventDate._meta.concrete_fields]
            for found in past
        ],
        "groups": groups_founded_at(municipality=municipality, event=event),
    }


def compare_every_event(now: Any) -> int:
    """Compares every event of both municipalities, also under the other's address."""
    compared = 0
    with scopes_disabled():
        cities = list(Municipality.objects.filter(slug__in=["mannheim", "bamberg"]))
        events = list(Event.objects.order_by("pk").values_list("pk", "municipality_id"))
    assert len(cities) == 2
    assert events
    for city in cities:
        with scope(municipality=city):
            for pk, owner in events:
                expected = by_the_orm(city, pk, now)
                assert by_sql(city, pk, now) == expected, pk
                if owner != city.pk:
                    assert expected is None
                compared += expected is not None
    return compared


def test_every_event_reads_as_the_orm_read_it(mannheim: Any) -> None:
    now = timezone.now()
    assert compare_every_event(now) > 5
    # a moment among the dates: some have ended, some not
    assert compare_every_event(now + timedelta(days=30)) > 5


@pytest.mark.parametrize("named", [True, False])
def test_an_organiser_is_named_as_the_query_named_it(mannheim: Any, named: bool) -> None:
    with scope(municipality=mannheim):
        organisation = Organisation.objects.filter(municipality=mannheim).order_by("pk").first()
        body = Body.objects.filter(municipality=mannheim).order_by("pk").first()
        Organisation.objects.filter(pk=organisation.pk).update(
            status=Organisation.Status.PUBLISHED if named else Organisation.Status.ARCHIVED,
            visibility="public",
        )
        Body.objects.filter(pk=body.pk).update(is_public=named)
    by_organisation = make_event(
        mannheim, organiser="organisation", organiser_organisation=organisation
    )
    by_body = make_event(mannheim, organiser="body", organiser_body=body)
    fresh()
    now = timezone.now()
    with scope(municipality=mannheim):
        for event in (by_organisation, by_body):
            found = by_sql(mannheim, event.pk, now)
            assert found == by_the_orm(mannheim, event.pk, now)
            assert found is not None
            assert found["organiser_named"] is named
            assert (found["organiser"] is not None) is named
