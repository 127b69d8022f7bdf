"""Events and their dates: bad input refused with a reason and nothing half-changed, repeat
rules in Europe/Berlin, moving and cancelling with everyone registered told, a public meeting
that carries its event along."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from querschnitt.bodies.models import Meeting
from querschnitt.events import recurrence
from querschnitt.events.models import Event, EventDate
from querschnitt.events.services.events import (
    event_date_cancel,
    event_date_move,
    event_update,
)
from querschnitt.events.services.meetings import event_for_meeting
from querschnitt.events.tests.helpers import at, first_date, make_event, office_user, register

pytestmark = pytest.mark.django_db
BERLIN = timezone.get_default_timezone()


def count_events(municipality) -> int:
    with scope(municipality=municipality):
        return Event.objects.filter(municipality=municipality).count()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"start": at(-2), "end": at(-2, 20)}, "start", "past"),
        ({"start": at(10, 20), "end": at(10, 18)}, "end", "ends after it begins"),
        ({"rrule": "FREQ=WEEKLY"}, "rrule", "needs an end"),
        ({"rrule": "FREQ=WEEKLY;FOO=1;COUNT=2"}, "rrule", "not supported"),
        ({"rrule": "kein Rhythmus"}, "rrule", "how often"),
        ({"rrule": "FREQ=DAILY;COUNT=400"}, "rrule", "more than 260"),
        ({"start": at(10), "end": at(60)}, "end", "at most 31 days"),
        ({"capacity": 2, "max_places": 3}, "max_places", "more places"),
        ({"place_name": "", "locality": ""}, "place_name", "Say where"),
        (
            {"online": True, "online_url": "https://x.example", "registration": False},
            "online_url",
            "",
        ),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_is_saved(
    mannheim, fields, field, message
) -> None:
    before = count_events(mannheim)
    with pytest.raises(ValidationError) as error:
        make_event(mannheim, **fields)
    text = " ".join(error.value.messages)
    assert message in text
    if field:
        assert field in error.value.error_dict
    assert count_events(mannheim) == before


def test_capacity_cannot_fall_below_the_places_given(mannheim) -> None:
    event = make_event(mannheim, capacity=6)
    register(first_date(event), 5)
    with scope(municipality=mannheim), pytest.raises(ValidationError, match="5 places are already"):
        event_update(event=event, by=office_user(), capacity=4)
    with scope(municipality=mannheim):
        event.refresh_from_db()
        assert event.capacity == 6, "nothing half-changed"
        event_update(event=event, by=office_user(), capacity=5)


def test_more_capacity_lets_the_waiting_list_move_up(mannheim) -> None:
    event = make_event(mannheim, capacity=2)
    date = first_date(event)
    register(date, 4)
    with scope(municipality=mannheim):
        event_update(event=event, by=office_user(), capacity=3)
        assert list(date.registrations.order_by("arrival").values_list("state", flat=True)) == [
            "confirmed",
            "confirmed",
            "confirmed",
            "waiting",
        ]


def test_a_monthly_rule_on_the_last_sunday_keeps_local_time_across_summer_time(mannheim) -> None:
    start = datetime(2030, 1, 27, 15, 0, tzinfo=BERLIN)  # the last Sunday of January
    rule = recurrence.rule_from_choice(
        repeat="monthly_weekday",
        start=start,
        all_day=False,
        until=None,
        count=6,
        custom="",
    )
    assert rule == "FREQ=MONTHLY;BYDAY=-1SU;COUNT=6"
    cleaned = recurrence.rrule_clean(
        rule, start=start, end=start + timedelta(hours=2), all_day=False
    )
    dates = recurrence.expand(
        start=start, end=start + timedelta(hours=2), all_day=False, rrule=cleaned
    )
    assert [d.date() for d, _e in dates] == [
        date(2030, 1, 27),
        date(2030, 2, 24),
        date(2030, 3, 31),
        date(2030, 4, 28),
        date(2030, 5, 26),
        date(2030, 6, 30),
    ]
    assert {timezone.localtime(d).hour for d, _e in dates} == {15}
    assert {d.utcoffset() for d, _e in dates} == {timedelta(hours=1), timedelta(hours=2)}


def test_all_day_and_several_day_dates(mannheim) -> None:
    event = make_event(
        mannheim,
        all_day=True,
        start=at(20, 0),
        end=at(22, 0),
        rrule=recurrence.rule_from_choice(
            repeat="weekly", start=at(20, 0), all_day=True, until=None, count=2, custom=""
        ),
    )
    with scope(municipality=mannheim):
        dates = list(event.dates.order_by("start"))
    assert len(dates) == 2
    first = dates[0]
    assert timezone.localtime(first.start).time() == datetime.min.time()
    assert (first.end - first.start) == timedelta(days=2)
    assert first.last_day == timezone.localdate() + timedelta(days=21)


def test_changing_the_time_of_a_series_keeps_registrations_and_tells_them(mannheim) -> None:
    event = make_event(mannheim, rrule="FREQ=WEEKLY;COUNT=3")
    with scope(municipality=mannheim):
        dates = list(event.dates.order_by("start"))
    register(dates[1], 2)
    mail.outbox.clear()
    with scope(municipality=mannheim):
        event_update(event=event, by=office_user(), start=at(10, 19), end=at(10, 21))
        moved = EventDate.objects.get(pk=dates[1].pk)
        assert timezone.localtime(moved.start).hour == 19
        assert moved.registrations.count() == 2
        assert moved.sequence == 1
        assert moved.moved_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p1@example.org"]


def test_a_new_rule_may_not_drop_dates_people_registered_for(mannheim) -> None:
    event = make_event(mannheim, rrule="FREQ=WEEKLY;COUNT=3")
    with scope(municipality=mannheim):
        last = event.dates.order_by("start").last()
    assert last is not None
    register(last, 1)
    with scope(municipality=mannheim):
        with pytest.raises(ValidationError, match="Cancel those dates first"):
            event_update(event=event, by=office_user(), rrule="FREQ=WEEKLY;COUNT=2")
        assert event.dates.count() == 3


def test_cancelling_and_moving_a_date_tell_everyone_and_raise_the_sequence(mannheim) -> None:
    event = make_event(mannheim, capacity=1)
    date = first_date(event)
    register(date, 2)
    mail.outbox.clear()
    with scope(municipality=mannheim):
        moved = event_date_move(date=date, by=office_user(), start=at(12), end=at(12, 20))
        assert moved.sequence == 1
        with pytest.raises(ValidationError, match="past"):
            event_date_move(date=date, by=office_user(), start=at(-1), end=at(-1, 20))
        cancelled = event_date_cancel(date=date, by=office_user(), reason="Krankheit")
        assert cancelled.cancelled
        assert cancelled.sequence == 2
        with pytest.raises(ValidationError, match="already cancelled"):
            event_date_cancel(date=date, by=office_user())
    assert len(mail.outbox) == 4, "two registered people, told twice"
    assert any("Krankheit" in message.body for message in mail.outbox)


def test_a_public_meeting_in_the_calendar_follows_the_meeting(mannheim) -> None:
    with scope(municipality=mannheim):
        meeting = (
            Meeting.objects.filter(
                municipality=mannheim,
                published_at__isnull=False,
                body__is_public=True,
                start__gt=timezone.now(),
                calendar_event__isnull=True,
            )
            .order_by("start")
            .first()
        )
        assert meeting is not None
        event = event_for_meeting(meeting=meeting, by=office_user())
        date = event.dates.get()
        assert date.start == meeting.start
        assert event.organiser_body == meeting.body
        with pytest.raises(ValidationError, match="already"):
            event_for_meeting(meeting=meeting, by=office_user())
        meeting.start += timedelta(hours=1)
        meeting.end = meeting.start + timedelta(hours=2)
        meeting.save()
        date.refresh_from_db()
        assert date.start == meeting.start
        assert date.sequence == 1
        meeting.cancelled = True
        meeting.save()
        date.refresh_from_db()
        assert date.cancelled
        assert date.sequence == 2
        meeting.published_at = None
        meeting.save()
        event.refresh_from_db()
        assert event.state == Event.State.DRAFT
