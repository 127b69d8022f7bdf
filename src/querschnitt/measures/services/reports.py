"""Department reports on measures: which periods are due, writing a report, and reminders.

A report is due for each period (quarter or year) once it has ended, from the day the measure
reached a state in which reports are due; it is late once the municipality's days to report
have passed. Saving a report updates the measure's figures at once and asks for a new
roll-up in the background (it never waits for the whole tree).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.accounts.models import Role, RoleAssignment
from querschnitt.core.audit import audit_record
from querschnitt.core.models import Department, Municipality
from querschnitt.measures.models import (
    BudgetLine,
    Interval,
    LateReminder,
    Measure,
    MeasuresSettings,
    ProgressReport,
    ReportValue,
)
from querschnitt.measures.periods import Period, last_ended, period_of, periods_between
from querschnitt.measures.services.rollups import rollup_request
from querschnitt.strategy.models import ControllingIndicator, IndicatorActual
from querschnitt.strategy.services import indicator_actual_record


def settings_of(municipality: Municipality) -> MeasuresSettings:
    found = MeasuresSettings.objects.filter(municipality=municipality).first()
    return found or MeasuresSettings(municipality=municipality)


def interval_of(measure: Measure, settings: MeasuresSettings) -> str:
    return measure.reporting_interval or settings.default_interval


def open_periods(measure: Measure, settings: MeasuresSettings, today: date) -> list[Period]:
    """The periods a report may be written for now: from the first one of reporting to the
    current one, without those closed for reporting."""
    if measure.reporting_since is None:
        return []
    end = min(today, measure.end_date) if measure.end_date else today
    end = max(end, measure.reporting_since)
    found = periods_between(measure.reporting_since, end, interval_of(measure, settings))
    if settings.reporting_closed_until:
        found = [p for p in found if p.end > settings.reporting_closed_until]
    return found


@dataclass(frozen=True)
class Due:
    """A report a department owes: its measure and period, and whether it is late."""

    measure: Measure
    period: Period
    due_on: date
    late: bool


def due_reports(
    measures: list[Measure],
    reported: set[tuple[int, date]],
    settings: MeasuresSettings,
    today: date,
) -> list[Due]:
    """Every ended, open period of the measures (in a reporting state) without a report.

    `reported` needs to hold only the reports after each measure's unbroken run of reports
    (`reports_complete_until`): the periods up to it are known to have theirs."""
    found = []
    grace = timedelta(days=settings.grace_days)
    for measure in measures:
        if not measure.state.reporting:
            continue
        complete = measure.reports_complete_until
        for period in open_periods(measure, settings, today):
            if period.end >= today or (measure.pk, period.start) in reported:
                continue
            if complete is not None and period.end <= complete:
                continue
            due_on = period.end + grace
            found.append(Due(measure, period, due_on, late=today > due_on))
    return sorted(found, key=lambda due: (due.due_on, due.measure.key))


def late_limit(today: date, interval: str, grace_days: int) -> Period:
    """The latest period whose days to report have passed: a missing report up to it is late."""
    period = last_ended(today, interval)
    while today <= period.end + timedelta(days=grace_days):
        period = period_of(period.start - timedelta(days=1), interval)
    return period


def due_filter(settings: MeasuresSettings, today: date, *, late: bool) -> Q:
    """Measures that owe a report (late: one past its days to report), as one condition for
    an aggregate query: a period up to the limit has no report, counting from the first
    period of reporting (`reports_complete_until` is where the unbroken run of reports
    ends)."""
    conditions = Q(pk__in=[])
    latest = date.min
    for interval in Interval.values:
        limit = (
            late_limit(today, interval, settings.grace_days)
            if late
            else last_ended(today, interval)
        )
        if settings.reporting_closed_until and limit.end <= settings.reporting_closed_until:
            continue
        uses = Q(reporting_interval=interval)
        if interval == settings.default_interval:
            uses |= Q(reporting_interval="")
        latest = max(latest, limit.end)
        conditions |= (
            uses
            & Q(reports_complete_until__lt=limit.end)
            & (Q(end_date__isnull=True) | Q(end_date__gt=F("reports_complete_until")))
        )
    # the same limit once more, outside the alternatives: an index reads only the owing
    return (
        Q(reports_complete_until__lt=latest, state__reporting=True, reporting_since__isnull=False)
        & conditions
    )


def complete_until(
    *, reporting_since: date, interval: str, reported: set[date], closed_until: date | None
) -> date:
    """The end of the unbroken run of periods with a report (or closed for reporting) from
    the first period of reporting on; the day before it when the first one is missing."""
    period = period_of(reporting_since, interval)
    complete = period.start - timedelta(days=1)
    while period.start in reported or (closed_until is not None and period.end <= closed_until):
        complete = period.end
        period = period_of(period.end + timedelta(days=1), interval)
    return complete


def check_period(measure: Measure, period: Period, settings: MeasuresSettings, today: date) -> None:
    """A report may be written for an open period of the measure only."""
    if measure.reporting_since is None or not measure.state.reporting:
        raise ValidationError(
            _("No reports are due for this measure in its state “%(state)s”.")
            % {"state": measure.state}
        )
    interval = interval_of(measure, settings)
    if period_of(period.start, interval) != period:
        raise ValidationError(
            _("This measure is reported on %(interval)s; choose such a period.")
            % {"interval": Interval(interval).label}
        )
    if period.start > today:
        raise ValidationError(
            _("The period %(period)s has not begun yet.") % {"period": period.label}
        )
    if settings.reporting_closed_until and period.end <= settings.reporting_closed_until:
        raise ValidationError(
            _("Reporting for %(period)s is closed (up to %(date)s). Ask the office to reopen it.")
            % {"period": period.label, "date": settings.reporting_closed_until.strftime("%d.%m.%Y")}
        )
    if period.end < measure.reporting_since:
        raise ValidationError(
            _("The measure was not yet reported on in %(period)s (only since %(date)s).")
            % {"period": period.label, "date": measure.reporting_since.strftime("%d.%m.%Y")}
        )


class ReportConflict(ValidationError):
    """The report was changed by someone else since it was opened."""

    def __init__(self, current: ProgressReport) -> None:
        self.current = current
        super().__init__(
            _("Someone else has changed this report since you opened it. Compare and save again.")
        )


@transaction.atomic
def report_save(
    *,
    measure: Measure,
    period: Period,
    by: Any,
    department: Department | None,
    progress: int,
    status: str,
    reason: str = "",
    milestones: str = "",
    budget_spent: Decimal | None = None,
    indicator_values: dict[int, Decimal] | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> ProgressReport:
    """Write (or rewrite) the report of a measure for a period."""
    municipality = measure.municipality
    today = today or timezone.localdate()
    settings = settings_of(municipality)
    check_period(measure, period, settings, today)
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress lies between 0 and 100 %.")})
    if status not in Measure.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status != Measure.Status.ON_TRACK and not reason.strip():
        raise ValidationError({"reason": _("Say why the measure is at risk, delayed or done.")})
    if status == Measure.Status.DONE and progress != 100:
        raise ValidationError({"progress": _("A measure reported as done stands at 100 %.")})
    if budget_spent is not None and budget_spent < 0:
        raise ValidationError({"budget_spent": _("Money spent cannot be negative.")})
    report = ProgressReport.objects.filter(
        municipality=municipality, measure=measure, period_start=period.start
    ).first()
    if report is not None and expected_version is not None and report.version != expected_version:
        raise ReportConflict(report)
    if report is None:
        report = ProgressReport(
            municipality=municipality,
            measure=measure,
            period_start=period.start,
            period_end=period.end,
        )
    else:
        report.version += 1
    report.department = department
    report.progress = progress
    report.status = status
    report.reason = reason.strip()
    report.milestones = milestones.strip()
    report.budget_spent = budget_spent
    report.submitted_by = by if getattr(by, "is_authenticated", False) else None
    report.full_clean()
    report.save()
    if indicator_values is not None:
        report_values_set(report, indicator_values, by=by)
    measure_figures_refresh(measure)
    if budget_spent is not None:
        budget_spent_refresh(measure, period.end.year)
    audit_record(
        municipality=municipality,
        actor=by,
        action="report.saved",
        target=measure,
        changes={"period": period.key, "progress": progress, "status": status},
    )
    if measure.state.in_catalogue:
        rollup_request(municipality)
    return report


def report_values_set(report: ProgressReport, values: dict[int, Decimal], *, by: Any) -> None:
    """The actual values of the measure's indicators given with the report, kept with each
    indicator (dated the end of the period, the department named as the source)."""
    municipality = report.measure.municipality
    allowed = {
        indicator.pk: indicator
        for indicator in ControllingIndicator.objects.filter(
            municipality=municipality, measures=report.measure
        )
    }
    existing = {
        value.actual.indicator_id: value
        for value in ReportValue.objects.filter(
            municipality=municipality, report=report
        ).select_related("actual")
    }
    source = _("Report of %(department)s for %(period)s") % {
        "department": report.department.short_name or report.department.name
        if report.department
        else _("the office"),
        "period": Period(report.period_start, report.period_end).label,
    }
    for indicator_id, value in values.items():
        indicator = allowed.get(indicator_id)
        if indicator is None:
            raise ValidationError(_("This indicator does not belong to the measure."))
        link = existing.pop(indicator_id, None)
        actual = indicator_actual_record(
            indicator=indicator,
            by=by,
            measured_on=report.period_end,
            value=value,
            source=source,
            department=report.department,
            actual=link.actual if link else None,
            audited=False,
        )
        if link is None:
            ReportValue.objects.create(municipality=municipality, report=report, actual=actual)
    for link in existing.values():
        IndicatorActual.objects.filter(pk=link.actual_id).delete()


def measure_figures_refresh(measure: Measure, settings: MeasuresSettings | None = None) -> None:
    """What the latest report says, and up to where the reports are complete, kept on the
    measure for lists, the overview and the roll-up."""
    reports = list(
        ProgressReport.objects.filter(municipality=measure.municipality_id, measure=measure)
        .order_by("-period_start")
        .values_list("progress", "status", "period_start")
    )
    progress, status = (reports[0][0], reports[0][1]) if reports else (None, "")
    complete = None
    if measure.reporting_since is not None:
        settings = settings or settings_of(measure.municipality)
        complete = complete_until(
            reporting_since=measure.reporting_since,
            interval=interval_of(measure, settings),
            reported={start for _progress, _status, start in reports},
            closed_until=settings.reporting_closed_until,
        )
    Measure.objects.filter(pk=measure.pk).update(
        reported_progress=progress, reported_status=status, reports_complete_until=complete
    )
    measure.reported_progress, measure.reported_status = progress, status
    measure.reports_complete_until = complete


def budget_spent_refresh(measure: Measure, year: int) -> None:
    """The money spent in a year is what the year's latest report says."""
    spent = (
        ProgressReport.objects.filter(
            municipality=measure.municipality_id,
            measure=measure,
            period_end__year=year,
            budget_spent__isnull=False,
        )
        .order_by("-period_start")
        .values_list("budget_spent", flat=True)
        .first()
    )
    updated = BudgetLine.objects.filter(
        municipality=measure.municipality_id, measure=measure, year=year
    ).update(spent=spent)
    if not updated and spent is not None:
        BudgetLine.objects.create(
            municipality=measure.municipality, measure=measure, year=year, planned=0, spent=spent
        )


# ------------------------------------------------------------------------------------------
# Reminders


def late_measures(municipality: Municipality, today: date) -> QuerySet[Measure]:
    settings = settings_of(municipality)
    return (
        Measure.objects.filter(municipality=municipality)
        .filter(due_filter(settings, today, late=True))
        .filter(lead_department__isnull=False)
        .select_related("lead_department", "state")
    )


def reminders_send(*, municipality: Municipality, today: date | None = None) -> int:
    """Remind the liaisons of each department of its late reports, once per measure and
    period; returns the number of e-mails."""
    today = today or timezone.localdate()
    settings = settings_of(municipality)
    by_department: dict[int | None, list[tuple[Measure, Period]]] = {}
    for measure in late_measures(municipality, today):
        period = last_ended(today, interval_of(measure, settings))
        if LateReminder.objects.filter(
            municipality=municipality, measure=measure, period_end=period.end
        ).exists():
            continue
        by_department.setdefault(measure.lead_department_id, []).append((measure, period))
    sent = 0
    for department_id, late in by_department.items():
        liaisons = RoleAssignment.objects.filter(
            municipality=municipality,
            role=Role.DEPARTMENT_LIAISON,
            department_id=department_id,
            user__is_active=True,
        ).select_related("user", "department")
        with transaction.atomic():
            for assignment in liaisons:
                context = {
                    "municipality": municipality,
                    "late": late,
                    "department": assignment.department,
                    "user": assignment.user,
                    "grace_days": settings.grace_days,
                }
                send_mail(
                    _("Reports on measures are late: %(department)s")
                    % {"department": assignment.department},
                    render_to_string("measures/email/late_reports.txt", context),
                    None,
                    [assignment.user.email],
                )
                sent += 1
            LateReminder.objects.bulk_create(
                [
                    LateReminder(municipality=municipality, measure=m, period_end=p.end)
                    for m, p in late
                ],
                ignore_conflicts=True,
            )
    return sent


@transaction.atomic
def settings_update(*, municipality: Municipality, by: Any, **values: Any) -> MeasuresSettings:
    """Change how reporting runs; what is due is worked out anew for every measure."""
    settings = MeasuresSettings.objects.filter(municipality=municipality).first() or (
        MeasuresSettings(municipality=municipality)
    )
    before = {name: str(getattr(settings, name)) for name in values}
    for name, value in values.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    measures = Measure.objects.filter(municipality=municipality, reporting_since__isnull=False)
    for measure in measures.iterator(chunk_size=500):
        measure_figures_refresh(measure, settings)
    audit_record(
        municipality=municipality,
        actor=by,
        action="measures_settings.updated",
        target=settings,
        changes={name: {"from": before[name], "to": str(value)} for name, value in values.items()},
    )
    return settings
