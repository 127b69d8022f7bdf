"""The calendar's filter choices (its organisers and formats), read by statements the ORM
writes once per database alias and municipality: the same as the reads they replaced, for
both towns, with an organisation in every state and visibility, a body public or not, an
organiser of unpublished events only, inactive formats and the other town's rows present."""

from typing import Any

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django_scopes import scope

from querschnitt.bodies.models import Body
from querschnitt.core.models import Municipality, Visibility
from querschnitt.events.models import Event, Format
from querschnitt.events.selectors.calendar import format_choices
from querschnitt.events.selectors.organisers import (
    named_bodies,
    named_organisations,
    organiser_choices,
    organisers_with_events,
)
from querschnitt.events.tests.helpers import make_event
from querschnitt.network.models import Organisation

pytestmark = pytest.mark.django_db


def organisers_read_before(municipality: Municipality) -> list[tuple[str, str]]:
    """The read the statement replaced: the named bodies and organisations, each with an
    EXISTS of a published event, by name."""
    published = Event.objects.filter(municipality=municipality, state=Event.State.PUBLISHED)
    organisations = (
        named_organisations(municipality=municipality)
        .filter(Exists(published.filter(organiser_organisation=OuterRef("pk"))))
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    bodies = (
        named_bodies(municipality=municipality)
        .filter(Exists(published.filter(organiser_body=OuterRef("pk"))))
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    return [
        ("office", municipality.office_name),
        *((f"body-{pk}", name) for pk, name in bodies),
        *((f"org-{pk}", name) for pk, name in organisations),
    ]


def same_for_both(cities: list[Municipality]) -> None:
    for city in cities:
        with scope(municipality=city):
            found = organiser_choices(municipality=city)
            assert found == organisers_read_before(city)
            assert format_choices(municipality=city) == list(
                Format.objects.filter(municipality=city, is_active=True)
                .order_by("name", "pk")
                .values_list("slug", "name")
            )


def test_organisers_and_formats_as_read_before(mannheim: Any, bamberg: Any) -> None:
    cities = [mannheim, bamberg]
    with scope(municipality=mannheim):
        organisation = Organisation.objects.filter(municipality=mannheim).order_by("-pk").first()
        body = Body.objects.filter(municipality=mannheim).order_by("-pk").first()
        silent = (
            Organisation.objects.filter(municipality=mannheim)
            .filter(~Exists(Event.objects.filter(organiser_organisation=OuterRef("pk"))))
            .order_by("pk")
            .first()
        )
        Organisation.objects.filter(pk=silent.pk).update(
            status=Organisation.Status.PUBLISHED, visibility=Visibility.PUBLIC
        )
        Format.objects.create(municipality=mannheim, name="Ruht", slug="ruht", is_active=False)
        Format.objects.create(municipality=mannheim, name="Aaa", slug="aaa")
    make_event(mannheim, organiser="organisation", organiser_organisation=organisation)
    make_event(mannheim, organiser="body", organiser_body=body)
    draft = make_event(mannheim, organiser="organisation", organiser_organisation=silent)
    with scope(municipality=mannheim):
        Event.objects.filter(pk=draft.pk).update(state=Event.State.SUBMITTED)
    same_for_both(cities)
    assert f"org-{silent.pk}" not in dict(organiser_choices(municipality=mannheim))
    for status in Organisation.Status.values:
        for visibility in Visibility.values:
            with scope(municipality=mannheim):
                Organisation.objects.filter(pk=organisation.pk).update(
                    status=status, visibility=visibility
                )
                Body.objects.filter(pk=body.pk).update(is_public=visibility == Visibility.PUBLIC)
            same_for_both(cities)
            shown = dict(organiser_choices(municipality=mannheim))
            assert (f"org-{organisation.pk}" in shown) is (
                status == Organisation.Status.PUBLISHED and visibility == Visibility.PUBLIC
            )
            assert (f"body-{body.pk}" in shown) is (visibility == Visibility.PUBLIC)
    with scope(municipality=mannheim):
        Organisation.objects.filter(pk=organisation.pk).update(
            status=Organisation.Status.PUBLISHED, visibility=Visibility.PUBLIC, name="Umbenannt"
        )
        Format.objects.filter(municipality=mannheim, slug="aaa").update(name="Zzz")
    same_for_both(cities)
    assert dict(organiser_choices(municipality=mannheim))[f"org-{organisation.pk}"] == "Umbenannt"
    assert ("aaa", "Zzz") in format_choices(municipality=mannheim)


def test_organisers_only_of_their_own_town(mannheim: Any, bamberg: Any) -> None:
    """The statement names the organisations' municipality itself (the scope's condition is
    left out of it): another town's listed organisation set as the organiser of a published
    event is not offered, in either town."""
    with scope(municipality=bamberg):
        stranger = Organisation.objects.filter(
            municipality=bamberg,
            status=Organisation.Status.PUBLISHED,
            visibility=Visibility.PUBLIC,
        ).first()
    event = make_event(mannheim)
    with scope(municipality=mannheim):
        Event.objects.filter(pk=event.pk).update(
            organiser=Event.Organiser.ORGANISATION, organiser_organisation_id=stranger.pk
        )
    same_for_both([mannheim, bamberg])
    for city in (mannheim, bamberg):
        with scope(municipality=city):
            assert f"org-{stranger.pk}" not in dict(organiser_choices(municipality=city))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_organisers_found_by_their_key(mannheim: Any) -> None:
    """SQLite looks up each organiser of a published event by its key, not every listed
    organisation of the town (the scan index's entries carry the search text)."""
    with scope(municipality=mannheim):
        sql, params = organisers_with_events(mannheim).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = [row[-1] for row in cursor.fetchall()]
    assert "SEARCH network_organisation USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
