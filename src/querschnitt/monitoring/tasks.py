"""Background tasks of the monitoring, run by `manage.py db_worker`."""

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone
from django.utils.text import slugify
from django_scopes import scope

from querschnitt.core.models import Municipality
from querschnitt.monitoring.models import Report


@task(queue_name="default")
def report_produce(*, municipality_id: int, report_id: int) -> str:
    """Render a report to HTML and PDF, section by section, recording the progress."""
    from querschnitt.core.pdf import pdf_from_html
    from querschnitt.monitoring.reports import render_report

    municipality = Municipality.objects.get(pk=municipality_id)
    with scope(municipality=municipality):
        report = Report.objects.filter(municipality=municipality, pk=report_id).first()
        if report is None:
            return "missing"
        reports = Report.objects.filter(municipality=municipality, pk=report_id)
        reports.update(rendering=Report.Rendering.RUNNING, progress_done=0, rendering_error="")
        try:

            def progress(done: int, sections: int) -> None:
                reports.update(progress_done=done, progress_total=sections + 1)

            html = render_report(report, standalone=True, progress=progress)
            pdf = pdf_from_html(html)
        except Exception as error:  # recorded for the office; the report stays as it was
            reports.update(rendering=Report.Rendering.FAILED, rendering_error=str(error)[:2000])
            raise
        name = slugify(report.title) or "bericht"
        report.refresh_from_db()
        for field in (report.html_file, report.pdf_file):
            if field:
                field.delete(save=False)
        report.html_file.save(f"{name}.html", ContentFile(html.encode()), save=False)
        report.pdf_file.save(f"{name}.pdf", ContentFile(pdf), save=False)
        report.rendering = Report.Rendering.DONE
        report.progress_done = report.progress_total
        report.rendered_at = timezone.now()
        report.save(
            update_fields=["html_file", "pdf_file", "rendering", "progress_done", "rendered_at"]
        )
    return "done"


@task(queue_name="default")
def register_count(*, municipality_id: int, run_id: int) -> str:
    """Check and count an uploaded register extract (`services.imports.import_count_register`);
    the extract is deleted afterwards, whatever the outcome."""
    from querschnitt.monitoring.models import ImportRun
    from querschnitt.monitoring.services.imports import import_count_register

    municipality = Municipality.objects.get(pk=municipality_id)
    with scope(municipality=municipality):
        run = ImportRun.objects.filter(municipality=municipality, pk=run_id).first()
        if run is None:
            return "missing"
        return import_count_register(run=run).state
