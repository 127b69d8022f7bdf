"""The measures' pending work on the staff overview (registered in `apps.py`).

For a department liaison, personal: the measures of their department that owe a report,
and how many of those are late. For the office: proposals waiting for a decision, measures
waiting for a body's next meeting, late reports across the departments. A few aggregate
queries whatever the size of the catalogue.
"""

from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from querschnitt.accounts.permissions import has_permission
from querschnitt.bodies.models import Meeting
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.worklist import PendingWork
from querschnitt.measures.access import liaison_department_ids
from querschnitt.measures.models import Measure, MeasureState, Transition
from querschnitt.measures.services.reports import due_filter, settings_of

SECTION = _("Measures")
ORDER = 50


def measures_pending_work(request: HttpRequest) -> Iterator[PendingWork]:
    municipality = request.municipality  # type: ignore[attr-defined]
    user = request.user
    if has_permission(user, municipality, "measures.manage"):
        yield from office_work(request)
    elif has_permission(user, municipality, "measures.report"):
        yield from liaison_work(request)


def counts(measures: object, request: HttpRequest) -> dict[str, int]:
    municipality = request.municipality  # type: ignore[attr-defined]
    settings = settings_of(municipality)
    today = timezone.localdate()
    return measures.aggregate(  # type: ignore[attr-defined]
        due=Count("pk", filter=due_filter(settings, today, late=False)),
        late=Count("pk", filter=due_filter(settings, today, late=True)),
    )


def liaison_work(request: HttpRequest) -> Iterator[PendingWork]:
    municipality = request.municipality  # type: ignore[attr-defined]
    departments = liaison_department_ids(request.user, municipality)
    if not departments:
        return
    found = counts(
        Measure.objects.filter(municipality=municipality, lead_department__in=departments),
        request,
    )
    url = municipality_reverse(municipality, "staff:reporting")
    yield PendingWork(
        label=ngettext(
            "%(count)s measure of your department owes a report",
            "%(count)s measures of your department owe a report",
            found["due"],
        )
        % {"count": found["due"]},
        count=found["due"],
        url=url,
        overdue=found["late"],
        overdue_url=url + "#spaet",
        target_days=settings_of(municipality).grace_days,
        personal=True,
        section=SECTION,
        order=ORDER,
    )


def office_work(request: HttpRequest) -> Iterator[PendingWork]:
    municipality = request.municipality  # type: ignore[attr-defined]

    def url(name: str, query: dict[str, str] | None = None) -> str:
        return municipality_reverse(municipality, name) + (f"?{urlencode(query)}" if query else "")

    states = {state.pk: state for state in MeasureState.objects.filter(municipality=municipality)}
    per_state = {
        row["state"]: row
        for row in Measure.objects.filter(municipality=municipality)
        .values("state")
        .annotate(n=Count("pk"), oldest=Min("created_at"))
    }
    for state in states.values():
        if state.is_initial and state.pk in per_state:
            row = per_state[state.pk]
            yield PendingWork(
                label=ngettext(
                    "%(count)s proposal of a measure waits for a decision",
                    "%(count)s proposals of measures wait for a decision",
                    row["n"],
                )
                % {"count": row["n"]},
                count=row["n"],
                url=url("staff:measure_list", {"state": state.key}),
                oldest=row["oldest"],
                section=SECTION,
                order=ORDER,
            )
    yield from waiting_for_meetings(request, states, per_state)
    found = counts(Measure.objects.filter(municipality=municipality), request)
    yield PendingWork(
        label=ngettext(
            "%(count)s measure owes a report",
            "%(count)s measures owe a report",
            found["due"],
        )
        % {"count": found["due"]},
        count=found["due"],
        url=url("staff:reporting"),
        overdue=found["late"],
        overdue_url=url("staff:reporting"),
        target_days=settings_of(municipality).grace_days,
        section=SECTION,
        order=ORDER,
    )


def waiting_for_meetings(
    request: HttpRequest, states: dict[int, MeasureState], per_state: dict[int, dict]
) -> Iterator[PendingWork]:
    """Measures whose next step is taken in a body's meeting, with that meeting's date."""
    municipality = request.municipality  # type: ignore[attr-defined]
    steps = list(
        Transition.objects.filter(municipality=municipality, body__isnull=False)
        .filter(from_state__in=list(per_state))
        .select_related("body")
    )
    bodies = {step.body_id for step in steps}
    upcoming: dict[int, datetime] = dict(
        Meeting.objects.filter(
            Q(cancelled=False),
            municipality=municipality,
            body__in=bodies,
            start__gte=timezone.now(),
        )
        .values("body")
        .annotate(first=Min("start"))
        .values_list("body", "first")
    )
    by_body: dict[int, tuple[object, set[int]]] = {}
    for step in steps:
        if step.body_id in upcoming:
            by_body.setdefault(step.body_id, (step.body, set()))[1].add(step.from_state_id)
    for body_id, (body, state_ids) in sorted(by_body.items(), key=lambda i: upcoming[i[0]]):
        count = sum(per_state[pk]["n"] for pk in state_ids)
        first_state = states[min(state_ids, key=lambda pk: states[pk].position)]
        yield PendingWork(
            label=ngettext(
                "%(count)s measure waits for the next meeting of %(body)s on %(date)s",
                "%(count)s measures wait for the next meeting of %(body)s on %(date)s",
                count,
            )
            % {
                "count": count,
                "body": body,
                "date": date_format(timezone.localtime(upcoming[body_id]), "SHORT_DATE_FORMAT"),
            },
            count=count,
            url=municipality_reverse(municipality, "staff:measure_list")
            + f"?{urlencode({'state': first_state.key})}",
            section=SECTION,
            order=ORDER,
        )
