"""Mailings to segments of the network (staff) and the public unsubscribe page."""

from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, ListView, TemplateView

from querschnitt.core.ratelimit import rate_limit_exceeded
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.core.views.errors import render_error
from querschnitt.core.views.staff import Confirmation, ConfirmMixin, ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.network.forms.mailings import MailingForm, SegmentForm
from querschnitt.network.models import Contact, Mailing
from querschnitt.network.selectors.mailings import (
    Segment,
    mailing_failures,
    mailing_list,
    mailing_progress,
    segment_counts,
    segment_description,
)
from querschnitt.network.services.contacts import contact_unsubscribe
from querschnitt.network.services.mailings import (
    mailing_create,
    mailing_dispatch,
    mailing_update,
    unsubscribe_token_check,
)

PREVIEW_TEMPLATE = "network/staff/mailings/_preview.html"
PROGRESS_TEMPLATE = "network/staff/mailings/_progress.html"


class MailingList(StaffMixin, ListView):
    permission = "network.manage"
    template_name = "network/staff/mailings/list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Mailing]:
        return mailing_list(municipality=self.municipality)


class ComposeMixin(ServiceFormMixin, StaffMixin):
    """Compose or change a draft: "Show recipients" counts the segment without saving.

    htmx asks the same page for the counts while the segment is being chosen.
    """

    def preview(self, request: HttpRequest) -> HttpResponse:
        form = SegmentForm(request.GET, municipality=self.municipality)
        form.is_valid()
        return render(request, PREVIEW_TEMPLATE, self.preview_context(form))

    def preview_context(self, form: SegmentForm) -> dict[str, Any]:
        if not hasattr(form, "cleaned_data"):
            return {"counts": None}
        segment = form.segment()
        if segment.is_empty():
            return {"counts": None}
        return {"counts": segment_counts(municipality=self.municipality, segment=segment)}

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}  # type: ignore[misc]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()  # type: ignore[attr-defined]
        if request.POST.get("action") == "preview":
            form.is_valid()
            form.errors.clear()  # a preview is no attempt to save: no error messages yet
            context = self.get_context_data(form=form)
            return self.render_to_response(context | self.preview_context(form))  # type: ignore[attr-defined]
        if form.is_valid():
            return self.form_valid(form)  # type: ignore[attr-defined]
        return self.form_invalid(form)  # type: ignore[attr-defined]


class MailingCreate(ComposeMixin, FormView):
    permission = "network.manage"
    template_name = "network/staff/mailings/form.html"
    form_class = MailingForm

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.htmx:  # type: ignore[attr-defined]
            return self.preview(request)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: MailingForm) -> HttpResponse:
        try:
            mailing = mailing_create(
                municipality=self.municipality,
                by=self.request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                segment=form.segment(),
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The draft has been saved. Check it and send it below."))
        return HttpResponseRedirect(self.reverse("staff:mailing_detail", pk=mailing.pk))


class MailingDetail(ConfirmMixin, ComposeMixin, FormView):
    """A draft can be changed and sent; once sent, the page shows the progress and the archive.

    While the mailing is being sent, htmx polls this page for the progress fragment.
    """

    permission = "network.manage"
    template_name = "network/staff/mailings/detail.html"
    form_class = MailingForm

    def load_objects(self) -> None:
        self.mailing = get_object_or_404(
            Mailing.objects.filter(municipality=self.municipality).select_related("created_by"),
            pk=self.kwargs["pk"],
        )
        self.segment = Segment.from_json(self.mailing.segment)

    @property
    def is_draft(self) -> bool:
        return self.mailing.state == Mailing.State.DRAFT

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.htmx:  # type: ignore[attr-defined]
            if self.is_draft:
                return self.preview(request)
            return render(request, PROGRESS_TEMPLATE, self.progress_context())
        return super().get(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {
            "subject": self.mailing.subject,
            "body": self.mailing.body,
            **MailingForm.initial_from(self.segment),
        }

    def progress_context(self) -> dict[str, Any]:
        return {
            "mailing": self.mailing,
            "progress": mailing_progress(mailing=self.mailing),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs) | {
            "mailing": self.mailing,
            "description": segment_description(
                municipality=self.municipality, segment=self.segment
            ),
        }
        if self.is_draft:
            context["saved_counts"] = segment_counts(
                municipality=self.municipality, segment=self.segment
            )
            context.setdefault("counts", context["saved_counts"])  # the form shows the saved group
        else:
            context |= self.progress_context()
            context["failures"] = mailing_failures(mailing=self.mailing)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.is_draft:
            messages.error(
                request, _("This mailing has already been sent. It can no longer be changed.")
            )
            return HttpResponseRedirect(self.reverse("staff:mailing_detail", pk=self.mailing.pk))
        if request.POST.get("action") == "send":
            if not self.is_confirmed():
                return self.confirm_page(self.send_confirmation())
            return self.send()
        return super().post(request, *args, **kwargs)

    def send_confirmation(self) -> Confirmation:
        counts = segment_counts(municipality=self.municipality, segment=self.segment)
        description = segment_description(municipality=self.municipality, segment=self.segment)
        return Confirmation(
            question=_("Send the mailing “%(subject)s” now?") % {"subject": self.mailing.subject},
            consequences=[
                ngettext(
                    "It goes to %(count)s address, each with its own link to unsubscribe.",
                    "It goes to %(count)s addresses, each with its own link to unsubscribe.",
                    counts.addresses,
                )
                % {"count": counts.addresses},
                _("A mailing is sent only once. Sent e-mails cannot be called back."),
                _("The mailing is archived here with the state of each delivery."),
            ],
            confirm_label=_("Yes, send now"),
            cancel_url=self.reverse("staff:mailing_detail", pk=self.mailing.pk),
            carry={"action": "send"},
            details=[
                (_("Subject"), self.mailing.subject),
                *((str(label), ", ".join(map(str, values))) for label, values in description.lines),
                (_("Contacts in this group"), str(counts.contacts)),
                (
                    _("Excluded (no e-mail address or no current consent for mailings)"),
                    str(counts.excluded),
                ),
            ],
            irreversible=True,
        )

    def send(self) -> HttpResponse:
        try:
            mailing = mailing_dispatch(
                mailing=self.mailing,
                by=self.request.user,
                base_url=self.request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
        else:
            if mailing.state == Mailing.State.SENT:
                messages.success(self.request, _("The mailing has been sent."))
            else:
                messages.success(
                    self.request, _("The mailing is being sent. This page shows the progress.")
                )
        return HttpResponseRedirect(self.reverse("staff:mailing_detail", pk=self.mailing.pk))

    def form_valid(self, form: MailingForm) -> HttpResponse:
        try:
            mailing_update(
                mailing=self.mailing,
                by=self.request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                segment=form.segment(),
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The draft has been saved."))
        return HttpResponseRedirect(self.reverse("staff:mailing_detail", pk=self.mailing.pk))


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(MunicipalityMixin, TemplateView):
    """The personal link in every mailing. GET only asks (mail scanners open links); POST
    withdraws the consent for mailings. The signed token is the authorisation, so the POST
    needs no CSRF token, which lets mail programs unsubscribe in one click (RFC 8058)."""

    template_name = "network/unsubscribe.html"

    def load_objects(self) -> None:
        try:
            request = unsubscribe_token_check(
                municipality=self.municipality, token=self.kwargs["token"]
            )
        except signing.BadSignature:
            self.contact = None
            return
        # A contact deleted since the mailing simply has nothing left to withdraw.
        self.contact = Contact.objects.filter(
            municipality=self.municipality, pk=request.contact_id
        ).first()
        self.purpose = request.purpose
        self.token_valid = True

    def invalid(self) -> HttpResponse:
        return render_error(
            self.request,
            400,
            _(
                "This unsubscribe link is not valid. Please copy the complete link from the "
                "e-mail, or write to the office."
            ),
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(self, "token_valid", False):
            return self.invalid()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if rate_limit_exceeded(request, scope="unsubscribe", limit=30, window=600):
            return render_error(
                request, 429, _("Too many requests from your address. Please try again later.")
            )
        if not getattr(self, "token_valid", False):
            return self.invalid()
        if self.contact is not None:
            contact_unsubscribe(contact=self.contact, purpose=self.purpose)
        return render(request, "network/unsubscribe_done.html", {"municipality": self.municipality})
