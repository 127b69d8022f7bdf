"""Editing the public pages and reading the feedback on accessibility."""

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from querschnitt.core.forms import Form, add_translated_fields, translated_values
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.portal.models import AccessibilityFeedback, PublicPage
from querschnitt.portal.services import public_page_update


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
    permission = "pages.change"
    template_name = "portal/staff/feedback_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[AccessibilityFeedback]:
        return AccessibilityFeedback.objects.filter(municipality=self.municipality).order_by(
            "-created_at", "-id"
        )
