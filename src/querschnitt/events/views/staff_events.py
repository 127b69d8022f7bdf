"""The office's events: the list, creating and changing them, their questions, publishing,
reviewing what organisations submitted, a public meeting of a body in the calendar."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from querschnitt.bodies.models import Meeting
from querschnitt.core.form_markup import filter_form_markup
from querschnitt.core.models import Municipality
from querschnitt.core.versioned import remembered
from querschnitt.core.views.staff import Confirmation, ConfirmMixin
from querschnitt.events.forms.staff import (
    DeclineForm,
    EventForm,
    EventListFilter,
    MeetingChoiceForm,
    QuestionForm,
)
from querschnitt.events.models import Event, EventDate, Format, Question, WorkingGroup
from querschnitt.events.selectors.calendar import places_of
from querschnitt.events.selectors.staff_list_sql import EventFilters, EventRows
from querschnitt.events.services.events import (
    event_create,
    event_delete,
    event_publish,
    event_update,
)
from querschnitt.events.services.formats import question_create, question_delete, question_update
from querschnitt.events.services.imports import imported_event_reset
from querschnitt.events.services.meetings import event_for_meeting
from querschnitt.events.services.submissions import submission_accept, submission_reject
from querschnitt.events.staff_rows import staff_event_rows
from querschnitt.events.views.staff_base import EventMixin, FormPage, OfficeMixin

PAGE_SIZE = 30


def _of_dates(dates: QuerySet[EventDate], value: Any) -> Subquery:
    """One aggregate of an event's dates (`dates` filtered by `event=OuterRef("pk")`)."""
    return Subquery(dates.order_by().values("event").annotate(found=value).values("found"))


def event_rows(queryset: QuerySet[Event], now: Any, *, coming_only: bool = False) -> Any:
    """The events with their next date to come and their number of dates (only those to
    come with `coming_only`), each aggregated in a subquery of its own: grouping the events
    by every column of their rows, as aggregating over a join does, cost ten times more."""
    dates = EventDate.objects.filter(
        municipality_id=OuterRef("municipality_id"), event=OuterRef("pk")
    )
    counted = dates.filter(end__gte=now) if coming_only else dates
    return queryset.select_related("format", "organiser_organisation", "organiser_body").annotate(
        next_start=_of_dates(dates.filter(end__gte=now, cancelled=False), Min("start")),
        date_count=Coalesce(_of_dates(counted, Count("pk")), 0),
    )


def staff_formats(municipality: Municipality) -> list[Format]:
    """Every format of the municipality, by name: each has a public page (active or not) and
    its changes move the content version, so the list and the filter form's markup built from
    it are remembered under that version."""
    return remembered(
        municipality,
        "events:staff-formats",
        lambda: list(Format.objects.filter(municipality=municipality).order_by("name")),
    )


class EventList(OfficeMixin, TemplateView):
    template_name = "events/staff/event_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = EventListFilter(self.request.GET, formats=staff_formats(self.municipality))
        shown = form.data.get("zeige", "kommend") if form.is_valid() else "kommend"
        chosen_format = form.cleaned_data.get("format") if form.is_valid() else ""
        # the count and the page by plain SQL, with the conditions and order that the ORM
        # spelling kept in `test_staff_list_sql.py` gives
        events = EventRows(
            self.municipality,
            EventFilters(
                shown=shown,
                format_id=int(chosen_format) if chosen_format else None,
                now=timezone.now(),
            ),
        )
        paginator: Paginator[dict[str, Any]] = Paginator(events, PAGE_SIZE)  # type: ignore[arg-type]
        page = paginator.get_page(self.request.GET.get("page"))
        query = f"zeige={shown}" + (f"&format={chosen_format}" if chosen_format else "")
        return super().get_context_data(**kwargs) | {
            "form": form,
            "filter_markup": filter_form_markup(
                form, municipality=self.municipality, fields=("zeige", "format"), between="\n    "
            ),
            "page_obj": page,
            "object_list": page.object_list,
            "event_rows": staff_event_rows(
                page.object_list, shown_list=shown, municipality=self.municipality
            ),
            "shown": shown,
            "query": query,
        }


class EventCreate(OfficeMixin, FormPage):
    title = gettext_lazy("New event")
    submit_label = gettext_lazy("Save as draft")
    form_class = EventForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs() | {"municipality": self.municipality}
        chosen = self.request.GET.get("format", "")
        if chosen.isdigit():
            kwargs["initial"] = {"format": int(chosen)}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "intro": _(
                "The event is saved as a draft; it appears in the calendar once you publish it."
            )
        }

    def back_url(self) -> str:
        return self.reverse("staff:event_list")

    def save(self, form: EventForm) -> str:
        event = event_create(
            municipality=self.municipality,
            by=self.request.user,
            publish=False,
            **form.service_fields(),
        )
        messages.success(self.request, _("The event has been saved as a draft."))
        return self.reverse("staff:event_detail", pk=event.pk)


class EventEdit(EventMixin, FormPage):
    form_class = EventForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The event has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality, "event": self.event}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        intro = ""
        if self.event.is_imported:
            intro = _(
                "This event comes from an external calendar. Once you change it here, the "
                "calendar no longer overwrites it; changes there are flagged instead."
            )
        return super().get_context_data(**kwargs) | {
            "title": _("Change the event"),
            "intro": intro,
        }

    def back_url(self) -> str:
        return self.reverse("staff:event_detail", pk=self.event.pk)

    def save(self, form: EventForm) -> str:
        event_update(event=self.event, by=self.request.user, **form.service_fields())
        return self.back_url()


class EventDetail(EventMixin, TemplateView):
    template_name = "events/staff/event_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        now = timezone.now()
        dates = list(
            EventDate.objects.filter(municipality=self.municipality, event=self.event).order_by(
                "start", "pk"
            )
        )
        places = places_of(municipality=self.municipality, dates=dates)
        upcoming = [found for found in dates if found.end >= now]
        past = [found for found in dates if found.end < now]
        return super().get_context_data(**kwargs) | {
            "upcoming": [(found, places.get(found.pk)) for found in upcoming[:60]],
            "more_upcoming": max(0, len(upcoming) - 60),
            "past": [(found, places.get(found.pk)) for found in reversed(past[-20:])],
            "questions": list(self.event.questions.all()),
            "working_groups": list(
                WorkingGroup.objects.filter(
                    municipality=self.municipality, founded_at=self.event
                ).select_related("body")
            ),
        }


ACTIONS = {
    "veroeffentlichen": "publish",
    "annehmen": "accept",
    "loeschen": "delete",
    "zurueckgeben": "give_back",
}


class EventAction(ConfirmMixin, EventMixin, TemplateView):
    """Publish, accept a submission, delete a draft, give an imported event back to its
    calendar: each asks on a page that says what will happen."""

    http_method_names = ["post"]

    def confirmation(self, action: str) -> Confirmation:
        event = self.event
        back = self.reverse("staff:event_detail", pk=event.pk)
        details = [(_("Event"), str(event))]
        if action == "publish":
            return Confirmation(
                question=_("Publish the event?"),
                consequences=[
                    _("It appears in the public calendar, its feeds and the embedded next date."),
                    _("Calendars that subscribed to the feeds take it up."),
                ],
                confirm_label=_("Publish"),
                cancel_url=back,
                details=details,
            )
        if action == "accept":
            return Confirmation(
                question=_("Accept the submitted event?"),
                consequences=[
                    _("It appears in the public calendar and its feeds."),
                    _("The organisation is told by e-mail."),
                ],
                confirm_label=_("Accept"),
                cancel_url=back,
                details=[*details, (_("Organisation"), event.organiser_name)],
            )
        if action == "delete":
            return Confirmation(
                question=_("Delete the event?"),
                consequences=[_("The event, its dates and its questions are deleted.")],
                confirm_label=_("Delete"),
                cancel_url=back,
                details=details,
                irreversible=True,
            )
        return Confirmation(
            question=_("Give the event back to its calendar?"),
            consequences=[
                _("The next import overwrites your changes with what the calendar says."),
            ],
            confirm_label=_("Give back"),
            cancel_url=back,
            details=details,
            irreversible=True,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = ACTIONS.get(kwargs["action"])
        if action is None:
            raise Http404
        if not self.is_confirmed():
            return self.confirm_page(self.confirmation(action))
        back = self.reverse("staff:event_detail", pk=self.event.pk)
        try:
            if action == "publish":
                event_publish(event=self.event, by=request.user)
                messages.success(request, _("The event is published."))
            elif action == "accept":
                submission_accept(event=self.event, by=request.user)
                messages.success(request, _("The event is accepted and in the calendar."))
            elif action == "delete":
                event_delete(event=self.event, by=request.user)
                messages.success(request, _("The event has been deleted."))
                return HttpResponseRedirect(self.reverse("staff:event_list"))
            else:
                imported_event_reset(event=self.event, by=request.user)
                messages.success(request, _("The next import takes the calendar's version."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return HttpResponseRedirect(back)


class EventDecline(EventMixin, FormPage):
    """Decline a submitted event with a reason; the organisation is told."""

    form_class = DeclineForm
    title = gettext_lazy("Decline the submitted event")
    submit_label = gettext_lazy("Go on")

    def back_url(self) -> str:
        return self.reverse("staff:event_detail", pk=self.event.pk)

    def form_valid(self, form: DeclineForm) -> HttpResponse:
        reason = form.cleaned_data["reason"]
        if not self.is_confirmed():
            return self.confirm_page(
                Confirmation(
                    question=_("Decline the submitted event?"),
                    consequences=[
                        _("It does not appear in the calendar."),
                        _("The organisation is told by e-mail, with your reason."),
                        _("The organisation can correct it and submit it again."),
                    ],
                    confirm_label=_("Decline"),
                    cancel_url=self.back_url(),
                    details=[(_("Event"), str(self.event)), (_("Reason"), reason)],
                    carry={"reason": reason},
                )
            )
        try:
            submission_reject(event=self.event, by=self.request.user, reason=reason)
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The event is declined; the organisation is told."))
        return HttpResponseRedirect(self.back_url())


class QuestionPage(EventMixin, FormPage):
    """Add or change a question of an event (`question_pk`); `?loeschen=1` removes it."""

    form_class = QuestionForm
    submit_label = gettext_lazy("Save")

    def load_objects(self) -> None:
        super().load_objects()
        self.question: Question | None = None
        if "question_pk" in self.kwargs:
            self.question = get_object_or_404(
                Question.objects.filter(municipality=self.municipality, event=self.event),
                pk=self.kwargs["question_pk"],
            )

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "question": self.question,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "title": _("Change the question") if self.question else _("New question"),
            "intro": _(
                "Everyone who registers answers it. Ask only what the event needs: "
                "dietary needs, interpreting, childcare, accessibility needs."
            ),
            "delete_label": _("Remove the question") if self.question else "",
        }

    def back_url(self) -> str:
        return self.reverse("staff:event_detail", pk=self.event.pk)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.question is not None and request.POST.get("action") == "delete":
            question_delete(question=self.question, by=request.user)
            messages.success(request, _("The question has been removed."))
            return HttpResponseRedirect(self.back_url())
        return super().post(request, *args, **kwargs)

    def save(self, form: QuestionForm) -> str:
        if self.question is None:
            question_create(event=self.event, by=self.request.user, **form.service_fields())
            messages.success(self.request, _("The question has been added."))
        else:
            question_update(question=self.question, by=self.request.user, **form.service_fields())
            messages.success(self.request, _("The question has been saved."))
        return self.back_url()


class EventFromMeeting(OfficeMixin, FormPage):
    """Show a published meeting of a public body in the calendar."""

    form_class = MeetingChoiceForm
    title = gettext_lazy("A public meeting in the calendar")
    submit_label = gettext_lazy("Add to the calendar")

    def meetings(self) -> QuerySet[Meeting]:
        return (
            Meeting.objects.filter(
                municipality=self.municipality,
                published_at__isnull=False,
                body__is_public=True,
                start__gte=timezone.now() - timedelta(days=1),
                calendar_event__isnull=True,
            )
            .select_related("body")
            .order_by("start")
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"meetings": self.meetings()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "intro": _(
                "The event follows the meeting: when the meeting moves or is cancelled, "
                "so is the event."
            )
        }

    def back_url(self) -> str:
        return self.reverse("staff:event_list")

    def save(self, form: MeetingChoiceForm) -> str:
        event = event_for_meeting(meeting=form.cleaned_data["meeting"], by=self.request.user)
        messages.success(self.request, _("The meeting is in the calendar."))
        return self.reverse("staff:event_detail", pk=event.pk)
