"""Composing integration reports, previewing them and producing HTML and PDF."""

from copy import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from querschnitt.core.views.staff import Confirmation, ConfirmMixin, ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.monitoring import exports
from querschnitt.monitoring.forms import ReportForm, SectionForm
from querschnitt.monitoring.models import Report, ReportSection
from querschnitt.monitoring.reports import render_report
from querschnitt.monitoring.services.reports import (
    report_create,
    report_produce_start,
    report_publish,
    report_update,
    section_create,
    section_delete,
    section_move,
    section_update,
)

PROGRESS_TEMPLATE = "monitoring/staff/_report_progress.html"


class ReportMixin(StaffMixin):
    permission = "monitoring.manage"

    def load_objects(self) -> None:
        self.report = get_object_or_404(
            Report.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
        )


class ReportList(StaffMixin, TemplateView):
    permission = "monitoring.manage"
    template_name = "monitoring/staff/reports.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "reports": Report.objects.filter(municipality=self.municipality).annotate(
                section_count=Count("sections")
            )
        }


class ReportCreate(ServiceFormMixin, StaffMixin, FormView):
    permission = "monitoring.manage"
    template_name = "monitoring/staff/report_form.html"
    form_class = ReportForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def form_valid(self, form: ReportForm) -> HttpResponse:
        try:
            report = report_create(
                municipality=self.municipality, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        return HttpResponseRedirect(self.reverse("staff:monitoring_report", pk=report.pk))


class ReportCompose(ConfirmMixin, ServiceFormMixin, ReportMixin, FormView):
    """The report's sections in order, with its title and language; the actions on
    sections; producing and publishing (asked first on a confirm page)."""

    template_name = "monitoring/staff/report.html"
    form_class = ReportForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "instance": copy(self.report),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        sections = ReportSection.objects.filter(
            municipality=self.municipality, report=self.report
        ).select_related("indicator")
        return super().get_context_data(**kwargs) | {
            "report": self.report,
            "report_sections": sections,
        }

    def form_valid(self, form: ReportForm) -> HttpResponse:
        try:
            report_update(report=self.report, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The report has been saved."))
        return HttpResponseRedirect(self.reverse("staff:monitoring_report", pk=self.report.pk))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action", "save")
        if action == "save":
            return super().post(request, *args, **kwargs)
        try:
            if action in ("up", "down", "delete"):
                section = get_object_or_404(
                    ReportSection.objects.filter(
                        municipality=self.municipality, report=self.report
                    ),
                    pk=request.POST.get("section"),
                )
                if action == "delete" and not self.is_confirmed():
                    return self.confirm_page(self.section_delete_confirmation(section))
                if action == "delete":
                    section_delete(section=section, by=request.user)
                    messages.success(request, _("The section has been removed."))
                else:
                    section_move(section=section, by=request.user, step=-1 if action == "up" else 1)
            elif (
                action == "produce"
                and self.report.state == Report.State.PUBLISHED
                and not self.is_confirmed()
            ):
                return self.confirm_page(self.produce_confirmation())
            elif action == "produce":
                report_produce_start(report=self.report, by=request.user)
                messages.success(request, _("The report is being produced."))
            elif action == "publish" and self.report.pdf_file and not self.is_confirmed():
                # asked first; a report not yet produced is refused by the service below
                return self.confirm_page(self.publish_confirmation())
            elif action in ("publish", "withdraw"):
                report_publish(report=self.report, by=request.user, publish=action == "publish")
                messages.success(
                    request,
                    _("The report is published.")
                    if action == "publish"
                    else _("The report is no longer published."),
                )
            else:
                return HttpResponse(status=400)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(self.reverse("staff:monitoring_report", pk=self.report.pk))

    def section_delete_confirmation(self, section: ReportSection) -> Confirmation:
        heading = section.heading or str(section.kind_label)
        return Confirmation(
            question=_("Remove the section “%(heading)s”?") % {"heading": heading},
            consequences=[
                _("The section and its text are removed from the report."),
                _(
                    "The files already produced stay as they are until the report is produced "
                    "again."
                ),
                _("This cannot be undone."),
            ],
            confirm_label=_("Remove the section"),
            cancel_url=self.reverse("staff:monitoring_report", pk=self.report.pk),
            carry={"action": "delete", "section": str(section.pk)},
            details=[(_("Report"), self.report.title), (_("Section"), heading)],
            irreversible=True,
        )

    def produce_confirmation(self) -> Confirmation:
        return Confirmation(
            question=_("Produce the published report again?"),
            consequences=[
                _(
                    "The report is published: as soon as the new HTML and PDF are ready, they "
                    "replace the ones on the public pages."
                ),
                _("Everything changed in its sections since it was last produced goes public."),
            ],
            confirm_label=_("Produce and replace the public files"),
            cancel_url=self.reverse("staff:monitoring_report", pk=self.report.pk),
            carry={"action": "produce"},
            details=[(_("Title"), self.report.title), (_("Year"), str(self.report.year))],
        )

    def publish_confirmation(self) -> Confirmation:
        report = self.report
        return Confirmation(
            question=_("Publish the report “%(title)s”?") % {"title": report.title},
            consequences=[
                _(
                    "Everyone can then read it as PDF and HTML on the public pages of the "
                    "monitoring."
                ),
                _("You can withdraw it from the public pages at any time."),
            ],
            confirm_label=_("Publish on the public pages"),
            cancel_url=self.reverse("staff:monitoring_report", pk=report.pk),
            carry={"action": "publish"},
            details=[
                (_("Title"), report.title),
                (_("Year"), str(report.year)),
                *(
                    [
                        (
                            _("Produced"),
                            formats.date_format(
                                timezone.localtime(report.rendered_at), "SHORT_DATETIME_FORMAT"
                            ),
                        )
                    ]
                    if report.rendered_at
                    else []
                ),
            ],
        )


class SectionEdit(ServiceFormMixin, ReportMixin, FormView):
    template_name = "monitoring/staff/section_form.html"
    form_class = SectionForm
    section: ReportSection | None = None

    def load_objects(self) -> None:
        super().load_objects()
        if "section" in self.kwargs:
            self.section = get_object_or_404(
                ReportSection.objects.filter(municipality=self.municipality, report=self.report),
                pk=self.kwargs["section"],
            )

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "instance": self.section,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"report": self.report, "section": self.section}

    def form_valid(self, form: SectionForm) -> HttpResponse:
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if self.section is None:
                section_create(report=self.report, by=self.request.user, **fields)
            else:
                section_update(section=self.section, by=self.request.user, **fields)
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The section has been saved."))
        return HttpResponseRedirect(self.reverse("staff:monitoring_report", pk=self.report.pk))


class ReportProgress(ReportMixin, TemplateView):
    """The progress of producing the report: a page of its own, and the part of it that the
    report's page asks for every two seconds (htmx)."""

    template_name = "monitoring/staff/report_progress.html"

    def get_template_names(self) -> list[str]:
        if self.request.htmx:  # type: ignore[attr-defined]
            return [PROGRESS_TEMPLATE]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"report": self.report}


class ReportPreview(ReportMixin, TemplateView):
    """The report as it will be produced (its stylesheet linked, not embedded)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponse(render_report(self.report, standalone=False))


class ReportFile(ReportMixin, View):
    """A produced file of the report (also before it is published)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return exports.report_file_response(self.report, self.kwargs["fmt"])
