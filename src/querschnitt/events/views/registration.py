"""The personal link of a registration: see it, confirm the address, change or cancel it,
take up or decline an offered place, download the certificate of attendance. The token in the
address is the authorisation; a wrong or ended one is a 404."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from querschnitt.core.pdf import render_pdf
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.events.forms.public import RegistrationChangeForm
from querschnitt.events.models import Question, Registration, answers_text
from querschnitt.events.services.registrations import (
    offer_accept,
    offer_decline,
    registration_by_token,
    registration_cancel,
    registration_change,
    registration_confirm_email,
    waiting_rank,
)

ACTIONS = ("confirm", "change", "cancel", "accept", "decline")


class TokenMixin(MunicipalityMixin):
    private = True

    def load_objects(self) -> None:
        found = registration_by_token(municipality=self.municipality, token=self.kwargs["token"])
        if found is None:
            raise Http404
        self.registration: Registration = found

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = super().dispatch(request, *args, **kwargs)
        # The address is a key: it must not travel to other sites in a Referer header. Not
        # "no-referrer": with it browsers send `Origin: null` and the page's own forms fail
        # the CSRF check.
        response["Referrer-Policy"] = "same-origin"
        return response


class RegistrationPage(TokenMixin, TemplateView):
    template_name = "events/registration.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        registration = self.registration
        date = registration.date
        event = date.event
        questions = list(Question.objects.filter(municipality=self.municipality, event=event))
        now = timezone.now()
        form = kwargs.pop("form", None)
        if form is None and registration.is_active:
            form = RegistrationChangeForm(
                event=event,
                answers=registration.answers,
                initial={
                    "places": registration.places,
                    "organisation_name": registration.organisation_name,
                },
            )
        return super().get_context_data(**kwargs) | {
            "registration": registration,
            "date": date,
            "event": event,
            "answers": answers_text(registration, questions),
            "rank": waiting_rank(registration),
            "form": form,
            "may_change": registration.is_active and not date.has_begun(now),
            "shows_online_link": registration.has_place
            and registration.email_confirmed_at is not None
            and bool(event.online_url),
            "certificate": registration.checked_in_at is not None and date.has_ended(now),
            "asks_to_cancel": kwargs.get("asks_to_cancel", False),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            return self.render_to_response(self.get_context_data(), status=400)
        registration = self.registration
        try:
            if action == "confirm":
                registration_confirm_email(registration=registration)
                messages.success(request, _("Thank you: your registration is confirmed."))
            elif action == "change":
                form = RegistrationChangeForm(
                    request.POST, event=registration.date.event, answers=registration.answers
                )
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form), status=400)
                try:
                    registration_change(
                        registration=registration,
                        places=form.cleaned_data["places"] or registration.places,
                        answers=form.answers(),
                        organisation_name=form.cleaned_data.get("organisation_name") or "",
                    )
                except ValidationError as error:
                    for field, errors in getattr(error, "error_dict", {None: [error]}).items():
                        form.add_error(field if field in form.fields else None, errors)
                    return self.render_to_response(self.get_context_data(form=form), status=400)
                messages.success(request, _("Your registration has been changed."))
            elif action == "cancel":
                if request.POST.get("bestaetigt") != "1":
                    return self.render_to_response(self.get_context_data(asks_to_cancel=True))
                registration_cancel(registration=registration)
                messages.success(request, _("Your registration is cancelled."))
            elif action == "accept":
                offer_accept(registration=registration)
                messages.success(request, _("The place is yours."))
            elif action == "decline":
                offer_decline(registration=registration)
                messages.success(request, _("You have declined the place; it passes on."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return HttpResponseRedirect(request.path)


class Certificate(TokenMixin, TemplateView):
    """The certificate of attendance of a person who came, as PDF."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        registration = self.registration
        if registration.checked_in_at is None or not registration.date.has_ended():
            raise Http404
        return certificate_response(registration, language=registration.language)


def certificate_response(registration: Registration, *, language: str) -> HttpResponse:
    date = registration.date
    pdf = render_pdf(
        "events/pdf/certificate.html",
        {
            "registration": registration,
            "date": date,
            "event": date.event,
            "municipality": date.event.municipality,
            "issued": timezone.localdate(),
        },
        language=language or "de",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="teilnahmebescheinigung-{registration.code}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
