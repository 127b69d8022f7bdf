"""Preparing and minuting a meeting: terms, the order of the agenda, results and votes,
resolutions to carry out, minutes."""

from collections.abc import Iterator
from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.bodies.models import (
    AgendaItem,
    Attendance,
    Body,
    File,
    LegislativeTerm,
    Meeting,
    Vote,
)
from querschnitt.bodies.services.meetings import (
    agenda_item_create,
    agenda_item_move,
    agenda_item_record_result,
    agenda_item_update,
    attendance_record,
    meeting_create,
    meeting_mark_held,
    members_at_meeting,
    resolution_carried_out,
)
from querschnitt.bodies.services.minutes import meeting_minutes_generate

pytestmark = pytest.mark.django_db
BERLIN = timezone.get_default_timezone()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def office(db):
    return User.objects.get(email="team@mannheim.example")


@pytest.fixture
def committee(mannheim, unscoped):
    return Body.objects.get(municipality=mannheim, slug="integrationsausschuss")


def at(days: int, hour: int = 17) -> datetime:
    return datetime.combine(timezone.localdate() + timedelta(days=days), time(hour), tzinfo=BERLIN)


def test_a_meeting_falls_into_the_open_term_of_its_body(committee, office) -> None:
    meeting = meeting_create(body=committee, by=office, start=at(40))
    assert meeting.term is not None
    assert meeting.term.start_date <= meeting.start.date() <= meeting.term.end_date
    assert meeting.location == committee.location


def test_a_meeting_in_a_closed_term_is_refused_with_a_reason(committee, office, mannheim) -> None:
    closed = (
        LegislativeTerm.objects.filter(municipality=mannheim, body__isnull=True)
        .order_by("start_date")
        .first()
    )
    assert closed.is_closed()
    with pytest.raises(ValidationError) as error:
        meeting_create(
            body=committee,
            by=office,
            start=datetime.combine(closed.start_date + timedelta(days=30), time(17), tzinfo=BERLIN),
        )
    assert "closed" in str(error.value)
    with pytest.raises(ValidationError, match="No term"):
        meeting_create(body=committee, by=office, start=at(365 * 30))


def test_the_agenda_keeps_public_items_first_and_numbers_in_order(committee, office) -> None:
    meeting = meeting_create(body=committee, by=office, start=at(50))
    first = agenda_item_create(meeting=meeting, by=office, name="Begrüßung")
    secret = agenda_item_create(meeting=meeting, by=office, name="Personalsache", public=False)
    added = agenda_item_create(meeting=meeting, by=office, name="Bericht")
    order = list(meeting.agenda_items.order_by("order").values_list("name", "number", "public"))
    assert order == [
        ("Begrüßung", "1", True),
        ("Bericht", "2", True),
        ("Personalsache", "3", False),
    ]
    with pytest.raises(ValidationError, match="public part comes before"):
        agenda_item_move(item=secret, by=office, up=True)
    with pytest.raises(ValidationError, match="already item"):
        agenda_item_create(meeting=meeting, by=office, name="Doppelt", number="2")
    with pytest.raises(ValidationError, match="Numbers must follow"):
        agenda_item_update(item=first, by=office, name=first.name, number="7", public=True)
    with pytest.raises(ValidationError, match="already the first"):
        agenda_item_move(item=first, by=office, up=True)
    agenda_item_move(item=added, by=office, up=True)
    moved = list(meeting.agenda_items.order_by("order").values_list("name", "number"))
    assert moved == [("Bericht", "1"), ("Begrüßung", "2"), ("Personalsache", "3")]
    # an item that becomes public moves to the end of the public part
    agenda_item_update(item=secret, by=office, name=secret.name, number="3", public=True)
    assert [i.public for i in meeting.agenda_items.order_by("order")] == [True, True, True]


def test_the_agenda_of_a_held_meeting_cannot_change(committee, office) -> None:
    held = Meeting.objects.filter(body=committee, state=Meeting.State.HELD).first()
    with pytest.raises(ValidationError, match="has been held"):
        agenda_item_create(meeting=held, by=office, name="Nachtrag")


def test_results_votes_and_resolutions_are_checked(committee, office) -> None:
    meeting = (
        Meeting.objects.filter(body=committee, state=Meeting.State.HELD).order_by("-start").first()
    )
    item = meeting.agenda_items.filter(public=True).first()
    present = Attendance.objects.filter(meeting=meeting, status="present").count()
    with pytest.raises(ValidationError, match="votes were counted"):
        agenda_item_record_result(
            item=item,
            by=office,
            result="adopted",
            votes_for=present + 1,
            votes_against=0,
            votes_abstained=0,
        )
    with pytest.raises(ValidationError, match="does not record votes per person"):
        agenda_item_record_result(item=item, by=office, result="adopted", personal_votes={1: "for"})
    with pytest.raises(ValidationError, match="Only an adopted"):
        agenda_item_record_result(item=item, by=office, result="rejected", to_carry_out=True)
    agenda_item_record_result(
        item=item,
        by=office,
        result="adopted",
        resolution_text="Beschlossen.",
        votes_for=3,
        votes_against=1,
        votes_abstained=0,
        to_carry_out=True,
        due=timezone.localdate(),
    )
    item.refresh_from_db()
    assert item.resolution_state == AgendaItem.ResolutionState.TO_CARRY_OUT
    with pytest.raises(ValidationError):
        resolution_carried_out(
            item=item, by=office, done_on=meeting.start.date() - timedelta(days=5)
        )
    resolution_carried_out(item=item, by=office, done_on=timezone.localdate(), report="Erledigt")
    item.refresh_from_db()
    assert item.resolution_state == AgendaItem.ResolutionState.CARRIED_OUT


def test_votes_per_person_give_the_counts(mannheim, office, unscoped) -> None:
    advisory = Body.objects.get(municipality=mannheim, slug="migrationsbeirat")
    meeting = (
        Meeting.objects.filter(body=advisory, state=Meeting.State.HELD).order_by("-start").first()
    )
    item = meeting.agenda_items.filter(public=True).first()
    voters = [m for m in members_at_meeting(meeting) if m.voting_right][:3]
    attendance_record(
        meeting=meeting,
        by=office,
        statuses={m.person_id: "present" for m in members_at_meeting(meeting)},
    )
    votes = {voters[0].person_id: "for", voters[1].person_id: "for", voters[2].person_id: "against"}
    agenda_item_record_result(item=item, by=office, result="recommended", personal_votes=votes)
    item.refresh_from_db()
    assert (item.votes_for, item.votes_against, item.votes_abstained) == (2, 1, 0)
    assert Vote.objects.filter(agenda_item=item).count() == 3
    with pytest.raises(ValidationError, match="differ from the votes"):
        agenda_item_record_result(
            item=item,
            by=office,
            result="recommended",
            personal_votes=votes,
            votes_for=5,
            votes_against=0,
            votes_abstained=0,
        )


def test_a_meeting_is_marked_held_and_minuted_from_its_results(committee, office) -> None:
    meeting = meeting_create(body=committee, by=office, start=timezone.now() - timedelta(hours=3))
    item = agenda_item_create(meeting=meeting, by=office, name="Bericht zur Sprachförderung")
    with pytest.raises(ValidationError, match="Record the results"):
        meeting_minutes_generate(meeting=meeting, by=office)
    agenda_item_record_result(
        item=item, by=office, result="noted", resolution_text="Der Ausschuss nimmt Kenntnis."
    )
    meeting_mark_held(meeting=meeting, by=office)
    minutes = meeting_minutes_generate(meeting=meeting, by=office)
    assert minutes.role == File.Role.RESULTS_PROTOCOL
    assert "Sprachförderung" in minutes.text
    assert meeting_minutes_generate(meeting=meeting, by=office).pk != minutes.pk
    assert File.objects.filter(meeting=meeting, role=File.Role.RESULTS_PROTOCOL).count() == 1
    with pytest.raises(ValidationError):
        meeting_mark_held(meeting=meeting, by=office)


def test_a_future_meeting_cannot_be_held_or_have_results(committee, office) -> None:
    meeting = meeting_create(body=committee, by=office, start=at(30))
    item = agenda_item_create(meeting=meeting, by=office, name="Bericht")
    with pytest.raises(ValidationError, match="not begun"):
        meeting_mark_held(meeting=meeting, by=office)
    with pytest.raises(ValidationError, match="once the meeting has begun"):
        agenda_item_record_result(item=item, by=office, result="noted")


def test_the_staff_form_shows_a_refused_ordering_as_a_form_error(committee, office) -> None:
    meeting = meeting_create(body=committee, by=office, start=at(60))
    agenda_item_create(meeting=meeting, by=office, name="Eins")
    client = signed_in_client("team@mannheim.example")
    response = client.post(
        f"/mannheim/verwaltung/sitzungen/{meeting.pk}/tagesordnung/neu/",
        {"number": "1", "name": "Noch eins", "public": "on"},
    )
    assert response.status_code == 400
    assert "„Eins“" in response.content.decode()  # the message names the item in the way
    assert not meeting.agenda_items.filter(name="Noch eins").exists()


def test_resolutions_waiting_are_listed_for_the_office(office) -> None:
    page = signed_in_client("team@mannheim.example").get("/mannheim/verwaltung/beschluesse/")
    with scopes_disabled():
        waiting = AgendaItem.objects.filter(
            meeting__municipality__slug="mannheim", resolution_state="to_carry_out"
        )
        names = [item.name for item in waiting]
    assert names
    for name in names:
        assert name in page.content.decode()
