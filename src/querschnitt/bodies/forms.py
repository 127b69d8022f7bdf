"""Forms of bodies, meetings and papers: the office's forms and the public's search and
subscription forms. Every choice of a related object is narrowed to the municipality."""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from querschnitt.bodies.models import (
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
    SeatGroup,
    Vote,
)
from querschnitt.bodies.selectors.papers import PaperFilters
from querschnitt.core.forms import (
    FilterForm,
    Form,
    ModelForm,
    add_translated_fields,
    translated_values,
)
from querschnitt.core.models import Department, Municipality
from querschnitt.network.models import Organisation
from querschnitt.portal.forms import HoneypotMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Departments and short fixed lists are chosen with radio buttons: their names are long
# ("B-IM – Beauftragter für Integration und Migration"), and a select would cut the chosen one
# on a phone; a list of more than twelve gets a filter box (core/forms/field.html).
RADIOS = forms.RadioSelect
TRANSLATED = ("purpose", "goal", "mandate")


def _narrow(form: forms.BaseForm, name: str, queryset: Any, empty: Any = None) -> None:
    field = form.fields[name]
    field.queryset = queryset  # type: ignore[attr-defined]
    if empty is not None:
        field.empty_label = empty  # type: ignore[attr-defined]


class BodyForm(ModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "short_name",
            "kind",
            "is_public",
            "legal_basis",
            "composition_rule",
            "planned_size",
            "term_years",
            "gender_balanced",
            "records_individual_votes",
            "parent",
            "office_department",
            "location",
            "website",
            "email",
            "start_date",
            "end_date",
            "planned_end_date",
            "slug",
        ]
        field_classes = {
            "parent": SafeModelChoiceField,
            "office_department": SafeModelChoiceField,
            "location": SafeModelChoiceField,
        }
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "planned_end_date": DATE,
            "office_department": RADIOS,
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = municipality.offered_languages
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Filled in from the name if left empty.")
        _narrow(
            self,
            "parent",
            Body.objects.filter(municipality=municipality).exclude(pk=self.instance.pk),
        )
        _narrow(
            self,
            "office_department",
            Department.objects.filter(municipality=municipality),
            _("none"),
        )
        _narrow(self, "location", Location.objects.filter(municipality=municipality))
        labels = {"purpose": _("Purpose"), "goal": _("Goal"), "mandate": _("Mandate")}
        for name in TRANSLATED:
            add_translated_fields(
                self,
                name,
                label=str(labels[name]),
                languages=self.languages,
                initial=getattr(self.instance, name) or {},
                required_german=name == "purpose",
                rows=4,
            )
        order = ["name", "short_name", "kind", "is_public"]
        order += [f"purpose_{code}" for code in self.languages]
        self.order_fields(order + [name for name in self.fields if name not in order])

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for name in TRANSLATED:
            data[name] = translated_values(self, name, self.languages)
        return data


class SeatGroupForm(ModelForm):
    class Meta:
        model = SeatGroup
        fields = ["name", "seats", "voting_right", "selection", "order"]


class TermForm(ModelForm):
    class Meta:
        model = LegislativeTerm
        fields = ["body", "name", "start_date", "end_date"]
        field_classes = {"body": SafeModelChoiceField}
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _narrow(
            self, "body", Body.objects.filter(municipality=municipality), _("the whole council")
        )
        self.fields["body"].help_text = _(
            "A body with terms of its own (an elected advisory council); empty for the council's "
            "term, which its committees share."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("A term ends after it begins."))
        return data


class LocationForm(ModelForm):
    class Meta:
        model = Location
        fields = [
            "description",
            "room",
            "street_address",
            "postal_code",
            "sub_locality",
            "locality",
            "latitude",
            "longitude",
            "step_free",
            "accessible_toilet",
            "hearing_loop",
            "accessibility_note",
        ]
        widgets = {
            name: forms.NullBooleanSelect()
            for name in ("step_free", "accessible_toilet", "hearing_loop")
        }


class PersonForm(ModelForm):
    class Meta:
        model = Person
        fields = [
            "form_of_address",
            "title",
            "given_name",
            "family_name",
            "affix",
            "gender",
            "status",
            "email",
            "phone",
            "organisation",
        ]
        field_classes = {"organisation": SafeModelChoiceField}
        widgets = {"phone": forms.TextInput(attrs={"type": "tel"})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _narrow(
            self,
            "organisation",
            Organisation.objects.filter(municipality=municipality).order_by("name"),
            _("none"),
        )


class PersonAccessForm(Form):
    # The person's own form on the same page has an "email" field too.
    prefix = "zugang"

    email = forms.EmailField(
        label=_("E-mail address for signing in"),
        help_text=_(
            "A new account is invited by e-mail. With the role “body member” the person reads "
            "everything of the bodies they sit on, the non-public parts included."
        ),
    )


class MembershipForm(ModelForm):
    class Meta:
        model = Membership
        fields = [
            "person",
            "role",
            "voting_right",
            "seat_group",
            "group",
            "on_behalf_of",
            "start_date",
            "end_date",
        ]
        field_classes = {
            "person": SafeModelChoiceField,
            "seat_group": SafeModelChoiceField,
            "on_behalf_of": SafeModelChoiceField,
        }
        widgets = {"start_date": DATE, "end_date": DATE, "role": RADIOS}

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = body.municipality
        _narrow(self, "person", Person.objects.filter(municipality=municipality))
        _narrow(self, "seat_group", SeatGroup.objects.filter(municipality=municipality, body=body))
        _narrow(
            self,
            "on_behalf_of",
            Organisation.objects.filter(municipality=municipality).order_by("name"),
            _("none"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("A membership ends after it begins."))
        return data

    def _post_clean(self) -> None:
        # the service validates the membership with its body; the form only its fields
        pass


class MeetingForm(Form):
    body = SafeModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    name = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Filled in if left empty.")
    )
    day = forms.DateField(label=_("Date"), widget=DATE)
    begins = forms.TimeField(label=_("Begins at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(
        label=_("Ends at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    location = SafeModelChoiceField(
        label=_("Place"), queryset=Location.objects.none(), required=False
    )
    online_url = forms.URLField(
        label=_("Online meeting"), required=False, help_text=_("Address of a video conference.")
    )

    def __init__(
        self, *args: Any, municipality: Municipality, fixed_body: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _narrow(self, "body", Body.objects.filter(municipality=municipality))
        _narrow(
            self,
            "location",
            Location.objects.filter(municipality=municipality),
            _("the body's usual place"),
        )
        if fixed_body:
            del self.fields["body"]

    @staticmethod
    def initial_from(meeting: Meeting) -> dict[str, Any]:
        start = timezone.localtime(meeting.start)
        return {
            "body": meeting.body_id,
            "name": meeting.name,
            "day": start.date(),
            "begins": start.time(),
            "ends": timezone.localtime(meeting.end).time() if meeting.end else None,
            "location": meeting.location_id,
            "online_url": meeting.online_url,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, begins, ends = data.get("day"), data.get("begins"), data.get("ends")
        if day and begins:
            zone = timezone.get_current_timezone()
            data["start"] = datetime.combine(day, begins, tzinfo=zone)
            data["end"] = datetime.combine(day, ends, tzinfo=zone) if ends else None
            if ends and ends <= begins:
                self.add_error("ends", _("A meeting ends after it begins."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "start": data["start"],
            "end": data["end"],
            "name": data["name"],
            "location": data["location"],
            "online_url": data["online_url"],
        }


class AgendaItemForm(ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["number", "name", "public", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        # "Subject" alone is an e-mail's subject elsewhere
        labels = {"name": pgettext_lazy("agenda item", "Subject")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["number"].required = False
            self.fields["number"].help_text = _(
                "Leave empty for the next number; the items after it move on by one."
            )

    def _post_clean(self) -> None:
        pass


class AttendanceForm(Form):
    """One choice per member of the body on the day of the meeting."""

    def __init__(
        self, *args: Any, members: list[Membership], current: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for membership in members:
            self.fields[f"person_{membership.person_id}"] = forms.ChoiceField(
                label=f"{membership.person.name} ({membership.get_role_display()})",
                choices=[("", _("not recorded")), *Attendance.Status.choices],
                required=False,
                initial=current.get(membership.person_id, ""),
            )

    def statuses(self) -> dict[int, str]:
        return {
            membership.person_id: self.cleaned_data[f"person_{membership.person_id}"]
            for membership in self.members
            if self.cleaned_data.get(f"person_{membership.person_id}")
        }


class ResultForm(Form):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[("", _("none yet")), *AgendaItem.Result.choices],
        required=False,
        widget=RADIOS,
    )
    resolution_text = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    votes_for = forms.IntegerField(label=_("Votes for"), required=False, min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), required=False, min_value=0)
    votes_abstained = forms.IntegerField(label=_("Abstentions"), required=False, min_value=0)
    to_carry_out = forms.BooleanField(
        label=_("The resolution is to be carried out"),
        required=False,
        help_text=_("It then waits on the office's list of resolutions until it is done."),
    )
    responsible = SafeModelChoiceField(
        label=_("Carried out by"),
        queryset=Department.objects.none(),
        required=False,
        widget=RADIOS,
    )
    due = forms.DateField(label=_("To be carried out by"), required=False, widget=DATE)

    def __init__(
        self, *args: Any, item: AgendaItem, voters: list[Membership] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _narrow(
            self,
            "responsible",
            Department.objects.filter(municipality=item.municipality_id),
            _("none"),
        )
        self.voters = voters or []
        current = {vote.person_id: vote.choice for vote in item.votes.all()}
        for membership in self.voters:
            self.fields[f"vote_{membership.person_id}"] = forms.ChoiceField(
                label=membership.person.name,
                choices=[("", _("not recorded")), *Vote.Choice.choices],
                required=False,
                initial=current.get(membership.person_id, ""),
            )

    @staticmethod
    def initial_from(item: AgendaItem) -> dict[str, Any]:
        return {
            "result": item.result,
            "resolution_text": item.resolution_text,
            "votes_for": item.votes_for,
            "votes_against": item.votes_against,
            "votes_abstained": item.votes_abstained,
            "to_carry_out": item.resolution_state != AgendaItem.ResolutionState.NONE,
            "responsible": item.resolution_responsible_id,
            "due": item.resolution_due,
        }

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "result": data["result"],
            "resolution_text": data["resolution_text"],
            "votes_for": data["votes_for"],
            "votes_against": data["votes_against"],
            "votes_abstained": data["votes_abstained"],
            "personal_votes": {
                m.person_id: data.get(f"vote_{m.person_id}", "") for m in self.voters
            },
            "to_carry_out": data["to_carry_out"],
            "responsible": data["responsible"],
            "due": data["due"],
        }


class UploadForm(Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word, OpenDocument or Excel, at most 20 MB.")
    )
    name = forms.CharField(label=_("Title"), max_length=300, required=False)
    role = forms.ChoiceField(label=_("Kind of document"))
    public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_("Leave unchecked for documents only the members may read."),
    )
    file_date = forms.DateField(label=_("Date of the document"), required=False, widget=DATE)

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, File.Role(r).label) for r in roles]  # type: ignore[attr-defined]
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.odt,.xlsx,.ods"


class FileEditForm(Form):
    name = forms.CharField(label=_("Title"), max_length=300)
    public = forms.BooleanField(label=_("Public"), required=False)
    file_date = forms.DateField(label=_("Date of the document"), required=False, widget=DATE)


class PaperForm(Form):
    reference = forms.CharField(label=_("Reference number"), max_length=50)
    name = forms.CharField(label=_("Title"), max_length=300)
    paper_type = forms.ChoiceField(label=_("Type"), choices=Paper.Type.choices)
    paper_date = forms.DateField(label=_("Date"), widget=DATE)
    public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_(
            "A paper that is not public is seen only by the office and the members of the "
            "bodies it goes through."
        ),
    )
    summary = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    originator_department = SafeModelChoiceField(
        label=_("Department in charge"),
        queryset=Department.objects.none(),
        required=False,
        widget=RADIOS,
    )
    originator_persons = SafeModelMultipleChoiceField(
        label=_("Submitted by (persons)"), queryset=Person.objects.none(), required=False
    )
    originator_bodies = SafeModelMultipleChoiceField(
        label=_("Submitted by (bodies)"), queryset=Body.objects.none(), required=False
    )
    superordinate = SafeModelChoiceField(
        label=_("Belongs to the paper"), queryset=Paper.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, municipality: Municipality, paper: Paper | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _narrow(
            self,
            "originator_department",
            Department.objects.filter(municipality=municipality),
            _("none"),
        )
        _narrow(self, "originator_persons", Person.objects.filter(municipality=municipality))
        _narrow(self, "originator_bodies", Body.objects.filter(municipality=municipality))
        others = Paper.objects.filter(municipality=municipality).order_by("-date")
        if paper is not None:
            others = others.exclude(pk=paper.pk)
        _narrow(self, "superordinate", others)

    @staticmethod
    def initial_from(paper: Paper) -> dict[str, Any]:
        originators = list(paper.originators.all())
        return {
            "reference": paper.reference,
            "name": paper.name,
            "paper_type": paper.paper_type,
            "paper_date": paper.date,
            "public": paper.public,
            "summary": paper.summary,
            "originator_department": paper.originator_department_id,
            "originator_persons": [o.person_id for o in originators if o.person_id],
            "originator_bodies": [o.body_id for o in originators if o.body_id],
            "superordinate": paper.superordinate_id,
        }

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["originator_persons"] = list(data["originator_persons"])
        data["originator_bodies"] = list(data["originator_bodies"])
        return data


class ConsultationForm(Form):
    body = SafeModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Consultation.Role.choices)
    authoritative = forms.BooleanField(label=_("This body decides"), required=False)
    meeting = SafeModelChoiceField(
        label=_("On the agenda of"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("A coming meeting of that body; leave empty to plan the step without a date."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _narrow(self, "body", Body.objects.filter(municipality=municipality))
        _narrow(
            self,
            "meeting",
            Meeting.objects.filter(municipality=municipality)
            .exclude(state=Meeting.State.HELD)
            .select_related("body")
            .order_by("start"),
            _("no meeting yet"),
        )


class InvitationForm(Form):
    message = forms.CharField(
        label=_("Message to the members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Goes above the agenda in the e-mail."),
    )


class ResolutionDoneForm(Form):
    done_on = forms.DateField(label=_("Carried out on"), widget=DATE)
    report = forms.CharField(
        label=_("How it was carried out"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- public ----------------------------------------------------------------------------------


class PaperSearchForm(FilterForm):
    """The public search; a form that does not validate searches for nothing."""

    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    reference = forms.CharField(label=_("Reference number"), required=False, max_length=50)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Until"), required=False, widget=DATE)
    body = forms.TypedChoiceField(label=_("Body"), required=False, coerce=int, empty_value=None)
    type = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args: Any, bodies: list[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = body_choices(bodies)  # type: ignore[attr-defined]
        self.fields["type"].choices = type_choices()  # type: ignore[attr-defined]

    def filters(self) -> PaperFilters:
        if not self.is_bound or not self.is_valid():
            return PaperFilters()
        return _filters(self.cleaned_data)

    @classmethod
    def valid_filters(cls, data: Any, *, bodies: list[Body]) -> PaperFilters | None:
        """What the form bound to `data` searches for if it validates, found without making
        it (a form deep-copies its fields and binds each); None if it would not validate:
        the form, made then, tells why. The texts and dates are checked by the class's own
        fields, the body and the type against the values of their choices."""
        fields = cls.base_fields
        try:
            cleaned = {name: fields[name].clean(data.get(name)) for name in CHECKED_BY_FIELD}
        except ValidationError:
            return None
        body, paper_type = data.get("body") or "", data.get("type") or ""
        if body and body not in {str(found.pk) for found in bodies}:
            return None
        if paper_type and paper_type not in Paper.Type.values:
            return None
        return _filters(cleaned | {"body": int(body) if body else None, "type": paper_type})


CHECKED_BY_FIELD = ("q", "reference", "date_from", "date_to")


def body_choices(bodies: list[Body]) -> list[tuple[Any, Any]]:
    return [("", _("all bodies")), *[(b.pk, b.name) for b in bodies]]


def type_choices() -> list[tuple[Any, Any]]:
    return [("", _("all types")), *Paper.Type.choices]


def _filters(cleaned: dict[str, Any]) -> PaperFilters:
    return PaperFilters(
        query=cleaned["q"].strip(),
        reference=cleaned["reference"].strip(),
        date_from=cleaned["date_from"],
        date_to=cleaned["date_to"],
        body=cleaned["body"],
        paper_type=cleaned["type"],
    )


class SubscribeForm(HoneypotMixin, Form):
    email = forms.EmailField(label=_("Your e-mail address"))
    consent = forms.BooleanField(
        label=_("I agree that my address is stored for these messages until I unsubscribe."),
    )
