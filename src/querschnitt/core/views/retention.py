"""The office administrator's retention periods (a section of the settings)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from querschnitt.core.data_forms import RetentionForm, field_name
from querschnitt.core.retention import retention_periods, retention_periods_update
from querschnitt.core.views.staff import ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin


class RetentionSettings(ServiceFormMixin, StaffMixin, FormView):
    permission = "municipality.change_settings"
    template_name = "core/staff/retention.html"
    form_class = RetentionForm

    def get_form_kwargs(self) -> dict[str, Any]:
        self.periods = retention_periods(municipality=self.municipality)
        return super().get_form_kwargs() | {"periods": self.periods}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "platform_periods": [period for period in self.periods if period.kind.is_platform],
        }

    def form_valid(self, form: RetentionForm) -> HttpResponse:
        try:
            retention_periods_update(
                municipality=self.municipality, by=self.request.user, days=form.service_days()
            )
        except ValidationError as error:
            return self.apply_service_errors(
                form,
                ValidationError(
                    {field_name(key): value for key, value in error.message_dict.items()}
                ),
            )
        messages.success(self.request, _("The retention periods have been saved."))
        return HttpResponseRedirect(self.reverse("staff:retention"))
