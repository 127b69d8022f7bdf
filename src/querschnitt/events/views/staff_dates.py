"""A date's registrations for the office: the lists, moving and cancelling the date, the
check-in (a page for the phone and a PDF sign-in sheet), the export, the closing report and
certificates of attendance."""

import io
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext, pgettext
from django.views.generic import TemplateView

from querschnitt.core.pdf import render_pdf
from querschnitt.core.views.staff import Confirmation, ConfirmMixin
from querschnitt.core.xlsx_rows import append_rows
from querschnitt.events.forms.staff import ClosingReportForm, DateMoveForm, ReasonForm
from querschnitt.events.models import ClosingReport, Event, EventDate, Question, Registration
from querschnitt.events.selectors.calendar import Places, places_of
from querschnitt.events.services.events import event_date_cancel, event_date_move
from querschnitt.events.services.on_the_day import (
    certificate_recipients,
    certificates_send,
    checkin_list,
    closing_report_save,
    registration_check_in,
)
from querschnitt.events.services.registrations import registration_cancel
from querschnitt.events.views.registration import certificate_response
from querschnitt.events.views.staff_base import DateMixin, FormPage, OfficeMixin
from querschnitt.events.worklist import registration_closed_q, report_due_q


class DateList(OfficeMixin, TemplateView):
    """Dates across events: those to come, with offers waiting, with closed registration,
    or with a closing report to write."""

    template_name = "events/staff/date_list.html"
    SHOWN = {
        "kommend": _lazy("to come"),
        "anmeldeschluss": _lazy("registration closed, soon"),
        "angebote": _lazy("places offered"),
        "bericht": _lazy("closing report to write"),
    }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        shown = self.request.GET.get("zeige", "kommend")
        if shown not in self.SHOWN:
            shown = "kommend"
        now = timezone.now()
        dates = EventDate.objects.filter(municipality=self.municipality).select_related(
            "event", "event__format"
        )
        if shown == "anmeldeschluss":
            dates = dates.filter(registration_closed_q(now)).order_by("start", "pk")
        elif shown == "angebote":
            offered = Registration.objects.filter(
                municipality=self.municipality,
                state=Registration.State.OFFERED,
                offer_expires_at__gt=now,
            )
            dates = dates.filter(pk__in=offered.values("date_id")).order_by("start", "pk")
        elif shown == "bericht":
            dates = dates.filter(report_due_q(now)).order_by("end", "pk")
        else:
            dates = dates.filter(end__gte=now, event__state=Event.State.PUBLISHED).order_by(
                "start", "pk"
            )
        page = Paginator(dates, 50).get_page(self.request.GET.get("page"))
        rows = list(page.object_list)
        places = places_of(municipality=self.municipality, dates=rows)
        return super().get_context_data(**kwargs) | {
            "shown": shown,
            "choices": self.SHOWN,
            "page_obj": page,
            "rows": [(found, places.get(found.pk, Places())) for found in rows],
            "query": f"zeige={shown}",
        }


class DateDetail(DateMixin, TemplateView):
    """Who has a place, who has been offered one, who waits (with their rank), who left."""

    template_name = "events/staff/date_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        registrations = list(
            Registration.objects.filter(municipality=self.municipality, date=self.date).order_by(
                "arrival"
            )
        )
        waiting = [r for r in registrations if r.state == Registration.State.WAITING]
        ended = [r for r in registrations if not r.is_active]
        places = places_of(municipality=self.municipality, dates=[self.date]).get(
            self.date.pk, Places()
        )
        report = ClosingReport.objects.filter(
            municipality=self.municipality, date=self.date
        ).first()
        now = timezone.now()
        return super().get_context_data(**kwargs) | {
            "confirmed": [r for r in registrations if r.state == Registration.State.CONFIRMED],
            "offered": [r for r in registrations if r.state == Registration.State.OFFERED],
            "waiting": list(enumerate(waiting, start=1)),
            "ended": ended,
            "places": places,
            "free": places.free(self.event.capacity),
            "arrived": sum(r.places for r in registrations if r.checked_in_at),
            "report": report,
            "has_begun": self.date.has_begun(now),
            "has_ended": self.date.has_ended(now),
        }


class DateMove(DateMixin, FormPage):
    form_class = DateMoveForm
    title = _lazy("Move the date")
    submit_label = _lazy("Go on")

    def get_initial(self) -> dict[str, Any]:
        start = timezone.localtime(self.date.start)
        end = timezone.localtime(self.date.end)
        if self.event.all_day:
            last = (end - timedelta(days=1)).date()
            return {"all_day": True, "first_day": start.date(), "last_day": last}
        return {
            "all_day": False,
            "first_day": start.date(),
            "begins": start.time(),
            "ends": end.time(),
            "last_day": end.date() if end.date() != start.date() else None,
        }

    def back_url(self) -> str:
        return self.reverse("staff:date_detail", pk=self.date.pk)

    def form_valid(self, form: DateMoveForm) -> HttpResponse:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if not self.is_confirmed():
            count = (
                checkin_list(self.date).count()
                + Registration.objects.filter(
                    municipality=self.municipality,
                    date=self.date,
                    state__in=[Registration.State.WAITING, Registration.State.OFFERED],
                ).count()
            )
            return self.confirm_page(
                Confirmation(
                    question=_("Move the date?"),
                    consequences=[
                        _("The date moves; its registrations stay."),
                        _("%(count)d registered people are told by e-mail.") % {"count": count},
                        _("Calendars that subscribed to the feeds take up the new time."),
                    ],
                    confirm_label=_("Move the date"),
                    cancel_url=self.back_url(),
                    details=[
                        (_("Event"), str(self.event)),
                        (_("Now"), _when(self.date.start)),
                        (_("New"), _when(start)),
                    ],
                    carry={
                        name: self.request.POST.get(name, "")
                        for name in ("all_day", "first_day", "begins", "last_day", "ends")
                        if self.request.POST.get(name)
                    },
                )
            )
        try:
            event_date_move(date=self.date, by=self.request.user, start=start, end=end)
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The date has moved; the registered people are told."))
        return HttpResponseRedirect(self.back_url())


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


class DateCancel(DateMixin, FormPage):
    form_class = ReasonForm
    title = _lazy("Cancel the date")
    submit_label = _lazy("Go on")

    def back_url(self) -> str:
        return self.reverse("staff:date_detail", pk=self.date.pk)

    def form_valid(self, form: ReasonForm) -> HttpResponse:
        reason = form.cleaned_data["reason"]
        if not self.is_confirmed():
            count = Registration.objects.filter(
                municipality=self.municipality, date=self.date, state__in=Registration.ACTIVE
            ).count()
            return self.confirm_page(
                Confirmation(
                    question=_("Cancel the date?"),
                    consequences=[
                        _("The date stays in the calendar and its feeds, marked as cancelled."),
                        _("%(count)d registered people are told by e-mail.") % {"count": count},
                    ],
                    confirm_label=_("Cancel the date"),
                    cancel_url=self.back_url(),
                    details=[(_("Event"), str(self.event)), (_("Reason"), reason or "–")],
                    carry={"reason": reason},
                    irreversible=True,
                )
            )
        try:
            event_date_cancel(date=self.date, by=self.request.user, reason=reason)
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The date is cancelled; the registered people are told."))
        return HttpResponseRedirect(self.back_url())


class CheckIn(DateMixin, TemplateView):
    """The door list on a phone: search by code or name, tick who has come."""

    template_name = "events/staff/checkin.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        search = self.request.GET.get("suche", "").strip()
        people = checkin_list(self.date).order_by("name", "arrival")
        if search:
            people = people.filter(Q(code__iexact=search) | Q(name__icontains=search))
        people = list(people)
        everyone = list(checkin_list(self.date).values_list("places", "checked_in_at"))
        return super().get_context_data(**kwargs) | {
            "people": people,
            "search": search,
            "expected": sum(places for places, _at in everyone),
            "arrived": sum(places for places, at in everyone if at),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pk = request.POST.get("registration", "")
        registration = get_object_or_404(checkin_list(self.date), pk=int(pk) if pk.isdigit() else 0)
        arrived = request.POST.get("arrived") == "1"
        registration_check_in(registration=registration, by=request.user, arrived=arrived)
        if arrived:
            messages.success(request, _("%(code)s has arrived.") % {"code": registration.code})
        search = request.POST.get("suche", "")
        target = self.reverse("staff:date_checkin", pk=self.date.pk)
        return HttpResponseRedirect(f"{target}?suche={search}" if search else target)


class SignInSheet(DateMixin, TemplateView):
    """The door list as a PDF to print: code, name, places, a field to sign."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        people = list(checkin_list(self.date).order_by("name", "arrival"))
        pdf = render_pdf(
            "events/pdf/signin_sheet.html",
            {
                "event": self.event,
                "date": self.date,
                "people": people,
                "municipality": self.municipality,
            },
            language="de",
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="einlass-{self.date.pk}.pdf"'
        return response


class Export(DateMixin, TemplateView):
    """The registrations of a date as XLSX, the answers in a column each."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from openpyxl import Workbook

        questions = list(Question.objects.filter(municipality=self.municipality, event=self.event))
        registrations = Registration.objects.filter(
            municipality=self.municipality, date=self.date
        ).order_by("arrival")
        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Registrations")[:31])
        heading = [
            _("Order of arrival"),
            _("State"),
            pgettext("seats", "Places"),
            _("Name"),
            _("E-mail address"),
            _("Organisation"),
            _("Language"),
            _("Code"),
            _("Address confirmed"),
            _("Registered at"),
            _("Arrived"),
            *(str(question) for question in questions),
        ]
        rows = (
            [
                r.arrival,
                str(r.get_state_display()),
                r.places,
                r.name,
                r.email,
                r.organisation_name,
                r.language,
                r.code,
                _("yes") if r.email_confirmed_at else _("no"),
                timezone.localtime(r.created_at).replace(tzinfo=None),
                timezone.localtime(r.checked_in_at).replace(tzinfo=None)
                if r.checked_in_at
                else None,
                *(_answer(r.answers.get(str(question.pk))) for question in questions),
            ]
            for r in registrations.iterator()
        )
        # names, organisations and answers come from the public form: text stays text
        append_rows(sheet, [heading])
        append_rows(sheet, rows)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="anmeldungen-{self.date.pk}.xlsx"'
        return response


def _answer(value: Any) -> Any:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return value


class ReportPage(DateMixin, FormPage):
    form_class = ClosingReportForm
    title = _lazy("Closing report")
    submit_label = _lazy("Save the report")
    success_message = _lazy("The closing report has been saved.")

    def load_objects(self) -> None:
        super().load_objects()
        self.report = ClosingReport.objects.filter(
            municipality=self.municipality, date=self.date
        ).first()

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def get_initial(self) -> dict[str, Any]:
        if self.report is None:
            arrived = sum(
                checkin_list(self.date)
                .filter(checked_in_at__isnull=False)
                .values_list("places", flat=True)
            )
            return {"attendees": arrived or None}
        return {
            "attendees": self.report.attendees,
            "organisations": list(self.report.organisations.values_list("pk", flat=True)),
            "other_organisations": self.report.other_organisations,
            "minutes": self.report.minutes,
            "results": self.report.results,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "intro": _(
                "How many came, which organisations took part, minutes and results of %(date)s."
            )
            % {"date": str(self.date)}
        }

    def back_url(self) -> str:
        return self.reverse("staff:date_detail", pk=self.date.pk)

    def save(self, form: ClosingReportForm) -> str:
        data = form.cleaned_data
        closing_report_save(
            date=self.date,
            by=self.request.user,
            attendees=data["attendees"],
            organisations=list(data["organisations"]),
            other_organisations=data["other_organisations"],
            minutes=data["minutes"],
            results=data["results"],
        )
        return self.back_url()


class Certificates(ConfirmMixin, DateMixin, TemplateView):
    """Send every person who came a link to their certificate of attendance."""

    template_name = "events/staff/certificates.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        recipients = list(certificate_recipients(self.date).order_by("name"))
        return super().get_context_data(**kwargs) | {
            "recipients": recipients,
            "waiting": [r for r in recipients if r.certificate_sent_at is None],
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        back = self.reverse("staff:date_certificates", pk=self.date.pk)
        waiting = certificate_recipients(self.date).filter(certificate_sent_at__isnull=True)
        if not self.is_confirmed():
            return self.confirm_page(
                Confirmation(
                    question=_("Send the certificates of attendance?"),
                    consequences=[
                        ngettext(
                            "%(count)d person who came gets an e-mail with a link to the "
                            "certificate.",
                            "%(count)d people who came get an e-mail with a link to their "
                            "certificate.",
                            waiting.count(),
                        )
                        % {"count": waiting.count()},
                        _("Each person gets it once."),
                    ],
                    confirm_label=_("Send"),
                    cancel_url=back,
                    details=[(_("Event"), str(self.date))],
                )
            )
        try:
            count = certificates_send(date=self.date, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(count)d certificates are on their way.") % {"count": count}
            )
        return HttpResponseRedirect(back)


class RegistrationMixin(OfficeMixin):
    def load_objects(self) -> None:
        self.registration = get_object_or_404(
            Registration.objects.filter(municipality=self.municipality).select_related(
                "date", "date__event"
            ),
            pk=self.kwargs["pk"],
        )
        self.date = self.registration.date


class RegistrationCancel(ConfirmMixin, RegistrationMixin, TemplateView):
    """The office cancels a registration; the person is told and the list moves up."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        back = self.reverse("staff:date_detail", pk=self.date.pk)
        registration = self.registration
        if not self.is_confirmed():
            return self.confirm_page(
                Confirmation(
                    question=_("Cancel this registration?"),
                    consequences=[
                        _("The person is told by e-mail."),
                        _("Places that free up go to the waiting list."),
                    ],
                    confirm_label=_("Cancel the registration"),
                    cancel_url=back,
                    details=[
                        (_("Event"), str(self.date)),
                        (_("Registration"), f"{registration.name} ({registration.code})"),
                        (pgettext("seats", "Places"), str(registration.places)),
                    ],
                    irreversible=True,
                )
            )
        try:
            registration_cancel(registration=registration, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The registration is cancelled; the person is told."))
        return HttpResponseRedirect(back)


class RegistrationCertificate(RegistrationMixin, TemplateView):
    """A person's certificate of attendance, for the office to print."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.registration.checked_in_at is None or not self.registration.name:
            messages.error(request, _("There is a certificate only for people who came."))
            return HttpResponseRedirect(self.reverse("staff:date_detail", pk=self.date.pk))
        return certificate_response(self.registration, language="de")
