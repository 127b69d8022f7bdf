"""The office's review queue of signatures: how long each has waited, accept or decline."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from querschnitt.core.form_markup import filter_form_markup
from querschnitt.core.translation import translate
from querschnitt.core.views.staff import Confirmation, ConfirmMixin, ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.core.worklist import past_target_cutoff
from querschnitt.network.forms.declarations import DecisionForm, SignatureFilterForm
from querschnitt.network.models import Organisation, Signature
from querschnitt.network.selectors.declarations import (
    network_settings_of,
    signature_for_office,
    waiting_of,
    waiting_times,
)
from querschnitt.network.selectors.signatures_sql import SignatureFilters, SignatureRows
from querschnitt.network.services import declarations as services
from querschnitt.network.staff_rows import signature_rows


class SignatureQueue(StaffMixin, ListView):
    """Signatures by state; those waiting for review first, the longest waiting on top."""

    permission = "network.manage"
    template_name = "network/staff/signatures/queue.html"
    paginate_by = 50

    def get_queryset(self) -> SignatureRows:  # type: ignore[override]
        self.filter_form = SignatureFilterForm(self.request.GET)
        self.target = network_settings_of(municipality=self.municipality).signature_review_days
        # the count and the page by plain SQL, with the conditions and order of
        # `signature_queue` (compared in `test_signatures_sql.py`)
        past_target_only = self.filter_form.past_target_only()
        return SignatureRows(
            municipality=self.municipality,
            filters=SignatureFilters(
                state=Signature.State.PENDING_REVIEW
                if past_target_only
                else self.filter_form.state(),
                confirmed_by=past_target_cutoff(self.target) if past_target_only else None,
            ),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        target = self.target
        now = timezone.now()
        rows = [
            row
            | {
                "waiting": waiting_of(
                    state=row["state"],
                    confirmed_at=row["confirmed_at"],
                    submitted_at=row["submitted_at"],
                    target_days=target,
                    now=now,
                )
            }
            for row in context["object_list"]
        ]
        query = self.request.GET.copy()
        query.pop("page", None)
        return context | {
            "filter_form": self.filter_form,
            "filter_markup": filter_form_markup(self.filter_form, municipality=self.municipality),
            "object_list": rows,
            "signature_rows": signature_rows(rows, municipality=self.municipality),
            "target_days": target,
            "query": query.urlencode(),
        }


class SignatureDecide(ConfirmMixin, ServiceFormMixin, StaffMixin, FormView):
    """One signature with its organisation; the office accepts it or declines with a reason."""

    permission = "network.manage"
    template_name = "network/staff/signatures/decide.html"
    form_class = DecisionForm

    def load_objects(self) -> None:
        self.signature = signature_for_office(municipality=self.municipality, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        target = network_settings_of(municipality=self.municipality).signature_review_days
        waiting_times([self.signature], target_days=target)
        return super().get_context_data(**kwargs) | {
            "signature": self.signature,
            "organisation": self.signature.organisation,
            "is_pending": self.signature.state == Signature.State.PENDING_REVIEW,
            "target_days": target,
        }

    def confirmation(self, form: DecisionForm) -> Confirmation:
        signature, organisation = self.signature, self.signature.organisation
        signer = f"{signature.signer_name} <{signature.signer_email}>"
        details = [
            (_("Institution"), organisation.name),
            (_("Signed by"), signer),
            (
                _("Declaration"),
                f"{translate(signature.declaration.title).text} ({signature.version.label})",
            ),
        ]
        cancel = self.reverse("staff:signature_decide", pk=signature.pk)
        requested = organisation.status == Organisation.Status.REQUESTED
        if form.cleaned_data["decision"] == DecisionForm.ACCEPT:
            alliance = getattr(signature.declaration, "alliance", None)
            consequences = [
                _("The institution becomes a member of %(alliance)s and is listed on its page.")
                % {"alliance": translate(alliance.name).text}
                if alliance
                else _("The signature counts as accepted."),
                _("Its entry in the directory is published.") if requested else "",
                _("A welcome e-mail goes to %(signer)s. It cannot be called back.")
                % {"signer": signer},
            ]
            return Confirmation(
                question=_("Accept the signature of %(name)s?") % {"name": organisation.name},
                consequences=[text for text in consequences if text],
                confirm_label=_("Yes, accept and send the welcome e-mail"),
                cancel_url=cancel,
                carry={"decision": DecisionForm.ACCEPT},
                details=details,
                irreversible=True,
            )
        reason = form.cleaned_data["reason"].strip()
        consequences = [
            _("The institution does not join the alliance."),
            _("Its requested entry is archived and not published.") if requested else "",
            _("This reason goes to %(signer)s by e-mail. It cannot be called back.")
            % {"signer": signer},
        ]
        return Confirmation(
            question=_("Decline the signature of %(name)s?") % {"name": organisation.name},
            consequences=[text for text in consequences if text],
            confirm_label=_("Yes, decline and send the reason"),
            cancel_url=cancel,
            carry={"decision": DecisionForm.DECLINE, "reason": reason},
            details=[*details, (_("Reason for declining"), reason)],
            irreversible=True,
        )

    def form_valid(self, form: DecisionForm) -> HttpResponse:
        if not self.is_confirmed() and self.signature.state == Signature.State.PENDING_REVIEW:
            return self.confirm_page(self.confirmation(form))
        try:
            if form.cleaned_data["decision"] == DecisionForm.ACCEPT:
                services.signature_accept(
                    signature=self.signature,
                    by=self.request.user,
                    base_url=self.request.build_absolute_uri("/"),
                )
                messages.success(
                    self.request,
                    _("The signature has been accepted and the institution has been welcomed."),
                )
            else:
                services.signature_decline(
                    signature=self.signature,
                    by=self.request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    self.request, _("The signature has been declined and the signer informed.")
                )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        return HttpResponseRedirect(self.reverse("staff:signature_queue"))
