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
from querschnitt.bodies.selectors.composition import bodies_breaking_their_rules
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.worklist import PendingWork

INVITE_WITHIN_DAYS = 21
INVITE_AT_LATEST_DAYS = 7
MINUTES_WITHIN_DAYS = 28


def bodies_pending_work(request: HttpRequest) -> Iterator[PendingWork]:
    """Two aggregate queries (meetings, resolutions) and the composition check (four reads),
    however many meetings, resolutions and bodies there are."""
    municipality = request.municipality  # type: ignore[attr-defined]
    if not has_permission(request.user, municipality, "bodies.manage"):
        return
    now = timezone.now()
    section = _("Bodies")

    def url(name: str, query: str = "") -> str:
        return municipality_reverse(municipality, name) + (f"?{query}" if query else "")

    # The three kinds of meeting work, counted side by side in one pass over the meetings.
    to_invite = Q(
        state=Meeting.State.PLANNED,
        start__gte=now,
        start__lte=now + timedelta(days=INVITE_WITHIN_DAYS),
    )
    has_minutes = Exists(
        File.objects.filter(meeting=OuterRef("pk"), role=File.Role.RESULTS_PROTOCOL)
    )
    missing = Q(state=Meeting.State.HELD) & ~Q(has_minutes)
    to_close = Q(
        start__lte=now - timedelta(hours=12),
        state__in=[Meeting.State.PLANNED, Meeting.State.INVITED],
    )
    meetings = Meeting.objects.filter(municipality=municipality, cancelled=False).aggregate(
        invite=Count("pk", filter=to_invite),
        invite_overdue=Count(
            "pk", filter=to_invite & Q(start__lte=now + timedelta(days=INVITE_AT_LATEST_DAYS))
        ),
        missing=Count("pk", filter=missing),
        missing_oldest=Min("start", filter=missing),
        missing_overdue=Count(
            "pk", filter=missing & Q(start__lte=now - timedelta(days=MINUTES_WITHIN_DAYS))
        ),
        close=Count("pk", filter=to_close),
        close_oldest=Min("start", filter=to_close),
    )
    yield PendingWork(
        _("Invitations to send"),
        meetings["invite"],
        url("staff:meeting_list", "zeige=einladen"),
        overdue=meetings["invite_overdue"],
        section=section,
    )
    yield PendingWork(
        _("Minutes missing after a held meeting"),
        meetings["missing"],
        url("staff:meeting_list", "zeige=niederschrift"),
        oldest=meetings["missing_oldest"],
        overdue=meetings["missing_overdue"],
        section=section,
    )
    yield PendingWork(
        _("Meetings to record and mark as held"),
        meetings["close"],
        url("staff:meeting_list", "zeige=abschliessen"),
        oldest=meetings["close_oldest"],
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
    yield PendingWork(
        _("Bodies whose composition breaks their rules"),
        len(bodies_breaking_their_rules(municipality=municipality)),
        url("staff:body_list", "zeige=probleme"),
        section=section,
    )
