"""Importing a format's external calendar: fetched within limits, expanded, and applied in
one transaction (a calendar that cannot be fetched or read changes nothing). New dates are
added, changed ones moved, cancelled or vanished ones kept as cancelled; an event the office
edited here is not overwritten but flagged."""

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from querschnitt.core.audit import audit_record
from querschnitt.core.page_cache import municipality_content_changed
from querschnitt.events.fetch import FetchError, fetch_calendar
from querschnitt.events.ical_in import CalendarProblem, Occurrence, occurrences, parse
from querschnitt.events.models import CalendarSubscription, Event, EventDate

WINDOW_BACK = timedelta(days=31)
WINDOW_AHEAD = timedelta(days=400)


def import_window(now: datetime) -> tuple[datetime, datetime]:
    return now - WINDOW_BACK, now + WINDOW_AHEAD


def subscription_import(
    *,
    subscription: CalendarSubscription,
    content: bytes | None = None,
    by: Any = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Fetch (unless `content` is given) and apply the calendar. The outcome is kept on the
    subscription; a problem is recorded there with its reason and changes nothing."""
    now = now or timezone.now()
    since, until = import_window(now)
    subscription.last_attempt_at = now
    try:
        if content is None:
            content = fetch_calendar(subscription.url)
        found = occurrences(parse(content), since=since, until=until)
        counts = _apply(subscription, found, now=now, since=since)
    except (FetchError, CalendarProblem) as problem:
        subscription.last_error = str(problem)
        subscription.save(update_fields=["last_attempt_at", "last_error"])
        audit_record(
            municipality=subscription.municipality,
            actor=by,
            action="calendar.import_failed",
            target=subscription.format,
            changes={"error": subscription.last_error},
        )
        raise
    subscription.last_success_at = now
    subscription.last_error = ""
    subscription.last_counts = counts
    subscription.save(
        update_fields=["last_attempt_at", "last_success_at", "last_error", "last_counts"]
    )
    audit_record(
        municipality=subscription.municipality,
        actor=by,
        action="calendar.imported",
        target=subscription.format,
        changes=counts,
    )
    return counts


def _website(url: str) -> str:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url[:200]


def _event_fields(first: Occurrence) -> dict[str, Any]:
    return {
        "title": {"de": first.summary},
        "description": {"de": first.description} if first.description else {},
        "place_name": first.location[:200],
        "website": _website(first.url),
        "all_day": first.all_day,
    }


@transaction.atomic
def _apply(
    subscription: CalendarSubscription, found: list[Occurrence], *, now: datetime, since: datetime
) -> dict[str, int]:
    municipality = subscription.municipality
    counts = {"added": 0, "changed": 0, "cancelled": 0, "unchanged": 0, "flagged": 0}
    series: dict[str, list[Occurrence]] = defaultdict(list)
    for occurrence in found:
        series[occurrence.uid].append(occurrence)
    events = {
        event.source_uid: event
        for event in Event.objects.filter(municipality=municipality, subscription=subscription)
    }
    dates: dict[tuple[int, str], EventDate] = {
        (date.event_id, date.source_recurrence): date
        for date in EventDate.objects.filter(
            municipality=municipality, event__subscription=subscription, start__gte=since
        )
    }
    new_dates: list[EventDate] = []
    changed_dates: list[EventDate] = []
    flagged: set[int] = set()
    for uid, items in series.items():
        items.sort(key=lambda item: item.start)
        first = items[0]
        event = events.pop(uid, None)
        if event is None:
            event = Event.objects.create(
                municipality=municipality,
                state=Event.State.PUBLISHED,
                published_at=now,
                format=subscription.format,
                organiser=(
                    Event.Organiser.ORGANISATION
                    if subscription.organisation_id
                    else Event.Organiser.OFFICE
                ),
                organiser_organisation=subscription.organisation,
                subscription=subscription,
                source_uid=uid,
                source_hash=first.content_hash,
                start=first.start,
                end=first.end,
                **_event_fields(first),
            )
        elif event.edited_here:
            differs = event.source_hash != first.content_hash or any(
                _date_differs(dates.get((event.pk, item.recurrence)), item) for item in items
            )
            if differs and not event.source_changed:
                event.source_changed = True
                event.save(update_fields=["source_changed", "updated_at"])
            if differs:
                counts["flagged"] += 1
            flagged.add(event.pk)
            for item in items:
                dates.pop((event.pk, item.recurrence), None)
            continue
        elif event.source_hash != first.content_hash:
            for name, value in _event_fields(first).items():
                setattr(event, name, value)
            event.source_hash = first.content_hash
            event.save()
            EventDate.objects.filter(municipality=municipality, event=event).update(
                sequence=F("sequence") + 1
            )
            counts["changed"] += 1
        if (event.start, event.end) != (first.start, first.end) and not event.edited_here:
            event.start, event.end = first.start, first.end
            event.save(update_fields=["start", "end", "updated_at"])
        for item in items:
            date = dates.pop((event.pk, item.recurrence), None)
            if date is None:
                new_dates.append(
                    EventDate(
                        municipality=municipality,
                        event=event,
                        start=item.start,
                        end=item.end,
                        day=timezone.localtime(item.start).date(),
                        cancelled=item.cancelled,
                        cancelled_at=now if item.cancelled else None,
                        source_recurrence=item.recurrence,
                    )
                )
                counts["added"] += 1
            elif _date_differs(date, item):
                if item.cancelled and not date.cancelled:
                    counts["cancelled"] += 1
                else:
                    counts["changed"] += 1
                if (date.start, date.end) != (item.start, item.end):
                    date.moved_at = now
                date.start, date.end = item.start, item.end
                date.day = timezone.localtime(item.start).date()
                date.cancelled = item.cancelled
                date.cancelled_at = now if item.cancelled else None
                date.sequence += 1
                changed_dates.append(date)
            else:
                counts["unchanged"] += 1
    # What the calendar no longer has (a whole series, or single dates) stays as cancelled.
    for date in dates.values():
        if date.event_id in flagged or date.cancelled:
            continue
        date.cancelled = True
        date.cancelled_at = now
        date.sequence += 1
        changed_dates.append(date)
        counts["cancelled"] += 1
    EventDate.objects.bulk_create(new_dates, batch_size=500)
    EventDate.objects.bulk_update(
        changed_dates,
        ["start", "end", "day", "cancelled", "cancelled_at", "moved_at", "sequence"],
        batch_size=500,
    )
    municipality_content_changed(municipality.pk)
    return counts


def _date_differs(date: EventDate | None, item: Occurrence) -> bool:
    if date is None:
        return True
    return (date.start, date.end, date.cancelled) != (item.start, item.end, item.cancelled)


@transaction.atomic
def imported_event_reset(*, event: Event, by: Any) -> Event:
    """Give an imported event that was edited here back to its calendar: the next import
    overwrites it again."""
    event.edited_here = False
    event.source_changed = False
    event.source_hash = ""
    event.save(update_fields=["edited_here", "source_changed", "source_hash", "updated_at"])
    audit_record(municipality=event.municipality, actor=by, action="event.given_back", target=event)
    return event
