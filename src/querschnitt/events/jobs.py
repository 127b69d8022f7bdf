"""Periodic jobs of events (registered in `apps.py`): waiting lists moving up when offers
run out or addresses stay unconfirmed, reminders before a date, imports of external
calendars. Each works through every municipality, inside its scope."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.events.fetch import FetchError
from querschnitt.events.ical_in import CalendarProblem
from querschnitt.events.models import CalendarSubscription, EventDate, Registration
from querschnitt.events.services.common import mail
from querschnitt.events.services.imports import subscription_import
from querschnitt.events.services.registrations import (
    date_rebalance,
    personal_url,
    registrations_lapse,
)

# Reminders are looked for this far ahead; an event's own reminder time is at most 14 days.
REMINDER_HORIZON = timedelta(days=15)


def _municipalities() -> list[Municipality]:
    with scopes_disabled():
        return list(Municipality.objects.filter(is_active=True).order_by("slug"))


def waiting_lists() -> str:
    """Offers that ran out pass on; registrations whose address stayed unconfirmed lapse."""
    now = timezone.now()
    expired = lapsed = 0
    for municipality in _municipalities():
        with scope(municipality=municipality):
            due = Registration.objects.filter(municipality=municipality).filter(
                Q(state=Registration.State.OFFERED, offer_expires_at__lte=now)
                | Q(
                    state__in=Registration.ACTIVE,
                    email_confirmed_at__isnull=True,
                    confirm_by__lte=now,
                )
            )
            for date in EventDate.objects.filter(
                municipality=municipality, pk__in=due.values("date_id")
            ):
                lapsed += registrations_lapse(date=date, now=now)
                expired += sum(
                    1 for move in date_rebalance(date=date, now=now) if move.to == "expired"
                )
    return f"{expired} offers expired, {lapsed} registrations lapsed"


def reminders() -> str:
    """Remind everyone with a place, the set number of hours before their date."""
    now = timezone.now()
    sent = 0
    for municipality in _municipalities():
        with scope(municipality=municipality):
            dates = EventDate.objects.filter(
                municipality=municipality,
                start__gt=now,
                start__lte=now + REMINDER_HORIZON,
                cancelled=False,
                reminders_sent_at__isnull=True,
                event__registration=True,
                event__reminder_hours__gt=0,
            ).select_related("event")
            for date in dates:
                if date.start - timedelta(hours=date.event.reminder_hours) > now:
                    continue
                registrations = Registration.objects.filter(
                    municipality=municipality,
                    date=date,
                    state=Registration.State.CONFIRMED,
                    email_confirmed_at__isnull=False,
                    reminded_at__isnull=True,
                ).select_related("date", "date__event")
                for registration in registrations:
                    mail(
                        to=registration.email,
                        language=registration.language,
                        subject=gettext_lazy("Reminder: your event is coming up"),
                        template="reminder",
                        context={
                            "registration": registration,
                            "date": date,
                            "event": date.event,
                            "municipality": municipality,
                            "link": personal_url(registration),
                        },
                    )
                    sent += 1
                registrations.update(reminded_at=now)
                date.reminders_sent_at = now
                date.save(update_fields=["reminders_sent_at"])
    return f"{sent} reminders sent"


def calendar_imports() -> str:
    """Import every subscribed calendar that is due."""
    now = timezone.now()
    done = failed = 0
    for municipality in _municipalities():
        with scope(municipality=municipality):
            subscriptions = CalendarSubscription.objects.filter(
                municipality=municipality, active=True
            ).select_related("format", "organisation", "municipality")
            for subscription in subscriptions:
                last = subscription.last_attempt_at
                if last is not None and last > now - timedelta(hours=subscription.every_hours):
                    continue
                try:
                    subscription_import(subscription=subscription, now=now)
                except (FetchError, CalendarProblem):
                    failed += 1
                else:
                    done += 1
    return f"{done} calendars imported, {failed} could not be imported"
