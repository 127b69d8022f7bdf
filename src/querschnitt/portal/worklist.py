"""The portal's pending work on the staff overview: reported barriers waiting for an answer."""

from collections.abc import Iterator
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from querschnitt.accounts.permissions import has_permission
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.worklist import PendingWork, waiting
from querschnitt.portal.models import AccessibilityFeedback
from querschnitt.portal.selectors import FEEDBACK_TARGET_DAYS


def barrier_reports_pending_work(request: HttpRequest) -> Iterator[PendingWork]:
    municipality = request.municipality  # type: ignore[attr-defined]
    if not has_permission(request.user, municipality, "pages.change"):
        return
    reports = waiting(
        AccessibilityFeedback.objects.filter(municipality=municipality, handled_at__isnull=True),
        since="created_at",
        target_days=FEEDBACK_TARGET_DAYS,
    )
    url = municipality_reverse(municipality, "staff:feedback_list")
    yield PendingWork(
        label=ngettext(
            "%(count)s reported barrier waits for an answer",
            "%(count)s reported barriers wait for an answer",
            reports.count,
        )
        % {"count": reports.count},
        count=reports.count,
        url=f"{url}?{urlencode({'zustand': 'offen'})}",
        oldest=reports.oldest,
        target_days=FEEDBACK_TARGET_DAYS,
        overdue=reports.overdue,
        overdue_url=f"{url}?{urlencode({'zustand': 'offen', 'ueberfaellig': 'on'})}",
        section=_("Public pages"),
        order=80,
    )
