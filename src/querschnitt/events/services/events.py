"""Events and their dates: create, change, publish, cancel and move, with everyone who
registered told; a public meeting of a body shown in the calendar."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.events import recurrence
from querschnitt.events.models import Event, EventDate, Format, Registration
from querschnitt.events.services.common import check_same_municipality, mail
from querschnitt.events.services.registrations import (
    _rebalance,
    entries_of,
    lock_date,
    personal_url,
)
from querschnitt.events.waitlist import holding

EVENT_FIELDS = (
    "title",
    "description",
    "format",
    "organiser",
    "organiser_body",
    "organiser_organisation",
    "all_day",
    "start",
    "end",
    "rrule",
    "place_name",
    "street_address",
    "postal_code",
    "locality",
    "room",
    "online",
    "online_url",
    "step_free",
    "hearing_loop",
    "accessible_toilet",
    "childcare",
    "accessibility_note",
    "languages",
    "interpreting",
    "target_groups",
    "free",
    "cost_note",
    "website",
    "registration",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "max_places",
    "waiting_list",
    "freed_places",
    "offer_hours",
    "reminder_hours",
    "meeting",
)
TIME_FIELDS = ("all_day", "start", "end", "rrule")
# Changes a calendar must take over (RFC 5545 SEQUENCE): times, title, place, status.
SIGNIFICANT = (
    *TIME_FIELDS,
    "title",
    "place_name",
    "street_address",
    "postal_code",
    "locality",
    "room",
    "online",
)
REGISTRATION_FIELDS = ("registration", "capacity", "waiting_list", "freed_places", "offer_hours")


def _related(municipality: Municipality, fields: dict[str, Any]) -> None:
    check_same_municipality(
        municipality,
        format=fields.get("format"),
        organiser_body=fields.get("organiser_body"),
        organiser_organisation=fields.get("organiser_organisation"),
        meeting=fields.get("meeting"),
    )


def event_check(event: Event, *, now: datetime, times_changed: bool, allow_past: bool) -> None:
    """The rules every event keeps; ValidationError naming the field."""
    errors: dict[str, Any] = {}
    if event.end < event.start or (event.all_day and event.end == event.start):
        errors["end"] = _("An event ends after it begins.")
    elif event.end - event.start > timedelta(days=Event.MAX_DAYS) and not event.is_imported:
        errors["end"] = _(
            "A date lasts at most %(days)d days; for something longer, repeat it."
        ) % {"days": Event.MAX_DAYS}
    if times_changed and not allow_past and event.start < now:
        errors["start"] = _("This date lies in the past.")
    if event.organiser == Event.Organiser.BODY and event.organiser_body is None:
        errors["organiser_body"] = _("Choose the body that organises it.")
    if event.organiser == Event.Organiser.ORGANISATION and event.organiser_organisation is None:
        errors["organiser_organisation"] = _("Choose the organisation that organises it.")
    if not event.is_imported and not event.meeting_id and not (event.has_place or event.online):
        errors["place_name"] = _("Say where it takes place, or that it is online.")
    if event.online_url and not event.registration:
        errors["online_url"] = _(
            "The address of an online event is shown only to people with a place: "
            "switch registration on, or leave the address empty."
        )
    if event.registration:
        opens, closes = event.registration_opens_at, event.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("Registration closes after it opens.")
        if closes and closes > event.start and not event.rrule:
            errors["registration_closes_at"] = _(
                "Registration closes at the latest when the event begins."
            )
        if event.capacity is not None and event.max_places > event.capacity:
            errors["max_places"] = _("One registration cannot take more places than there are.")
    if errors:
        raise ValidationError(errors)


def _normalise(event: Event) -> None:
    if event.all_day:
        event.start = recurrence.local_midnight(timezone.localtime(event.start).date())
        end = timezone.localtime(event.end)
        last = end.date() if end.time() == datetime.min.time() else end.date() + timedelta(days=1)
        event.end = recurrence.local_midnight(last)
    event.title = {code: text for code, text in (event.title or {}).items() if text}
    event.description = {code: text for code, text in (event.description or {}).items() if text}
    event.start = event.start.replace(microsecond=0)
    event.end = event.end.replace(microsecond=0)


def _check_capacity(event: Event, now: datetime) -> None:
    """The capacity may not fall below the places held on any date still to come."""
    if event.capacity is None:
        return
    for date in event.dates.filter(end__gt=now, cancelled=False):
        held = holding(entries_of(date), now)
        if held > event.capacity:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(held)d places are already given on %(date)s; the capacity cannot be "
                        "lower."
                    )
                    % {"held": held, "date": timezone.localtime(date.start).strftime("%d.%m.%Y")}
                }
            )


@transaction.atomic
def event_create(
    *,
    municipality: Municipality,
    by: Any,
    publish: bool = True,
    now: datetime | None = None,
    allow_past: bool = False,
    **fields: Any,
) -> Event:
    """Create an event of the office (or a body's, or an organisation's) with its dates."""
    now = now or timezone.now()
    fields = {name: value for name, value in fields.items() if name in EVENT_FIELDS}
    _related(municipality, fields)
    event = Event(municipality=municipality, **fields)
    _normalise(event)
    if event.rrule:
        _wrap_rrule_error(event)
    event_check(event, now=now, times_changed=True, allow_past=allow_past)
    if publish:
        event.state = Event.State.PUBLISHED
        event.published_at = now
    event.full_clean()
    event.save()
    dates_sync(event, now=now, allow_past=True)
    audit_record(municipality=municipality, actor=by, action="event.created", target=event)
    return event


def _wrap_rrule_error(event: Event) -> None:
    try:
        event.rrule = recurrence.rrule_clean(
            event.rrule, start=event.start, end=event.end, all_day=event.all_day
        )
    except ValidationError as error:
        raise ValidationError({"rrule": error.messages}) from error


@transaction.atomic
def event_update(*, event: Event, by: Any, now: datetime | None = None, **fields: Any) -> Event:
    """Change an event; dates that move and registrations whose date moves are told. An
    imported event changed here is no longer overwritten by its calendar."""
    now = now or timezone.now()
    fields = {name: value for name, value in fields.items() if name in EVENT_FIELDS}
    _related(event.municipality, fields)
    before = snapshot(event)
    old = {name: getattr(event, name) for name in SIGNIFICANT}
    old_registration = {name: getattr(event, name) for name in REGISTRATION_FIELDS}
    for name, value in fields.items():
        setattr(event, name, value)
    _normalise(event)
    times_changed = any(getattr(event, name) != old[name] for name in TIME_FIELDS)
    if event.rrule and times_changed:
        _wrap_rrule_error(event)
        times_changed = any(getattr(event, name) != old[name] for name in TIME_FIELDS)
    event_check(event, now=now, times_changed=times_changed, allow_past=event.is_imported)
    _check_capacity(event, now)
    event.full_clean()
    if event.is_imported and fields:
        event.edited_here = True
    event.save()
    significant = any(getattr(event, name) != old[name] for name in SIGNIFICANT)
    moved: list[EventDate] = []
    if times_changed:
        moved = dates_sync(event, now=now)
    if significant:
        event.dates.update(sequence=F("sequence") + 1)
    for date in moved:
        _tell_all(date, "date_moved", gettext_lazy("An event you registered for has moved"))
    if any(getattr(event, name) != old_registration[name] for name in REGISTRATION_FIELDS):
        for date in event.dates.filter(end__gt=now, cancelled=False):
            _rebalance(lock_date(date), now)
    audit_record(
        municipality=event.municipality,
        actor=by,
        action="event.updated",
        target=event,
        changes=field_changes(before, event),
    )
    return event


def dates_sync(event: Event, *, now: datetime, allow_past: bool = False) -> list[EventDate]:
    """Make the event's dates those its times and repeat rule give. A date is matched by its
    local day: it keeps its registrations when its time changes (returned: the dates that
    moved). Dates already past are left as they were; a date the rule no longer makes is
    cancelled if it was ever published, deleted otherwise, and refused while people are
    registered for it."""
    wanted = recurrence.expand(
        start=event.start, end=event.end, all_day=event.all_day, rrule=event.rrule
    )
    existing = {timezone.localtime(date.start).date(): date for date in event.dates.all()}
    moved = []
    for start, end in wanted:
        day = timezone.localtime(start).date()
        date = existing.pop(day, None)
        if date is None:
            if start < now and not allow_past:
                continue
            EventDate.objects.create(
                municipality_id=event.municipality_id,
                event=event,
                start=start,
                end=end,
                day=day,
            )
        elif (date.start, date.end) != (start, end) and date.start >= now:
            date.start, date.end, date.day = start, end, day
            if event.published_at:
                date.moved_at = now
                moved.append(date)
            date.save(update_fields=["start", "end", "day", "moved_at", "updated_at"])
    dropped = [date for date in existing.values() if date.start >= now]
    with_registrations = [
        date
        for date in dropped
        if Registration.objects.filter(
            municipality_id=event.municipality_id, date=date, state__in=Registration.ACTIVE
        ).exists()
    ]
    if with_registrations:
        days = ", ".join(
            timezone.localtime(date.start).strftime("%d.%m.%Y") for date in with_registrations
        )
        raise ValidationError(
            {
                "rrule": _(
                    "The new times drop dates that people registered for (%(days)s). Cancel "
                    "those dates first; the registered people are told."
                )
                % {"days": days}
            }
        )
    for date in dropped:
        if event.published_at and not date.cancelled:
            date.cancelled = True
            date.cancelled_at = now
            date.cancel_reason = str(_("No longer part of the series."))
            date.sequence += 1
            date.save()
        elif not event.published_at:
            date.delete()
    return moved


def _tell_all(date: EventDate, template: str, subject: Any, **context: Any) -> None:
    """Tell everyone with an active registration for the date."""
    registrations = Registration.objects.filter(
        municipality_id=date.municipality_id, date=date, state__in=Registration.ACTIVE
    ).select_related("date", "date__event")
    for registration in registrations:
        mail(
            to=registration.email,
            language=registration.language,
            subject=subject,
            template=template,
            context={
                "registration": registration,
                "date": date,
                "event": date.event,
                "link": personal_url(registration),
                "municipality": date.event.municipality,
                **context,
            },
        )


@transaction.atomic
def event_publish(*, event: Event, by: Any, now: datetime | None = None) -> Event:
    """Show a draft in the calendar and its feeds."""
    now = now or timezone.now()
    if event.state == Event.State.PUBLISHED:
        raise ValidationError(_("This event is already published."))
    if event.dates.filter(start__gte=now).count() == 0 and not event.is_imported:
        raise ValidationError(_("This event has no date to come."))
    event.state = Event.State.PUBLISHED
    event.published_at = event.published_at or now
    event.save(update_fields=["state", "published_at", "updated_at"])
    audit_record(municipality=event.municipality, actor=by, action="event.published", target=event)
    return event


@transaction.atomic
def event_delete(*, event: Event, by: Any) -> None:
    """Delete an event that was never published (a draft, a declined submission)."""
    if event.published_at is not None:
        raise ValidationError(
            _("A published event stays in the calendars that took it up: cancel it instead.")
        )
    audit_record(municipality=event.municipality, actor=by, action="event.deleted", target=event)
    event.delete()


@transaction.atomic
def event_date_cancel(
    *, date: EventDate, by: Any, reason: str = "", now: datetime | None = None
) -> EventDate:
    """Cancel a date: it stays in the calendar and the feeds as cancelled, and everyone
    registered for it is told."""
    now = now or timezone.now()
    locked = lock_date(date)
    if locked.cancelled:
        raise ValidationError(_("This date is already cancelled."))
    if locked.has_ended(now):
        raise ValidationError(_("This date has already taken place."))
    locked.cancelled = True
    locked.cancelled_at = now
    locked.cancel_reason = reason.strip()
    locked.sequence += 1
    locked.save()
    _tell_all(
        locked,
        "date_cancelled",
        gettext_lazy("An event you registered for is cancelled"),
        reason=locked.cancel_reason,
    )
    audit_record(
        municipality=locked.event.municipality,
        actor=by,
        action="event_date.cancelled",
        target=locked,
        changes={"reason": locked.cancel_reason},
    )
    return locked


@transaction.atomic
def event_date_move(
    *, date: EventDate, by: Any, start: datetime, end: datetime, now: datetime | None = None
) -> EventDate:
    """Move one date; its registrations stay and everyone registered is told."""
    now = now or timezone.now()
    locked = lock_date(date)
    if locked.cancelled:
        raise ValidationError(_("A cancelled date cannot be moved."))
    if locked.has_ended(now):
        raise ValidationError(_("This date has already taken place."))
    errors = {}
    if start < now:
        errors["start"] = _("This date lies in the past.")
    if end <= start:
        errors["end"] = _("An event ends after it begins.")
    elif end - start > timedelta(days=Event.MAX_DAYS):
        errors["end"] = _(
            "A date lasts at most %(days)d days; for something longer, repeat it."
        ) % {"days": Event.MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    before = (locked.start, locked.end)
    locked.start, locked.end = start.replace(microsecond=0), end.replace(microsecond=0)
    locked.day = timezone.localtime(locked.start).date()
    locked.moved_at = now
    locked.sequence += 1
    locked.save()
    # An offer never runs past the start (waitlist.offer_deadline), also once moved earlier.
    Registration.objects.filter(
        municipality_id=locked.municipality_id,
        date=locked,
        state=Registration.State.OFFERED,
        offer_expires_at__gt=locked.start,
    ).update(offer_expires_at=locked.start)
    _tell_all(locked, "date_moved", gettext_lazy("An event you registered for has moved"))
    audit_record(
        municipality=locked.event.municipality,
        actor=by,
        action="event_date.moved",
        target=locked,
        changes={"start": {"from": before[0].isoformat(), "to": locked.start.isoformat()}},
    )
    return locked


def format_for_body(municipality: Municipality, body: Any) -> Format | None:
    return Format.objects.filter(municipality=municipality, body=body).first()
