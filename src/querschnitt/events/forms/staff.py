"""Forms of the staff area: formats, events (the office's and organisations'), questions,
moving and cancelling dates, the closing report, working groups. Every choice of a related
object is narrowed to the municipality."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from querschnitt.bodies.models import Body, Meeting
from querschnitt.core.forms import (
    Fieldset,
    FilterForm,
    Form,
    add_translated_fields,
    translated_values,
)
from querschnitt.core.models import Municipality
from querschnitt.events.models import Event, Format, Question, TargetGroup
from querschnitt.events.recurrence import local_midnight, rule_from_choice
from querschnitt.network.forms.facts import FactField
from querschnitt.network.models import Organisation
from querschnitt.network.selectors.entries import spoken_language_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
NUMBER = forms.NumberInput(attrs={"inputmode": "numeric"})
FACTS = ("step_free", "hearing_loop", "accessible_toilet", "childcare")


def _narrow(form: forms.BaseForm, name: str, queryset: Any) -> None:
    form.fields[name].queryset = queryset  # type: ignore[attr-defined]


class FormatForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    rhythm = forms.CharField(
        label=_("Rhythm"),
        max_length=200,
        required=False,
        help_text=_("For example: at least once a year; every second month."),
    )
    body = SafeModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.none(),
        required=False,
        help_text=_("The body whose public meetings are sessions of this format, if any."),
    )
    accepts_submissions = forms.BooleanField(
        label=_("Organisations may submit events"),
        required=False,
        help_text=_("As for the Aktionstage: organisations submit, the office reviews."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = municipality.offered_languages
        _narrow(self, "body", Body.objects.filter(municipality=municipality).order_by("name"))
        add_translated_fields(
            self,
            "purpose",
            label=str(_("Purpose")),
            languages=self.languages,
            initial=(self.initial.get("purpose") or {}),
            rows=3,
        )

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "rhythm": data["rhythm"],
            "body": data["body"],
            "accepts_submissions": data["accepts_submissions"],
            "is_active": data["is_active"],
            "purpose": translated_values(self, "purpose", self.languages),
        }


class SubscriptionForm(Form):
    url = forms.CharField(
        label=_("Address of the calendar"),
        max_length=500,
        help_text=_("An iCalendar address (ending in .ics, or webcal://)."),
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
    )
    organisation = SafeModelChoiceField(
        label=_("Organiser of its events"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Leave empty when the office organises them."),
    )
    active = forms.BooleanField(label=_("Import on a schedule"), required=False, initial=True)
    every_hours = forms.IntegerField(
        label=_("Import every … hours"), min_value=1, max_value=168, initial=6, widget=NUMBER
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _narrow(
            self,
            "organisation",
            Organisation.objects.filter(municipality=municipality).order_by("name"),
        )


class EventTimesMixin(forms.Form):
    """First day, times, last day; all-day or not."""

    all_day = forms.BooleanField(label=_("All day"), required=False)
    first_day = forms.DateField(label=_("Date"), widget=DATE)
    begins = forms.TimeField(label=_("Begins at"), required=False, widget=TIME)
    last_day = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=DATE,
        help_text=_("Only for an event over several days."),
    )
    ends = forms.TimeField(label=_("Ends at"), required=False, widget=TIME)

    def clean_times(self, data: dict[str, Any]) -> None:
        first, last = data.get("first_day"), data.get("last_day") or data.get("first_day")
        if first is None or last is None:
            return
        zone = timezone.get_current_timezone()
        if data.get("all_day"):
            data["start"] = local_midnight(first)
            data["end"] = local_midnight(last + timedelta(days=1))
            if last < first:
                self.add_error("last_day", _("The last day comes after the first."))
            return
        begins, ends = data.get("begins"), data.get("ends")
        if begins is None:
            self.add_error("begins", _("Give the time it begins, or choose “all day”."))
            return
        if ends is None:
            self.add_error("ends", _("Give the time it ends."))
            return
        data["start"] = datetime.combine(first, begins, tzinfo=zone)
        data["end"] = datetime.combine(last, ends, tzinfo=zone)
        if data["end"] <= data["start"]:
            self.add_error("ends", _("An event ends after it begins."))

    @staticmethod
    def times_initial(event: Event) -> dict[str, Any]:
        start = timezone.localtime(event.start)
        end = timezone.localtime(event.end)
        if event.all_day:
            last = (end - timedelta(days=1)).date()
            return {"all_day": True, "first_day": start.date(), "last_day": last}
        return {
            "all_day": False,
            "first_day": start.date(),
            "begins": start.time(),
            "last_day": end.date() if end.date() != start.date() else None,
            "ends": end.time(),
        }


class EventDescriptionMixin(forms.Form):
    """Place, accessibility, languages, target groups, cost: what the office and the
    organisations both say about an event."""

    place_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    street_address = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    locality = forms.CharField(label=_("Town"), max_length=100, required=False)
    online = forms.BooleanField(label=_("Online (too)"), required=False)
    step_free = FactField(label=_("Step-free access"), required=False)
    hearing_loop = FactField(label=_("Hearing loop"), required=False)
    accessible_toilet = FactField(label=_("Accessible toilet"), required=False)
    childcare = FactField(label=_("Childcare"), required=False)
    accessibility_note = forms.CharField(
        label=_("More about accessibility"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Entrance, lift, parking for people with disabilities, who to ask for help."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, widget=forms.CheckboxSelectMultiple
    )
    interpreting = forms.MultipleChoiceField(
        label=_("Interpreting offered into"), required=False, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        required=False,
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    free = forms.BooleanField(label=_("Free of charge"), required=False, initial=True)
    cost_note = forms.CharField(
        label=_("Cost"),
        max_length=200,
        required=False,
        help_text=_("For example: 5 € for materials."),
    )
    website = forms.URLField(label=_("More information (web address)"), required=False)

    def set_language_choices(self) -> None:
        choices = spoken_language_choices()
        self.fields["languages"].choices = choices  # type: ignore[attr-defined]
        self.fields["interpreting"].choices = choices  # type: ignore[attr-defined]


WHAT = ("format",)
WHERE = ("place_name", "room", "street_address", "postal_code", "locality", "online")
ACCESS = (*FACTS, "accessibility_note")
AUDIENCE = ("languages", "interpreting", "target_groups")
COST = ("free", "cost_note", "website")
WHEN = ("all_day", "first_day", "begins", "last_day", "ends")


class EventForm(EventTimesMixin, EventDescriptionMixin, Form):
    """The office's event: everything, registration included."""

    REPEAT_CHOICES = [
        ("none", _("Does not repeat")),
        ("daily", _("Daily")),
        ("weekly", _("Weekly")),
        ("fortnightly", _("Every two weeks")),
        ("monthly_day", _("Monthly, on the same day")),
        ("monthly_weekday", _("Monthly, on the same weekday (e.g. the last Sunday)")),
        ("yearly", _("Yearly")),
        ("custom", _("By the rule below")),
    ]

    format = SafeModelChoiceField(label=_("Format"), queryset=Format.objects.none(), required=False)
    organiser = forms.ChoiceField(
        label=_("Organised by"),
        choices=Event.Organiser.choices,
        initial=Event.Organiser.OFFICE,
        widget=forms.RadioSelect,
    )
    organiser_body = SafeModelChoiceField(
        label=_("Body"), queryset=Body.objects.none(), required=False
    )
    organiser_organisation = SafeModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    repeat = forms.ChoiceField(
        label=_("Repeats"), choices=REPEAT_CHOICES, initial="none", required=False
    )
    repeat_until = forms.DateField(label=_("Repeats until"), required=False, widget=DATE)
    repeat_count = forms.IntegerField(
        label=_("or: number of dates"), required=False, min_value=2, max_value=260, widget=NUMBER
    )
    rrule = forms.CharField(
        label=_("Repeat rule (RRULE)"),
        required=False,
        max_length=500,
        help_text=_("For example FREQ=MONTHLY;BYDAY=-1SU;COUNT=6. It needs an end."),
    )
    online_url = forms.URLField(
        label=_("Address of the online event"),
        required=False,
        help_text=_("Shown only to people who have a confirmed place."),
    )
    registration = forms.BooleanField(label=_("Registration"), required=False)
    registration_opens_at = forms.DateTimeField(
        label=_("Registration opens"),
        required=False,
        widget=DATETIME,
        help_text=_("Empty: at once."),
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=DATETIME,
        help_text=_("Empty: when the date begins."),
    )
    capacity = forms.IntegerField(
        label=_("Places per date"),
        required=False,
        min_value=1,
        max_value=100_000,
        widget=NUMBER,
        help_text=_("Empty: no limit."),
    )
    max_places = forms.IntegerField(
        label=_("Places one registration may take"),
        min_value=1,
        max_value=50,
        initial=1,
        widget=NUMBER,
        help_text=_("More than 1 lets a family or a group register together."),
    )
    waiting_list = forms.BooleanField(label=_("Waiting list"), required=False, initial=True)
    freed_places = forms.ChoiceField(
        label=_("Places that free up"),
        choices=Event.FreedPlaces.choices,
        initial=Event.FreedPlaces.CONFIRM,
        widget=forms.RadioSelect,
    )
    offer_hours = forms.IntegerField(
        label=_("Hours to accept an offered place"),
        min_value=1,
        max_value=336,
        initial=48,
        widget=NUMBER,
    )
    reminder_hours = forms.IntegerField(
        label=_("Reminder, hours before"),
        min_value=0,
        max_value=336,
        initial=24,
        widget=NUMBER,
        help_text=_("0 sends no reminder."),
    )

    fieldsets = [
        Fieldset(_("What"), ["title_de", "format"]),
        Fieldset(_("Organised by"), ["organiser", "organiser_body", "organiser_organisation"]),
        Fieldset(_("When"), [*WHEN, "repeat", "repeat_until", "repeat_count"]),
        Fieldset(_("Repeat rule"), ["rrule"], rare=True),
        Fieldset(_("Where"), [*WHERE, "online_url"]),
        Fieldset(
            _("Accessibility"),
            ACCESS,
            hint=_("“Not known” is an answer of its own: say “no” only when you know."),
        ),
        Fieldset(_("For whom, in which languages"), AUDIENCE, rare=True),
        Fieldset(_("Cost and more information"), COST),
        Fieldset(
            _("Registration"),
            [
                "registration",
                "registration_opens_at",
                "registration_closes_at",
                "capacity",
                "max_places",
                "waiting_list",
                "freed_places",
                "offer_hours",
                "reminder_hours",
            ],
        ),
    ]

    def __init__(
        self, *args: Any, municipality: Municipality, event: Event | None = None, **kwargs: Any
    ) -> None:
        if event is not None:
            kwargs["initial"] = {**self.initial_from(event), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.languages_offered = municipality.offered_languages
        initial = self.initial
        add_translated_fields(
            self,
            "title",
            label=str(_("Title")),
            languages=self.languages_offered,
            initial=initial.get("title") or {},
            required_german=True,
            rows=1,
        )
        add_translated_fields(
            self,
            "description",
            label=str(_("Description")),
            languages=self.languages_offered,
            initial=initial.get("description") or {},
        )
        for code in self.languages_offered:
            self.fields[f"title_{code}"].widget = forms.TextInput(
                attrs=self.fields[f"title_{code}"].widget.attrs
            )
        self.fieldsets = [
            Fieldset(
                _("What"),
                [
                    *(f"title_{code}" for code in self.languages_offered),
                    *(f"description_{code}" for code in self.languages_offered),
                    "format",
                ],
            ),
            *self.fieldsets[1:],
        ]
        _narrow(self, "format", Format.objects.filter(municipality=municipality).order_by("name"))
        _narrow(
            self, "organiser_body", Body.objects.filter(municipality=municipality).order_by("name")
        )
        _narrow(
            self,
            "organiser_organisation",
            Organisation.objects.filter(municipality=municipality).order_by("name"),
        )
        self.set_language_choices()
        if event is not None and event.rrule:
            self.fields["repeat"].initial = "custom"

    @classmethod
    def initial_from(cls, event: Event) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: getattr(event, name)
            for name in (
                *WHERE,
                *ACCESS,
                *AUDIENCE,
                *COST,
                "online_url",
                "organiser",
                "registration",
                "capacity",
                "max_places",
                "waiting_list",
                "freed_places",
                "offer_hours",
                "reminder_hours",
                "rrule",
                "title",
                "description",
            )
        }
        data["format"] = event.format_id
        data["organiser_body"] = event.organiser_body_id
        data["organiser_organisation"] = event.organiser_organisation_id
        for name in ("registration_opens_at", "registration_closes_at"):
            value = getattr(event, name)
            data[name] = timezone.localtime(value) if value else None
        data["repeat"] = "custom" if event.rrule else "none"
        return data | cls.times_initial(event)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_times(data)
        if "start" in data:
            data["rrule_text"] = rule_from_choice(
                repeat=data.get("repeat") or "none",
                start=data["start"],
                all_day=bool(data.get("all_day")),
                until=data.get("repeat_until"),
                count=data.get("repeat_count"),
                custom=data.get("rrule") or "",
            )
            repeat = data.get("repeat") or "none"
            if repeat not in ("none", "custom") and not (
                data.get("repeat_until") or data.get("repeat_count")
            ):
                self.add_error(
                    "repeat_until",
                    _("A repeating event needs an end: a last date or a number of dates."),
                )
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data.get(name)
            for name in (
                *WHERE,
                *ACCESS,
                *AUDIENCE,
                *COST,
                "online_url",
                "organiser",
                "organiser_body",
                "organiser_organisation",
                "format",
                "registration",
                "registration_opens_at",
                "registration_closes_at",
                "capacity",
                "max_places",
                "waiting_list",
                "freed_places",
                "offer_hours",
                "reminder_hours",
                "all_day",
                "start",
                "end",
            )
        }
        if fields["organiser"] != Event.Organiser.BODY:
            fields["organiser_body"] = None
        if fields["organiser"] != Event.Organiser.ORGANISATION:
            fields["organiser_organisation"] = None
        for name in ("place_name", "room", "street_address", "postal_code", "locality"):
            fields[name] = (fields[name] or "").strip()
        fields["cost_note"] = (fields["cost_note"] or "").strip()
        fields["accessibility_note"] = (fields["accessibility_note"] or "").strip()
        fields["website"] = fields["website"] or ""
        fields["online_url"] = fields["online_url"] or ""
        fields["rrule"] = data.get("rrule_text", "")
        fields["title"] = translated_values(self, "title", self.languages_offered)
        fields["description"] = translated_values(self, "description", self.languages_offered)
        return fields


class PartnerEventForm(EventTimesMixin, EventDescriptionMixin, Form):
    """An organisation's own event, submitted for review."""

    # Radios: an organisation's long name wraps on a phone, where a select would cut it.
    organisation = SafeModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), widget=forms.RadioSelect
    )
    format = SafeModelChoiceField(
        label=_("Part of"),
        queryset=Format.objects.none(),
        required=False,
        help_text=_("For example the Aktionstage, if your event belongs to them."),
    )

    fieldsets = [
        Fieldset(_("What"), ["organisation", "format"]),
        Fieldset(_("When"), list(WHEN)),
        Fieldset(_("Where"), list(WHERE)),
        Fieldset(
            _("Accessibility"),
            ACCESS,
            hint=_("“Not known” is an answer of its own: say “no” only when you know."),
        ),
        Fieldset(_("For whom, in which languages"), AUDIENCE),
        Fieldset(_("Cost and more information"), COST),
    ]

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        organisations: Any,
        event: Event | None = None,
        **kwargs: Any,
    ) -> None:
        if event is not None:
            kwargs["initial"] = {**self.initial_from(event), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.languages_offered = municipality.offered_languages
        _narrow(self, "organisation", organisations)
        if len(own := list(organisations[:2])) == 1 and not self.initial.get("organisation"):
            self.initial["organisation"] = own[0].pk
        _narrow(
            self,
            "format",
            Format.objects.filter(
                municipality=municipality, accepts_submissions=True, is_active=True
            ),
        )
        add_translated_fields(
            self,
            "title",
            label=str(_("Title")),
            languages=self.languages_offered,
            initial=self.initial.get("title") or {},
            required_german=True,
            rows=1,
        )
        add_translated_fields(
            self,
            "description",
            label=str(_("Description")),
            languages=self.languages_offered,
            initial=self.initial.get("description") or {},
        )
        for code in self.languages_offered:
            self.fields[f"title_{code}"].widget = forms.TextInput(
                attrs=self.fields[f"title_{code}"].widget.attrs
            )
        self.fieldsets = [
            Fieldset(
                _("What"),
                [
                    "organisation",
                    *(f"title_{code}" for code in self.languages_offered),
                    *(f"description_{code}" for code in self.languages_offered),
                    "format",
                ],
            ),
            *self.fieldsets[1:],
        ]
        self.set_language_choices()
        if event is not None:
            self.fields["organisation"].disabled = True

    @classmethod
    def initial_from(cls, event: Event) -> dict[str, Any]:
        data = {name: getattr(event, name) for name in (*WHERE, *ACCESS, *AUDIENCE, *COST)}
        data |= {
            "title": event.title,
            "description": event.description,
            "format": event.format_id,
            "organisation": event.organiser_organisation_id,
        }
        return data | cls.times_initial(event)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_times(data)
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data.get(name)
            for name in (*WHERE, *ACCESS, *AUDIENCE, *COST, "format", "all_day", "start", "end")
        }
        for name in ("place_name", "room", "street_address", "postal_code", "locality"):
            fields[name] = (fields[name] or "").strip()
        fields["cost_note"] = (fields["cost_note"] or "").strip()
        fields["accessibility_note"] = (fields["accessibility_note"] or "").strip()
        fields["website"] = fields["website"] or ""
        fields["title"] = translated_values(self, "title", self.languages_offered)
        fields["description"] = translated_values(self, "description", self.languages_offered)
        return fields


class QuestionForm(Form):
    kind = forms.ChoiceField(label=_("Type of answer"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=999, initial=0, widget=NUMBER
    )

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        question: Question | None = None,
        **kwargs: Any,
    ) -> None:
        if question is not None:
            kwargs["initial"] = {
                "kind": question.kind,
                "required": question.required,
                "order": question.order,
            }
        super().__init__(*args, **kwargs)
        self.languages = municipality.offered_languages
        add_translated_fields(
            self,
            "label",
            label=str(_("Question")),
            languages=self.languages,
            initial=question.label if question else {},
            rows=2,
        )
        options = question.choices if question else []
        add_translated_fields(
            self,
            "choices",
            label=str(_("Options, one a line")),
            languages=self.languages,
            initial={
                code: "\n".join(option.get(code, "") for option in options)
                for code in self.languages
            },
            rows=4,
        )
        self.fields["label_de"].required = True

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        lines = {
            code: [line.strip() for line in (data.get(f"choices_{code}") or "").splitlines()]
            for code in self.languages
        }
        options = []
        for index, german in enumerate(line for line in lines["de"] if line):
            option = {"de": german}
            for code in self.languages[1:]:
                translated = [line for line in lines[code] if line]
                if index < len(translated):
                    option[code] = translated[index]
            options.append(option)
        return {
            "label": translated_values(self, "label", self.languages),
            "kind": data["kind"],
            "required": data["required"],
            "order": data["order"],
            "choices": options,
        }


class DateMoveForm(EventTimesMixin, Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_times(data)
        return data


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Goes into the e-mail to everyone registered."),
    )


class DeclineForm(Form):
    reason = forms.CharField(
        label=_("Why is the event not accepted?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The organisation reads this and can correct its submission."),
    )


class ClosingReportForm(Form):
    attendees = forms.IntegerField(
        label=_("How many came"), min_value=0, max_value=1_000_000, widget=NUMBER
    )
    organisations = SafeModelMultipleChoiceField(
        label=_("Organisations that took part"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_organisations = forms.CharField(
        label=_("Further organisations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Those not in the directory, one a line."),
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    results = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    fieldsets = [
        Fieldset(_("Who came"), ["attendees", "other_organisations"]),
        Fieldset(_("Organisations that took part"), ["organisations"], rare=True),
        Fieldset(_("Minutes and results"), ["minutes", "results"]),
    ]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _narrow(
            self,
            "organisations",
            Organisation.objects.filter(municipality=municipality).order_by("name"),
        )


class MeetingChoiceForm(Form):
    meeting = SafeModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _narrow(self, "meeting", meetings)
        self.fields["meeting"].label_from_instance = lambda meeting: (  # type: ignore[attr-defined]
            f"{timezone.localtime(meeting.start):%d.%m.%Y} {meeting.name}"
        )


class EventListFilter(FilterForm):
    defaults = {"zeige": "kommend"}
    SHOWN = [
        ("kommend", _("to come")),
        ("eingereicht", _("submitted, waiting for review")),
        ("entwurf", _("drafts")),
        ("vergangen", _("past")),
        ("importiert", _("imported, changed at the source")),
    ]
    zeige = forms.ChoiceField(label=_("Show"), choices=SHOWN)
    format = forms.ChoiceField(label=_("Format"), required=False)

    def __init__(self, *args: Any, formats: list[Format], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [  # type: ignore[attr-defined]
            ("", _("all formats")),
            *((str(found.pk), found.name) for found in formats),
        ]


class WorkingGroupForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    start_date = forms.DateField(label=_("Begins"), widget=DATE)
    planned_end_date = forms.DateField(
        label=_("Planned to end by"), widget=DATE, help_text=_("The time horizon.")
    )
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_("The public sees the group, its goal and its results."),
    )
    focus_topic = forms.CharField(label=_("Annual focus topic"), max_length=200, required=False)
    focus_year = forms.IntegerField(
        label=_("Year of the focus topic"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=NUMBER,
    )

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        initial_translated: dict[str, dict[str, str]] | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.languages = municipality.offered_languages
        given = initial_translated or {}
        for name, label in (("goal", _("Goal")), ("mandate", _("Mandate"))):
            add_translated_fields(
                self,
                name,
                label=str(label),
                languages=self.languages,
                initial=given.get(name) or {},
                required_german=True,
                rows=3,
            )
        if editing:
            del self.fields["planned_end_date"]
        self.fieldsets = [
            Fieldset(_("The group"), ["name", "is_public", "focus_topic", "focus_year"]),
            Fieldset(
                _("Goal and mandate"),
                [f"{name}_{code}" for name in ("goal", "mandate") for code in self.languages],
            ),
            Fieldset(_("Time horizon"), ["start_date", "planned_end_date"]),
        ]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            "name": data["name"],
            "start_date": data["start_date"],
            "is_public": data["is_public"],
            "focus_topic": data["focus_topic"],
            "focus_year": data["focus_year"],
            "goal": translated_values(self, "goal", self.languages),
            "mandate": translated_values(self, "mandate", self.languages),
        }
        if "planned_end_date" in data:
            fields["planned_end_date"] = data["planned_end_date"]
        return fields


class ExtendForm(Form):
    new_end = forms.DateField(label=_("New planned end"), widget=DATE)
    reason = forms.CharField(
        label=_("Why the group needs more time"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ConcludeForm(Form):
    concluded_on = forms.DateField(label=_("Concluded on"), widget=DATE, initial=timezone.localdate)
    result = forms.CharField(
        label=_("What the group has achieved"), widget=forms.Textarea(attrs={"rows": 5})
    )


class GroupOrganisationForm(Form):
    organisation = SafeModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    since = forms.DateField(label=_("Since"), required=False, widget=DATE)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _narrow(
            self,
            "organisation",
            Organisation.objects.filter(municipality=municipality).order_by("name"),
        )


class ResultForm(Form):
    title = forms.CharField(label=_("Result"), max_length=300)
    text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    achieved_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
