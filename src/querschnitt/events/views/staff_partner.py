"""An organisation's own events: submit them, correct them, see how the office decided.
A representative sees only the organisations they represent; another one's event is a 404."""

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from querschnitt.core.views.staff import ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.events.forms.staff import PartnerEventForm
from querschnitt.events.models import Event
from querschnitt.events.services.submissions import partner_event_submit, partner_event_update
from querschnitt.events.views.staff_base import FormPage
from querschnitt.network.models import Organisation


class PartnerMixin(ServiceFormMixin, StaffMixin):
    permission = "events.submit"

    def organisations(self) -> QuerySet[Organisation]:
        """The organisations this person represents (none for office staff who represent
        nothing)."""
        return Organisation.objects.filter(
            municipality=self.municipality,
            representatives__user=self.request.user,
        ).order_by("name")

    def events(self) -> QuerySet[Event]:
        return Event.objects.filter(
            municipality=self.municipality,
            organiser=Event.Organiser.ORGANISATION,
            organiser_organisation__in=self.organisations(),
            submitted_by__isnull=False,
        ).select_related("format", "organiser_organisation")


class PartnerEventList(PartnerMixin, TemplateView):
    template_name = "events/staff/partner_event_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "events": list(self.events().order_by("-start", "-pk")[:200]),
            "organisations": list(self.organisations()),
        }


class PartnerEventCreate(PartnerMixin, FormPage):
    form_class = PartnerEventForm
    title = gettext_lazy("Submit an event")
    submit_label = gettext_lazy("Submit for review")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs() | {
            "municipality": self.municipality,
            "organisations": self.organisations(),
        }
        organisations = list(self.organisations()[:2])
        if len(organisations) == 1:
            kwargs["initial"] = {"organisation": organisations[0].pk}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "intro": _(
                "The office reviews your event before it appears in the public calendar. "
                "You see here how it decided."
            )
        }

    def back_url(self) -> str:
        return self.reverse("staff:partner_event_list")

    def save(self, form: PartnerEventForm) -> str:
        partner_event_submit(
            municipality=self.municipality,
            by=self.request.user,
            organisation=form.cleaned_data["organisation"],
            **form.service_fields(),
        )
        messages.success(self.request, _("Thank you: your event waits for the office's review."))
        return self.back_url()


class PartnerEventEdit(PartnerMixin, FormPage):
    form_class = PartnerEventForm
    submit_label = gettext_lazy("Submit again")

    def load_objects(self) -> None:
        self.event = get_object_or_404(self.events(), pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "organisations": self.organisations(),
            "event": self.event,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        editable = self.event.state in (Event.State.SUBMITTED, Event.State.REJECTED)
        return super().get_context_data(**kwargs) | {
            "title": str(self.event),
            "event": self.event,
            "editable": editable,
            "intro": _("Change your submission; it waits for review again.")
            if editable
            else _("The office has accepted this event; write to them about changes."),
        }

    def back_url(self) -> str:
        return self.reverse("staff:partner_event_list")

    def save(self, form: PartnerEventForm) -> str:
        partner_event_update(event=self.event, by=self.request.user, **form.service_fields())
        messages.success(self.request, _("Your event waits for the office's review again."))
        return self.back_url()
