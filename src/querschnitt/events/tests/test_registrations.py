"""Registering for a date: places in order of arrival, the waiting list with its ranks, offers
with a deadline, changes and cancellations through the personal link, each date its own list."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from querschnitt.events.models import Question, Registration
from querschnitt.events.services.formats import question_create
from querschnitt.events.services.registrations import (
    date_rebalance,
    offer_accept,
    registration_cancel,
    registration_change,
    registration_submit,
    registrations_lapse,
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


def test_places_in_order_then_the_waiting_list_with_ranks(mannheim) -> None:
    date = first_date(make_event(mannheim, capacity=3))
    people = register(date, 5)
    assert [state for _name, state in states(date)] == ["confirmed"] * 3 + ["waiting"] * 2
    with scope(municipality=mannheim):
        assert [waiting_rank(person) for person in people] == [None, None, None, 1, 2]


def test_a_cancellation_moves_the_first_in_line_up_and_tells_them(mannheim) -> None:
    date = first_date(make_event(mannheim, capacity=2))
    people = register(date, 4)
    mail.outbox.clear()
    with scope(municipality=mannheim):
        registration_cancel(registration=people[0])
    assert [state for _name, state in states(date)] == [
        "cancelled",
        "confirmed",
        "confirmed",
        "waiting",
    ]
    recipients = [message.to for message in mail.outbox]
    assert ["p0@example.org"] in recipients
    assert ["p2@example.org"] in recipients
    moved_up = next(m for m in mail.outbox if m.to == ["p2@example.org"])
    assert moved_up.subject == "You have a place now" or "Platz" in moved_up.subject


def test_offers_with_a_deadline_pass_on_when_they_run_out(mannheim) -> None:
    event = make_event(mannheim, capacity=2, freed_places="offer", offer_hours=24)
    date = first_date(event)
    people = register(date, 4)
    now = timezone.now()
    with scope(municipality=mannheim):
        registration_cancel(registration=people[0], now=now)
        offered = Registration.objects.get(pk=people[2].pk)
        assert offered.state == "offered"
        assert offered.offer_expires_at == now + timedelta(hours=24)
        moves = date_rebalance(date=date, now=now + timedelta(hours=25))
    assert [(move.id, move.to) for move in moves] == [
        (people[2].pk, "expired"),
        (people[3].pk, "offered"),
    ]
    with scope(municipality=mannheim):
        with pytest.raises(ValidationError, match="run out"):
            offer_accept(registration=offered, now=now + timedelta(hours=26))
        accepted = offer_accept(registration=people[3], now=now + timedelta(hours=26))
    assert accepted.state == "confirmed"


def test_no_offers_after_registration_has_closed(mannheim) -> None:
    closes = at(5)
    event = make_event(mannheim, capacity=1, freed_places="offer", registration_closes_at=closes)
    date = first_date(event)
    people = register(date, 2)
    with scope(municipality=mannheim):
        registration_cancel(registration=people[0], now=closes + timedelta(hours=1))
        assert Registration.objects.get(pk=people[1].pk).state == "waiting"
        with pytest.raises(ValidationError, match="not open"):
            registration_submit(
                date=date,
                name="Spät",
                email="spaet@example.org",
                now=closes + timedelta(minutes=1),
            )


def test_each_date_has_its_own_list(mannheim) -> None:
    event = make_event(mannheim, capacity=1, rrule="FREQ=WEEKLY;COUNT=3")
    with scope(municipality=mannheim):
        dates = list(event.dates.order_by("start"))
    assert len(dates) == 3
    register(dates[0], 2, prefix="a")
    register(dates[1], 1, prefix="b")
    assert [s for _n, s in states(dates[0])] == ["confirmed", "waiting"]
    assert [s for _n, s in states(dates[1])] == ["confirmed"]
    assert states(dates[2]) == []


def test_several_places_and_more_only_while_they_are_free(mannheim) -> None:
    date = first_date(make_event(mannheim, capacity=5, max_places=4))
    (family,) = register(date, 1, places=2)
    register(date, 1, places=2, prefix="friends")
    with scope(municipality=mannheim):
        with pytest.raises(ValidationError, match="Only 1 more place is free"):
            registration_change(registration=family, places=4)
        with pytest.raises(ValidationError, match="between 1 and 4"):
            registration_change(registration=family, places=5)
        assert registration_change(registration=family, places=3).places == 3
        with pytest.raises(ValidationError, match="Only 0 more places are free"):
            registration_change(registration=family, places=4)
        with pytest.raises(ValidationError, match="between 1 and 4"):
            registration_submit(date=date, name="Groß", email="gross@example.org", places=5)


def test_typed_answers_are_checked(mannheim) -> None:
    event = make_event(mannheim)
    with scope(municipality=mannheim):
        choice = question_create(
            event=event,
            by=office_user(),
            label={"de": "Essen"},
            kind=Question.Kind.CHOICE,
            choices=[{"de": "vegetarisch"}, {"de": "halal"}],
            required=True,
        )
        number = question_create(
            event=event, by=office_user(), label={"de": "Kinder"}, kind=Question.Kind.NUMBER
        )
        date = first_date(event)
        with pytest.raises(ValidationError) as error:
            registration_submit(
                date=date,
                name="A",
                email="a@example.org",
                answers={str(choice.pk): "vegan", str(number.pk): "zwei"},
            )
        assert set(error.value.error_dict) == {f"question_{choice.pk}", f"question_{number.pk}"}
        registration, _token = registration_submit(
            date=date,
            name="A",
            email="a@example.org",
            answers={str(choice.pk): "halal", str(number.pk): "2"},
        )
    assert registration.answers == {str(choice.pk): "halal", str(number.pk): 2}
    assert registration.arrival == 1


def test_unconfirmed_addresses_lapse_and_their_places_pass_on(mannheim) -> None:
    date = first_date(make_event(mannheim, capacity=1))
    with scope(municipality=mannheim):
        _first, _token = registration_submit(date=date, name="Eins", email="eins@example.org")
        _second, _token = registration_submit(date=date, name="Zwei", email="zwei@example.org")
        assert registrations_lapse(date=date, now=timezone.now() + timedelta(hours=25)) == 2
    assert [s for _n, s in states(date)] == ["lapsed", "lapsed"]


def test_the_personal_link_shows_changes_and_cancels(mannheim) -> None:
    date = first_date(make_event(mannheim, capacity=5))
    mail.outbox.clear()
    with scope(municipality=mannheim):
        registration, token = registration_submit(
            date=date, name="Olena Petrenko", email="olena@example.org", places=2, language="uk"
        )
    (message,) = mail.outbox
    assert message.to == ["olena@example.org"]
    link = re.search(r"https?://\S+/anmeldung/\S+/", str(message.body))
    assert link is not None
    assert token in link.group(0)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    path = f"/mannheim/veranstaltungen/anmeldung/{token}/"
    page = client.get(path)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert "private" in page["Cache-Control"]
    assert (
        client.get(f"/mannheim/veranstaltungen/anmeldung/{registration.pk}-forged/").status_code
        == 404
    )
    assert client.get(f"/bamberg/veranstaltungen/anmeldung/{token}/").status_code == 404
    client.post(path, {"action": "confirm"})
    client.post(path, {"action": "change", "places": "3"})
    with scope(municipality=mannheim):
        registration.refresh_from_db()
    assert registration.email_confirmed_at is not None
    assert registration.places == 3
    asked = client.post(path, {"action": "cancel"})
    assert "Cancel your registration?" in asked.content.decode()
    with scope(municipality=mannheim):
        registration.refresh_from_db()
    assert registration.state == "confirmed", "the first POST only asks"
    client.post(path, {"action": "cancel", "bestaetigt": "1"})
    with scope(municipality=mannheim):
        registration.refresh_from_db()
    assert registration.state == "cancelled"


def test_the_online_link_only_for_people_with_a_confirmed_place(mannheim) -> None:
    link = "https://konferenz.example/raum-42"
    event = make_event(mannheim, capacity=1, online=True, online_url=link)
    date = first_date(event)
    public = Client().get(f"/mannheim/veranstaltungen/{event.pk}/").content.decode()
    assert link not in public
    with scope(municipality=mannheim):
        _holder, holder_token = registration_submit(date=date, name="A", email="a@example.org")
        _waiting, waiting_token = registration_submit(date=date, name="B", email="b@example.org")
    client = Client()
    holder_page = f"/mannheim/veranstaltungen/anmeldung/{holder_token}/"
    assert link not in client.get(holder_page).content.decode(), (
        "not before the address is confirmed"
    )
    client.post(holder_page, {"action": "confirm"})
    assert link in client.get(holder_page).content.decode()
    waiting_page = f"/mannheim/veranstaltungen/anmeldung/{waiting_token}/"
    client.post(waiting_page, {"action": "confirm"})
    assert link not in client.get(waiting_page).content.decode()


def test_registering_through_the_page(mannheim) -> None:
    event = make_event(mannheim, capacity=5)
    date = first_date(event)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    path = f"/mannheim/veranstaltungen/{event.pk}/termine/{date.pk}/anmelden/"
    empty = client.post(path, {})
    assert empty.status_code == 400
    assert 'role="alert"' in empty.content.decode()
    data = {"name": "Familie Haddad", "email": "haddad@example.org", "places": "3", "consent": "on"}
    done = client.post(path, data)
    assert done.status_code == 200
    assert "3 places are held for you" in done.content.decode()
    too_many = client.post(path, data | {"places": "9"})
    assert too_many.status_code == 400
    assert (
        client.get(f"/bamberg/veranstaltungen/{event.pk}/termine/{date.pk}/anmelden/").status_code
        == 404
    )
