"""Entry requests (public), the office's queue of requests and changes, and the pages where
representatives keep their organisation's entry current."""

from copy import copy
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import FormView, ListView, TemplateView

from querschnitt.core.ratelimit import rate_limit_exceeded
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.core.views.errors import render_error
from querschnitt.core.views.staff import Confirmation, ConfirmMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.network.forms.entries import (
    DecisionForm,
    EntryRequestForm,
    OrganisationFieldsForm,
    RepresentativeEntryForm,
)
from querschnitt.network.logos import logo_url
from querschnitt.network.models import ChangeRequest, Organisation, Topic
from querschnitt.network.selectors.entries import (
    change_request_rows,
    change_requests,
    entry_requests,
    entry_requests_in_review,
    language_name,
    likely_duplicates,
    network_settings_of,
    organisation_values,
    organisations_represented_by,
    pending_change_request_of,
    pending_change_requests,
    represented_organisation,
)
from querschnitt.network.services.entries import (
    ChangeOutcome,
    EntryLinkError,
    change_request_accept,
    change_request_reject,
    entry_request_approve,
    entry_request_confirm,
    entry_request_from_token,
    entry_request_reject,
    entry_request_submit,
    organisation_change_submit,
)

QUEUE_PAGE_SIZE = 25


def base_url(request: HttpRequest) -> str:
    """Scheme and host of this request, for the absolute links in e-mails."""
    return f"{request.scheme}://{request.get_host()}"


def show_service_errors(form: OrganisationFieldsForm, error: ValidationError) -> None:
    """Put a service's errors on the form fields they concern (the form names a few apart)."""
    renamed = {
        "website": "homepage",
        "description": "description" if "description" in form.fields else "description_de",
    }
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        name = renamed.get(field, field)
        form.add_error(name if name in form.fields else None, field_errors)


# Public --------------------------------------------------------------------------------


class EntryRequestView(MunicipalityMixin, FormView):
    """An organisation asks for an entry; it confirms its e-mail address before the office
    sees the request."""

    template_name = "network/entries/request.html"
    form_class = EntryRequestForm

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("gesendet"):
            settings = network_settings_of(municipality=self.municipality)
            return render(
                request,
                "network/entries/request_sent.html",
                {"municipality": self.municipality, "days": settings.request_expiry_days},
            )
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if rate_limit_exceeded(request, scope="entry-request", limit=5, window=600):
            return render_error(
                request, 429, _("Too many requests from your address. Please try again later.")
            )
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def form_valid(self, form: EntryRequestForm) -> HttpResponse:
        # A bot that filled in the hidden field sees the same answer as a person, so it
        # learns nothing; nothing is stored and no mail is sent.
        if not form.is_spam():
            try:
                entry_request_submit(
                    municipality=self.municipality,
                    requester_name=form.cleaned_data["requester_name"],
                    requester_email=form.cleaned_data["requester_email"],
                    base_url=base_url(self.request),
                    **form.service_values(),
                )
            except ValidationError as error:
                show_service_errors(form, error)
                return self.form_invalid(form)
        return HttpResponseRedirect(
            f"{self.reverse('network:entry_request')}?{urlencode({'gesendet': 1})}"
        )


@require_http_methods(["GET", "POST"])
def entry_confirm(request: HttpRequest, municipality: str, token: str) -> HttpResponse:
    """The link from the confirmation e-mail. Confirming is a button (POST), so that mail
    scanners that open links do not confirm on the requester's behalf."""
    current = request.municipality  # type: ignore[attr-defined]
    try:
        organisation = entry_request_from_token(municipality=current, token=token)
    except EntryLinkError as error:
        return render_error(request, 400, error.reason)
    if request.method == "POST":
        if entry_request_confirm(organisation=organisation, base_url=base_url(request)):
            messages.success(request, _("Thank you. Your e-mail address is confirmed."))
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "network/entries/confirm.html",
        {
            "municipality": current,
            "organisation": organisation,
            "confirmed": organisation.email_confirmed_at is not None,
        },
    )


# The office ----------------------------------------------------------------------------


def page_of(queryset: QuerySet[Any], request: HttpRequest, parameter: str) -> Page[Any]:
    return Paginator(queryset, QUEUE_PAGE_SIZE).get_page(request.GET.get(parameter))


class EntryQueue(StaffMixin, TemplateView):
    """Two queues on one page: confirmed requests for an entry, and representatives' changes."""

    permission = "network.manage"
    template_name = "network/staff/entries/queue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        requests = page_of(
            entry_requests_in_review(municipality=self.municipality), self.request, "anfragen"
        )
        changes = page_of(
            pending_change_requests(municipality=self.municipality), self.request, "aenderungen"
        )
        duplicates = likely_duplicates(
            municipality=self.municipality, organisations=list(requests.object_list)
        )
        now = timezone.now()
        return super().get_context_data(**kwargs) | {
            "requests": requests,
            "request_rows": [
                {
                    "organisation": organisation,
                    "since": organisation.email_confirmed_at or organisation.created_at,
                    "waiting_days": (
                        now - (organisation.email_confirmed_at or organisation.created_at)
                    ).days,
                    "duplicate": duplicates.get(organisation.pk),
                }
                for organisation in requests.object_list
            ],
            "changes": changes,
            "change_rows": [
                {
                    "change_request": change_request,
                    "waiting_days": (now - change_request.submitted_at).days,
                    "field_count": len(change_request.proposed),
                }
                for change_request in changes.object_list
            ],
            "requests_query": urlencode({"aenderungen": changes.number}),
            "changes_query": urlencode({"anfragen": requests.number}),
        }


class DecisionMixin(ConfirmMixin, StaffMixin, TemplateView):
    """A page that shows one request and takes the office's decision on it, after a page that
    says what the decision will do."""

    permission = "network.manage"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = DecisionForm(request.POST)
        if form.is_valid():
            if not self.is_confirmed() and self.can_decide():
                decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
                return self.confirm_page(self.confirmation(decision, reason.strip()))
            try:
                self.decide(form.cleaned_data["decision"], form.cleaned_data["reason"])
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                return HttpResponseRedirect(self.reverse("staff:entry_queue"))
        return self.render_to_response(self.get_context_data(posted=form))

    def decide(self, decision: str, reason: str) -> None:
        raise NotImplementedError

    def can_decide(self) -> bool:
        raise NotImplementedError

    def confirmation(self, decision: str, reason: str) -> Confirmation:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        posted = kwargs.pop("posted", None)
        reject_form = DecisionForm(initial={"decision": "reject"}, prefix=None)
        if posted is not None and posted.data.get("decision") == "reject":
            reject_form = posted
        return super().get_context_data(**kwargs) | {
            "reject_form": reject_form,
            "decision_errors": posted.non_field_errors() if posted is not None else [],
        }


class EntryDecide(DecisionMixin):
    """One request for an entry: its details, and approve or reject."""

    template_name = "network/staff/entries/entry_decide.html"

    def load_objects(self) -> None:
        self.organisation = get_object_or_404(
            entry_requests(municipality=self.municipality).select_related("district"),
            pk=self.kwargs["pk"],
        )

    def can_decide(self) -> bool:
        return self.organisation.status == Organisation.Status.IN_REVIEW

    def confirmation(self, decision: str, reason: str) -> Confirmation:
        organisation = self.organisation
        requester = f"{organisation.requested_by_name} <{organisation.requested_by_email}>"
        details = [(_("Organisation"), organisation.name), (_("Requested by"), requester)]
        cancel = self.reverse("staff:entry_decide", pk=organisation.pk)
        if decision == "approve":
            return Confirmation(
                question=_("Publish the entry of %(name)s?") % {"name": organisation.name},
                consequences=[
                    _("The entry appears in the public directory, on the map and in the API."),
                    _(
                        "%(requester)s becomes its representative and is told by e-mail; a new "
                        "account gets a link to set a password. The e-mail cannot be called back."
                    )
                    % {"requester": requester},
                ],
                confirm_label=_("Yes, publish and invite"),
                cancel_url=cancel,
                carry={"decision": "approve"},
                details=details,
                irreversible=True,
            )
        return Confirmation(
            question=_("Reject the request of %(name)s?") % {"name": organisation.name},
            consequences=[
                _("The entry is not published."),
                _("This reason goes to %(requester)s by e-mail. It cannot be called back.")
                % {"requester": requester},
            ],
            confirm_label=_("Yes, reject and send the reason"),
            cancel_url=cancel,
            carry={"decision": "reject", "reason": reason},
            details=[*details, (_("Reason"), reason)],
            irreversible=True,
        )

    def decide(self, decision: str, reason: str) -> None:
        if decision == "approve":
            entry_request_approve(
                organisation=self.organisation,
                by=self.request.user,
                base_url=base_url(self.request),
            )
            messages.success(
                self.request,
                _("The entry of %(name)s is published; the requester has been told by e-mail.")
                % {"name": self.organisation.name},
            )
        else:
            entry_request_reject(
                organisation=self.organisation, by=self.request.user, reason=reason
            )
            messages.success(
                self.request,
                _("The request of %(name)s has been rejected; the requester has been told.")
                % {"name": self.organisation.name},
            )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        organisation = self.organisation
        values = organisation_values(organisation)
        topics = dict(Topic.choices)
        return super().get_context_data(**kwargs) | {
            "organisation": organisation,
            "topics": [topics.get(topic, topic) for topic in values["topics"]],
            "languages": [language_name(code) for code in values["languages"]],
            "duplicate": likely_duplicates(
                municipality=self.municipality, organisations=[organisation]
            ).get(organisation.pk),
            "can_decide": organisation.status == Organisation.Status.IN_REVIEW,
        }


class ChangeDecide(DecisionMixin):
    """A representative's proposed changes: old and new value of each field; accept or reject."""

    template_name = "network/staff/entries/change_decide.html"

    def load_objects(self) -> None:
        self.change_request = get_object_or_404(
            change_requests(municipality=self.municipality), pk=self.kwargs["pk"]
        )

    def can_decide(self) -> bool:
        return self.change_request.state == ChangeRequest.State.PENDING

    def confirmation(self, decision: str, reason: str) -> Confirmation:
        change_request = self.change_request
        name = change_request.organisation.name
        person = str(change_request.submitted_by or "–")
        details = [
            (_("Organisation"), name),
            (_("Proposed by"), person),
            (_("Fields changed"), str(len(change_request.proposed))),
        ]
        cancel = self.reverse("staff:change_decide", pk=change_request.pk)
        if decision == "approve":
            return Confirmation(
                question=_("Publish the changes to %(name)s?") % {"name": name},
                consequences=[
                    _("The proposed values replace the entry's current ones at once."),
                    _("%(person)s is told by e-mail.") % {"person": person},
                ],
                confirm_label=_("Yes, publish the changes"),
                cancel_url=cancel,
                carry={"decision": "approve"},
                details=details,
                irreversible=True,
            )
        return Confirmation(
            question=_("Reject the changes to %(name)s?") % {"name": name},
            consequences=[
                _("The entry stays as it is."),
                _("This reason goes to %(person)s by e-mail. It cannot be called back.")
                % {"person": person},
            ],
            confirm_label=_("Yes, reject and send the reason"),
            cancel_url=cancel,
            carry={"decision": "reject", "reason": reason},
            details=[*details, (_("Reason"), reason)],
            irreversible=True,
        )

    def decide(self, decision: str, reason: str) -> None:
        name = self.change_request.organisation.name
        if decision == "approve":
            change_request_accept(change_request=self.change_request, by=self.request.user)
            messages.success(
                self.request, _("The changes to %(name)s are published.") % {"name": name}
            )
        else:
            change_request_reject(
                change_request=self.change_request, by=self.request.user, reason=reason
            )
            messages.success(
                self.request, _("The changes to %(name)s have been rejected.") % {"name": name}
            )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "change_request": self.change_request,
            "organisation": self.change_request.organisation,
            "rows": change_request_rows(change_request=self.change_request),
            "can_decide": self.change_request.state == ChangeRequest.State.PENDING,
        }


# Representatives -----------------------------------------------------------------------


class MyOrganisations(StaffMixin, ListView):
    """The organisations the signed-in person represents here."""

    permission = "network.represent"
    template_name = "network/staff/entries/my_organisations.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisations_represented_by(municipality=self.municipality, user=self.request.user)


class MyOrganisationEdit(StaffMixin, FormView):
    """A representative keeps the public fields of their organisation's entry current."""

    permission = "network.represent"
    template_name = "network/staff/entries/my_organisation_edit.html"
    form_class = RepresentativeEntryForm

    def load_objects(self) -> None:
        self.organisation = represented_organisation(
            municipality=self.municipality, user=self.request.user, pk=self.kwargs["pk"]
        )
        self.pending = pending_change_request_of(organisation=self.organisation)

    def get_form_kwargs(self) -> dict[str, Any]:
        # The form shows the pending proposal, if any, so that it can be corrected.
        current = organisation_values(self.organisation)
        values = current | (self.pending.proposed if self.pending is not None else {})
        initial = {key: value for key, value in values.items() if key != "description"}
        initial["homepage"] = values["website"]
        initial.pop("logo", None)
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "description_languages": self.municipality.offered_languages,
            "description": values["description"],
            "extra_languages": [*current["languages"], *values["languages"]],
            "instance": copy(self.organisation),
            "initial": initial,
            "logo": values["logo"],
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        shown = self.pending.proposed.get("logo") if self.pending is not None else None
        return super().get_context_data(**kwargs) | {
            "organisation": self.organisation,
            "pending": self.pending,
            "review_changes": network_settings_of(municipality=self.municipality).review_changes,
            "logo_url": logo_url(
                self.organisation, municipality=self.municipality, stored_name=shown
            ),
        }

    def form_valid(self, form: RepresentativeEntryForm) -> HttpResponse:
        try:
            outcome, _change_request = organisation_change_submit(
                organisation=self.organisation, by=self.request.user, values=form.service_values()
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        notes = {
            ChangeOutcome.UNCHANGED: (messages.INFO, _("Nothing was changed.")),
            ChangeOutcome.APPLIED: (messages.SUCCESS, _("The entry has been updated.")),
            ChangeOutcome.QUEUED: (
                messages.SUCCESS,
                _(
                    "Thank you. Your changes wait for review by the office; the public entry "
                    "shows them once they are accepted."
                ),
            ),
            ChangeOutcome.WITHDRAWN: (
                messages.INFO,
                _("Your proposed changes have been withdrawn; the entry stays as it is."),
            ),
        }
        level, text = notes[outcome]
        messages.add_message(self.request, level, text)
        return HttpResponseRedirect(
            self.reverse("staff:my_organisation_edit", pk=self.organisation.pk)
        )
