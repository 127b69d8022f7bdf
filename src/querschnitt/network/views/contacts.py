"""Contacts and their consents: the office's internal address book (staff only)."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from querschnitt.accounts.permissions import has_permission
from querschnitt.core.form_markup import filter_form_markup
from querschnitt.core.views.staff import ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.network.forms.contacts import (
    SUGGESTIONS_ID,
    ConsentForm,
    ContactFilterForm,
    ContactForm,
)
from querschnitt.network.models import Consent, Contact
from querschnitt.network.selectors.contacts import (
    contact_consents,
    organisation_label,
    organisation_suggestions,
)
from querschnitt.network.selectors.contacts_sql import ContactFilters, ContactRows
from querschnitt.network.services.contacts import (
    consent_create,
    consent_withdraw,
    contact_create,
    contact_update,
)
from querschnitt.network.staff_rows import contact_rows


class OrganisationSuggestionsMixin(StaffMixin):
    """htmx asks the page itself for the organisations matching what was typed."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.htmx and request.htmx.trigger_name == "organisation":  # type: ignore[attr-defined]
            suggestions = organisation_suggestions(
                municipality=self.municipality, query=request.GET.get("organisation", "")[:200]
            )
            return render(
                request,
                "network/staff/contacts/_organisation_suggestions.html",
                {"labels": [organisation_label(o) for o in suggestions]},
            )
        return super().get(request, *args, **kwargs)  # type: ignore[misc]


class ContactList(OrganisationSuggestionsMixin, ListView):
    permission = "network.manage"
    template_name = "network/staff/contacts/list.html"
    paginate_by = 50

    def get_queryset(self) -> ContactRows:  # type: ignore[override]
        self.filter_form = ContactFilterForm(
            self.request.GET or None,
            municipality=self.municipality,
            suggest_url=self.reverse("staff:contact_list"),
        )
        filters = self.filter_form.filters() if self.filter_form.is_bound else {}
        organisation = filters.get("organisation")
        # count and page read with SQL, the rows as plain values (`contact_rows`)
        return ContactRows(
            municipality=self.municipality,
            filters=ContactFilters(
                query=filters.get("query", ""),
                organisation_id=organisation.pk if organisation is not None else None,
                has_mailing_consent=filters.get("has_mailing_consent"),
            ),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = {
            key: value
            for key, value in self.request.GET.items()
            if key in ("q", "organisation", "einwilligung") and value
        }
        context = super().get_context_data(**kwargs)
        return context | {
            "filter_form": self.filter_form,
            # remembered unless an organisation is asked for: that one is looked up
            "filter_markup": self.filter_form.render()
            if str(self.filter_form.data.get("organisation", "")).strip()
            else filter_form_markup(self.filter_form, municipality=self.municipality, whole=True),
            "contact_rows": contact_rows(context["object_list"], municipality=self.municipality),
            "query": urlencode(query),
            "suggestions_id": SUGGESTIONS_ID,
        }


class ContactCreate(ServiceFormMixin, OrganisationSuggestionsMixin, FormView):
    permission = "network.manage"
    template_name = "network/staff/contacts/form.html"
    form_class = ContactForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "suggest_url": self.reverse("staff:contact_create"),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"suggestions_id": SUGGESTIONS_ID}

    def form_valid(self, form: ContactForm) -> HttpResponse:
        try:
            contact = contact_create(
                municipality=self.municipality, by=self.request.user, **form.service_fields()
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(
            self.request,
            _("The contact has been added. Record the legal basis for using their data below."),
        )
        return HttpResponseRedirect(self.reverse("staff:contact_edit", pk=contact.pk))


class ContactEdit(ServiceFormMixin, OrganisationSuggestionsMixin, FormView):
    """The contact's details and, below them, the consent records: add one, withdraw one.

    One URL, three forms; the button pressed (`action`) says which one was sent.
    """

    permission = "network.manage"
    template_name = "network/staff/contacts/form.html"
    form_class = ContactForm

    def load_objects(self) -> None:
        self.contact = get_object_or_404(
            Contact.objects.filter(municipality=self.municipality).select_related("organisation"),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs() | {
            "municipality": self.municipality,
            "suggest_url": self.reverse("staff:contact_edit", pk=self.contact.pk),
            "contact": self.contact,
        }
        if self.request.POST.get("action") != "contact":
            kwargs.pop("data", None)
            kwargs.pop("files", None)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("consent_form", ConsentForm())
        return context | {
            "contact": self.contact,
            "consents": contact_consents(contact=self.contact),
            "suggestions_id": SUGGESTIONS_ID,
            "may_manage_personal_data": has_permission(
                self.request.user, self.municipality, "personal_data.manage"
            ),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        if action == "consent_add":
            return self.add_consent()
        if action == "consent_withdraw":
            return self.withdraw_consent()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: ContactForm) -> HttpResponse:
        try:
            contact_update(contact=self.contact, by=self.request.user, **form.service_fields())
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The contact has been saved."))
        return HttpResponseRedirect(self.reverse("staff:contact_edit", pk=self.contact.pk))

    def add_consent(self) -> HttpResponse:
        consent_form = ConsentForm(self.request.POST)
        if consent_form.is_valid():
            try:
                consent_create(
                    contact=self.contact, by=self.request.user, **consent_form.cleaned_data
                )
            except ValidationError as error:
                errors = error.error_dict if hasattr(error, "error_dict") else {None: error}
                for field, field_errors in errors.items():
                    consent_form.add_error(
                        field if field in consent_form.fields else None, field_errors
                    )
            else:
                messages.success(self.request, _("The consent record has been added."))
                return HttpResponseRedirect(
                    self.reverse("staff:contact_edit", pk=self.contact.pk) + "#consents"
                )
        return self.render_to_response(self.get_context_data(consent_form=consent_form))

    def withdraw_consent(self) -> HttpResponse:
        consent = get_object_or_404(
            Consent.objects.filter(municipality=self.municipality, contact=self.contact),
            pk=_int_or_none(self.request.POST.get("consent")),
        )
        consent_withdraw(consent=consent, by=self.request.user)
        messages.success(self.request, _("The consent has been marked as withdrawn."))
        return HttpResponseRedirect(
            self.reverse("staff:contact_edit", pk=self.contact.pk) + "#consents"
        )


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
