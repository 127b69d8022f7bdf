"""Which organisers the public may see named: one rule for the filter options, the
organiser feeds and pages, the calendar rows and the JSON-LD. The office always; a body
only if it is public; an organisation only if the network lists it publicly (published,
visibility public). An event of an organiser that is not named this way still appears,
with the office as its organiser."""

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F, Func, Q, QuerySet, Value

from querschnitt.bodies.models import Body
from querschnitt.core.models import Municipality, Visibility
from querschnitt.core.sql_rows import statement_rows
from querschnitt.events.models import Event
from querschnitt.network.models import Organisation
from querschnitt.network.selectors.listing import listed_condition


def body_named(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_public": True})


def organiser_named(prefix: str = "") -> Q:
    """An event's organiser may be named in public; `prefix` reaches the event through a
    relation (`event__` from a date)."""
    return (
        Q(**{f"{prefix}organiser": Event.Organiser.OFFICE})
        | (
            Q(**{f"{prefix}organiser": Event.Organiser.BODY})
            & body_named(f"{prefix}organiser_body__")
        )
        | (
            Q(**{f"{prefix}organiser": Event.Organiser.ORGANISATION})
            & listed_condition(prefix=f"{prefix}organiser_organisation__")
        )
    )


def with_organiser_named[T: QuerySet](queryset: T, prefix: str = "") -> T:
    """Each row gets `organiser_named` (True/False) to show the organiser by."""
    return queryset.annotate(
        organiser_named=ExpressionWrapper(organiser_named(prefix), output_field=BooleanField())
    )


def named_bodies(*, municipality: Municipality) -> QuerySet[Body]:
    return Body.objects.filter(body_named(), municipality=municipality)


def named_organisations(*, municipality: Municipality) -> QuerySet[Organisation]:
    return Organisation.objects.filter(listed_condition(), municipality=municipality)


def organiser_choices(*, municipality: Municipality) -> list[tuple[str, str]]:
    """The office, and the named bodies and organisations with a published event (their
    number, not the number of events, sets the cost): one statement, written by the ORM
    once per database alias and municipality (`core.sql_rows.statement_rows`)."""
    rows = statement_rows(Organisation, organisers_with_events, municipality)
    return [
        ("office", municipality.office_name),
        *((f"{'org' if rank else 'body'}-{pk}", name) for rank, pk, name in rows),
    ]


def organisers_with_events(municipality: Municipality) -> QuerySet[Any]:
    """(0, pk, name) of each named body and (1, pk, name) of each named organisation with a
    published event of the municipality, bodies first, each by name."""
    published = Event.objects.filter(municipality=municipality, state=Event.State.PUBLISHED)
    bodies = named_bodies(municipality=municipality).filter(
        pk__in=published.values("organiser_body")
    )
    # each organiser found by its key: with the municipality by its index, SQLite walked the
    # town's listed organisations in the wide scan index (0003) and kept those with an event.
    # The unary plus names the municipality where no index can take it; the scope's own
    # condition (the bare column) is left out for that, the plus one keeps the tenancy.
    organisations = (
        Organisation.objects.with_scopes_disabled()
        .filter(listed_condition())
        .alias(town=Func(F("municipality_id"), template="+%(expressions)s"))
        .filter(town=municipality.pk, pk__in=published.values("organiser_organisation"))
    )
    return (
        bodies.order_by()
        .annotate(rank=Value(0))
        .values_list("rank", "pk", "name")
        .union(
            organisations.order_by().annotate(rank=Value(1)).values_list("rank", "pk", "name"),
            all=True,
        )
        .order_by("rank", "name", "pk")
    )


def named_organiser(*, municipality: Municipality, key: str) -> str | None:
    """The name of the organiser with this key (`office`, `body-<id>`, `org-<id>`), or None
    if the public may not see it named."""
    if key == "office":
        return municipality.office_name
    names: QuerySet[Body] | QuerySet[Organisation]
    if key.startswith("body-") and key[5:].isdigit():
        names = named_bodies(municipality=municipality).filter(pk=int(key[5:]))
    elif key.startswith("org-") and key[4:].isdigit():
        names = named_organisations(municipality=municipality).filter(pk=int(key[4:]))
    else:
        return None
    return names.values_list("name", flat=True).first()


def organiser_named_in(
    *,
    organiser: str,
    body_is_public: bool | None,
    organisation_status: str | None,
    organisation_visibility: str | None,
) -> bool:
    """`organiser_named` worked out from values read beside an event (None where the event
    has no such organiser): the same rule as the query's, for rows read with `values()`."""
    if organiser == Event.Organiser.OFFICE:
        return True
    if organiser == Event.Organiser.BODY:
        return body_is_public is True
    if organiser == Event.Organiser.ORGANISATION:
        return (
            organisation_status == Organisation.Status.PUBLISHED
            and organisation_visibility == Visibility.PUBLIC
        )
    return False
