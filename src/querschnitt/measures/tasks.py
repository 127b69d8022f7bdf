"""Background tasks of the measures, run by `manage.py db_worker`."""

from datetime import datetime

from django.tasks import task
from django_scopes import scope

from querschnitt.core.models import Municipality


@task(queue_name="default")
def rollup_refresh(*, municipality_id: int, requested_at: str = "") -> str:
    """Compute the roll-up of progress anew (asked for by every change that moves it).

    A burst of changes asks many times; a request older than the last computation, which
    began after it and so saw its change, has nothing left to do."""
    from querschnitt.core.page_cache import municipality_content_changed
    from querschnitt.measures.models import Rollup
    from querschnitt.measures.services.rollups import rollup_compute

    municipality = Municipality.objects.get(pk=municipality_id)
    with scope(municipality=municipality):
        if requested_at:
            last = (
                Rollup.objects.filter(municipality=municipality, scope=Rollup.Scope.INTERNAL)
                .values_list("computed_at", flat=True)
                .first()
            )
            if last is not None and last >= datetime.fromisoformat(requested_at):
                return "up to date"
        rollup_compute(municipality=municipality)
    municipality_content_changed(municipality_id)
    return "done"


@task(queue_name="default")
def catalogue_document_produce(*, municipality_id: int, catalogue_id: int) -> str:
    """Make the PDF of a frozen edition (the edition itself never changes; its document
    lives in a row of its own)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from querschnitt.measures.documents import edition_pdf
    from querschnitt.measures.models import Catalogue, CatalogueDocument, Production

    municipality = Municipality.objects.get(pk=municipality_id)
    with scope(municipality=municipality):
        catalogue = Catalogue.objects.filter(municipality=municipality, pk=catalogue_id).first()
        if catalogue is None:
            return "missing"
        document, _created = CatalogueDocument.objects.get_or_create(
            municipality=municipality, catalogue=catalogue
        )
        rows = CatalogueDocument.objects.filter(pk=document.pk)
        rows.update(state=Production.RUNNING, done=0, total=3, error="")
        try:
            content = edition_pdf(
                catalogue, progress=lambda done, total: rows.update(done=done, total=total)
            )
        except Exception as error:  # recorded for the office; the edition stays as it was
            rows.update(state=Production.FAILED, error=str(error)[:2000])
            raise
        document.refresh_from_db()
        document.pdf.save(
            f"massnahmenkatalog-{catalogue.as_of.isoformat()}.pdf", ContentFile(content), save=False
        )
        document.state = Production.DONE
        document.done = document.total = 3
        document.produced_at = timezone.now()
        document.save(update_fields=["pdf", "state", "done", "total", "produced_at"])
    return "done"


@task(queue_name="default")
def council_report_produce(*, municipality_id: int, report_id: int) -> str:
    """Render the council report to HTML and PDF, part by part, recording the progress."""
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from django.utils.text import slugify

    from querschnitt.measures.documents import council_report_html, council_report_pdf
    from querschnitt.measures.models import CouncilReport, Production

    municipality = Municipality.objects.get(pk=municipality_id)
    with scope(municipality=municipality):
        report = CouncilReport.objects.filter(municipality=municipality, pk=report_id).first()
        if report is None:
            return "missing"
        rows = CouncilReport.objects.filter(pk=report.pk)
        rows.update(state=Production.RUNNING, done=0, total=5, error="")
        try:
            html = council_report_html(
                report, progress=lambda done, total: rows.update(done=done, total=total + 1)
            )
            pdf = council_report_pdf(html)
        except Exception as error:  # recorded for the office
            rows.update(state=Production.FAILED, error=str(error)[:2000])
            raise
        report.refresh_from_db()
        name = slugify(report.title) or "ratsbericht"
        report.html_file.save(f"{name}.html", ContentFile(html.encode()), save=False)
        report.pdf_file.save(f"{name}.pdf", ContentFile(pdf), save=False)
        report.state = Production.DONE
        report.done = report.total
        report.produced_at = timezone.now()
        report.save(update_fields=["html_file", "pdf_file", "state", "done", "produced_at"])
    return "done"
