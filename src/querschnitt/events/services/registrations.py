"""Registrations: register, confirm the address, change, cancel, take up an offered place,
and the waiting list moving up. Every change to a date's list locks the date's row first
(`select_for_update`), so that the rules of `events.waitlist` hold however many people act
at once; on SQLite the IMMEDIATE transactions serialise the writers in the same way."""

import secrets
from datetime import UTC, datetime, timedelta
from datetime import date as date_type
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality
from querschnitt.events import waitlist
from querschnitt.events.models import Event, EventDate, Question, Registration
from querschnitt.events.services.common import absolute_url, mail

# Hours a registration holds its place before its address must be confirmed.
CONFIRM_HOURS = 24
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
TOKEN_SALT = "querschnitt.events.registration"  # noqa: S105 - a salt, not a secret
TEXT_ANSWER_LENGTH = 1000


# Links ------------------------------------------------------------------------------------


def registration_token(registration: Registration) -> str:
    """The token of the registration's personal link: its id and a signature of its secret."""
    digest = salted_hmac(
        TOKEN_SALT, f"{registration.pk}:{registration.secret}", algorithm="sha256"
    ).hexdigest()[:32]
    return f"{registration.pk}-{digest}"


def registration_by_token(*, municipality: Municipality, token: str) -> Registration | None:
    """The registration a personal link names, or None (forged, or its data removed)."""
    pk, _dash, _digest = token.partition("-")
    if not pk.isdigit() or len(pk) > 12:
        return None
    registration = (
        Registration.objects.filter(municipality=municipality, pk=int(pk))
        .exclude(secret="")
        .select_related("date", "date__event", "date__event__format")
        .first()
    )
    if registration is None or not constant_time_compare(registration_token(registration), token):
        return None
    return registration


def personal_url(registration: Registration) -> str:
    return absolute_url(
        registration.municipality,
        "events:registration",
        token=registration_token(registration),
    )


# Reading a date's list --------------------------------------------------------------------


def lock_date(date: EventDate) -> EventDate:
    """The date's row, locked until the transaction ends, with its event."""
    return (
        EventDate.objects.select_for_update(of=("self",))
        .select_related("event", "event__format")
        .get(municipality_id=date.municipality_id, pk=date.pk)
    )


def entries_of(date: EventDate) -> list[waitlist.Entry]:
    rows = Registration.objects.filter(
        municipality_id=date.municipality_id, date=date, state__in=Registration.ACTIVE
    ).values_list("pk", "arrival", "places", "state", "offer_expires_at")
    return [waitlist.Entry(*row) for row in rows]


def rules_of(date: EventDate) -> waitlist.Rules:
    event = date.event
    closes_at = date.registration_closes_at()
    if date.cancelled:
        # A cancelled date's list is closed: places freed by those who cancel too go to
        # nobody, and nobody is told of a place at a date that will not take place.
        closes_at = datetime.min.replace(tzinfo=UTC)
    return waitlist.Rules(
        capacity=event.capacity,
        offers=event.freed_places == Event.FreedPlaces.OFFER,
        offer_hours=event.offer_hours,
        closes_at=closes_at,
        begins_at=date.start,
        waiting_list=event.waiting_list,
    )


# Answers ----------------------------------------------------------------------------------


def answers_clean(questions: list[Question], given: dict[str, Any]) -> dict[str, Any]:
    """The answers as they are stored ({question id: value}); required ones must be there,
    each of its type."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        key = str(question.pk)
        value = given.get(key)
        if value in (None, "", []):
            if question.required:
                errors[f"question_{key}"] = _("Please answer this question.")
            continue
        kind = question.kind
        if kind == Question.Kind.TEXT:
            answers[key] = str(value).strip()[:TEXT_ANSWER_LENGTH]
        elif kind == Question.Kind.NUMBER:
            try:
                answers[key] = int(value)
            except (TypeError, ValueError):
                errors[f"question_{key}"] = _("Enter a whole number.")
        elif kind == Question.Kind.YES_NO:
            answers[key] = value in (True, "yes", "True", "1")
        elif kind == Question.Kind.DATE:
            answers[key] = value.isoformat() if isinstance(value, date_type) else str(value)
        elif kind == Question.Kind.CHOICE:
            options = [str(option.get("de", "")) for option in question.choices]
            if str(value) not in options:
                errors[f"question_{key}"] = _("Choose one of the options.")
            else:
                answers[key] = str(value)
    if errors:
        raise ValidationError(errors)
    return answers


# Registering ------------------------------------------------------------------------------


def _new_code(date: EventDate) -> str:
    taken = set(
        Registration.objects.filter(municipality_id=date.municipality_id, date=date).values_list(
            "code", flat=True
        )
    )
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if code not in taken:
            return code


@transaction.atomic
def registration_submit(
    *,
    date: EventDate,
    name: str,
    email: str,
    places: int = 1,
    answers: dict[str, Any] | None = None,
    organisation_name: str = "",
    language: str = "de",
    now: datetime | None = None,
) -> tuple[Registration, str]:
    """Register for a date: a place if one is free and nobody waits, else the waiting list
    (if the event has one). Returns the registration and the token of its personal link, which
    is mailed to the address; the address must be confirmed within a day (at the latest when
    the date begins) or the registration lapses."""
    now = now or timezone.now()
    locked = lock_date(date)
    event = locked.event
    if not locked.registration_is_open(now):
        raise ValidationError(_("Registration for this date is not open."))
    if not 1 <= places <= event.max_places:
        raise ValidationError(
            {"places": _("Choose between 1 and %(most)d places.") % {"most": event.max_places}}
        )
    questions = list(event.questions.all())
    cleaned = answers_clean(questions, answers or {})
    state = waitlist.newcomer_state(entries_of(locked), places, rules_of(locked), now)
    if state is None:
        raise ValidationError(_("This date is fully booked."))
    locked.arrivals += 1
    locked.save(update_fields=["arrivals"])
    registration = Registration(
        municipality_id=locked.municipality_id,
        date=locked,
        arrival=locked.arrivals,
        state=state,
        places=places,
        name=name.strip(),
        email=email.strip(),
        organisation_name=organisation_name.strip(),
        language=language or "de",
        answers=cleaned,
        secret=secrets.token_hex(16),
        code=_new_code(locked),
        confirm_by=min(now + timedelta(hours=CONFIRM_HOURS), locked.start),
        confirmed_at=now if state == waitlist.CONFIRMED else None,
    )
    registration.full_clean(exclude=["date", "municipality"])
    registration.save()
    rank = waitlist.ranks(entries_of(locked)).get(registration.pk)
    _tell(
        registration,
        "received",
        gettext_lazy("Your registration: please confirm"),
        rank=rank,
    )
    return registration, registration_token(registration)


def _tell(registration: Registration, template: str, subject: Any, **context: Any) -> None:
    date = registration.date
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
            "municipality": registration.municipality,
            **context,
        },
    )


def _refetch(registration: Registration) -> Registration:
    return Registration.objects.select_related("date", "date__event").get(
        municipality_id=registration.municipality_id, pk=registration.pk
    )


@transaction.atomic
def registration_confirm_email(
    *, registration: Registration, now: datetime | None = None
) -> Registration:
    """The person opened their personal link and confirmed: the address is theirs."""
    now = now or timezone.now()
    lock_date(registration.date)
    registration = _refetch(registration)
    if registration.state == Registration.State.LAPSED:
        raise ValidationError(
            _("This registration lapsed because the address was not confirmed in time.")
        )
    if registration.email_confirmed_at is None:
        registration.email_confirmed_at = now
        registration.save(update_fields=["email_confirmed_at"])
    return registration


def _confirm_address(registration: Registration, now: datetime) -> None:
    """Acting through the personal link proves the address, as confirming does."""
    if registration.email_confirmed_at is None:
        registration.email_confirmed_at = now


@transaction.atomic
def registration_change(
    *,
    registration: Registration,
    places: int,
    answers: dict[str, Any] | None = None,
    organisation_name: str | None = None,
    now: datetime | None = None,
) -> Registration:
    """Change the number of places or the answers. More places are given only while they
    are free and nobody waits; fewer free places for the waiting list."""
    now = now or timezone.now()
    locked = lock_date(registration.date)
    registration = _refetch(registration)
    event = locked.event
    if not registration.is_active:
        raise ValidationError(_("This registration has ended and cannot be changed."))
    if locked.has_begun(now):
        raise ValidationError(_("The date has begun; the registration cannot be changed now."))
    if not 1 <= places <= event.max_places:
        raise ValidationError(
            {"places": _("Choose between 1 and %(most)d places.") % {"most": event.max_places}}
        )
    extra = places - registration.places
    if registration.state == Registration.State.CONFIRMED and extra > 0:
        entries = entries_of(locked)
        free = waitlist.free_places(entries, rules_of(locked), now)
        someone_waits = any(entry.state == waitlist.WAITING for entry in entries)
        if someone_waits or (free is not None and extra > free):
            shown = 0 if someone_waits else free or 0
            raise ValidationError(
                {
                    "places": ngettext(
                        "Only %(free)d more place is free.",
                        "Only %(free)d more places are free.",
                        shown,
                    )
                    % {"free": shown}
                }
            )
    if answers is not None:
        registration.answers = answers_clean(list(event.questions.all()), answers)
    if organisation_name is not None:
        registration.organisation_name = organisation_name.strip()
    registration.places = places
    _confirm_address(registration, now)
    registration.save()
    if extra < 0:
        _rebalance(locked, now)
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, by: Any = None, now: datetime | None = None
) -> Registration:
    """Cancel a registration or leave the waiting list; a place that frees up goes to the
    waiting list. `by`: the member of staff who cancels it (the person is told)."""
    now = now or timezone.now()
    locked = lock_date(registration.date)
    registration = _refetch(registration)
    if not registration.is_active:
        raise ValidationError(_("This registration has already ended."))
    if by is None and locked.has_begun(now):
        raise ValidationError(_("The date has begun; the registration cannot be cancelled now."))
    registration.state = Registration.State.CANCELLED
    registration.cancelled_at = now
    registration.offer_expires_at = None
    if by is None:
        _confirm_address(registration, now)
    registration.save()
    if by is not None:
        audit_record(
            municipality=registration.municipality,
            actor=by,
            action="registration.cancelled",
            target=registration,
            changes={"date": str(locked)},
        )
        _tell(registration, "cancelled_by_office", gettext_lazy("Your registration was cancelled"))
    else:
        _tell(registration, "cancelled", gettext_lazy("You have cancelled your registration"))
    _rebalance(locked, now)
    return registration


@transaction.atomic
def offer_accept(*, registration: Registration, now: datetime | None = None) -> Registration:
    """Take up an offered place before its deadline."""
    now = now or timezone.now()
    locked = lock_date(registration.date)
    registration = _refetch(registration)
    if locked.cancelled:
        raise ValidationError(_("This date is cancelled."))
    expired = registration.offer_expires_at is None or registration.offer_expires_at <= now
    if registration.state != Registration.State.OFFERED or expired:
        raise ValidationError(_("There is no offered place to take up: the offer has run out."))
    registration.state = Registration.State.CONFIRMED
    registration.confirmed_at = now
    registration.offer_expires_at = None
    _confirm_address(registration, now)
    registration.save()
    _tell(registration, "offer_accepted", gettext_lazy("Your place is confirmed"))
    _rebalance(locked, now)
    return registration


@transaction.atomic
def offer_decline(*, registration: Registration, now: datetime | None = None) -> Registration:
    """Decline an offered place: it passes to the next in line."""
    now = now or timezone.now()
    locked = lock_date(registration.date)
    registration = _refetch(registration)
    if registration.state != Registration.State.OFFERED:
        raise ValidationError(_("There is no offered place to decline."))
    registration.state = Registration.State.CANCELLED
    registration.cancelled_at = now
    registration.offer_expires_at = None
    _confirm_address(registration, now)
    registration.save()
    _rebalance(locked, now)
    return registration


# The waiting list moving up ---------------------------------------------------------------


def _rebalance(locked: EventDate, now: datetime) -> list[waitlist.Move]:
    """Apply what the rules say must happen now to the locked date's list, and tell each
    person concerned."""
    found = waitlist.moves(entries_of(locked), rules_of(locked), now)
    if not found:
        return []
    by_id = {
        registration.pk: registration
        for registration in Registration.objects.filter(
            municipality_id=locked.municipality_id, pk__in=[move.id for move in found]
        ).select_related("date", "date__event")
    }
    for move in found:
        registration = by_id[move.id]
        if move.to == waitlist.EXPIRED:
            registration.state = Registration.State.EXPIRED
            registration.offer_expires_at = None
            registration.cancelled_at = now
        elif move.to == waitlist.OFFERED:
            registration.state = Registration.State.OFFERED
            registration.offered_at = now
            registration.offer_expires_at = move.offer_expires_at
        else:
            registration.state = Registration.State.CONFIRMED
            registration.confirmed_at = now
    Registration.objects.bulk_update(
        by_id.values(), ["state", "offered_at", "offer_expires_at", "confirmed_at", "cancelled_at"]
    )
    for move in found:
        registration = by_id[move.id]
        if move.to == waitlist.EXPIRED:
            _tell(registration, "offer_expired", gettext_lazy("The offered place has passed on"))
        elif move.to == waitlist.OFFERED:
            _tell(registration, "offered", gettext_lazy("A place is free for you"))
        else:
            _tell(registration, "moved_up", gettext_lazy("You have a place now"))
    return found


@transaction.atomic
def date_rebalance(*, date: EventDate, now: datetime | None = None) -> list[waitlist.Move]:
    """Let the waiting list of a date move up where places are free (after the capacity grew,
    an offer ran out …)."""
    return _rebalance(lock_date(date), now or timezone.now())


@transaction.atomic
def registrations_lapse(*, date: EventDate, now: datetime | None = None) -> int:
    """Registrations whose address was not confirmed in time lapse; their places pass on."""
    now = now or timezone.now()
    locked = lock_date(date)
    lapsed = list(
        Registration.objects.filter(
            municipality_id=locked.municipality_id,
            date=locked,
            state__in=Registration.ACTIVE,
            email_confirmed_at__isnull=True,
            confirm_by__lte=now,
        ).select_related("date", "date__event")
    )
    for registration in lapsed:
        registration.state = Registration.State.LAPSED
        registration.cancelled_at = now
        registration.offer_expires_at = None
    Registration.objects.bulk_update(lapsed, ["state", "cancelled_at", "offer_expires_at"])
    for registration in lapsed:
        _tell(registration, "lapsed", gettext_lazy("Your registration has lapsed"))
    if lapsed:
        _rebalance(locked, now)
    return len(lapsed)


def waiting_rank(registration: Registration) -> int | None:
    """The registration's place on its date's waiting list (one query), or None."""
    if registration.state != Registration.State.WAITING:
        return None
    ahead = Registration.objects.filter(
        municipality_id=registration.municipality_id,
        date_id=registration.date_id,
        state=Registration.State.WAITING,
        arrival__lt=registration.arrival,
    ).count()
    return ahead + 1
