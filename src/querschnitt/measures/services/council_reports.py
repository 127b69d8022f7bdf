"""The yearly council report: asked for here, produced by the task worker."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality
from querschnitt.measures.models import CouncilReport, Production


@transaction.atomic
def council_report_request(
    *, municipality: Municipality, by: Any, year: int, language: str, title: str = ""
) -> CouncilReport:
    if language not in municipality.offered_languages:
        language = "de"
    with override(language):
        default_title = _("Report to the council on the catalogue of measures %(year)s") % {
            "year": year
        }
    report = CouncilReport.objects.create(
        municipality=municipality,
        year=year,
        language=language,
        title=title.strip() or default_title,
        state=Production.QUEUED,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        municipality=municipality,
        actor=by,
        action="council_report.requested",
        target=report,
        changes={"year": year, "language": language},
    )
    from querschnitt.measures.tasks import council_report_produce

    municipality_id, report_id = municipality.pk, report.pk
    transaction.on_commit(
        lambda: council_report_produce.enqueue(
            municipality_id=municipality_id, report_id=report_id
        ),
        robust=True,
    )
    return report
