"""What bodies put on the staff overview: invitations to send, minutes missing after a held
meeting, meetings to close, resolutions waiting to be carried out, composition problems."""

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.accounts.permissions import has_permission
from querschnitt.bodies.models import AgendaItem, File, Meeting
from querschnitt.bodies.selectors.composition import (
    bodies_with_composition,
    composition_problems,
    municipality_terms,
)
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.worklist import PendingWork

INVITE_WITHIN_DAYS = 21
INVITE_AT_LATEST_DAYS = 7
MINUTES_WITHIN_DAYS = 28


def bodies_pending_work(request: HttpRequest) -> Iterator[PendingWork]:
    municipality = request.municipality  # type: ignore[attr-defined]
    if not has_permission(request.user, municipality, "bodies.manage"):
        return
    now = timezone.now()
    section = _("Bodies")
    meetings = Meeting.objects.filter(municipality=municipality, cancelled=False)

    def url(name: str, query: str = "") -> str:
        return municipality_reverse(municipality, name) + (f"?{query}" if query else "")

    to_invite = meetings.filter(
        state=Meeting.State.PLANNED,
        start__gte=now,
        start__lte=now + timedelta(days=INVITE_WITHIN_DAYS),
    ).aggregate(
        count=Count("pk"),
        oldest=Min("start"),
        overdue=Count("pk", filter=Q(start__lte=now + timedelta(days=INVITE_AT_LATEST_DAYS))),
    )
    yield PendingWork(
        _("Invitations to send"),
        to_invite["count"],
        url("staff:meeting_list", "zeige=einladen"),
        overdue=to_invite["overdue"],
        section=section,
    )
    minutes = File.objects.filter(meeting=OuterRef("pk"), role=File.Role.RESULTS_PROTOCOL)
    missing = (
        meetings.filter(state=Meeting.State.HELD)
        .filter(~Exists(minutes))
        .aggregate(
            count=Count("pk"),
            oldest=Min("start"),
            overdue=Count("pk", filter=Q(start__lte=now - timedelta(days=MINUTES_WITHIN_DAYS))),
        )
    )
    yield PendingWork(
        _("Minutes missing after a held meeting"),
        missing["count"],
        url("staff:meeting_list", "zeige=niederschrift"),
        oldest=missing["oldest"],
        overdue=missing["overdue"],
        section=section,
    )
    to_close = meetings.filter(
        start__lte=now - timedelta(hours=12),
        state__in=[Meeting.State.PLANNED, Meeting.State.INVITED],
    ).aggregate(count=Count("pk"), oldest=Min("start"))
    yield PendingWork(
        _("Meetings to record and mark as held"),
        to_close["count"],
        url("staff:meeting_list", "zeige=abschliessen"),
        oldest=to_close["oldest"],
        section=section,
    )
    waiting = AgendaItem.objects.filter(
        municipality=municipality, resolution_state=AgendaItem.ResolutionState.TO_CARRY_OUT
    ).aggregate(
        count=Count("pk"),
        oldest=Min("meeting__start"),
        overdue=Count("pk", filter=Q(resolution_due__lt=timezone.localdate())),
    )
    yield PendingWork(
        _("Resolutions waiting to be carried out"),
        waiting["count"],
        url("staff:resolution_list"),
        oldest=waiting["oldest"],
        overdue=waiting["overdue"],
        section=section,
    )
    shared = municipality_terms(municipality=municipality)
    broken = sum(
        1
        for body in bodies_with_composition(municipality=municipality)
        if composition_problems(body, shared_terms=shared)
    )
    yield PendingWork(
        _("Bodies whose composition breaks their rules"),
        broken,
        url("staff:body_list", "zeige=probleme"),
        section=section,
    )
