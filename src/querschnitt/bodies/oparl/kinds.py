"""The ten kinds of objects of an OParl Body: what the public sees of each (with what it
embeds prefetched) and how each is written out."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Prefetch, Q, QuerySet

from querschnitt.bodies import visibility
from querschnitt.bodies.models import (
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    PaperOriginator,
    Person,
    Vote,
)
from querschnitt.bodies.oparl import serializers
from querschnitt.bodies.oparl.serializers import Urls
from querschnitt.core.models import Municipality

PUBLIC = visibility.PUBLIC


def _public_files() -> QuerySet[File]:
    # the parent is public already where these are prefetched; OParl leaves out their text
    return File.objects.filter(public=True).defer("text").order_by("role", "pk")


def _agenda_items() -> QuerySet[AgendaItem]:
    steps = Consultation.objects.select_related("paper", "body").defer("paper__search_text")
    return (
        AgendaItem.objects.filter(public=True)
        .prefetch_related(
            Prefetch("files", queryset=_public_files(), to_attr="public_files"),
            Prefetch("votes", queryset=Vote.objects.order_by("pk"), to_attr="vote_list"),
            Prefetch("consultation", queryset=steps),
        )
        .order_by("order")
    )


def organizations(municipality: Municipality) -> QuerySet[Body]:
    return (
        visibility.visible_bodies(municipality=municipality, viewer=PUBLIC)
        .select_related("parent", "location")
        .prefetch_related(
            Prefetch(
                "memberships", queryset=Membership.objects.order_by("pk"), to_attr="membership_list"
            )
        )
    )


def persons(municipality: Municipality) -> QuerySet[Person]:
    return visibility.visible_persons(municipality=municipality, viewer=PUBLIC).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(visibility.membership_q(PUBLIC)).order_by("pk"),
            to_attr="public_memberships",
        )
    )


def memberships(municipality: Municipality) -> QuerySet[Membership]:
    return visibility.visible_memberships(municipality=municipality, viewer=PUBLIC)


def meetings(municipality: Municipality) -> QuerySet[Meeting]:
    return (
        visibility.visible_meetings(municipality=municipality, viewer=PUBLIC)
        .select_related("location", "body")
        .prefetch_related(
            Prefetch("files", queryset=_public_files(), to_attr="public_files"),
            Prefetch(
                "attendance", queryset=Attendance.objects.order_by("pk"), to_attr="attendance_list"
            ),
            Prefetch("agenda_items", queryset=_agenda_items(), to_attr="public_items"),
        )
    )


def agenda_items(municipality: Municipality) -> QuerySet[AgendaItem]:
    return (
        visibility.visible_agenda_items(municipality=municipality, viewer=PUBLIC)
        .select_related("meeting__body")
        .prefetch_related(
            Prefetch("files", queryset=_public_files(), to_attr="public_files"),
            Prefetch("votes", queryset=Vote.objects.order_by("pk"), to_attr="vote_list"),
            Prefetch(
                "consultation",
                queryset=Consultation.objects.select_related("paper", "body").defer(
                    "paper__search_text"
                ),
            ),
        )
    )


def papers(municipality: Municipality) -> QuerySet[Paper]:
    steps = (
        Consultation.objects.filter(body__is_public=True)
        .select_related("agenda_item__meeting__body", "body")
        .order_by("order", "pk")
    )
    return (
        visibility.visible_papers(municipality=municipality, viewer=PUBLIC)
        .defer("search_text", "superordinate__search_text")
        .select_related("superordinate", "originator_department")
        .prefetch_related(
            Prefetch("files", queryset=_public_files(), to_attr="public_files"),
            Prefetch(
                "originators",
                queryset=PaperOriginator.objects.select_related("body").order_by("pk"),
                to_attr="originator_list",
            ),
            Prefetch("consultations", queryset=steps, to_attr="steps"),
            Prefetch(
                "subordinates",
                queryset=Paper.objects.filter(visibility.paper_q(PUBLIC))
                .only("pk", "superordinate_id")
                .order_by("pk"),
                to_attr="public_subordinates",
            ),
        )
    )


def consultations(municipality: Municipality) -> QuerySet[Consultation]:
    return visibility.visible_consultations(
        municipality=municipality, viewer=PUBLIC
    ).select_related("agenda_item__meeting__body", "body", "paper")


def files(municipality: Municipality) -> QuerySet[File]:
    return visibility.visible_files(municipality=municipality, viewer=PUBLIC).defer("text")


def locations(municipality: Municipality) -> QuerySet[Location]:
    return visibility.visible_locations(municipality=municipality, viewer=PUBLIC)


def terms(municipality: Municipality) -> QuerySet[LegislativeTerm]:
    return visibility.visible_terms(municipality=municipality, viewer=PUBLIC)


@dataclass(frozen=True)
class Kind:
    """One kind of object: its path segment, OParl type, public objects and writer."""

    path: str
    type_name: str
    model: type[Model]
    public: Callable[[Municipality], QuerySet[Any]]
    write: Callable[[Urls, Any, bool], dict[str, Any]]


KINDS: dict[str, Kind] = {
    kind.path: kind
    for kind in (
        Kind(
            "organization",
            "Organization",
            Body,
            organizations,
            lambda urls, obj, omit: serializers.organization(urls, obj),
        ),
        Kind(
            "person",
            "Person",
            Person,
            persons,
            lambda urls, obj, omit: serializers.person(urls, obj, omit_internal=omit),
        ),
        Kind(
            "membership",
            "Membership",
            Membership,
            memberships,
            lambda urls, obj, omit: serializers.membership(urls, obj),
        ),
        Kind(
            "meeting",
            "Meeting",
            Meeting,
            meetings,
            lambda urls, obj, omit: serializers.meeting(urls, obj, omit_internal=omit),
        ),
        Kind(
            "agendaItem",
            "AgendaItem",
            AgendaItem,
            agenda_items,
            lambda urls, obj, omit: serializers.agenda_item(urls, obj, omit_internal=omit),
        ),
        Kind(
            "paper",
            "Paper",
            Paper,
            papers,
            lambda urls, obj, omit: serializers.paper(urls, obj, omit_internal=omit),
        ),
        Kind(
            "consultation",
            "Consultation",
            Consultation,
            consultations,
            lambda urls, obj, omit: serializers.consultation(urls, obj),
        ),
        Kind("file", "File", File, files, lambda urls, obj, omit: serializers.file(urls, obj)),
        Kind(
            "location",
            "Location",
            Location,
            locations,
            lambda urls, obj, omit: serializers.location(urls, obj),
        ),
        Kind(
            "legislativeTerm",
            "LegislativeTerm",
            LegislativeTerm,
            terms,
            lambda urls, obj, omit: serializers.legislative_term(urls, obj),
        ),
    )
}

# The lists of one organization (Organization.meeting, Organization.consultation).
SUBLISTS: dict[str, tuple[str, str]] = {
    "meeting": ("meeting", "body_id"),
    "consultation": ("consultation", "body_id"),
}


def of_organization(kind: Kind, municipality: Municipality, body_id: int) -> QuerySet[Any]:
    field = SUBLISTS[kind.path][1]
    return kind.public(municipality).filter(Q(**{field: body_id}))
