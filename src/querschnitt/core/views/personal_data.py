"""The office administrator's pages for a person's data: what is held, export, erase.

The e-mail address travels in POST bodies only, so that it stays out of addresses, browser
histories and access logs.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from querschnitt.core.data_forms import ErasureForm, PersonForm
from querschnitt.core.personal_data import (
    person_check_erasure,
    person_erase,
    person_export,
    person_find,
)
from querschnitt.core.personal_data_export import export_response
from querschnitt.core.views.staff_base import StaffMixin

FORMATS = ("json", "xlsx")


class PersonalDataMixin(StaffMixin):
    permission = "personal_data.manage"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class PersonalDataSearch(PersonalDataMixin, TemplateView):
    """Search a person by e-mail address and see what the municipality holds about them."""

    template_name = "core/staff/personal_data.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=PersonForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = PersonForm(request.POST)
        context: dict[str, Any] = {"form": form}
        if form.is_valid():
            _person, holdings = person_find(
                municipality=self.municipality, email=form.cleaned_data["email"]
            )
            context |= {"holdings": holdings, "email": form.cleaned_data["email"]}
        return self.render_to_response(self.get_context_data(**context))


class PersonalDataExport(PersonalDataMixin, TemplateView):
    """Everything held about the person, as JSON or XLSX (Art. 15 GDPR)."""

    http_method_names = ["post"]
    template_name = "core/staff/personal_data.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = PersonForm(request.POST)
        fmt = request.POST.get("format", "")
        if not form.is_valid() or fmt not in FORMATS:
            if form.is_valid():
                form.add_error(None, _("Choose JSON or XLSX as the format of the export."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        document = person_export(
            municipality=self.municipality, email=form.cleaned_data["email"], by=request.user
        )
        return export_response(document, fmt=fmt)


class PersonalDataErase(PersonalDataMixin, TemplateView):
    """Confirm, then erase: the page lists what is removed and what is kept without the person."""

    http_method_names = ["post"]
    template_name = "core/staff/personal_data_erase.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("step") != "erase":  # from the search: show what would happen
            form = ErasureForm(initial={"email": request.POST.get("email", "")})
            search = PersonForm(request.POST)
            if not search.is_valid():
                return self.render_search(search)
            return self.render_confirmation(form, search.cleaned_data["email"])
        form = ErasureForm(request.POST)
        if not form.is_valid():
            email = form.cleaned_data.get("email") or ""
            if not email:
                return self.render_search(PersonForm(request.POST))
            return self.render_confirmation(form, email, status=400)
        try:
            person_erase(
                municipality=self.municipality, email=form.cleaned_data["email"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_confirmation(form, form.cleaned_data["email"], status=400)
        messages.success(
            request,
            _(
                "The person's data has been erased. The audit trail records the erasure without "
                "naming the person."
            ),
        )
        return HttpResponseRedirect(self.reverse("staff:personal_data"))

    def render_search(self, form: PersonForm) -> HttpResponse:
        self.template_name = PersonalDataSearch.template_name
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def render_confirmation(self, form: ErasureForm, email: str, status: int = 200) -> HttpResponse:
        person, holdings = person_find(municipality=self.municipality, email=email)
        refusal = None
        try:
            person_check_erasure(
                municipality=self.municipality, person=person, by=self.request.user
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        return self.render_to_response(
            self.get_context_data(form=form, email=email, holdings=holdings, refusal=refusal),
            status=status,
        )
