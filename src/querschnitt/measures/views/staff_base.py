"""What the staff pages of measures share: forms that call a service, deleting after a
confirmation page, the person's view of the measures."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.generic import FormView

from querschnitt.core.views.staff import ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.measures.access import Reader, reader_for, visible_measures
from querschnitt.measures.models import Measure


class MeasuresStaffMixin(ServiceFormMixin, StaffMixin):
    permission = "measures.manage"

    @property
    def reader(self) -> Reader:
        if not hasattr(self, "_reader"):
            self._reader = reader_for(self.request.user, self.municipality)
        return self._reader

    def visible_measure(self, pk: Any) -> Measure:
        """A measure this person may see, or 404 (as if it did not exist)."""
        found = (
            visible_measures(municipality=self.municipality, reader=self.reader)
            .select_related("state", "lead_department")
            .filter(pk=pk)
            .first()
        )
        if found is None:
            raise Http404
        return found


class FormPage(MeasuresStaffMixin, FormView):
    """A form whose `save` calls a service and returns where to go next. With `delete_label`,
    `?loeschen=1` asks to confirm and a POST with `action=delete` calls `delete`."""

    template_name = "measures/staff/form.html"
    title: Any = ""
    intro: Any = ""
    submit_label: Any = ""
    success_message: Any = ""
    delete_label: Any = ""
    delete_question: Any = ""

    def save(self, form: Any) -> str:
        raise NotImplementedError

    def delete(self) -> str:
        raise NotImplementedError

    def back_url(self) -> str:
        return ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "title": self.title,
            "intro": self.intro,
            "submit_label": self.submit_label,
            "delete_label": self.delete_label,
            "back_url": self.back_url(),
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.delete_label and "loeschen" in request.GET:
            return render(
                request,
                "measures/staff/delete.html",
                self.get_context_data(question=self.delete_question, form=None),
            )
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.delete_label and request.POST.get("action") == "delete":
            try:
                target = self.delete()
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(request.path)
            from django.utils.translation import gettext as _

            messages.success(request, _("Deleted."))
            return HttpResponseRedirect(target)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            target = self.save(form)
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        if self.success_message:
            messages.success(self.request, str(self.success_message))
        return HttpResponseRedirect(target)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)
