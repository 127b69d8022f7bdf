"""Editing the public pages and reading the feedback on accessibility."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from querschnitt.core.forms import Form, add_translated_fields, translated_values
from querschnitt.core.views.staff import ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.portal.models import AccessibilityFeedback, PublicPage
from querschnitt.portal.selectors import FEEDBACK_TARGET_DAYS, feedback_reports
from querschnitt.portal.services import (
    accessibility_feedback_handle,
    accessibility_feedback_reopen,
    public_page_update,
)
from querschnitt.portal.staff_forms import FeedbackFilterForm, FeedbackHandleForm


class PageList(StaffMixin, TemplateView):
    permission = "pages.change"
    template_name = "portal/staff/page_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        existing = {
            page.kind: page for page in PublicPage.objects.filter(municipality=self.municipality)
        }
        return super().get_context_data(**kwargs) | {
            "pages": [
                {"kind": kind, "label": label, "page": existing.get(kind)}
                for kind, label in PublicPage.Kind.choices
            ]
        }


class PageEdit(StaffMixin, FormView):
    permission = "pages.change"
    template_name = "portal/staff/page_edit.html"
    form_class = Form

    def get_page(self) -> PublicPage:
        if not hasattr(self, "page"):
            kind = self.kwargs["kind"]
            self.page = PublicPage.objects.filter(
                municipality=self.municipality, kind=kind
            ).first() or PublicPage(municipality=self.municipality, kind=kind)
        return self.page

    def get_form(self, form_class: Any = None) -> Form:
        form = super().get_form(form_class)
        add_translated_fields(
            form,
            "body",
            label=_("Text"),
            languages=self.municipality.offered_languages,
            initial=self.get_page().body,
            required_german=True,
            rows=14,
        )
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "title": PublicPage.Kind(self.kwargs["kind"]).label
        }

    def form_valid(self, form: Form) -> HttpResponse:
        public_page_update(
            page=self.get_page(),
            body=translated_values(form, "body", self.municipality.offered_languages),
            by=self.request.user,
        )
        messages.success(self.request, _("The page has been saved."))
        return HttpResponseRedirect(self.reverse("staff:page_list"))


class FeedbackList(StaffMixin, ListView):
    """Reported barriers, those waiting for an answer first, against the target time."""

    permission = "pages.change"
    template_name = "portal/staff/feedback_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[AccessibilityFeedback]:
        self.filter_form = FeedbackFilterForm(self.request.GET)
        return feedback_reports(municipality=self.municipality, **self.filter_form.filters())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        query = self.request.GET.copy()
        query.pop("page", None)
        return context | {
            "filter_form": self.filter_form,
            "target_days": FEEDBACK_TARGET_DAYS,
            "rows": [
                {
                    "feedback": feedback,
                    "waiting_days": (now - feedback.created_at).days,
                    "past_target": feedback.handled_at is None
                    and (now - feedback.created_at).days > FEEDBACK_TARGET_DAYS,
                }
                for feedback in context["object_list"]
            ],
            "query": query.urlencode(),
        }


class FeedbackDetail(ServiceFormMixin, StaffMixin, FormView):
    """One reported barrier: answer it and record that; "handled" can be undone."""

    permission = "pages.change"
    template_name = "portal/staff/feedback_detail.html"
    form_class = FeedbackHandleForm

    def load_objects(self) -> None:
        self.feedback = get_object_or_404(
            AccessibilityFeedback.objects.filter(municipality=self.municipality).select_related(
                "handled_by"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        waited = (timezone.now() - self.feedback.created_at).days
        return super().get_context_data(**kwargs) | {
            "feedback": self.feedback,
            "waiting_days": waited,
            "target_days": FEEDBACK_TARGET_DAYS,
            "past_target": self.feedback.handled_at is None and waited > FEEDBACK_TARGET_DAYS,
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("action") == "reopen":
            accessibility_feedback_reopen(feedback=self.feedback, by=request.user)
            messages.success(request, _("The report waits for an answer again."))
            return HttpResponseRedirect(self.reverse("staff:feedback_detail", pk=self.feedback.pk))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: FeedbackHandleForm) -> HttpResponse:
        try:
            accessibility_feedback_handle(
                feedback=self.feedback, by=self.request.user, reply=form.cleaned_data["reply"]
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(
            self.request,
            _("The report is marked as handled. If that was a mistake, reopen it below."),
        )
        return HttpResponseRedirect(self.reverse("staff:feedback_detail", pk=self.feedback.pk))
