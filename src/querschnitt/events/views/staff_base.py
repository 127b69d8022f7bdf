"""What the office's pages of events share: the permission, forms that call a service, and
consequential actions behind a confirm page (`core.views.staff.FormPage`, `ConfirmMixin`)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from querschnitt.core.views import staff
from querschnitt.core.views.staff import ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.events.models import Event, EventDate


class OfficeMixin(ServiceFormMixin, StaffMixin):
    permission = "events.manage"


class EventMixin(OfficeMixin):
    """A page about one event (`pk`), fetched through the municipality after the check."""

    def load_objects(self) -> None:
        self.event = get_object_or_404(
            Event.objects.filter(municipality=self.municipality).select_related(
                "format", "organiser_body", "organiser_organisation", "subscription"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"event": self.event}


class DateMixin(OfficeMixin):
    """A page about one date (`pk`) and its registrations."""

    def load_objects(self) -> None:
        self.date = get_object_or_404(
            EventDate.objects.filter(municipality=self.municipality).select_related(
                "event", "event__format", "event__organiser_body", "event__organiser_organisation"
            ),
            pk=self.kwargs["pk"],
        )
        self.event = self.date.event

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"date": self.date, "event": self.event}


class FormPage(staff.FormPage):
    template_name = "events/staff/form.html"


def service_errors_as_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
