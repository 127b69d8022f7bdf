"""Writes of integration reports: composing from sections, producing, publishing."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.monitoring.models import Report, ReportSection
from querschnitt.monitoring.tasks import report_produce

SECTION_FIELDS = (
    "kind",
    "heading",
    "body",
    "indicator",
    "show_time_series",
    "show_districts",
    "show_map",
)


def touch(report: Report) -> None:
    Report.objects.filter(pk=report.pk).update(content_changed_at=timezone.now())


@transaction.atomic
def report_create(
    *, municipality: Municipality, by: Any, title: str, year: int, language: str
) -> Report:
    report = Report(
        municipality=municipality,
        title=title.strip(),
        year=year,
        language=language,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    report.full_clean(exclude=["created_by"])
    report.save()
    audit_record(municipality=municipality, actor=by, action="report.created", target=report)
    return report


@transaction.atomic
def report_update(*, report: Report, by: Any, **fields: Any) -> Report:
    before = snapshot(report)
    for name, value in fields.items():
        setattr(report, name, value)
    report.content_changed_at = timezone.now()
    report.full_clean(exclude=["created_by"])
    report.save()
    audit_record(
        municipality=report.municipality,
        actor=by,
        action="report.updated",
        target=report,
        changes=field_changes(before, report),
    )
    return report


def check_section(report: Report, fields: dict[str, Any]) -> None:
    indicator = fields.get("indicator")
    if indicator is not None and indicator.municipality_id != report.municipality_id:
        raise ValidationError({"indicator": "The indicator belongs to another municipality."})


@transaction.atomic
def section_create(*, report: Report, by: Any, **fields: Any) -> ReportSection:
    """Add a section at the end of the report."""
    check_section(report, fields)
    last = ReportSection.objects.filter(
        municipality=report.municipality_id, report=report
    ).aggregate(last=Max("position"))["last"]
    section = ReportSection(
        municipality_id=report.municipality_id,
        report=report,
        position=0 if last is None else last + 1,
        **fields,
    )
    section.full_clean()
    section.save()
    touch(report)
    audit_record(
        municipality=report.municipality, actor=by, action="report.section_added", target=report
    )
    return section


@transaction.atomic
def section_update(*, section: ReportSection, by: Any, **fields: Any) -> ReportSection:
    check_section(section.report, fields)
    for name, value in fields.items():
        if name not in SECTION_FIELDS:
            raise ValueError(name)
        setattr(section, name, value)
    section.full_clean()
    section.save()
    touch(section.report)
    audit_record(
        municipality=section.report.municipality,
        actor=by,
        action="report.section_changed",
        target=section.report,
    )
    return section


@transaction.atomic
def section_delete(*, section: ReportSection, by: Any) -> None:
    report = section.report
    section.delete()
    touch(report)
    audit_record(
        municipality=report.municipality, actor=by, action="report.section_removed", target=report
    )


@transaction.atomic
def section_move(*, section: ReportSection, by: Any, step: int) -> None:
    """Move a section one place up (-1) or down (+1)."""
    sections = list(
        ReportSection.objects.select_for_update()
        .filter(municipality=section.municipality_id, report=section.report_id)
        .order_by("position", "id")
    )
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    target = index + step
    if not 0 <= target < len(sections):
        return
    sections[index], sections[target] = sections[target], sections[index]
    for position, item in enumerate(sections):
        item.position = position
    ReportSection.objects.bulk_update(sections, ["position"])
    touch(section.report)


@transaction.atomic
def report_produce_start(*, report: Report, by: Any) -> Report:
    """Queue the production of the report's HTML and PDF; the page shows the progress."""
    report = Report.objects.select_for_update().get(
        municipality=report.municipality_id, pk=report.pk
    )
    if report.rendering in (Report.Rendering.QUEUED, Report.Rendering.RUNNING):
        raise ValidationError(_("The report is being produced already."))
    sections = ReportSection.objects.filter(
        municipality=report.municipality_id, report=report
    ).count()
    if not sections:
        raise ValidationError(_("Add at least one section first."))
    report.rendering = Report.Rendering.QUEUED
    report.progress_done = 0
    report.progress_total = sections + 1
    report.rendering_error = ""
    report.save(update_fields=["rendering", "progress_done", "progress_total", "rendering_error"])
    audit_record(
        municipality=report.municipality, actor=by, action="report.produced", target=report
    )
    # The task row is written in this transaction: it runs only if the change commits.
    report_produce.enqueue(municipality_id=report.municipality_id, report_id=report.pk)
    report.refresh_from_db()
    return report


@transaction.atomic
def report_publish(*, report: Report, by: Any, publish: bool) -> Report:
    """Offer the produced files on the public pages (or take them back)."""
    if publish and not report.pdf_file:
        raise ValidationError(_("Produce the report before publishing it."))
    report.state = Report.State.PUBLISHED if publish else Report.State.DRAFT
    report.save(update_fields=["state"])
    audit_record(
        municipality=report.municipality,
        actor=by,
        action="report.published" if publish else "report.withdrawn",
        target=report,
    )
    return report
