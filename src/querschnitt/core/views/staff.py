"""Staff area of the core: overview, settings, departments and the audit trail."""

from copy import copy
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from querschnitt.core.audit_sql import AuditRows
from querschnitt.core.models import Department
from querschnitt.core.rows import audit_rows
from querschnitt.core.selectors import departments_with_parents, staff_overview
from querschnitt.core.services import department_create, department_update, municipality_update
from querschnitt.core.staff_forms import DepartmentForm, MunicipalitySettingsForm
from querschnitt.core.views.staff_base import StaffMixin


class Dashboard(StaffMixin, TemplateView):
    template_name = "core/staff/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | staff_overview(request=self.request)


class ServiceFormMixin:
    """Turn a service's ValidationError into form errors instead of a server error."""

    def apply_service_errors(self, form: Any, error: ValidationError) -> HttpResponse:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            form.add_error(None, error)
        return self.form_invalid(form)  # type: ignore[attr-defined]


CONFIRMED = "bestaetigt"


@dataclass(frozen=True)
class Confirmation:
    """What a confirm page says before a consequential action (GOV.UK "confirm" pattern).

    `consequences`: what will happen, in plain sentences; `details`: (label, value) pairs of
    what the action concerns; `carry`: the posted fields that the confirming POST repeats.
    """

    question: str
    consequences: list[str]
    confirm_label: str
    cancel_url: str
    carry: dict[str, str] = field(default_factory=dict)
    details: list[tuple[str, str]] = field(default_factory=list)
    irreversible: bool = False


class ConfirmMixin:
    """Consequential actions ask first. The first POST answers with a page that says what
    will happen; only a POST carrying `bestaetigt=1` (the button of that page) does it.

    Which action confirms and which can be undone is written down in docs/architecture.md
    ("Consequential actions").
    """

    request: HttpRequest

    def is_confirmed(self) -> bool:
        return self.request.POST.get(CONFIRMED) == "1"

    def confirm_page(self, confirmation: Confirmation) -> HttpResponse:
        context = self.get_context_data()  # type: ignore[attr-defined]
        return TemplateResponse(
            self.request,
            "core/staff/confirm.html",
            context | {"confirmation": confirmation, "confirmed_field": CONFIRMED},
        )


class FormPage(ConfirmMixin, FormView):
    """A staff form whose `save` calls a service and returns where to go next; a service's
    ValidationError becomes form errors (mix in `ServiceFormMixin`, as the apps' office
    mixins do). With `delete_label`, the page's delete button (a POST with `action=delete`,
    or `?loeschen=1`) answers with a confirm page that asks `delete_question` and lists
    `delete_consequences`; only its button calls `delete`."""

    title: Any = ""
    intro: Any = ""
    submit_label: Any = ""
    success_message: Any = ""
    delete_label: Any = ""
    delete_question: Any = ""
    delete_consequences: Any = ()

    def save(self, form: Any) -> str:
        raise NotImplementedError

    def delete(self) -> str:
        raise NotImplementedError

    def back_url(self) -> str:
        return ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "title": self.title,
            "intro": self.intro,
            "submit_label": self.submit_label,
            "delete_label": self.delete_label,
            "back_url": self.back_url(),
            "multipart": any(
                getattr(field.widget, "needs_multipart_form", False)
                for field in kwargs.get("form", self.get_form()).fields.values()
            ),
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.delete_label and "loeschen" in request.GET:
            return self.confirm_page(self.delete_confirmation())
        return super().get(request, *args, **kwargs)

    def delete_confirmation(self) -> Confirmation:
        return Confirmation(
            question=str(self.delete_question),
            consequences=[
                *(str(text) for text in self.delete_consequences),
                _("This cannot be undone."),
            ],
            confirm_label=str(self.delete_label),
            cancel_url=self.request.path,
            carry={"action": "delete"},
            details=[(_("What"), str(self.title))],
            irreversible=True,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.delete_label and request.POST.get("action") == "delete":
            if not self.is_confirmed():
                return self.confirm_page(self.delete_confirmation())
            try:
                target = self.delete()
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(request.path)
            messages.success(request, self.deleted_message())
            return HttpResponseRedirect(target)
        return super().post(request, *args, **kwargs)

    def deleted_message(self) -> str:
        return _("Deleted.")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            target = self.save(form)
        except ValidationError as error:
            return self.apply_service_errors(form, error)  # type: ignore[attr-defined]
        if self.success_message:
            messages.success(self.request, str(self.success_message))
        return HttpResponseRedirect(target)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MunicipalitySettings(ServiceFormMixin, StaffMixin, FormView):
    permission = "municipality.change_settings"
    template_name = "core/staff/settings.html"
    form_class = MunicipalitySettingsForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"instance": copy(self.municipality)}

    def form_valid(self, form: MunicipalitySettingsForm) -> HttpResponse:
        try:
            municipality_update(
                municipality=self.municipality, by=self.request.user, **form.service_fields()
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The settings have been saved."))
        return HttpResponseRedirect(self.reverse("staff:settings"))


class DepartmentList(StaffMixin, ListView):
    permission = "departments.view"
    template_name = "core/staff/department_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Department]:
        return departments_with_parents(municipality=self.municipality)


class DepartmentCreate(ServiceFormMixin, StaffMixin, FormView):
    permission = "departments.change"
    template_name = "core/staff/department_form.html"
    form_class = DepartmentForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def form_valid(self, form: DepartmentForm) -> HttpResponse:
        try:
            department_create(
                municipality=self.municipality, by=self.request.user, **form.service_fields()
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The department has been added."))
        return HttpResponseRedirect(self.reverse("staff:department_list"))


class DepartmentEdit(ServiceFormMixin, StaffMixin, FormView):
    permission = "departments.change"
    template_name = "core/staff/department_form.html"
    form_class = DepartmentForm

    def load_objects(self) -> None:
        self.department = get_object_or_404(
            Department.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "instance": copy(self.department),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"department": self.department}

    def form_valid(self, form: DepartmentForm) -> HttpResponse:
        try:
            department_update(
                department=self.department, by=self.request.user, **form.service_fields()
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The department has been saved."))
        return HttpResponseRedirect(self.reverse("staff:department_list"))


class AuditTrail(StaffMixin, ListView):
    permission = "audit.view"
    template_name = "core/staff/audit.html"
    paginate_by = 50

    def get_queryset(self) -> AuditRows:  # type: ignore[override]
        # count and page read with SQL, the rows as plain values (`audit_rows`)
        return AuditRows(municipality=self.municipality, filters=self.request.GET.get("aktion", ""))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        action = self.request.GET.get("aktion", "")
        context = super().get_context_data(**kwargs)
        return context | {
            "audit_rows": audit_rows(context["object_list"]),
            "action": action,
            "query": f"aktion={action}" if action else "",
        }
