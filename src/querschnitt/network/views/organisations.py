"""The office's pages for organisations: every entry of the municipality, create and edit."""

from copy import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from querschnitt.core.form_markup import filter_form_markup
from querschnitt.core.views.staff import Confirmation, ConfirmMixin, ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.network.forms.organisations import OrganisationForm, StaffOrganisationFilterForm
from querschnitt.network.logos import logo_url
from querschnitt.network.models import Organisation
from querschnitt.network.selectors.staff_directory_sql import staff_list_page
from querschnitt.network.services.organisations import (
    coordinates_outside,
    municipality_area,
    organisation_create,
    organisation_location_problem,
    organisation_update,
)
from querschnitt.network.staff_rows import organisation_rows


class OrganisationList(StaffMixin, TemplateView):
    """All organisations of the municipality, whatever their status and visibility."""

    permission = "network.manage"
    template_name = "network/staff/organisation_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = StaffOrganisationFilterForm(request.GET or None)
        values = form.cleaned_data if form.is_valid() else {}
        page = staff_list_page(
            municipality=self.municipality,
            status=values.get("status", ""),
            query=values.get("q", ""),
            after=request.GET.get("nach", ""),
            before=request.GET.get("vor", ""),
        )
        area = municipality_area(municipality=self.municipality)
        rows = [
            {
                "organisation": organisation,
                "outside": coordinates_outside(
                    area=area, latitude=organisation.latitude, longitude=organisation.longitude
                ),
            }
            for organisation in page.items
        ]
        params = request.GET.copy()
        for key in ("nach", "vor"):
            params.pop(key, None)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                filter_markup=filter_form_markup(form, municipality=self.municipality),
                organisation_rows=organisation_rows(rows, municipality=self.municipality),
                page=page,
                query_string=params.urlencode(),
            )
        )


class OrganisationFormMixin(ServiceFormMixin, StaffMixin, FormView):
    permission = "network.manage"
    template_name = "network/staff/organisation_form.html"
    form_class = OrganisationForm
    organisation: Organisation | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs() | {"municipality": self.municipality}
        if self.organisation is not None:
            kwargs["instance"] = copy(self.organisation)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        problem = None
        if self.organisation is not None:
            problem = organisation_location_problem(
                municipality=self.municipality,
                latitude=self.organisation.latitude,
                longitude=self.organisation.longitude,
            )
        return super().get_context_data(**kwargs) | {
            "organisation": self.organisation,
            "logo_url": logo_url(self.organisation, municipality=self.municipality)
            if self.organisation is not None
            else None,
            "location_problem": problem,
        }

    def saved(self, organisation: Organisation, message: str) -> HttpResponse:
        messages.success(self.request, message)
        return HttpResponseRedirect(self.reverse("staff:organisation_edit", pk=organisation.pk))


class OrganisationCreate(OrganisationFormMixin):
    def get_initial(self) -> dict[str, Any]:
        return {
            "city": self.municipality.name,
            "status": Organisation.Status.PUBLISHED,
        }

    def form_valid(self, form: OrganisationForm) -> HttpResponse:
        try:
            organisation = organisation_create(
                municipality=self.municipality, by=self.request.user, **form.service_fields()
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        return self.saved(organisation, _("The organisation has been added."))


class OrganisationEdit(ConfirmMixin, OrganisationFormMixin):
    """Edit every field; archiving (the button) asks first, publishing again undoes it."""

    def load_objects(self) -> None:
        self.organisation = get_object_or_404(
            Organisation.objects.filter(municipality=self.municipality).select_related("district"),
            pk=self.kwargs["pk"],
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        if action == "archive":
            return self.archive()
        if action == "publish_again":
            return self.publish_again()
        return super().post(request, *args, **kwargs)

    def archive(self) -> HttpResponse:
        organisation = self.organisation
        assert organisation is not None
        if not self.is_confirmed():
            return self.confirm_page(
                Confirmation(
                    question=_("Archive %(name)s?") % {"name": organisation.name},
                    consequences=[
                        _(
                            "The entry disappears from the public directory, the map, the "
                            "alliance page and the API."
                        ),
                        _("Its signatures, contacts and representatives stay."),
                        _("You can publish it again at any time on this page."),
                    ],
                    confirm_label=_("Yes, archive"),
                    cancel_url=self.reverse("staff:organisation_edit", pk=organisation.pk),
                    carry={"action": "archive"},
                    details=[
                        (_("Status"), str(organisation.get_status_display())),
                        (_("Visibility"), str(organisation.get_visibility_display())),
                    ],
                )
            )
        organisation_update(
            organisation=organisation, by=self.request.user, status=Organisation.Status.ARCHIVED
        )
        return self.saved(organisation, _("The organisation has been archived."))

    def publish_again(self) -> HttpResponse:
        organisation = self.organisation
        assert organisation is not None
        if organisation.status == Organisation.Status.ARCHIVED:
            organisation_update(
                organisation=organisation,
                by=self.request.user,
                status=Organisation.Status.PUBLISHED,
            )
        return self.saved(organisation, _("The organisation is published again."))

    def form_valid(self, form: OrganisationForm) -> HttpResponse:
        assert self.organisation is not None
        try:
            organisation = organisation_update(
                organisation=self.organisation, by=self.request.user, **form.service_fields()
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        return self.saved(organisation, _("The organisation has been saved."))
