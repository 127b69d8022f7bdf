"""What events put on the staff overview: submissions to review, dates whose registration
has closed, places offered and not yet taken up, closing reports to write, working groups
near their planned end. Four queries, however much waits."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.accounts.permissions import has_permission
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.worklist import PendingWork, past_target_cutoff, waiting
from querschnitt.events.models import ClosingReport, Event, EventDate, Registration
from querschnitt.events.selectors.working_groups import groups_near_their_end

REVIEW_DAYS = 7
REPORT_DAYS = 14
# Dates whose registration has closed are shown this long before they begin.
CLOSED_AHEAD = timedelta(days=14)
# Closing reports are asked for dates that ended within this time.
REPORT_WINDOW = timedelta(days=180)


def report_due_q(now: datetime) -> Q:
    """Dates of the office's and the bodies' own events that took place recently and have
    no closing report yet."""
    return Q(
        end__lt=now,
        end__gte=now - REPORT_WINDOW,
        cancelled=False,
        event__state=Event.State.PUBLISHED,
        event__organiser__in=[Event.Organiser.OFFICE, Event.Organiser.BODY],
        event__subscription__isnull=True,
    ) & ~Q(Exists(ClosingReport.objects.filter(date=OuterRef("pk"))))


def registration_closed_q(now: datetime) -> Q:
    return Q(
        start__gt=now,
        start__lte=now + CLOSED_AHEAD,
        cancelled=False,
        event__registration=True,
        event__state=Event.State.PUBLISHED,
        event__registration_closes_at__lte=now,
    )


def events_pending_work(request: HttpRequest) -> Iterator[PendingWork]:
    municipality = request.municipality  # type: ignore[attr-defined]
    if not has_permission(request.user, municipality, "events.manage"):
        return
    now = timezone.now()
    section = _("Events")

    def url(name: str, query: str) -> str:
        return f"{municipality_reverse(municipality, name)}?{query}"

    submitted = waiting(
        Event.objects.filter(municipality=municipality, state=Event.State.SUBMITTED),
        since="submitted_at",
        target_days=REVIEW_DAYS,
    )
    yield PendingWork(
        ngettext(
            "%(count)d event of an organisation waits for review",
            "%(count)d events of organisations wait for review",
            submitted.count,
        )
        % {"count": submitted.count},
        submitted.count,
        url("staff:event_list", "zeige=eingereicht"),
        oldest=submitted.oldest,
        target_days=REVIEW_DAYS,
        overdue=submitted.overdue,
        section=section,
        order=40,
    )
    cutoff = past_target_cutoff(REPORT_DAYS, now)
    dates = EventDate.objects.filter(municipality=municipality).aggregate(
        closed=Count("pk", filter=registration_closed_q(now)),
        closed_first=Min("start", filter=registration_closed_q(now)),
        reports=Count("pk", filter=report_due_q(now)),
        reports_oldest=Min("end", filter=report_due_q(now)),
        reports_overdue=Count("pk", filter=report_due_q(now) & Q(end__lte=cutoff)),
    )
    yield PendingWork(
        ngettext(
            "Registration has closed for %(count)d date soon: the check-in list is ready",
            "Registration has closed for %(count)d dates soon: the check-in lists are ready",
            dates["closed"],
        )
        % {"count": dates["closed"]},
        dates["closed"],
        url("staff:date_list", "zeige=anmeldeschluss"),
        section=section,
        order=41,
    )
    offers = Registration.objects.filter(
        municipality=municipality, state=Registration.State.OFFERED, offer_expires_at__gt=now
    ).aggregate(count=Count("pk"), oldest=Min("offered_at"))
    yield PendingWork(
        ngettext(
            "%(count)d place is offered and not yet taken up",
            "%(count)d places are offered and not yet taken up",
            offers["count"],
        )
        % {"count": offers["count"]},
        offers["count"],
        url("staff:date_list", "zeige=angebote"),
        oldest=offers["oldest"],
        section=section,
        order=42,
    )
    yield PendingWork(
        ngettext(
            "%(count)d closing report to write",
            "%(count)d closing reports to write",
            dates["reports"],
        )
        % {"count": dates["reports"]},
        dates["reports"],
        url("staff:date_list", "zeige=bericht"),
        oldest=dates["reports_oldest"],
        target_days=REPORT_DAYS,
        overdue=dates["reports_overdue"],
        overdue_url=url("staff:date_list", "zeige=bericht"),
        section=section,
        order=43,
    )
    today = timezone.localdate()
    groups = groups_near_their_end(municipality=municipality, today=today).aggregate(
        count=Count("pk"),
        past=Count("pk", filter=Q(body__planned_end_date__lt=today)),
    )
    yield PendingWork(
        ngettext(
            "%(count)d working group reaches its planned end: extend or conclude it",
            "%(count)d working groups reach their planned end: extend or conclude them",
            groups["count"],
        )
        % {"count": groups["count"]},
        groups["count"],
        url("staff:working_group_list", "zeige=ende"),
        overdue=groups["past"],
        overdue_url=url("staff:working_group_list", "zeige=ende"),
        section=section,
        order=44,
    )
