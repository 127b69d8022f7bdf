"""The network's pending work on the staff overview (registered in `apps.py`).

Signatures waiting for review (against the municipality's target time), confirmed requests
for an entry, representatives' changes, and this person's own imports waiting to be applied;
for a representative, their proposed changes waiting for the office. One aggregate query per
kind, plus one for the target time.
"""

from collections.abc import Iterator
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from querschnitt.accounts.permissions import has_permission
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.worklist import PendingWork, waiting
from querschnitt.network.models import ChangeRequest, ImportRun, Organisation, Signature
from querschnitt.network.permissions import represents_an_organisation
from querschnitt.network.selectors.declarations import network_settings_of

SECTION = _("Network")
ORDER = 20


def network_pending_work(request: HttpRequest) -> Iterator[PendingWork]:
    municipality = request.municipality  # type: ignore[attr-defined]
    user = request.user
    if has_permission(user, municipality, "network.manage"):
        yield from office_work(request)
    if represents_an_organisation(request):
        yield from representative_work(request)


def office_work(request: HttpRequest) -> Iterator[PendingWork]:
    municipality = request.municipality  # type: ignore[attr-defined]

    def url(name: str, query: dict[str, str] | None = None, anchor: str = "") -> str:
        path = municipality_reverse(municipality, name)
        return path + (f"?{urlencode(query)}" if query else "") + (f"#{anchor}" if anchor else "")

    target = network_settings_of(municipality=municipality).signature_review_days
    signatures = waiting(
        Signature.objects.filter(municipality=municipality, state=Signature.State.PENDING_REVIEW),
        since="confirmed_at",
        target_days=target,
    )
    pending = {"zustand": str(Signature.State.PENDING_REVIEW)}
    yield PendingWork(
        label=ngettext(
            "%(count)s signature waits for review",
            "%(count)s signatures wait for review",
            signatures.count,
        )
        % {"count": signatures.count},
        count=signatures.count,
        url=url("staff:signature_queue", pending),
        oldest=signatures.oldest,
        target_days=target,
        overdue=signatures.overdue,
        overdue_url=url("staff:signature_queue", pending | {"ueberfaellig": "on"}),
        section=SECTION,
        order=ORDER,
    )
    requests = waiting(
        Organisation.objects.filter(
            municipality=municipality, status=Organisation.Status.IN_REVIEW
        ),
        since="email_confirmed_at",
    )
    yield PendingWork(
        label=ngettext(
            "%(count)s confirmed request for an entry waits for a decision",
            "%(count)s confirmed requests for an entry wait for a decision",
            requests.count,
        )
        % {"count": requests.count},
        count=requests.count,
        url=url("staff:entry_queue", anchor="anfragen"),
        oldest=requests.oldest,
        section=SECTION,
        order=ORDER,
    )
    changes = waiting(
        ChangeRequest.objects.filter(municipality=municipality, state=ChangeRequest.State.PENDING),
        since="submitted_at",
    )
    yield PendingWork(
        label=ngettext(
            "%(count)s change to an entry waits for review",
            "%(count)s changes to entries wait for review",
            changes.count,
        )
        % {"count": changes.count},
        count=changes.count,
        url=url("staff:entry_queue", anchor="aenderungen"),
        oldest=changes.oldest,
        section=SECTION,
        order=ORDER,
    )
    imports = waiting(
        ImportRun.objects.filter(
            municipality=municipality, state=ImportRun.State.PREVIEW, created_by=request.user
        ),
        since="created_at",
    )
    yield PendingWork(
        label=ngettext(
            "%(count)s of your imports waits to be applied or discarded",
            "%(count)s of your imports wait to be applied or discarded",
            imports.count,
        )
        % {"count": imports.count},
        count=imports.count,
        url=municipality_reverse(municipality, "staff:import_preview", pk=imports.last_pk)
        if imports.count == 1
        else url("staff:import_upload"),
        oldest=imports.oldest,
        personal=True,
        order=ORDER,
    )


def representative_work(request: HttpRequest) -> Iterator[PendingWork]:
    municipality = request.municipality  # type: ignore[attr-defined]
    changes = waiting(
        ChangeRequest.objects.filter(
            municipality=municipality,
            state=ChangeRequest.State.PENDING,
            organisation__representatives__user=request.user,
            organisation__representatives__municipality=municipality,
        ),
        since="submitted_at",
    )
    yield PendingWork(
        label=ngettext(
            "Your proposed changes to %(count)s entry wait for the office's review",
            "Your proposed changes to %(count)s entries wait for the office's review",
            changes.count,
        )
        % {"count": changes.count},
        count=changes.count,
        url=municipality_reverse(municipality, "staff:my_organisations"),
        oldest=changes.oldest,
        personal=True,
        order=ORDER,
    )
