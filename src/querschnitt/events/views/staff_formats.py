"""Formats for the office: their purpose and rhythm, the snippet that embeds their next date,
and the external calendar they subscribe to."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from querschnitt.events.forms.staff import FormatForm, SubscriptionForm
from querschnitt.events.models import CalendarSubscription, Format
from querschnitt.events.services.common import absolute_url
from querschnitt.events.services.formats import format_create, format_update, subscription_save
from querschnitt.events.tasks import subscription_import_task
from querschnitt.events.views.staff_base import FormPage, OfficeMixin


class FormatList(OfficeMixin, TemplateView):
    template_name = "events/staff/format_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        formats = Format.objects.filter(municipality=self.municipality).select_related(
            "body", "subscription"
        )
        return super().get_context_data(**kwargs) | {"formats": list(formats.order_by("name"))}


class FormatCreate(OfficeMixin, FormPage):
    form_class = FormatForm
    title = gettext_lazy("New format")
    submit_label = gettext_lazy("Save")

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def back_url(self) -> str:
        return self.reverse("staff:format_list")

    def save(self, form: FormatForm) -> str:
        found = format_create(
            municipality=self.municipality, by=self.request.user, **form.service_fields()
        )
        messages.success(self.request, _("The format has been saved."))
        return self.reverse("staff:format_edit", pk=found.pk)


class FormatMixin(OfficeMixin):
    def load_objects(self) -> None:
        self.format = get_object_or_404(
            Format.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
        )
        self.subscription = CalendarSubscription.objects.filter(
            municipality=self.municipality, format=self.format
        ).first()


class FormatEdit(FormatMixin, FormPage):
    """A format's settings, with the snippets that embed its next date elsewhere."""

    form_class = FormatForm
    template_name = "events/staff/format_form.html"
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The format has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        found = self.format
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "initial": {
                "name": found.name,
                "rhythm": found.rhythm,
                "body": found.body_id,
                "accepts_submissions": found.accepts_submissions,
                "is_active": found.is_active,
                "purpose": found.purpose,
            },
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        fragment = absolute_url(self.municipality, "events:next_date")
        return super().get_context_data(**kwargs) | {
            "title": self.format.name,
            "format": self.format,
            "subscription": self.subscription,
            "fragment_url": f"{fragment}?format={self.format.slug}",
            "json_url": absolute_url(self.municipality, "events:next_date_json")
            + f"?format={self.format.slug}",
            "feed_url": absolute_url(
                self.municipality, "events:format_feed", slug=self.format.slug
            ),
        }

    def back_url(self) -> str:
        return self.reverse("staff:format_list")

    def save(self, form: FormatForm) -> str:
        format_update(format=self.format, by=self.request.user, **form.service_fields())
        return self.reverse("staff:format_edit", pk=self.format.pk)


class SubscriptionEdit(FormatMixin, FormPage):
    form_class = SubscriptionForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The subscription has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs() | {"municipality": self.municipality}
        if self.subscription is not None:
            kwargs["initial"] = {
                "url": self.subscription.url,
                "organisation": self.subscription.organisation_id,
                "active": self.subscription.active,
                "every_hours": self.subscription.every_hours,
            }
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "title": _("External calendar of %(format)s") % {"format": self.format.name},
            "intro": _(
                "Its events are imported on a schedule into this format: repeats expanded, "
                "changes and cancellations taken over. An event you change here is not "
                "overwritten; changes in the calendar are flagged instead."
            ),
        }

    def back_url(self) -> str:
        return self.reverse("staff:format_edit", pk=self.format.pk)

    def save(self, form: SubscriptionForm) -> str:
        subscription_save(format=self.format, by=self.request.user, **form.cleaned_data)
        return self.back_url()


class SubscriptionImport(FormatMixin, TemplateView):
    """Import the external calendar now (in the background; the page shows the outcome)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        back = self.reverse("staff:format_edit", pk=self.format.pk)
        if self.subscription is None:
            messages.error(request, _("This format subscribes to no calendar."))
            return HttpResponseRedirect(back)
        result = subscription_import_task.enqueue(
            municipality_id=self.municipality.pk,
            subscription_id=self.subscription.pk,
            user_id=int(request.user.pk or 0),
        )
        if result.is_finished:
            self.subscription.refresh_from_db()
            if self.subscription.last_error:
                messages.error(request, self.subscription.last_error)
            else:
                messages.success(request, _("The calendar has been imported."))
        else:
            messages.info(
                request, _("The calendar is being imported; reload the page in a moment.")
            )
        return HttpResponseRedirect(back)
