"""Where a body's composition breaks its own rules, and what to do next."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from django.db.models import Prefetch, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.bodies.models import Body, LegislativeTerm, Membership, Person, SeatGroup
from querschnitt.bodies.selectors.composition_sql import (
    BodyRow,
    MembershipRow,
    SeatGroupRow,
    TermRow,
)
from querschnitt.core.models import Municipality

ENDING_SOON_DAYS = 60
# roles that fill a seat (a deputy member stands in for someone else)
SEATED = {
    Membership.Role.CHAIR,
    Membership.Role.DEPUTY_CHAIR,
    Membership.Role.MEMBER,
    Membership.Role.EXPERT_RESIDENT,
    Membership.Role.ADVISORY,
}


@dataclass(frozen=True)
class Problem:
    """One way the composition breaks the rules: what is wrong, and what to do about it.
    `action` names a page of the body (`membership_create`, `term_create`, `body_edit`,
    `body_detail`); `seat_group` preselects a seat group."""

    message: str
    next_step: str
    action: str
    seat_group: int | None = None


def bodies_with_composition(*, municipality: Municipality) -> QuerySet[Body]:
    """Bodies with what the composition check reads, in five queries whatever their number."""
    return (
        Body.objects.filter(municipality=municipality)
        .prefetch_related(
            "seat_groups",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("person").order_by("pk"),
            ),
            Prefetch("terms", queryset=LegislativeTerm.objects.order_by("start_date")),
        )
        .order_by("name")
    )


def municipality_terms(*, municipality: Municipality) -> list[LegislativeTerm]:
    return list(
        LegislativeTerm.objects.filter(municipality=municipality, body__isnull=True).order_by(
            "start_date"
        )
    )


def bodies_breaking_their_rules(*, municipality: Municipality) -> list[Body]:
    """The bodies whose composition breaks one of their rules, in four queries whatever their
    number: every term of the municipality at once (its own and the bodies'), then the bodies
    with their seat groups and members."""
    terms: dict[int | None, list[LegislativeTerm]] = defaultdict(list)
    for term in LegislativeTerm.objects.filter(municipality=municipality).order_by("start_date"):
        terms[term.body_id].append(term)
    shared = terms.pop(None, [])
    bodies = (
        Body.objects.filter(municipality=municipality)
        .prefetch_related(
            "seat_groups",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("person").order_by("pk"),
            ),
        )
        .order_by("name")
    )
    return [
        body
        for body in bodies
        if composition_problems(body, shared_terms=shared, own_terms=terms.get(body.pk, []))
    ]


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def current_members(body: Body, today: date) -> list[Membership]:
    return [m for m in body.memberships.all() if m.is_current(today)]


def composition_problems(
    body: Body | BodyRow,
    *,
    shared_terms: list[LegislativeTerm] | list[TermRow],
    own_terms: list[LegislativeTerm] | list[TermRow] | None = None,
    seat_groups: list[SeatGroup] | list[SeatGroupRow] | None = None,
    memberships: list[Membership] | list[MembershipRow] | None = None,
    today: date | None = None,
) -> list[Problem]:
    """Every rule of the body that its current composition breaks (body loaded with
    `bodies_with_composition`, or given its own terms, seat groups and memberships, each
    with its person, as the rows of `composition_sql.compositions`)."""
    today = today or timezone.localdate()
    if body.end_date and body.end_date < today:
        return []
    problems: list[Problem] = []
    # a body given without its parts is a model instance loaded with them
    loaded = cast(Body, body)
    current: list[Membership | MembershipRow] = (
        list(current_members(loaded, today))
        if memberships is None
        else [m for m in memberships if m.is_current(today)]
    )
    seated = [m for m in current if m.role in SEATED]
    groups = list(loaded.seat_groups.all()) if seat_groups is None else seat_groups
    for group in groups:
        filled = sum(1 for m in seated if m.seat_group_id == group.pk)
        if filled < group.seats:
            empty = group.seats - filled
            problems.append(
                Problem(
                    ngettext(
                        "“%(group)s”: %(count)s seat is empty (%(seats)s in all).",
                        "“%(group)s”: %(count)s seats are empty (%(seats)s in all).",
                        empty,
                    )
                    % {"count": empty, "seats": group.seats, "group": group.name},
                    _("Seat a member for each empty seat."),
                    "membership_create",
                    group.pk,
                )
            )
        elif filled > group.seats:
            problems.append(
                Problem(
                    _("“%(group)s” has %(filled)s members for %(seats)s seats.")
                    % {"group": group.name, "filled": filled, "seats": group.seats},
                    _("End the memberships that ran out, or correct the seat group."),
                    "body_detail",
                )
            )
        wrong_vote = [
            m
            for m in seated
            if m.seat_group_id == group.pk and m.voting_right != group.voting_right
        ]
        if wrong_vote:
            problems.append(
                Problem(
                    _("%(names)s: the vote differs from the rule of “%(group)s”.")
                    % {"names": ", ".join(m.person.name for m in wrong_vote), "group": group.name},
                    _("Correct the membership or the seat group."),
                    "body_detail",
                )
            )
    if groups:
        unassigned = [
            m for m in seated if m.seat_group_id is None and m.role != Membership.Role.CHAIR
        ]
        if unassigned:
            problems.append(
                Problem(
                    ngettext(
                        "%(count)s member holds no seat group: %(names)s.",
                        "%(count)s members hold no seat group: %(names)s.",
                        len(unassigned),
                    )
                    % {
                        "count": len(unassigned),
                        "names": ", ".join(m.person.name for m in unassigned),
                    },
                    _("Assign each of them to a seat group on their membership."),
                    "body_detail",
                )
            )
    elif body.planned_size:
        if len(seated) < body.planned_size:
            empty = body.planned_size - len(seated)
            problems.append(
                Problem(
                    ngettext(
                        "%(count)s seat is empty (%(seats)s in all).",
                        "%(count)s seats are empty (%(seats)s in all).",
                        empty,
                    )
                    % {"count": empty, "seats": body.planned_size},
                    _("Seat a member for each empty seat."),
                    "membership_create",
                )
            )
        elif len(seated) > body.planned_size:
            problems.append(
                Problem(
                    _("%(filled)s members for %(seats)s seats.")
                    % {"filled": len(seated), "seats": body.planned_size},
                    _("End the memberships that ran out."),
                    "body_detail",
                )
            )
    if current and not any(m.role == Membership.Role.CHAIR for m in current):
        problems.append(
            Problem(_("Nobody chairs the body."), _("Record who holds the chair."), "body_detail")
        )
    terms: list[LegislativeTerm | TermRow] = [
        *((list(loaded.terms.all()) if own_terms is None else own_terms) or shared_terms)
    ]
    if terms and not any(t.start_date <= today <= t.end_date for t in terms):
        last = max(terms, key=lambda t: t.end_date)
        if last.end_date < today:
            problems.append(
                Problem(
                    _("The term %(term)s ended on %(day)s; no term is running.")
                    % {"term": last.name, "day": _day(last.end_date)},
                    _("Record the next term, then seat its members."),
                    "term_create",
                )
            )
        else:
            problems.append(
                Problem(
                    _("No term is running today."),
                    _("Check the dates of the terms."),
                    "term_create",
                )
            )
    if body.gender_balanced:
        genders = Counter(m.person.gender for m in seated)
        women, men = genders[Person.Gender.FEMALE], genders[Person.Gender.MALE]
        if abs(women - men) > 1:
            problems.append(
                Problem(
                    _("The rules ask for a gender balance: %(women)s women, %(men)s men.")
                    % {"women": women, "men": men},
                    _("Keep the balance in mind when the next seats are filled."),
                    "membership_create",
                )
            )
        unknown = sum(1 for m in seated if not m.person.gender)
        if unknown:
            problems.append(
                Problem(
                    ngettext(
                        "The gender of %(count)s member is not recorded, so the balance cannot "
                        "be checked.",
                        "The gender of %(count)s members is not recorded, so the balance cannot "
                        "be checked.",
                        unknown,
                    )
                    % {"count": unknown},
                    _("Complete the persons' details."),
                    "body_detail",
                )
            )
    soon = today + timedelta(days=ENDING_SOON_DAYS)
    ending = [m for m in current if m.end_date and m.end_date <= soon]
    if ending:
        problems.append(
            Problem(
                ngettext(
                    "%(count)s membership ends within two months: %(names)s.",
                    "%(count)s memberships end within two months: %(names)s.",
                    len(ending),
                )
                % {"count": len(ending), "names": ", ".join(m.person.name for m in ending)},
                _("Prepare who follows them."),
                "membership_create",
            )
        )
    return problems
