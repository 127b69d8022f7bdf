"""What the public page of an event reads, in plain SQL kept per database alias
(`core/sql_rows.py`; the ORM took longer to build these queries than the database to answer
them): the published event with its format and its organiser, its dates to come and its last
few, and the public working groups founded at it. Tenancy is the caller's: every read names
the municipality in its WHERE (`events/tests/test_public_page_reads.py` compares each value with
the ORM's, with the other municipality's ids, on SQLite and PostgreSQL)."""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connections, router
from django.urls import get_script_prefix, get_urlconf

from querschnitt.bodies.models import Body
from querschnitt.core.kept import Kept
from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.sql_rows import all_rows, column, columns, converted, converted_rows, raw_rows
from querschnitt.events.models import Event, EventDate, Format
from querschnitt.events.selectors.organisers import organiser_named_in
from querschnitt.network.models import Organisation


@dataclass(frozen=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True)
class EventPage:
    """The event (with `organiser_named` set, as `with_organiser_named` gives it), the link
    to its format, and the organiser the public sees linked (None: the office)."""

    event: Event
    format: Link | None
    organiser: Link | None
    # the row all three are made of, as the database gave it (a key of what is drawn from it)
    row: tuple[Any, ...] = ()

    @property
    def organiser_name(self) -> str | None:
        return self.organiser.name if self.organiser else None


@lru_cache(maxsize=8)
def _event_sql(using: str) -> str:
    return (
        f'SELECT {columns(Event, using, "e")}, f."slug", f."name", b."slug", b."name", '  # noqa: S608 - our names
        'b."is_public", '
        'o."name", o."status", o."visibility" '
        'FROM "events_event" e '
        'LEFT JOIN "events_format" f ON f."id" = e."format_id" '
        'LEFT JOIN "bodies_body" b ON b."id" = e."organiser_body_id" '
        'LEFT JOIN "network_organisation" o ON o."id" = e."organiser_organisation_id" '
        'WHERE e."municipality_id" = %s AND e."id" = %s AND e."state" = %s'
    )


EVENT_FIELDS = (
    *Event._meta.concrete_fields,
    column(Format, "slug"),
    column(Format, "name"),
    column(Body, "slug"),
    column(Body, "name"),
    column(Body, "is_public"),
    column(Organisation, "name"),
    column(Organisation, "status"),
    column(Organisation, "visibility"),
)


# The pages made, by their row as the database gave it, the database and the municipality's
# address and URL map their links are written in (no language: the page is read once per
# content version for all of them): most changes of a municipality's data move its content
# version but leave an event's row as it was.
_kept_pages: Kept[EventPage] = Kept(256)


def public_event_page(*, municipality: Municipality, pk: int) -> EventPage | None:
    """The published event `pk` of the municipality, or None."""
    using = router.db_for_read(Event)
    found = raw_rows(_event_sql(using), [municipality.pk, pk, Event.State.PUBLISHED], Event)
    if not found:
        return None
    key = (using, found[0], municipality.slug, get_urlconf(), get_script_prefix())
    return _kept_pages.get(
        key, lambda: event_page_of(found, municipality=municipality, using=using)
    )


def event_page_of(
    found: tuple[tuple[Any, ...], ...], *, municipality: Municipality, using: str
) -> EventPage:
    """The page of the event's row (`_event_sql`) as the database gave it."""
    fields = Event._meta.concrete_fields
    values = converted(found, EVENT_FIELDS)[0]
    event = Event.from_db(using, [field.attname for field in fields], values[: len(fields)])
    (format_slug, format_name, body_slug, body_name, body_public, organisation_name,
     organisation_status, organisation_visibility) = values[len(fields) :]  # fmt: skip
    named = organiser_named_in(
        organiser=event.organiser,
        body_is_public=body_public,
        organisation_status=organisation_status,
        organisation_visibility=organisation_visibility,
    )
    event.organiser_named = named  # type: ignore[attr-defined]
    organiser = None
    if named and event.organiser == Event.Organiser.ORGANISATION:
        organiser = Link(
            organisation_name,
            municipality_reverse(
                municipality, "network:organisation_detail", pk=event.organiser_organisation_id
            ),
        )
    elif named and event.organiser == Event.Organiser.BODY:
        organiser = Link(
            body_name,
            municipality_reverse(municipality, "bodies:body_detail", slug=body_slug),
        )
    return EventPage(
        event=event,
        format=Link(
            format_name, municipality_reverse(municipality, "events:format", slug=format_slug)
        )
        if format_slug is not None
        else None,
        organiser=organiser,
        row=found[0],
    )


def event_dates(
    *, municipality: Municipality, event: Event, now: datetime, shown: int, past: int
) -> tuple[list[EventDate], list[EventDate]]:
    """The first `shown` dates of the event that have not ended, and the last `past` that
    have, each knowing its event."""
    using = router.db_for_read(EventDate)
    moment = connections[using].ops.adapt_datetimefield_value(now)
    where = '"municipality_id" = %s AND "event_id" = %s AND "end" '
    params = [municipality.pk, event.pk, moment]
    upcoming = all_rows(EventDate, where + ">= %s", params, order_by='"start", "id"', limit=shown)
    ended = all_rows(
        EventDate, where + "< %s", params, order_by='"start" DESC, "id" DESC', limit=past
    )
    for found in (*upcoming, *ended):
        found.event = event
    return upcoming, ended


GROUPS_SQL = """
SELECT b."slug", b."name"
FROM "events_workinggroup" g
JOIN "bodies_body" b ON b."id" = g."body_id"
WHERE g."municipality_id" = %s AND g."founded_at_id" = %s AND b."is_public"
ORDER BY g."id"
"""
GROUPS_FIELDS = (column(Body, "slug"), column(Body, "name"))


def groups_founded_at(*, municipality: Municipality, event: Event) -> list[tuple[Any, ...]]:
    """(slug, name) of the public working groups founded at the event."""
    return [
        tuple(row) for row in converted_rows(GROUPS_SQL, [municipality.pk, event.pk], GROUPS_FIELDS)
    ]
