"""Events that organisations of the network submit (as for Mannheim's Aktionstage): the
representative submits, the office accepts or declines with a reason, the organisation sees
the state and may correct a submission until it is accepted."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.events.models import Event
from querschnitt.events.services.common import absolute_url, check_same_municipality, mail
from querschnitt.events.services.events import _normalise, event_check
from querschnitt.network.models import Organisation, Representative

# What an organisation says about its own event; registration stays with the organisation.
PARTNER_FIELDS = (
    "title",
    "description",
    "format",
    "all_day",
    "start",
    "end",
    "place_name",
    "street_address",
    "postal_code",
    "locality",
    "room",
    "online",
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
)


def represents(user: Any, organisation: Organisation) -> bool:
    return Representative.objects.filter(
        municipality_id=organisation.municipality_id, organisation=organisation, user=user
    ).exists()


def _check_format(event: Event) -> None:
    if event.format is not None and not event.format.accepts_submissions:
        raise ValidationError({"format": _("This format takes no events from organisations.")})


@transaction.atomic
def partner_event_submit(
    *,
    municipality: Municipality,
    by: Any,
    organisation: Organisation,
    now: datetime | None = None,
    **fields: Any,
) -> Event:
    """An organisation submits its event; the office reviews it before it appears."""
    now = now or timezone.now()
    check_same_municipality(municipality, organisation=organisation, format=fields.get("format"))
    if not represents(by, organisation):
        raise ValidationError({"organisation": _("You do not represent this organisation.")})
    fields = {name: value for name, value in fields.items() if name in PARTNER_FIELDS}
    event = Event(
        municipality=municipality,
        state=Event.State.SUBMITTED,
        organiser=Event.Organiser.ORGANISATION,
        organiser_organisation=organisation,
        submitted_by=by,
        submitted_at=now,
        **fields,
    )
    _normalise(event)
    _check_format(event)
    event_check(event, now=now, times_changed=True, allow_past=False)
    event.full_clean()
    event.save()
    from querschnitt.events.services.events import dates_sync

    dates_sync(event, now=now)
    audit_record(municipality=municipality, actor=by, action="event.submitted", target=event)
    return event


@transaction.atomic
def partner_event_update(
    *, event: Event, by: Any, now: datetime | None = None, **fields: Any
) -> Event:
    """Correct a submission that waits for review or was declined; it waits for review again."""
    now = now or timezone.now()
    if event.state not in (Event.State.SUBMITTED, Event.State.REJECTED):
        raise ValidationError(
            _("An accepted event is changed by the office; write to them about changes.")
        )
    check_same_municipality(event.municipality, format=fields.get("format"))
    before = snapshot(event)
    old_start = event.start
    for name, value in fields.items():
        if name in PARTNER_FIELDS:
            setattr(event, name, value)
    _normalise(event)
    _check_format(event)
    event_check(event, now=now, times_changed=event.start != old_start, allow_past=False)
    event.state = Event.State.SUBMITTED
    event.submitted_at = now
    event.review_note = ""
    event.full_clean()
    event.save()
    event.dates.all().delete()
    from querschnitt.events.services.events import dates_sync

    dates_sync(event, now=now, allow_past=True)
    audit_record(
        municipality=event.municipality,
        actor=by,
        action="event.submission_changed",
        target=event,
        changes=field_changes(before, event),
    )
    return event


def _tell_submitter(event: Event, template: str, subject: Any) -> None:
    user = event.submitted_by
    if user is None:
        return
    mail(
        to=user.email,
        language="de",
        subject=subject,
        template=template,
        context={
            "event": event,
            "municipality": event.municipality,
            "link": absolute_url(event.municipality, "staff:partner_event_list"),
        },
    )


@transaction.atomic
def submission_accept(*, event: Event, by: Any, now: datetime | None = None) -> Event:
    """Accept a submitted event: it appears in the calendar; the submitter is told."""
    now = now or timezone.now()
    if event.state != Event.State.SUBMITTED:
        raise ValidationError(_("Only a submitted event can be accepted."))
    event.state = Event.State.PUBLISHED
    event.published_at = now
    event.reviewed_by = by
    event.reviewed_at = now
    event.save()
    audit_record(
        municipality=event.municipality, actor=by, action="event.submission_accepted", target=event
    )
    _tell_submitter(event, "submission_accepted", gettext_lazy("Your event is in the calendar"))
    return event


@transaction.atomic
def submission_reject(*, event: Event, by: Any, reason: str, now: datetime | None = None) -> Event:
    """Decline a submitted event with a reason the organisation reads."""
    now = now or timezone.now()
    if event.state != Event.State.SUBMITTED:
        raise ValidationError(_("Only a submitted event can be declined."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so that the organisation can correct it.")})
    event.state = Event.State.REJECTED
    event.review_note = reason.strip()
    event.reviewed_by = by
    event.reviewed_at = now
    event.save()
    audit_record(
        municipality=event.municipality,
        actor=by,
        action="event.submission_declined",
        target=event,
        changes={"reason": event.review_note},
    )
    _tell_submitter(event, "submission_declined", gettext_lazy("Your event was not accepted"))
    return event
