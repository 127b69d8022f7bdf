"""Pending work of the monitoring on the staff overview: imports waiting for a decision,
refused imports not yet set aside, reports in draft."""

from collections.abc import Iterable

from django.db.models import Count, Min
from django.http import HttpRequest
from django.utils.translation import gettext as _

from querschnitt.accounts.permissions import has_permission
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.worklist import PendingWork
from querschnitt.monitoring.models import ImportRun, Report


def monitoring_pending_work(request: HttpRequest) -> Iterable[PendingWork]:
    municipality = request.municipality  # type: ignore[attr-defined]
    section = str(_("Monitoring"))
    if has_permission(request.user, municipality, "monitoring.import"):
        runs = {
            row["state"]: row
            for row in ImportRun.objects.filter(
                municipality=municipality,
                state__in=[ImportRun.State.CHECKED, ImportRun.State.FAILED],
            )
            .values("state")
            .annotate(count=Count("id"), oldest=Min("created_at"))
        }
        url = municipality_reverse(municipality, "staff:monitoring_home")
        labels = {
            ImportRun.State.CHECKED: _("Imports waiting for confirmation"),
            ImportRun.State.FAILED: _("Imports refused for errors"),
        }
        for state, label in labels.items():
            if state in runs:
                yield PendingWork(
                    label=str(label),
                    count=runs[state]["count"],
                    url=url,
                    oldest=runs[state]["oldest"],
                    section=section,
                )
    if has_permission(request.user, municipality, "monitoring.manage"):
        drafts = Report.objects.filter(
            municipality=municipality, state=Report.State.DRAFT
        ).aggregate(count=Count("id"), oldest=Min("created_at"))
        if drafts["count"]:
            yield PendingWork(
                label=str(_("Integration reports in draft")),
                count=drafts["count"],
                url=municipality_reverse(municipality, "staff:monitoring_reports"),
                oldest=drafts["oldest"],
                section=section,
            )
