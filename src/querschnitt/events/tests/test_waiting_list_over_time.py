"""The waiting list over time: leaving it, a cancelled date that gives no place away, the
periodic job that passes offers on when they run out, and reminders before a date."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from querschnitt.events import jobs
from querschnitt.events.models import Registration
from querschnitt.events.services.events import event_date_cancel, event_date_move
from querschnitt.events.services.registrations import (
    offer_accept,
    registration_cancel,
    registration_token,
    waiting_rank,
)
from querschnitt.events.tests.helpers import (
    at,
    first_date,
    make_event,
    office_user,
    register,
    states,
)

pytestmark = pytest.mark.django_db


def mails_to(address: str) -> list[str]:
    return [str(message.subject) for message in mail.outbox if message.to == [address]]


def test_leaving_the_waiting_list_moves_those_behind_up_and_gives_no_place(mannheim) -> None:
    date = first_date(make_event(mannheim, capacity=2))
    people = register(date, 5)
    with scope(municipality=mannheim):
        leaving, behind = people[3], people[4]
        assert waiting_rank(behind) == 3
        path = f"/mannheim/veranstaltungen/anmeldung/{registration_token(leaving)}/"
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(path).content.decode()
    assert "You are number 2 on the waiting list." in page
    assert "Leave the waiting list" in page
    client.post(path, {"action": "cancel", "bestaetigt": "1"})
    assert [state for _name, state in states(date)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "cancelled",
        "waiting",
    ]
    with scope(municipality=mannheim):
        behind_path = f"/mannheim/veranstaltungen/anmeldung/{registration_token(behind)}/"
    assert "You are number 2 on the waiting list." in client.get(behind_path).content.decode()


def test_a_cancelled_date_gives_no_freed_place_away(mannheim) -> None:
    date = first_date(make_event(mannheim, capacity=1))
    holder, waiting = register(date, 2)
    with scope(municipality=mannheim):
        event_date_cancel(date=date, by=office_user(), reason="Raum fällt aus")
        mail.outbox.clear()
        registration_cancel(registration=holder)
    assert [state for _name, state in states(date)] == ["cancelled", "waiting"]
    assert mails_to(waiting.email) == [], "nobody is told of a place at a cancelled date"


def test_an_offer_open_when_the_date_is_cancelled_cannot_be_taken_up(mannheim) -> None:
    date = first_date(make_event(mannheim, capacity=1, freed_places="offer"))
    holder, offered = register(date, 2)
    with scope(municipality=mannheim):
        registration_cancel(registration=holder)
        assert Registration.objects.get(pk=offered.pk).state == "offered"
        event_date_cancel(date=date, by=office_user())
        with pytest.raises(ValidationError, match="This date is cancelled"):
            offer_accept(registration=offered)
        assert Registration.objects.get(pk=offered.pk).state == "offered"


def test_an_open_offer_of_a_date_moved_earlier_ends_at_the_new_start(mannheim) -> None:
    date = first_date(make_event(mannheim, capacity=1, freed_places="offer", offer_hours=96))
    holder, offered = register(date, 2)
    with scope(municipality=mannheim):
        registration_cancel(registration=holder)
        before = Registration.objects.get(pk=offered.pk).offer_expires_at
        assert before is not None
        assert before > at(2), "96 hours from now"
        moved = event_date_move(date=date, by=office_user(), start=at(2), end=at(2, 20))
        after = Registration.objects.get(pk=offered.pk)
    assert after.state == "offered"
    assert after.offer_expires_at == moved.start


def test_the_job_passes_offers_on_when_they_run_out(mannheim) -> None:
    date = first_date(make_event(mannheim, capacity=2, freed_places="offer", offer_hours=48))
    people = register(date, 4)
    with scope(municipality=mannheim):
        registration_cancel(registration=people[0])
        offer = Registration.objects.get(pk=people[2].pk)
    assert offer.state == "offered"
    assert offer.offer_expires_at is not None
    assert timedelta(hours=47) < offer.offer_expires_at - timezone.now() <= timedelta(hours=48)
    mail.outbox.clear()
    assert jobs.waiting_lists().startswith("0 offers expired"), "still open: nothing happens"
    with scope(municipality=mannheim):
        Registration.objects.filter(pk=offer.pk).update(
            offer_expires_at=timezone.now() - timedelta(minutes=1)
        )
    assert jobs.waiting_lists().startswith("1 offers expired")
    assert [state for _name, state in states(date)] == [
        "cancelled",
        "confirmed",
        "expired",
        "offered",
    ]
    assert mails_to(people[2].email) == ["Der angebotene Platz ist weitergegangen"]
    assert mails_to(people[3].email) == ["Ein Platz ist für Sie frei"]


def test_reminders_go_once_to_everyone_with_a_place_before_their_date(mannheim) -> None:
    soon = timezone.now() + timedelta(hours=10)
    date = first_date(make_event(mannheim, capacity=2, start=soon, end=soon + timedelta(hours=2)))
    later = timezone.now() + timedelta(days=3)
    not_yet = first_date(
        make_event(mannheim, capacity=2, start=later, end=later + timedelta(hours=2))
    )
    people = register(date, 4)
    register(not_yet, 1, prefix="later")
    with scope(municipality=mannheim):
        registration_cancel(registration=people[0])
    mail.outbox.clear()
    jobs.reminders()
    reminded = {
        message.to[0]
        for message in mail.outbox
        if str(message.subject) == "Erinnerung: Ihre Veranstaltung steht bevor"
    }
    assert {"p1@example.org", "p2@example.org"} <= reminded, "the two with a place"
    assert {"p0@example.org", "p3@example.org", "later0@example.org"}.isdisjoint(reminded)
    body = next(m.body for m in mail.outbox if m.to == ["p1@example.org"])
    assert "/anmeldung/" in str(body), "the reminder carries the personal link"
    mail.outbox.clear()
    jobs.reminders()
    assert mails_to("p1@example.org") == [], "once only"
