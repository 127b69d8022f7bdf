"""The reads of the public bodies pages in plain SQL (`bodies/selectors/public_sql.py`) give
what the ORM reads they replaced gave, value by value: for the public, a member of a body that
is not public (who also names a body of the other city) and the office; never a body, member
or meeting of the other city, nor one the viewer may not see."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from querschnitt.bodies.models import (
    Body,
    Location,
    Meeting,
    Membership,
    Person,
    SeatGroup,
    current_membership_q,
)
from querschnitt.bodies.rows import MEETING_ROW_FIELDS, MEMBER_ROW_FIELDS
from querschnitt.bodies.selectors.meetings import visible_meeting_list
from querschnitt.bodies.selectors.public_sql import (
    LISTED_BODY_FIELDS,
    body_meetings,
    coming_meeting_rows,
    current_members,
    listed_bodies,
    meeting_values,
    meetings_between,
    public_bodies,
    visible_body,
)
from querschnitt.bodies.visibility import OFFICE, PUBLIC, Viewer, membership_q, visible_bodies

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def add_hidden_body(municipality) -> Body:
    """A body that is not public, with published and unpublished meetings at the same moments
    as the other city's, and members past, current and coming."""
    with scope(municipality=municipality):
        body = Body.objects.create(
            municipality=municipality,
            name="Geheimer <Rat> & Co",
            slug="geheimer-rat",
            kind="steering_group",
            is_public=False,
        )
        place = Location.objects.create(municipality=municipality, description="Saal", room="")
        for days, published in ((-40, True), (-2, False), (0, True), (3, False), (35, True)):
            Meeting.objects.create(
                municipality=municipality,
                body=body,
                name=f"Geheimsitzung {days}",
                start=NOW + timedelta(days=days),
                location=place if published else None,
                published_at=NOW if published else None,
                cancelled=days == 3,
            )
        group = SeatGroup.objects.create(municipality=municipality, body=body, name="Rat", seats=3)
        for number, (start, end) in enumerate(
            ((None, None), (date(2020, 1, 1), date(2021, 1, 1)), (date(2099, 1, 1), None))
        ):
            person = Person.objects.create(
                municipality=municipality, given_name="A", family_name=f"Mitglied {number}"
            )
            Membership.objects.create(
                municipality=municipality,
                body=body,
                person=person,
                seat_group=group if number else None,
                start_date=start,
                end_date=end,
                voting_right=number != 1,
            )
    return body


def viewers(municipality, hidden: Body, bamberg) -> list[Viewer]:
    with scopes_disabled():
        foreign = Body.objects.filter(municipality=bamberg, is_public=False).first()
    assert foreign is not None
    return [PUBLIC, Viewer(body_ids=frozenset({hidden.pk, foreign.pk})), OFFICE]


def orm_meetings(municipality, viewer, **conditions) -> list[dict]:
    return list(
        visible_meeting_list(municipality=municipality, viewer=viewer)
        .filter(**conditions)
        .order_by("start", "pk")
        .values(*MEETING_ROW_FIELDS)
    )


def test_the_public_bodies_pages_read_with_sql_what_the_orm_read(mannheim, bamberg) -> None:
    hidden = add_hidden_body(mannheim)
    with scopes_disabled():
        slugs = set(Body.objects.values_list("slug", flat=True))
    assert "lenkungsgruppe" in slugs  # a body of Bamberg that is not public
    with scope(municipality=mannheim):
        for viewer in viewers(mannheim, hidden, bamberg):
            bodies = visible_bodies(municipality=mannheim, viewer=viewer)
            assert listed_bodies(municipality=mannheim, viewer=viewer) == list(
                bodies.order_by("kind", "name").values(*LISTED_BODY_FIELDS)
            )
            for slug in slugs:
                expected = bodies.select_related("office_department").filter(slug=slug).first()
                found = visible_body(municipality=mannheim, viewer=viewer, slug=slug)
                if expected is None:
                    assert found is None
                    continue
                assert found is not None
                body, department = found
                assert [getattr(body, f.attname) for f in Body._meta.concrete_fields] == [
                    getattr(expected, f.attname) for f in Body._meta.concrete_fields
                ]
                department_expected = expected.office_department
                assert department == (department_expected and department_expected.name)
                for on in (date(2020, 6, 1), timezone.localdate(), date(2099, 6, 1)):
                    assert current_members(municipality=mannheim, body=body, on=on) == list(
                        Membership.objects.filter(municipality=mannheim, body=body)
                        .filter(membership_q(viewer))
                        .filter(current_membership_q(on))
                        .order_by("role", "person__family_name", "person__given_name")
                        .values(*MEMBER_ROW_FIELDS)
                    )
                for since in (NOW - timedelta(days=400), NOW, NOW + timedelta(days=1)):
                    coming, past = body_meetings(
                        municipality=mannheim, viewer=viewer, body=body, since=since, limit=3
                    )
                    assert coming == list(
                        visible_meeting_list(municipality=mannheim, viewer=viewer)
                        .filter(body=body, start__gte=since)
                        .order_by("start")
                        .values(*MEETING_ROW_FIELDS)[:3]
                    )
                    assert past == list(
                        visible_meeting_list(municipality=mannheim, viewer=viewer)
                        .filter(body=body, start__lt=since)
                        .order_by("-start")
                        .values(*MEETING_ROW_FIELDS)[:3]
                    )
            for since in (NOW - timedelta(days=400), NOW - timedelta(hours=3), NOW):
                for limit in (1, 4, 500):
                    assert (
                        meeting_values(
                            coming_meeting_rows(
                                municipality=mannheim, viewer=viewer, since=since, limit=limit
                            )
                        )
                        == orm_meetings(mannheim, viewer, start__gte=since, cancelled=False)[:limit]
                    )
            for days in (-45, -5, 0, 30):
                start = datetime.combine(
                    (NOW + timedelta(days=days)).date().replace(day=1), datetime.min.time()
                ).replace(tzinfo=timezone.get_current_timezone())
                end = start + timedelta(days=31)
                assert meetings_between(
                    municipality=mannheim, viewer=viewer, start=start, end=end
                ) == orm_meetings(mannheim, viewer, start__gte=start, start__lt=end)
        assert public_bodies(municipality=mannheim) == list(
            visible_bodies(municipality=mannheim, viewer=PUBLIC)
            .order_by("name")
            .values("slug", "name")
        )


def test_what_the_sql_reads_is_never_hidden_nor_of_the_other_city(mannheim, bamberg) -> None:
    hidden = add_hidden_body(mannheim)
    add_hidden_body(bamberg)
    member = Viewer(body_ids=frozenset({hidden.pk}))
    names = [row["name"] for row in listed_bodies(municipality=mannheim, viewer=PUBLIC)]
    assert "Geheimer <Rat> & Co" not in names
    assert "Integrationsausschuss" in names
    assert visible_body(municipality=mannheim, viewer=PUBLIC, slug="geheimer-rat") is None
    assert visible_body(municipality=mannheim, viewer=PUBLIC, slug="lenkungsgruppe") is None
    assert visible_body(municipality=mannheim, viewer=OFFICE, slug="lenkungsgruppe") is None
    found = visible_body(municipality=mannheim, viewer=member, slug="geheimer-rat")
    assert found is not None
    assert found[0].pk == hidden.pk
    everything = meetings_between(
        municipality=mannheim,
        viewer=member,
        start=NOW - timedelta(days=400),
        end=NOW + timedelta(days=400),
    )
    ours = {row["name"] for row in everything if row["name"].startswith("Geheimsitzung ")}
    assert ours == {
        "Geheimsitzung -40",
        "Geheimsitzung -2",
        "Geheimsitzung 0",
        "Geheimsitzung 3",
        "Geheimsitzung 35",
    }
    with scopes_disabled():
        theirs = set(Meeting.objects.filter(municipality=bamberg).values_list("pk", flat=True))
    assert not theirs & {row["pk"] for row in everything}
    public = meetings_between(
        municipality=mannheim,
        viewer=PUBLIC,
        start=NOW - timedelta(days=400),
        end=NOW + timedelta(days=400),
    )
    assert not any(row["name"].startswith("Geheimsitzung ") for row in public)
    coming, past = body_meetings(
        municipality=mannheim, viewer=member, body=hidden, since=NOW, limit=10
    )
    assert [row["name"] for row in coming] == [
        "Geheimsitzung 0",
        "Geheimsitzung 3",
        "Geheimsitzung 35",
    ]
    assert [row["name"] for row in past] == ["Geheimsitzung -2", "Geheimsitzung -40"]
    members = current_members(municipality=mannheim, body=hidden, on=timezone.localdate())
    assert [row["person__family_name"] for row in members] == ["Mitglied 0"]
