"""The office's list of events reads its count and page with plain SQL
(`events/selectors/staff_list_sql.py`): the same count and rows as the ORM's for every list
and format, on SQLite and PostgreSQL, and never an event of the other city."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.db import router
from django.db.models import Exists, OuterRef
from django.utils import timezone

from querschnitt.events.models import Event, EventDate, Format
from querschnitt.events.selectors.staff_list_sql import EventFilters, EventRows, _moment
from querschnitt.events.staff_rows import STAFF_EVENT_ROW_FIELDS
from querschnitt.events.tests.helpers import at, make_event
from querschnitt.events.views.staff_events import event_rows

pytestmark = pytest.mark.django_db

LISTS = ("kommend", "eingereicht", "entwurf", "vergangen", "importiert")


def orm_list(municipality, *, shown: str, format_id, now):
    """`EventList` as it read the list through the ORM."""
    events = Event.objects.filter(municipality=municipality)
    if shown == "eingereicht":
        events = events.filter(state=Event.State.SUBMITTED).order_by("submitted_at", "pk")
    elif shown == "entwurf":
        events = events.filter(state__in=[Event.State.DRAFT, Event.State.REJECTED])
    elif shown == "vergangen":
        events = events.filter(state=Event.State.PUBLISHED).exclude(dates__end__gte=now)
    elif shown == "importiert":
        events = events.filter(source_changed=True)
    else:
        coming = EventDate.objects.filter(
            municipality=municipality, event=OuterRef("pk"), end__gte=now
        )
        events = events.filter(Exists(coming), state=Event.State.PUBLISHED)
    if format_id:
        events = events.filter(format_id=format_id)
    events = event_rows(events, now, coming_only=shown == "kommend")
    if shown == "vergangen":
        events = events.order_by("-start", "-pk")
    elif shown != "eingereicht":
        events = events.order_by("next_start", "start", "pk")
    return events.values(*STAFF_EVENT_ROW_FIELDS)


def add_events(municipality) -> None:
    """Events in every state, past and to come, with cancelled and several dates."""
    states = Event.State.values
    for number, days in enumerate((-30, -2, 0, 3, 3, 40)):
        for state in states:
            event = make_event(municipality, title={"de": f"Abend {number} {state}"})
            # moved where it belongs, past ones too (the service accepts only dates to come)
            EventDate.objects.filter(event=event).update(start=at(days), end=at(days, 20))
            Event.objects.filter(pk=event.pk).update(
                start=at(days),
                end=at(days, 20),
                state=state,
                source_changed=number % 2 == 0,
                submitted_at=timezone.now() - timedelta(hours=number) if number % 3 else None,
            )
            if number == 3:
                EventDate.objects.filter(event=event).update(cancelled=True)
            if number == 4:
                # a second date a week later
                second = EventDate.objects.get(event=event)
                second.pk = None
                second.start, second.end = at(days + 7), at(days + 7, 20)
                second.day = second.start.date()
                second.save()


def test_the_event_list_read_by_sql_is_the_orms(mannheim, bamberg, unscoped) -> None:
    for municipality in (mannheim, bamberg):
        add_events(municipality)
    now = timezone.now()
    others = list(Format.objects.filter(municipality=bamberg).values_list("pk", flat=True))
    for municipality in (mannheim, bamberg):
        formats = list(
            Format.objects.filter(municipality=municipality).values_list("pk", flat=True)
        )
        for format_id in [None, *formats, *others[:1]]:
            for shown in LISTS:
                orm = orm_list(municipality, shown=shown, format_id=format_id, now=now)
                rows = EventRows(
                    municipality, EventFilters(shown=shown, format_id=format_id, now=now)
                )
                assert rows.count() == orm.count(), (format_id, shown)
                assert rows[0:1000] == list(orm), (format_id, shown)
                assert rows[2:5] == list(orm[2:5]), (format_id, shown)
        pks = {
            row["pk"]
            for shown in LISTS
            for row in EventRows(municipality, EventFilters(shown=shown, format_id=None, now=now))[
                0:10000
            ]
        }
        assert len(pks) > 20
        assert not Event.objects.filter(pk__in=pks).exclude(municipality=municipality).exists()


def test_remembered_moments_keep_their_type_and_zone() -> None:
    """The starts are converted through a remembered conversion: equal moments of another
    zone (or a naive one) come back as they were given, each converted on its own."""
    using = router.db_for_read(Event)
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    moment = datetime(2026, 5, 1, 10, tzinfo=UTC)
    for value in (moment, moment.astimezone(berlin), moment, moment.astimezone(berlin)):
        converted = _moment(using, value)
        assert converted == value
        assert converted.tzinfo is value.tzinfo
    assert _moment(using, None) is None
