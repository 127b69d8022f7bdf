"""What the office's pages of bodies share: the permission, forms that call a service, and
deleting after a confirm page (`core.views.staff.ConfirmMixin`)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from querschnitt.core.views.staff import Confirmation, ConfirmMixin, ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin


class OfficeMixin(ServiceFormMixin, StaffMixin):
    permission = "bodies.manage"


class FormPage(ConfirmMixin, OfficeMixin, FormView):
    """A form whose `save` calls a service and returns where to go next. With `delete_label`,
    the page's delete button (a POST with `action=delete`, or `?loeschen=1`) answers with a
    confirm page that asks `delete_question` and lists `delete_consequences`; only its button
    calls `delete`."""

    template_name = "bodies/staff/form.html"
    title: Any = ""
    intro: Any = ""
    submit_label: Any = ""
    success_message: Any = ""
    delete_label: Any = ""
    delete_question: Any = ""
    delete_consequences: Any = ()

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
            "multipart": any(
                getattr(field.widget, "needs_multipart_form", False)
                for field in kwargs.get("form", self.get_form()).fields.values()
            ),
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.delete_label and "loeschen" in request.GET:
            return self.confirm_page(self.delete_confirmation())
        return super().get(request, *args, **kwargs)

    def delete_confirmation(self) -> Confirmation:
        return Confirmation(
            question=str(self.delete_question),
            consequences=[
                *(str(text) for text in self.delete_consequences),
                _("This cannot be undone."),
            ],
            confirm_label=str(self.delete_label),
            cancel_url=self.request.path,
            carry={"action": "delete"},
            details=[(_("What"), str(self.title))],
            irreversible=True,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.delete_label and request.POST.get("action") == "delete":
            if not self.is_confirmed():
                return self.confirm_page(self.delete_confirmation())
            try:
                target = self.delete()
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(request.path)
            messages.success(request, self.deleted_message())
            return HttpResponseRedirect(target)
        return super().post(request, *args, **kwargs)

    def deleted_message(self) -> str:
        return _("Deleted.")

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
