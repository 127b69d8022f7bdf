"""A public meeting of a body in the calendar: an event linked to the meeting, which follows
it when it moves, is cancelled, or stops being public (`events.signals`)."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.bodies.models import Meeting
from querschnitt.core.audit import audit_record
from querschnitt.events.models import Event, EventDate, Format
from querschnitt.events.services.events import event_create

DEFAULT_LENGTH = timedelta(hours=2)


def meeting_is_public(meeting: Meeting) -> bool:
    return bool(meeting.published_at) and meeting.body.is_public


def _place_fields(meeting: Meeting) -> dict[str, Any]:
    place = meeting.location
    if place is None:
        return {"online": bool(meeting.online_url)}
    return {
        "place_name": place.description,
        "room": place.room,
        "street_address": place.street_address,
        "postal_code": place.postal_code,
        "locality": place.locality,
        "step_free": place.step_free,
        "hearing_loop": place.hearing_loop,
        "accessible_toilet": place.accessible_toilet,
        "accessibility_note": place.accessibility_note,
        "online": bool(meeting.online_url),
    }


@transaction.atomic
def event_for_meeting(*, meeting: Meeting, by: Any, format: Format | None = None) -> Event:
    """Show a published meeting of a public body in the calendar."""
    if not meeting_is_public(meeting):
        raise ValidationError(
            _("Only a published meeting of a public body can be shown in the calendar.")
        )
    if Event.objects.filter(municipality=meeting.municipality, meeting=meeting).exists():
        raise ValidationError(_("This meeting is already in the calendar."))
    if format is None:
        format = Format.objects.filter(municipality=meeting.municipality, body=meeting.body).first()
    event = event_create(
        municipality=meeting.municipality,
        by=by,
        allow_past=True,
        title={"de": meeting.name},
        description={"de": _("Public meeting of %(body)s.") % {"body": meeting.body.name}},
        format=format,
        organiser=Event.Organiser.BODY,
        organiser_body=meeting.body,
        start=meeting.start,
        end=meeting.end or meeting.start + DEFAULT_LENGTH,
        target_groups=["everyone"],
        meeting=meeting,
        **_place_fields(meeting),
    )
    if meeting.cancelled:
        meeting_event_sync(meeting=meeting)
    return event


def meeting_event_sync(*, meeting: Meeting) -> None:
    """The meeting changed: its calendar event follows (moved, cancelled, public or not)."""
    event = (
        Event.objects.filter(municipality_id=meeting.municipality_id, meeting=meeting)
        .select_related("meeting")
        .first()
    )
    if event is None:
        return
    now = timezone.now()
    date = EventDate.objects.filter(municipality_id=meeting.municipality_id, event=event).first()
    if date is None:
        return
    changed = False
    end = meeting.end or meeting.start + DEFAULT_LENGTH
    if (date.start, date.end) != (meeting.start, end):
        date.start, date.end = meeting.start, end
        date.day = timezone.localtime(meeting.start).date()
        date.moved_at = now
        event.start, event.end = date.start, date.end
        changed = True
    if meeting.cancelled != date.cancelled:
        date.cancelled = meeting.cancelled
        date.cancelled_at = now if meeting.cancelled else None
        changed = True
    public = meeting_is_public(meeting)
    state = Event.State.PUBLISHED if public else Event.State.DRAFT
    if event.state != state:
        event.state = state
        event.published_at = event.published_at or (now if public else None)
        event.save(update_fields=["state", "published_at", "updated_at"])
    if changed:
        date.sequence += 1
        date.save()
        event.save(update_fields=["start", "end", "updated_at"])
        audit_record(
            municipality=meeting.municipality,
            actor=None,
            action="event.followed_meeting",
            target=event,
        )
