"""The office prepares, publishes and minutes meetings."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import ListView, TemplateView

from querschnitt.bodies.forms import (
    AgendaItemForm,
    AttendanceForm,
    FileEditForm,
    InvitationForm,
    MeetingForm,
    ResultForm,
    UploadForm,
)
from querschnitt.bodies.models import AgendaItem, File, Invitation, Meeting
from querschnitt.bodies.selectors.meetings import (
    meeting_agenda,
    meeting_attendance,
    meeting_documents,
)
from querschnitt.bodies.selectors.staff_meetings_sql import (
    MeetingFilters,
    MeetingRows,
    body_choices,
)
from querschnitt.bodies.services.files import file_add, file_delete, file_update
from querschnitt.bodies.services.invitations import invitation_progress, invitation_send
from querschnitt.bodies.services.meetings import (
    agenda_item_create,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_record_result,
    agenda_item_update,
    attendance_record,
    meeting_cancel,
    meeting_create,
    meeting_delete,
    meeting_mark_held,
    meeting_publish,
    meeting_unpublish,
    meeting_update,
    members_at_meeting,
)
from querschnitt.bodies.services.minutes import meeting_minutes_generate
from querschnitt.bodies.staff_rows import staff_meeting_rows
from querschnitt.bodies.views.staff_base import FormPage, OfficeMixin
from querschnitt.bodies.visibility import OFFICE
from querschnitt.core.views.staff import Confirmation, ConfirmMixin

FILTERS = {
    "einladen": gettext_lazy("Invitations to send"),
    "niederschrift": gettext_lazy("Minutes missing"),
    "abschliessen": gettext_lazy("To record and mark as held"),
    "kommende": gettext_lazy("Coming meetings"),
}


class MeetingList(OfficeMixin, ListView):
    template_name = "bodies/staff/meeting_list.html"
    paginate_by = 50

    def get_queryset(self) -> MeetingRows:  # type: ignore[override]
        """The count and the page by plain SQL (`staff_meetings_sql`; the same conditions
        with the ORM are kept in `test_staff_meetings_sql.py`, which compares both)."""
        body = self.request.GET.get("gremium", "")
        return MeetingRows(
            self.municipality,
            MeetingFilters(
                shown=self.request.GET.get("zeige", ""),
                body_id=int(body) if body.isdigit() else None,
                now=timezone.now(),
            ),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        shown = self.request.GET.get("zeige", "")
        context = super().get_context_data(**kwargs)
        rows = staff_meeting_rows(context["object_list"], municipality=self.municipality)
        return context | {
            "meeting_rows": rows,
            "filters": FILTERS,
            "shown": shown,
            "bodies": body_choices(municipality=self.municipality),
            "chosen_body": self.request.GET.get("gremium", ""),
            "query": self.request.GET.urlencode().replace("page=", "x="),
        }


class MeetingCreate(FormPage):
    form_class = MeetingForm
    title = gettext_lazy("New meeting")
    submit_label = gettext_lazy("Schedule the meeting")
    success_message = gettext_lazy("The meeting has been scheduled. Now set its agenda.")

    def get_initial(self) -> dict[str, Any]:
        body = self.request.GET.get("gremium", "")
        return {"body": int(body)} if body.isdigit() else {}

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def back_url(self) -> str:
        return self.reverse("staff:meeting_list")

    def save(self, form: MeetingForm) -> str:
        meeting = meeting_create(
            body=form.cleaned_data["body"], by=self.request.user, **form.service_fields()
        )
        return self.reverse("staff:meeting_detail", pk=meeting.pk)


class MeetingMixin:
    municipality: Any
    kwargs: dict[str, Any]

    def load_meeting(self) -> Meeting:
        return get_object_or_404(
            Meeting.objects.filter(municipality=self.municipality).select_related(
                "body", "location", "term"
            ),
            pk=self.kwargs["pk"],
        )


class MeetingDetail(MeetingMixin, OfficeMixin, TemplateView):
    """Everything about one meeting, and what to do next. While the invitation is being sent,
    htmx polls this page for its progress."""

    template_name = "bodies/staff/meeting_detail.html"

    def load_objects(self) -> None:
        self.meeting = self.load_meeting()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        invitation = self.meeting.invitations.order_by("-created_at").first()
        items = meeting_agenda(meeting=self.meeting, viewer=OFFICE)
        minutes = list(meeting_documents(meeting=self.meeting, viewer=OFFICE))
        return super().get_context_data(**kwargs) | {
            "meeting": self.meeting,
            "items": items,
            "documents": minutes,
            "has_minutes": any(d.role == File.Role.RESULTS_PROTOCOL for d in minutes),
            "attendance": meeting_attendance(meeting=self.meeting),
            "invitation": invitation,
            "progress": invitation_progress(invitation=invitation) if invitation else None,
            "invitation_running": invitation is not None
            and invitation.state == Invitation.State.SENDING,
            "item_form": AgendaItemForm(),
            "begun": self.meeting.start <= timezone.now(),
            "now": timezone.now(),
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "htmx", False):
            return render(
                request, "bodies/staff/_invitation_progress.html", self.get_context_data()
            )
        return super().get(request, *args, **kwargs)


class MeetingEdit(MeetingMixin, FormPage):
    form_class = MeetingForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The meeting has been saved.")
    delete_label = gettext_lazy("Delete the meeting")
    delete_question = gettext_lazy("Delete this meeting?")
    delete_consequences = (
        gettext_lazy("Its agenda goes with it; the papers on it stay on their path."),
        gettext_lazy("A held meeting cannot be deleted."),
    )

    def load_objects(self) -> None:
        self.meeting = self.load_meeting()

    @property
    def title(self) -> str:
        return str(self.meeting)

    def get_initial(self) -> dict[str, Any]:
        return MeetingForm.initial_from(self.meeting)

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality, "fixed_body": True}

    def back_url(self) -> str:
        return self.reverse("staff:meeting_detail", pk=self.meeting.pk)

    def save(self, form: MeetingForm) -> str:
        meeting_update(meeting=self.meeting, by=self.request.user, **form.service_fields())
        return self.back_url()

    def delete(self) -> str:
        meeting_delete(meeting=self.meeting, by=self.request.user)
        return self.reverse("staff:meeting_list")


# The steps of a meeting that change what others see: the button, the question, what happens.
ACTIONS = {
    "veroeffentlichen": (
        gettext_lazy("Publish the meeting"),
        gettext_lazy("Publish this meeting?"),
        [
            gettext_lazy(
                "Everyone then sees its date, place and the public part of its agenda, with the "
                "public papers on it, here, in the calendar feeds and through OParl."
            ),
            gettext_lazy("Subscribers to matching news hear of it in their next e-mail."),
            gettext_lazy("You can take it back from the public later."),
        ],
    ),
    "zuruecknehmen": (
        gettext_lazy("Take the meeting back"),
        gettext_lazy("Take this meeting back from the public?"),
        [
            gettext_lazy("It disappears from the public pages, the calendar feeds and OParl."),
            gettext_lazy("Its papers stay published."),
        ],
    ),
    "absagen": (
        gettext_lazy("Cancel the meeting"),
        gettext_lazy("Cancel this meeting?"),
        [
            gettext_lazy("It stays in the calendar, marked as cancelled."),
            gettext_lazy("You can reinstate it later."),
        ],
    ),
    "wieder-ansetzen": (
        gettext_lazy("Reinstate the meeting"),
        gettext_lazy("Reinstate this cancelled meeting?"),
        [gettext_lazy("It is shown as planned again, no longer as cancelled.")],
    ),
    "abschliessen": (
        gettext_lazy("Mark as held"),
        gettext_lazy("Mark this meeting as held?"),
        [
            gettext_lazy("Its agenda can then no longer change."),
            gettext_lazy("Results and minutes can still be recorded."),
        ],
    ),
}


class MeetingAction(ConfirmMixin, MeetingMixin, OfficeMixin, TemplateView):
    """A consequential step, asked first on a confirm page: publish, take back, cancel,
    reinstate, mark held. Only the confirm page's button (`bestaetigt=1`) acts."""

    def load_objects(self) -> None:
        if self.kwargs["action"] not in ACTIONS:
            raise Http404
        self.meeting = self.load_meeting()

    def confirmation(self) -> Confirmation:
        label, question, consequences = ACTIONS[self.kwargs["action"]]
        return Confirmation(
            question=str(question),
            consequences=[str(text) for text in consequences],
            confirm_label=str(label),
            cancel_url=self.reverse("staff:meeting_detail", pk=self.meeting.pk),
            details=[
                (_("Meeting"), str(self.meeting)),
                (
                    _("When"),
                    render_to_string("bodies/_meeting_start.html", {"meeting": self.meeting}),
                ),
            ],
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.confirm_page(self.confirmation())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.is_confirmed():
            return self.confirm_page(self.confirmation())
        action = self.kwargs["action"]
        run = {
            "veroeffentlichen": (meeting_publish, _("The meeting has been published.")),
            "zuruecknehmen": (meeting_unpublish, _("The meeting is no longer public.")),
            "absagen": (meeting_cancel, _("The meeting has been cancelled.")),
            "abschliessen": (meeting_mark_held, _("The meeting is marked as held.")),
        }
        try:
            if action == "wieder-ansetzen":
                meeting_cancel(meeting=self.meeting, by=request.user, cancelled=False)
                message = _("The meeting has been reinstated.")
            else:
                service, message = run[action]
                service(meeting=self.meeting, by=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return HttpResponseRedirect(self.reverse("staff:meeting_detail", pk=self.meeting.pk))


class MeetingInvite(MeetingMixin, FormPage):
    """Send the invitation with the agenda as PDF to every member, after a look at who gets it."""

    form_class = InvitationForm
    template_name = "bodies/staff/meeting_invite.html"
    submit_label = gettext_lazy("Send the invitation")

    def load_objects(self) -> None:
        self.meeting = self.load_meeting()

    @property
    def title(self) -> str:
        return _("Invite to %(meeting)s") % {"meeting": self.meeting}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        members = members_at_meeting(self.meeting)
        return super().get_context_data(**kwargs) | {
            "meeting": self.meeting,
            "with_address": [m for m in members if m.person.email],
            "without_address": [m for m in members if not m.person.email],
            "items": meeting_agenda(meeting=self.meeting, viewer=OFFICE),
        }

    def back_url(self) -> str:
        return self.reverse("staff:meeting_detail", pk=self.meeting.pk)

    def form_valid(self, form: Any) -> HttpResponse:
        if not self.is_confirmed():
            return self.confirm_page(self.send_confirmation(form.cleaned_data["message"]))
        return super().form_valid(form)

    def send_confirmation(self, message: str) -> Confirmation:
        members = members_at_meeting(self.meeting)
        invited = sum(1 for m in members if m.person.email)
        missing = [m.person.name for m in members if not m.person.email]
        consequences = [
            ngettext(
                "%(count)s member gets the invitation with the agenda as a PDF by e-mail.",
                "%(count)s members get the invitation with the agenda as a PDF by e-mail.",
                invited,
            )
            % {"count": invited}
        ]
        if missing:
            consequences.append(
                _("Without an e-mail address, so not invited this way: %(names)s.")
                % {"names": ", ".join(missing)}
            )
        sent = self.meeting.invitations.order_by("-created_at").first()
        if sent is not None:
            consequences.append(
                _("An invitation was sent on %(day)s already; everyone gets this one too.")
                % {"day": formats.date_format(timezone.localtime(sent.created_at), "DATE_FORMAT")}
            )
        consequences.append(_("Sent e-mails cannot be called back."))
        return Confirmation(
            question=_("Send the invitation now?"),
            consequences=consequences,
            confirm_label=_("Yes, send the invitation"),
            cancel_url=self.request.path,
            carry={"message": message},
            details=[
                (_("Meeting"), str(self.meeting)),
                (
                    _("When"),
                    render_to_string("bodies/_meeting_start.html", {"meeting": self.meeting}),
                ),
                *([(_("Message to the members"), message)] if message else []),
            ],
            irreversible=True,
        )

    def save(self, form: InvitationForm) -> str:
        invitation = invitation_send(
            meeting=self.meeting,
            by=self.request.user,
            message=form.cleaned_data["message"],
            base_url=self.request.build_absolute_uri("/"),
        )
        invitation.refresh_from_db()
        if invitation.state == Invitation.State.SENT:
            messages.success(self.request, _("The invitation has been sent."))
        else:
            messages.success(
                self.request, _("The invitation is being sent. This page shows the progress.")
            )
        return self.back_url()


class AgendaItemPage(MeetingMixin, FormPage):
    form_class = AgendaItemForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The agenda has been saved.")

    def load_objects(self) -> None:
        self.meeting = self.load_meeting()
        self.item: AgendaItem | None = None
        if "item_pk" in self.kwargs:
            self.item = get_object_or_404(
                AgendaItem.objects.filter(municipality=self.municipality, meeting=self.meeting),
                pk=self.kwargs["item_pk"],
            )
            self.delete_label = _("Delete the item")
            self.delete_question = _("Delete this item from the agenda?")
            self.delete_consequences = (
                _("A paper on it stays on its path, without a date."),
                _("The numbers of the other items stay as they are."),
            )

    @property
    def title(self) -> str:
        return str(self.item) if self.item else _("New agenda item")

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "instance": self.item or AgendaItem(meeting=self.meeting)
        }

    def back_url(self) -> str:
        return self.reverse("staff:meeting_detail", pk=self.meeting.pk) + "#tagesordnung"

    def save(self, form: AgendaItemForm) -> str:
        data = form.cleaned_data
        if self.item is None:
            agenda_item_create(meeting=self.meeting, by=self.request.user, **data)
        else:
            agenda_item_update(item=self.item, by=self.request.user, **data)
        return self.back_url()

    def delete(self) -> str:
        assert self.item is not None
        agenda_item_delete(item=self.item, by=self.request.user)
        return self.back_url()


class AgendaItemMove(MeetingMixin, OfficeMixin, TemplateView):
    http_method_names = ["post"]

    def load_objects(self) -> None:
        self.meeting = self.load_meeting()
        self.item = get_object_or_404(
            AgendaItem.objects.filter(municipality=self.municipality, meeting=self.meeting),
            pk=self.kwargs["item_pk"],
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            agenda_item_move(
                item=self.item, by=request.user, up=request.POST.get("direction") == "up"
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The item has been moved."))
        return HttpResponseRedirect(
            self.reverse("staff:meeting_detail", pk=self.meeting.pk) + "#tagesordnung"
        )


class AttendancePage(MeetingMixin, FormPage):
    form_class = AttendanceForm
    submit_label = gettext_lazy("Save the attendance")
    success_message = gettext_lazy("The attendance has been saved.")

    def load_objects(self) -> None:
        self.meeting = self.load_meeting()

    @property
    def title(self) -> str:
        return _("Attendance: %(meeting)s") % {"meeting": self.meeting}

    def get_form_kwargs(self) -> dict[str, Any]:
        current = {a.person_id: a.status for a in meeting_attendance(meeting=self.meeting)}
        return super().get_form_kwargs() | {
            "members": members_at_meeting(self.meeting),
            "current": current,
        }

    def back_url(self) -> str:
        return self.reverse("staff:meeting_detail", pk=self.meeting.pk)

    def save(self, form: AttendanceForm) -> str:
        attendance_record(meeting=self.meeting, by=self.request.user, statuses=form.statuses())
        return self.back_url()


class ResultPage(MeetingMixin, FormPage):
    form_class = ResultForm
    submit_label = gettext_lazy("Save the result")
    success_message = gettext_lazy("The result has been saved.")

    def load_objects(self) -> None:
        self.meeting = self.load_meeting()
        self.item = get_object_or_404(
            AgendaItem.objects.filter(municipality=self.municipality, meeting=self.meeting),
            pk=self.kwargs["item_pk"],
        )

    @property
    def title(self) -> str:
        return _("Result: %(item)s") % {"item": self.item}

    def get_initial(self) -> dict[str, Any]:
        return ResultForm.initial_from(self.item)

    def get_form_kwargs(self) -> dict[str, Any]:
        voters = None
        if self.meeting.body.records_individual_votes:
            voters = [m for m in members_at_meeting(self.meeting) if m.voting_right]
        return super().get_form_kwargs() | {"item": self.item, "voters": voters}

    def back_url(self) -> str:
        return self.reverse("staff:meeting_detail", pk=self.meeting.pk) + f"#top-{self.item.pk}"

    def save(self, form: ResultForm) -> str:
        agenda_item_record_result(item=self.item, by=self.request.user, **form.service_fields())
        return self.back_url()


class DocumentAdd(MeetingMixin, FormPage):
    """Attach a document to the meeting or one of its items: minutes, annexes, a resolution."""

    form_class = UploadForm
    submit_label = gettext_lazy("Upload")
    success_message = gettext_lazy("The document has been added.")

    def load_objects(self) -> None:
        self.meeting = self.load_meeting()
        self.item: AgendaItem | None = None
        item = self.request.GET.get("top", "") or self.request.POST.get("top", "")
        if item.isdigit():
            self.item = get_object_or_404(
                AgendaItem.objects.filter(municipality=self.municipality, meeting=self.meeting),
                pk=int(item),
            )

    @property
    def title(self) -> str:
        return _("Document for %(what)s") % {"what": self.item or self.meeting}

    def get_initial(self) -> dict[str, Any]:
        return {"role": self.request.GET.get("art", ""), "public": True}

    def get_form_kwargs(self) -> dict[str, Any]:
        roles = (
            [File.Role.RESOLUTION, File.Role.AUXILIARY]
            if self.item
            else [
                File.Role.RESULTS_PROTOCOL,
                File.Role.AUXILIARY,
                File.Role.INVITATION,
                File.Role.VERBATIM_PROTOCOL,
            ]
        )
        return super().get_form_kwargs() | {"roles": roles}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "hidden": {"top": self.item.pk if self.item else ""}
        }

    def back_url(self) -> str:
        return self.reverse("staff:meeting_detail", pk=self.meeting.pk)

    def save(self, form: UploadForm) -> str:
        upload = form.cleaned_data["file"]
        try:
            file_add(
                parent=self.item or self.meeting,
                by=self.request.user,
                upload=upload,
                file_name=upload.name,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                public=form.cleaned_data["public"],
                file_date=form.cleaned_data["file_date"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise ValidationError({"file": error.messages}) from error
            raise
        return self.back_url()


class MinutesGenerate(ConfirmMixin, MeetingMixin, OfficeMixin, TemplateView):
    """Make the minutes of the public part from the recorded attendance and results, asked
    first on a confirm page: they replace minutes attached before, and a public body's
    minutes are public at once."""

    http_method_names = ["post"]

    def load_objects(self) -> None:
        self.meeting = self.load_meeting()

    def confirmation(self) -> Confirmation:
        consequences = [
            _(
                "The minutes of the public part are made as a PDF from the attendance, results "
                "and resolutions recorded."
            ),
            _("Everyone sees them at once on the meeting's page and through OParl.")
            if self.meeting.body.is_public
            else _("Only the office and the members of the body see them."),
        ]
        earlier = File.objects.filter(
            municipality=self.municipality, meeting=self.meeting, role=File.Role.RESULTS_PROTOCOL
        ).first()
        if earlier is not None:
            consequences.append(
                _(
                    "They replace the minutes attached now (“%(name)s”), which cannot be "
                    "brought back."
                )
                % {"name": earlier.name}
            )
        return Confirmation(
            question=_("Make the minutes from the results?"),
            consequences=consequences,
            confirm_label=_("Make the minutes"),
            cancel_url=self.reverse("staff:meeting_detail", pk=self.meeting.pk),
            details=[
                (_("Meeting"), str(self.meeting)),
                (
                    _("When"),
                    render_to_string("bodies/_meeting_start.html", {"meeting": self.meeting}),
                ),
            ],
            irreversible=earlier is not None,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.is_confirmed():
            return self.confirm_page(self.confirmation())
        try:
            meeting_minutes_generate(meeting=self.meeting, by=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The minutes have been made from the recorded results."))
        return HttpResponseRedirect(self.reverse("staff:meeting_detail", pk=self.meeting.pk))


class FileEdit(FormPage):
    form_class = FileEditForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The document has been saved.")
    delete_label = gettext_lazy("Delete the document")
    delete_question = gettext_lazy("Delete this document?")
    delete_consequences = (gettext_lazy("It disappears from every page and from OParl."),)

    def load_objects(self) -> None:
        self.document = get_object_or_404(
            File.objects.filter(municipality=self.municipality).select_related("agenda_item"),
            pk=self.kwargs["pk"],
        )

    @property
    def title(self) -> str:
        return str(self.document)

    def get_initial(self) -> dict[str, Any]:
        return {
            "name": self.document.name,
            "public": self.document.public,
            "file_date": self.document.date,
        }

    def back_url(self) -> str:
        document = self.document
        if document.paper_id:
            return self.reverse("staff:paper_detail", pk=document.paper_id)
        meeting = document.meeting_id or document.agenda_item.meeting_id
        return self.reverse("staff:meeting_detail", pk=meeting)

    def save(self, form: FileEditForm) -> str:
        file_update(file=self.document, by=self.request.user, **form.cleaned_data)
        return self.back_url()

    def delete(self) -> str:
        target = self.back_url()
        file_delete(file=self.document, by=self.request.user)
        return target
