"""The event page and the working group page read their rows by plain SQL
(`events/event_page.py`, `events/working_group_page.py`). Each value is compared here with
what the ORM gives, as the pages read them before, for every event and working group of both
demo municipalities, with each organiser named and not, and with the other municipality's
ids (nothing found). Run on SQLite and PostgreSQL."""

from datetime import timedelta
from typing import Any

import pytest
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import get_language
from django_scopes import scope, scopes_disabled

from querschnitt.bodies.models import Body, Meeting, Membership, current_membership_q
from querschnitt.core.models import Municipality, choice_labels
from querschnitt.events.event_page import event_dates, groups_founded_at, public_event_page
from querschnitt.events.models import Event, EventDate, Registration, WorkingGroup
from querschnitt.events.selectors.calendar import Places, places_of
from querschnitt.events.selectors.organisers import with_organiser_named
from querschnitt.events.selectors.working_groups import public_groups
from querschnitt.events.tests.helpers import first_date, fresh, make_event, register
from querschnitt.events.working_group_page import (
    group_meetings,
    group_members,
    group_organisations,
    group_results,
    public_working_group,
)
from querschnitt.network.models import Organisation
from querschnitt.network.selectors.listing import listed_condition

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


def group_by_the_orm(municipality: Municipality, slug: str, today: Any) -> dict[str, Any] | None:
    """What the working group page read through the ORM (main before `working_group_page`)."""
    group = public_groups(municipality=municipality).filter(body__slug=slug).first()
    if group is None:
        return None
    body = group.body
    roles = choice_labels(Membership._meta.get_field("role"), get_language())
    members = (
        body.memberships.filter(current_membership_q(today))
        .order_by("role", "person__family_name", "pk")
        .values_list("person__title", "person__given_name", "person__family_name", "role")
    )
    event = group.founded_at
    return {
        "group": [getattr(group, field.attname) for field in WorkingGroup._meta.concrete_fields],
        "body": [getattr(body, field.attname) for field in Body._meta.concrete_fields],
        "founded_at": (str(event), event.state == Event.State.PUBLISHED) if event else None,
        "meetings": list(
            Meeting.objects.filter(municipality=municipality, body=body, published_at__isnull=False)
            .order_by("-start")
            .values("pk", "name", "start")[:10]
        ),
        "members": [
            (" ".join(part for part in names if part), roles.get(role, role))
            for *names, role in members
        ],
        "organisations": list(
            group.organisations.filter(listed_condition(prefix="organisation__"))
            .order_by("organisation__name", "pk")
            .values_list("organisation__name", flat=True)
        ),
        "results": list(group.results.values("title", "achieved_on", "text")),
    }


def group_by_sql(municipality: Municipality, slug: str, today: Any) -> dict[str, Any] | None:
    page = public_working_group(municipality=municipality, slug=slug)
    if page is None:
        return None
    group = page.group
    body = group.body
    founded = page.founded_at
    return {
        "group": [getattr(group, field.attname) for field in WorkingGroup._meta.concrete_fields],
        "body": [getattr(body, field.attname) for field in Body._meta.concrete_fields],
        "founded_at": (founded.name, founded.url is not None) if founded else None,
        "meetings": group_meetings(municipality=municipality, body=body),
        "members": group_members(municipality=municipality, body=body, today=today),
        "organisations": group_organisations(municipality=municipality, group=group),
        "results": group_results(municipality=municipality, group=group),
    }


def compare_every_group(today: Any) -> int:
    compared = 0
    with scopes_disabled():
        cities = list(Municipality.objects.filter(slug__in=["mannheim", "bamberg"]))
        slugs = list(Body.objects.order_by("pk").values_list("slug", flat=True))
    for city in cities:
        with scope(municipality=city), translation.override("ar"):
            for slug in slugs:
                expected = group_by_the_orm(city, slug, today)
                assert group_by_sql(city, slug, today) == expected, slug
                compared += expected is not None
    return compared


def test_every_working_group_reads_as_the_orm_read_it(mannheim: Any, bamberg: Any) -> None:
    today = timezone.localdate()
    shown = compare_every_group(today)
    assert shown > 1
    # a group founded at an event that is no longer published, a body no longer public
    with scope(municipality=bamberg):
        group = WorkingGroup.objects.exclude(founded_at=None).select_related("body").first()
        assert group is not None
        Event.objects.filter(pk=group.founded_at_id).update(state=Event.State.DRAFT)
        other = WorkingGroup.objects.exclude(pk=group.pk).first()
        Body.objects.filter(pk=other.body_id).update(is_public=False)
        page = group_by_sql(bamberg, group.body.slug, today)
    assert page is not None
    assert page["founded_at"][1] is False
    assert compare_every_group(today) == shown - 1
    # members as they sat a year ago
    assert compare_every_group(today - timedelta(days=365)) == shown - 1


def places_by_the_orm(municipality: Municipality, dates: list[EventDate]) -> dict[int, Places]:
    """`places_of` as it read through the ORM before."""
    rows = (
        Registration.objects.filter(
            municipality=municipality,
            date_id__in=[found.pk for found in dates],
            state__in=Registration.ACTIVE,
        )
        .values("date_id")
        .annotate(
            held=Sum("places", filter=Q(state__in=["confirmed", "offered"])),
            waiting=Count("pk", filter=Q(state="waiting")),
        )
    )
    return {row["date_id"]: Places(row["held"] or 0, row["waiting"]) for row in rows}


def test_places_read_as_the_orm_read_them(mannheim: Any, bamberg: Any) -> None:
    event = make_event(mannheim, capacity=3, waiting_list=True)
    date = first_date(event)
    register(date, 3, places=1, prefix="a")  # full: the next ones wait
    register(date, 2, places=1, prefix="b")
    with scope(municipality=mannheim):
        Registration.objects.filter(date=date).order_by("pk").filter(
            pk=Registration.objects.filter(date=date).order_by("pk").first().pk
        ).update(state="cancelled")
        dates = list(EventDate.objects.filter(municipality=mannheim))
        found = places_of(municipality=mannheim, dates=dates)
        assert found == places_by_the_orm(mannheim, dates)
        assert found[date.pk] == Places(2, 2)
        assert places_of(municipality=mannheim, dates=[]) == {}
    with scope(municipality=bamberg):
        # the other municipality's dates: nobody registered here
        assert places_of(municipality=bamberg, dates=dates) == {}
