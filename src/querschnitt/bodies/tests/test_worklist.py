"""What bodies put on the staff overview: each count, its oldest item and the number past the
target, checked against the meetings, resolutions and bodies themselves, in a constant
number of queries."""

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from querschnitt.accounts.models import User
from querschnitt.bodies.models import AgendaItem, Body, File, Meeting
from querschnitt.bodies.selectors.composition import (
    bodies_with_composition,
    composition_problems,
    municipality_terms,
)
from querschnitt.bodies.worklist import (
    INVITE_AT_LATEST_DAYS,
    INVITE_WITHIN_DAYS,
    MINUTES_WITHIN_DAYS,
    bodies_pending_work,
)

pytestmark = pytest.mark.django_db
BERLIN = timezone.get_default_timezone()
# The permission (1: a page has read the roles before), meetings (1), resolutions (1), the
# composition check: terms, bodies, seat groups, members (4). It was 10 before the counts of
# meetings were taken in one query and the terms read at once.
PROVIDER_QUERIES = 7


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def at(days: float) -> datetime:
    return datetime.combine(timezone.localdate(), time(17), tzinfo=BERLIN) + timedelta(days=days)


def request_for(email: str, municipality: Any) -> Any:
    request = RequestFactory().get("/")
    request.user = User.objects.get(email=email)
    # as django-otp's middleware marks a session that passed the second factor
    request.user.is_verified = lambda: True  # type: ignore[attr-defined]
    request.municipality = municipality  # type: ignore[attr-defined]
    return request


def reported(email: str, municipality: Any) -> tuple[dict[str, tuple[Any, ...]], int]:
    """Every item of the bodies' provider as (count, oldest, overdue, url), and its queries."""
    request = request_for(email, municipality)
    with scope(municipality=municipality), CaptureQueriesContext(connection) as queries:
        items = list(bodies_pending_work(request))
    found = {str(i.label): (i.count, i.oldest, i.overdue, i.url, i.section) for i in items}
    return found, len(queries)


def expected(municipality: Any) -> dict[str, tuple[Any, ...]]:
    """The same items, worked out one object at a time in Python."""
    now = timezone.now()
    with scopes_disabled():
        meetings = list(Meeting.objects.filter(municipality=municipality, cancelled=False))
        with_minutes = set(
            File.objects.filter(
                municipality=municipality, role=File.Role.RESULTS_PROTOCOL
            ).values_list("meeting_id", flat=True)
        )
        waiting = list(
            AgendaItem.objects.filter(
                municipality=municipality,
                resolution_state=AgendaItem.ResolutionState.TO_CARRY_OUT,
            ).select_related("meeting")
        )
        shared = municipality_terms(municipality=municipality)
        broken = sum(
            1
            for body in bodies_with_composition(municipality=municipality)
            if composition_problems(body, shared_terms=shared)
        )
    to_invite = [
        m
        for m in meetings
        if m.state == Meeting.State.PLANNED
        and now <= m.start <= now + timedelta(days=INVITE_WITHIN_DAYS)
    ]
    missing = [m for m in meetings if m.state == Meeting.State.HELD and m.pk not in with_minutes]
    to_close = [
        m
        for m in meetings
        if m.start <= now - timedelta(hours=12) and m.state != Meeting.State.HELD
    ]
    base = f"/{municipality.slug}/verwaltung"

    def oldest(starts: list[datetime]) -> datetime | None:
        return min(starts, default=None)

    return {
        "Invitations to send": (
            len(to_invite),
            None,
            sum(1 for m in to_invite if m.start <= now + timedelta(days=INVITE_AT_LATEST_DAYS)),
            f"{base}/sitzungen/?zeige=einladen",
            "Bodies",
        ),
        "Minutes missing after a held meeting": (
            len(missing),
            oldest([m.start for m in missing]),
            sum(1 for m in missing if m.start <= now - timedelta(days=MINUTES_WITHIN_DAYS)),
            f"{base}/sitzungen/?zeige=niederschrift",
            "Bodies",
        ),
        "Meetings to record and mark as held": (
            len(to_close),
            oldest([m.start for m in to_close]),
            0,
            f"{base}/sitzungen/?zeige=abschliessen",
            "Bodies",
        ),
        "Resolutions waiting to be carried out": (
            len(waiting),
            oldest([item.meeting.start for item in waiting]),
            sum(
                1
                for item in waiting
                if item.resolution_due and item.resolution_due < timezone.localdate()
            ),
            f"{base}/beschluesse/",
            "Bodies",
        ),
        "Bodies whose composition breaks their rules": (
            broken,
            None,
            0,
            f"{base}/gremien/?zeige=probleme",
            "Bodies",
        ),
    }


def add_work(municipality: Any, times: int) -> None:
    """Meetings in every state that makes work, and resolutions, `times` over."""
    with scopes_disabled():
        bodies = list(Body.objects.filter(municipality=municipality).order_by("pk"))
        for number in range(times):
            body = bodies[number % len(bodies)]

            def meeting(
                start: datetime, state: str, cancelled: bool = False, body: Body = body
            ) -> Meeting:
                return Meeting.objects.create(
                    municipality=municipality,
                    body=body,
                    name=body.name,
                    start=start,
                    state=state,
                    cancelled=cancelled,
                )

            meeting(at(3 + number % 3), Meeting.State.PLANNED)  # to invite, past the target
            meeting(at(15), Meeting.State.PLANNED)  # to invite
            meeting(at(40), Meeting.State.PLANNED)  # too early to invite
            meeting(at(5), Meeting.State.PLANNED, cancelled=True)  # cancelled: nothing to do
            meeting(at(-2 - number), Meeting.State.INVITED)  # to close
            held = meeting(at(-60 - number), Meeting.State.HELD)  # minutes missing, overdue
            meeting(at(-10), Meeting.State.HELD)  # minutes missing
            AgendaItem.objects.create(
                municipality=municipality,
                meeting=held,
                order=number + 1,
                number=str(number + 1),
                name="Resolution",
                resolution_state=AgendaItem.ResolutionState.TO_CARRY_OUT,
                resolution_due=timezone.localdate() - timedelta(days=1 + number % 2),
            )
            AgendaItem.objects.create(
                municipality=municipality,
                meeting=held,
                order=number + 100,
                number=str(number + 100),
                name="Resolution, not yet due",
                resolution_state=AgendaItem.ResolutionState.TO_CARRY_OUT,
                resolution_due=timezone.localdate() + timedelta(days=30),
            )


def test_the_bodies_report_what_waits_as_their_lists_hold_it(mannheim, bamberg) -> None:
    for municipality in (mannheim, bamberg):
        found, _ = reported("admin@" + municipality.slug + ".example", municipality)
        assert found == expected(municipality)
    add_work(mannheim, 4)
    found, _ = reported("team@mannheim.example", mannheim)
    assert found == expected(mannheim)
    # every kind has work, some past its target
    assert all(count for count, *_ in found.values())
    assert found["Invitations to send"][2] == 4
    assert found["Minutes missing after a held meeting"][2] >= 4
    assert found["Resolutions waiting to be carried out"][2] >= 4


def test_the_bodies_pending_work_runs_the_same_queries_however_much_waits(mannheim) -> None:
    add_work(mannheim, 1)
    _, small = reported("admin@mannheim.example", mannheim)
    add_work(mannheim, 20)
    _, large = reported("admin@mannheim.example", mannheim)
    assert small == large == PROVIDER_QUERIES


def test_only_those_who_keep_the_bodies_see_their_work(mannheim) -> None:
    add_work(mannheim, 1)
    for email in ("dienststelle@mannheim.example", "gremium@mannheim.example"):
        found, _ = reported(email, mannheim)
        assert found == {}
