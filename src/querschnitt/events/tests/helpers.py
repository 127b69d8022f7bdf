"""Building blocks of the events tests: an event of the office, registrations for a date."""

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django_scopes import scope

from querschnitt.accounts.models import User
from querschnitt.core.models import Municipality
from querschnitt.events.models import Event, EventDate, Registration
from querschnitt.events.services.events import event_create
from querschnitt.events.services.registrations import registration_submit

ADMIN = "admin@mannheim.example"


def at(days: int, hour: int = 18, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def office_user() -> User:
    return User.objects.get(email=ADMIN)


def make_event(municipality: Municipality, **fields: Any) -> Event:
    """A published event of the office in ten days, 18–20 h, with registration for 10."""
    values: dict[str, Any] = {
        "title": {"de": "Testabend Vielfalt", "en": "Test evening"},
        "start": at(10),
        "end": at(10, 20),
        "place_name": "Stadthaus N 1",
        "locality": "Mannheim",
        "registration": True,
        "capacity": 10,
        "max_places": 4,
    }
    values.update(fields)
    if "max_places" not in fields and values.get("capacity"):
        values["max_places"] = min(4, values["capacity"])
    with scope(municipality=municipality):
        return event_create(municipality=municipality, by=office_user(), **values)


def first_date(event: Event) -> EventDate:
    with scope(municipality=event.municipality):
        return EventDate.objects.filter(event=event).order_by("start").first()


def register(
    date: EventDate, count: int, *, places: int = 1, prefix: str = "p"
) -> list[Registration]:
    """`count` registrations of `places` each, confirmed addresses, in order."""
    found = []
    with scope(municipality=date.municipality):
        for n in range(count):
            registration, _token = registration_submit(
                date=date,
                name=f"Person {prefix}{n}",
                email=f"{prefix}{n}@example.org",
                places=places,
            )
            registration.email_confirmed_at = timezone.now()
            registration.save(update_fields=["email_confirmed_at"])
            found.append(registration)
    return found


def fresh() -> None:
    """Forget cached pages: the test's transaction never commits, so the stamp that ends
    them in a running deployment does not move. Tests that change rows by `update()` (no
    signal moves the content version) forget what is remembered under it too."""
    from django.core.cache import cache

    from querschnitt.core import selectors, versioned

    cache.clear()
    selectors._recent.clear()
    versioned.forget()


def states(date: EventDate) -> list[tuple[str, str]]:
    """(name, state) in the order of arrival."""
    with scope(municipality=date.municipality):
        return list(
            Registration.objects.filter(date=date).order_by("arrival").values_list("name", "state")
        )
