"""Departments report on their measures; the office reads the controlling, keeps the
inventory, produces the council report and sets how reporting runs."""

from copy import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from querschnitt.core.files import stored_file_response
from querschnitt.core.models import Department
from querschnitt.measures import charts, dashboard_rows
from querschnitt.measures.access import reporting_departments
from querschnitt.measures.dashboard import dashboard, late_by_department
from querschnitt.measures.forms import (
    CouncilReportForm,
    DepartmentFilter,
    InventoryEntryForm,
    ReportForm,
    SettingsForm,
)
from querschnitt.measures.models import (
    CouncilReport,
    InventoryEntry,
    Measure,
    MeasuresSettings,
    Production,
    ProgressReport,
    ReportValue,
)
from querschnitt.measures.periods import period_from_key
from querschnitt.measures.services.inventory import inventory_entry_delete, inventory_entry_save
from querschnitt.measures.services.reports import (
    ReportConflict,
    check_period,
    due_filter,
    due_reports,
    report_save,
    settings_of,
    settings_update,
)
from querschnitt.measures.views.staff_base import FormPage, MeasuresStaffMixin
from querschnitt.strategy.models import FieldOfAction

PAGE_SIZE = 50


class Reporting(MeasuresStaffMixin, TemplateView):
    """A liaison's reports: due and late, and the latest written, for their department only.
    The office sees the departments side by side, and any one of them in full."""

    permission = "measures.report"
    template_name = "measures/staff/reporting.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        departments = list(
            reporting_departments(municipality=self.municipality, reader=self.reader)
        )
        context = super().get_context_data(**kwargs)
        chosen = departments
        if self.reader.sees_all:
            filters = DepartmentFilter(self.request.GET, departments=departments)
            context["filters"] = filters
            picked = filters.data.get("department", "") if filters.is_valid() else ""
            chosen = [d for d in departments if str(d.pk) == picked]
            if not chosen:
                context["overview"] = late_by_department(
                    municipality=self.municipality, today=today
                )
                return context
        settings = settings_of(self.municipality)
        of_departments = Measure.objects.filter(
            municipality=self.municipality, lead_department__in=chosen
        )
        # A page of the measures that owe reports, longest owing first, and of those only
        # the reports after their unbroken run (`reports_complete_until`): a department with
        # hundreds of measures and years of reports costs what a small one does.
        owing = Paginator(
            of_departments.filter(due_filter(settings, today, late=False))
            .select_related("state", "lead_department")
            .order_by("reports_complete_until", "key"),
            PAGE_SIZE,
        ).get_page(self.request.GET.get("page"))
        page = list(owing.object_list)
        reported = set(
            ProgressReport.objects.filter(
                municipality=self.municipality,
                measure__in=[m.pk for m in page],
                period_start__gt=F("measure__reports_complete_until"),
            ).values_list("measure_id", "period_start")
        )
        due = due_reports(page, reported, settings, today)
        reporting = of_departments.filter(state__reporting=True).order_by("key")
        query = self.request.GET.copy()
        query.pop("page", None)
        return context | {
            "departments": chosen,
            "due": due,
            "page_obj": owing,
            "query": query.urlencode(),
            "late_count": sum(1 for d in due if d.late),
            "measures": reporting[:PAGE_SIZE],
            "measures_count": reporting.count(),
            "department_filter": chosen[0].pk if len(chosen) == 1 else "",
            "settings": settings,
        }


class ReportPage(MeasuresStaffMixin, FormView):
    """Write (or rewrite) the report of a measure for one period: only the department in
    charge of the measure, or the office."""

    permission = "measures.report"
    template_name = "measures/staff/report_form.html"
    form_class = ReportForm

    def load_objects(self) -> None:
        measure = self.visible_measure(self.kwargs["pk"])
        if not self.reader.reports_for(measure):
            raise Http404
        period = period_from_key(self.kwargs["period"])
        if period is None:
            raise Http404
        self.measure, self.period = measure, period
        self.report = ProgressReport.objects.filter(
            municipality=self.municipality, measure=measure, period_start=period.start
        ).first()
        self.indicators = list(measure.indicators.all())

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"indicators": self.indicators}

    def get_initial(self) -> dict[str, Any]:
        if self.report is None:
            return {
                "status": Measure.Status.ON_TRACK,
                "progress": self.measure.reported_progress or 0,
            }
        values = {
            f"indicator_{link.actual.indicator_id}": link.actual.value
            for link in ReportValue.objects.filter(
                municipality=self.municipality, report=self.report
            ).select_related("actual")
        }
        return values | {
            "progress": self.report.progress,
            "status": self.report.status,
            "reason": self.report.reason,
            "milestones": self.report.milestones,
            "budget_spent": self.report.budget_spent,
            "version": self.report.version,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        problem = ""
        try:
            check_period(
                self.measure, self.period, settings_of(self.municipality), timezone.localdate()
            )
        except ValidationError as error:
            problem = " ".join(error.messages)
        return super().get_context_data(**kwargs) | {
            "measure": self.measure,
            "period": self.period,
            "report": self.report,
            "period_problem": problem,
        }

    def form_valid(self, form: ReportForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            report_save(
                measure=self.measure,
                period=self.period,
                by=self.request.user,
                department=self.measure.lead_department,
                progress=data["progress"],
                status=data["status"],
                reason=data["reason"],
                milestones=data["milestones"],
                budget_spent=data["budget_spent"],
                indicator_values=form.indicator_values(),
                expected_version=data["version"],
            )
        except ReportConflict as conflict:
            form.add_error(None, conflict.messages[0])
            return self.render_to_response(
                self.get_context_data(form=form, conflict=conflict.current), status=409
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(
            self.request,
            _("The report for %(period)s has been saved.") % {"period": self.period.label},
        )
        return HttpResponseRedirect(self.reverse("staff:reporting"))

    def form_invalid(self, form: ReportForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class Controlling(MeasuresStaffMixin, TemplateView):
    """The office's dashboard: every measure of the catalogue, and the late reports."""

    template_name = "measures/staff/controlling.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        year = year_from(self.request.GET.get("jahr"), today.year)
        board = dashboard(municipality=self.municipality, public=False, year=year)
        return (
            super().get_context_data(**kwargs)
            | board_context(board)
            | {
                "late": late_by_department(municipality=self.municipality, today=today),
            }
        )


def year_from(text: str | None, default: int) -> int:
    if text and text.isdigit() and 1990 <= int(text) <= 2100:
        return int(text)
    return default


def board_context(board: dict[str, Any]) -> dict[str, Any]:
    """The charts of a dashboard, beside the tables its template shows."""
    fields = board["fields"]
    goals = board["goals"]
    indicator_charts = [
        (trend, trend.chart(f"indicator-{trend.indicator.pk}", _("actual"), _("target")))
        for trend in board["indicators"]
    ]
    return board | {
        "fields_chart": charts.progress_bars(
            "fields",
            _("Progress by field of action"),
            [charts.ProgressBar(n.label, n.percent) for n in fields],
        ),
        "goals_chart": charts.progress_bars(
            "goals",
            _("Progress by goal"),
            [charts.ProgressBar(f"{n.key} {n.label}", n.percent, n.depth) for n in goals],
        ),
        "budget_chart": charts.budget_bars(
            "budget",
            _("Budget %(year)s: planned and spent") % {"year": board["year"]},
            board["budget_rows"],
        ),
        "field_rows": dashboard_rows.field_rows(fields),
        "goal_rows": dashboard_rows.goal_rows(goals),
        "budget_table_rows": dashboard_rows.budget_rows(board["budget_rows"]),
        "indicator_rows": dashboard_rows.indicators(indicator_charts),
    }


class Inventory(MeasuresStaffMixin, TemplateView):
    """Departments × fields of action: where the city acts and where no one does."""

    permission = "measures.report"
    template_name = "measures/staff/inventory.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from querschnitt.measures.selectors import catalogue_q

        m = self.municipality
        fields = list(FieldOfAction.objects.filter(municipality=m))
        departments = list(Department.objects.filter(municipality=m, is_active=True))
        entries = {
            (d, f): n
            for d, f, n in InventoryEntry.objects.filter(municipality=m)
            .values("department", "field_of_action")
            .annotate(n=Count("pk"))
            .values_list("department", "field_of_action", "n")
        }
        led = {
            (d, f): n
            for d, f, n in Measure.objects.filter(catalogue_q(), municipality=m)
            .filter(lead_department__isnull=False, fields_of_action__isnull=False)
            .values("lead_department", "fields_of_action")
            .annotate(n=Count("pk", distinct=True))
            .values_list("lead_department", "fields_of_action", "n")
        }
        rows = [
            {
                "department": d,
                "cells": [
                    {
                        "field": f,
                        "entries": entries.get((d.pk, f.pk), 0),
                        "measures": led.get((d.pk, f.pk), 0),
                    }
                    for f in fields
                ],
            }
            for d in departments
        ]
        uncovered = [
            f
            for i, f in enumerate(fields)
            if not any(row["cells"][i]["entries"] or row["cells"][i]["measures"] for row in rows)
        ]
        own = InventoryEntry.objects.filter(municipality=m).select_related(
            "department", "field_of_action"
        )
        if not self.reader.sees_all:
            own = own.filter(department__in=self.reader.department_ids)
        return super().get_context_data(**kwargs) | {
            "fields": fields,
            "rows": rows,
            "uncovered": uncovered,
            "entries": own,
        }


class InventoryEntryPage(FormPage):
    permission = "measures.report"
    form_class = InventoryEntryForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The entry of the inventory has been saved.")

    def departments(self) -> Any:
        return reporting_departments(municipality=self.municipality, reader=self.reader)

    def load_objects(self) -> None:
        self.entry: InventoryEntry | None = None
        if "pk" in self.kwargs:
            self.entry = get_object_or_404(
                InventoryEntry.objects.filter(
                    municipality=self.municipality, department__in=self.departments()
                ),
                pk=self.kwargs["pk"],
            )
            self.delete_label = _("Delete the entry")
            self.delete_question = _("Delete this entry of the inventory?")

    @property
    def title(self) -> str:
        return str(self.entry) if self.entry else _("What a department does for integration")

    def get_form_kwargs(self) -> dict[str, Any]:
        instance = (
            copy(self.entry) if self.entry else InventoryEntry(municipality=self.municipality)
        )
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "departments": self.departments(),
            "instance": instance,
        }

    def back_url(self) -> str:
        return self.reverse("staff:inventory")

    def save(self, form: InventoryEntryForm) -> str:
        inventory_entry_save(
            municipality=self.municipality,
            by=self.request.user,
            entry=InventoryEntry.objects.get(pk=self.entry.pk) if self.entry else None,
            **form.service_fields(),
        )
        return self.back_url()

    def delete(self) -> str:
        assert self.entry is not None
        inventory_entry_delete(entry=self.entry, by=self.request.user)
        return self.back_url()


class CouncilReports(MeasuresStaffMixin, FormView):
    """The yearly reports to the council; a new one is produced in the background."""

    template_name = "measures/staff/council_reports.html"
    form_class = CouncilReportForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "reports": CouncilReport.objects.filter(municipality=self.municipality)[:20]
        }

    def form_valid(self, form: CouncilReportForm) -> HttpResponse:
        from querschnitt.measures.services.council_reports import council_report_request

        data = form.cleaned_data
        report = council_report_request(
            municipality=self.municipality,
            by=self.request.user,
            year=data["year"],
            language=data["language"],
            title=data["title"],
        )
        return HttpResponseRedirect(self.reverse("staff:council_report_detail", pk=report.pk))


class CouncilReportDetail(MeasuresStaffMixin, TemplateView):
    """One report with the progress of its production (polled by htmx while it runs)."""

    template_name = "measures/staff/council_report_detail.html"

    def load_objects(self) -> None:
        self.report = get_object_or_404(
            CouncilReport.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = self.report
        return super().get_context_data(**kwargs) | {
            "report": report,
            "running": report.state in (Production.QUEUED, Production.RUNNING),
        }


class CouncilReportFile(MeasuresStaffMixin, TemplateView):
    def load_objects(self) -> None:
        self.report = get_object_or_404(
            CouncilReport.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        kind = kwargs["kind"]
        field = {"pdf": self.report.pdf_file, "html": self.report.html_file}.get(kind)
        if not field:
            raise Http404
        mime = "application/pdf" if kind == "pdf" else "text/html"
        return stored_file_response(
            field.name, file_name=f"ratsbericht-{self.report.year}.{kind}", mime_type=mime
        )


class SettingsPage(FormPage):
    form_class = SettingsForm
    title = gettext_lazy("Settings of the reporting")
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The settings have been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        current = MeasuresSettings.objects.filter(municipality=self.municipality).first()
        return super().get_form_kwargs() | {
            "instance": copy(current)
            if current
            else MeasuresSettings(municipality=self.municipality)
        }

    def back_url(self) -> str:
        return self.reverse("staff:reporting")

    def save(self, form: SettingsForm) -> str:
        settings_update(
            municipality=self.municipality, by=self.request.user, **form.service_fields()
        )
        return self.reverse("staff:measures_settings")
