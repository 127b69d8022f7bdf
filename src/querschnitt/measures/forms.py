"""Forms of the measures: proposals, the office's measure form, steps on the decision path,
editions, reports, the inventory, imports, settings and the filters of lists.

Every choice of a related object is narrowed to the municipality; amounts are read the way
people write them ("12.000", "1.250,50 €"), and a wrong one is named with its line.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from querschnitt.bodies.models import AgendaItem, Body, Meeting, Paper
from querschnitt.core.forms import (
    Fieldset,
    FilterForm,
    Form,
    ModelForm,
    add_translated_fields,
    translated_values,
)
from querschnitt.core.models import Department, Municipality
from querschnitt.core.translation import translate
from querschnitt.core.versioned import remembered
from querschnitt.measures.access import Reader
from querschnitt.measures.models import (
    Interval,
    InventoryEntry,
    Measure,
    MeasuresSettings,
    MeasureState,
    Transition,
)
from querschnitt.network.models import Organisation
from querschnitt.strategy.models import ControllingIndicator, FieldOfAction, Goal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNT = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d{1,2})?$|^-?\d+([.,]\d{1,2})?$")


def parse_amount(text: str) -> Decimal:
    """An amount in euros as people write it: 12000, 12.000, 1.250,50, 1250.50, with €."""
    cleaned = text.replace("€", "").replace("EUR", "").replace(" ", "").replace("\u00a0", "")
    if not AMOUNT.match(cleaned):
        raise ValueError(text)
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") == 1 and len(cleaned.rsplit(".", 1)[1]) == 3:
        cleaned = cleaned.replace(".", "")  # 12.000: a thousands separator
    else:
        cleaned = cleaned.replace(".", "", cleaned.count(".") - 1) if "." in cleaned else cleaned
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(text) from error


class AmountField(forms.CharField):
    """An amount in euros, or nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value).strip()
        if not text:
            return None
        try:
            amount = parse_amount(text)
        except ValueError as error:
            raise ValidationError(
                gettext("“%(value)s” is not an amount in euros, such as 1.250,50.")
                % {"value": text}
            ) from error
        if amount < 0:
            raise ValidationError(gettext("An amount cannot be negative."))
        return amount


class BudgetField(forms.CharField):
    """The money planned per year, one year a line: "2026: 12.000"."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Budget planned per year (EUR)"))
        kwargs.setdefault("help_text", _("One year a line, for example “2026: 12.000”."))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return "\n".join(
                f"{year}: {amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
                for year, amount in sorted(value.items())
            )
        return value

    def clean(self, value: Any) -> dict[int, Decimal]:
        text = super().clean(value)
        budget: dict[int, Decimal] = {}
        problems = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            year_text, separator, amount_text = line.partition(":")
            if not separator:
                year_text, separator, amount_text = line.strip().partition(" ")
            year_text = year_text.strip()
            if not (year_text.isdigit() and 1990 <= int(year_text) <= 2100):
                problems.append(
                    gettext("Line %(line)s: “%(value)s” does not start with a year.")
                    % {"line": number, "value": line.strip()}
                )
                continue
            try:
                amount = parse_amount(amount_text.strip())
            except ValueError:
                problems.append(
                    gettext("Line %(line)s: “%(value)s” is not an amount in euros.")
                    % {"line": number, "value": amount_text.strip()}
                )
                continue
            if amount < 0:
                problems.append(
                    gettext("Line %(line)s: a budget cannot be negative.") % {"line": number}
                )
            elif int(year_text) in budget:
                problems.append(
                    gettext("Line %(line)s: the year %(year)s is named twice.")
                    % {"line": number, "year": year_text}
                )
            else:
                budget[int(year_text)] = amount
        if problems:
            raise ValidationError(problems)
        return budget


def department_label(department: Department) -> str:
    return department.short_name or department.name


class DepartmentRadios(SafeModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def goal_label(goal: Goal) -> str:
    return f"{goal.key} {translate(goal.title).text}"


class GoalChoices(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return goal_label(obj)


class TranslatedChoices(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


# ------------------------------------------------------------------------------------------
# Measures


def proposer_choices(reader: Reader, municipality: Municipality) -> list[tuple[str, str]]:
    """Whom the person may propose for: the office (office staff), the bodies they sit on,
    the organisations they represent, the departments they are liaison for."""
    choices: list[tuple[str, str]] = []
    if reader.sees_all:
        choices.append(("office", str(Measure.ProposerKind.OFFICE.label)))
        bodies = Body.objects.filter(municipality=municipality)
        departments = Department.objects.filter(municipality=municipality, is_active=True)
        organisations = Organisation.objects.none()
    else:
        bodies = Body.objects.filter(municipality=municipality, pk__in=reader.body_ids)
        departments = Department.objects.filter(
            municipality=municipality, pk__in=reader.department_ids
        )
        organisations = Organisation.objects.filter(
            municipality=municipality, pk__in=reader.organisation_ids
        )
    choices += [(f"body:{body.pk}", body.name) for body in bodies.order_by("name")]
    choices += [(f"org:{o.pk}", o.name) for o in organisations.order_by("name")]
    choices += [(f"dept:{d.pk}", str(d)) for d in departments.order_by("name")]
    return choices


def proposer_values(choice: str, municipality: Municipality) -> dict[str, Any]:
    kind, _sep, pk = choice.partition(":")
    if kind == "body":
        body = Body.objects.get(municipality=municipality, pk=pk)
        proposer_kind = (
            Measure.ProposerKind.WORKING_GROUP
            if body.kind == Body.Kind.WORKING_GROUP
            else Measure.ProposerKind.BODY
        )
        return {"proposer_kind": proposer_kind, "proposer_body": body}
    if kind == "org":
        return {
            "proposer_kind": Measure.ProposerKind.ORGANISATION,
            "proposer_organisation": Organisation.objects.get(municipality=municipality, pk=pk),
        }
    if kind == "dept":
        return {
            "proposer_kind": Measure.ProposerKind.DEPARTMENT,
            "proposer_department": Department.objects.get(municipality=municipality, pk=pk),
        }
    return {"proposer_kind": Measure.ProposerKind.OFFICE}


def proposer_choice_of(measure: Measure) -> str:
    if measure.proposer_body_id:
        return f"body:{measure.proposer_body_id}"
    if measure.proposer_organisation_id:
        return f"org:{measure.proposer_organisation_id}"
    if measure.proposer_department_id:
        return f"dept:{measure.proposer_department_id}"
    return "office"


class MeasureFormBase(Form):
    """What a proposal and the office's form share: text, proposer, fields and goals."""

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        reader: Reader,
        measure: Measure | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.languages = municipality.offered_languages
        initial_title = measure.title if measure else {}
        initial_description = measure.description if measure else {}
        add_translated_fields(
            self,
            "title",
            label=str(_("Title")),
            languages=self.languages,
            initial=initial_title,
            required_german=True,
            rows=2,
        )
        add_translated_fields(
            self,
            "description",
            label=str(_("Description")),
            languages=self.languages,
            initial=initial_description,
            required_german=True,
            rows=5,
        )
        choices = proposer_choices(reader, municipality)
        self.fields["proposer"] = forms.ChoiceField(
            label=_("Proposed by"),
            choices=choices,
            widget=forms.RadioSelect,
            initial=proposer_choice_of(measure) if measure else (choices[0][0] if choices else ""),
        )
        self.fields["fields_of_action"] = TranslatedChoices(
            label=_("Fields of action"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            queryset=FieldOfAction.objects.filter(municipality=municipality),
        )
        self.fields["goals"] = GoalChoices(
            label=_("Goals served"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            queryset=Goal.objects.filter(municipality=municipality).exclude(
                level=Goal.Level.GUIDING_PRINCIPLE
            ),
        )
        if measure is not None:
            self.fields["fields_of_action"].initial = list(measure.fields_of_action.all())
            self.fields["goals"].initial = list(measure.goals.all())

    def clean_proposer(self) -> str:
        choice = self.cleaned_data["proposer"]
        if choice not in dict(self.fields["proposer"].choices):  # type: ignore[attr-defined]
            raise ValidationError(gettext("Choose one of the list."))
        return choice

    def common_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": translated_values(self, "title", self.languages),
            "description": translated_values(self, "description", self.languages),
            "fields_of_action": list(data["fields_of_action"]),
            "goals": list(data["goals"]),
            **proposer_values(data["proposer"], self.municipality),
        }


class ProposalForm(MeasureFormBase):
    """A proposal by anyone entitled: what, for whom, why, and whom to answer."""

    target_groups = forms.CharField(
        label=_("Target groups"),
        required=False,
        max_length=300,
        help_text=_("For example: newcomers; young people; women"),
    )
    proposer_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    proposer_email = forms.EmailField(
        label=_("Contact e-mail"),
        required=False,
        help_text=_("For the answer to the proposal; not public."),
    )
    budget = BudgetField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = self.languages
        self.fieldsets = [
            Fieldset(_("The proposal"), ["title_de", "description_de", "target_groups"]),
            Fieldset(_("Who proposes it"), ["proposer", "proposer_name", "proposer_email"]),
            Fieldset(_("What it serves"), ["fields_of_action", "goals", "budget"]),
            Fieldset(
                _("Translations"),
                [f"{name}_{code}" for name in ("title", "description") for code in codes[1:]],
                rare=True,
            ),
        ]

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return self.common_values() | {
            "target_groups": data["target_groups"],
            "proposer_name": data["proposer_name"],
            "proposer_email": data["proposer_email"],
        }


class MeasureForm(MeasureFormBase):
    """The office's form of a measure, with everything the catalogue and the controlling
    need. `version` is the version the person opened, for the check on saving."""

    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        help_text=_("Stays the same in exports and imports, e.g. M-2025-07."),
    )
    target_groups = forms.CharField(label=_("Target groups"), required=False, max_length=300)
    proposer_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    proposer_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    lead_department = DepartmentRadios(
        label=_("Department in charge"),
        required=False,
        queryset=Department.objects.none(),
        widget=forms.RadioSelect,
        help_text=_("It reports on the measure."),
    )
    departments = TranslatedChoices(
        label=_("Further departments"),
        required=False,
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    partners = TranslatedChoices(
        label=_("Partner organisations"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = TranslatedChoices(
        label=_("Indicators"),
        required=False,
        queryset=ControllingIndicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("Begins"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("Ends"), required=False, widget=DATE)
    budget = BudgetField()
    weight = forms.DecimalField(
        label=_("Weight"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("In the roll-up of progress; empty counts as 1, 0 does not count."),
        error_messages={"invalid": _("Enter the weight as a number, such as 2 or 0,5.")},
        localize=True,
    )
    reporting_interval = forms.ChoiceField(
        label=_("Reports"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("", _("as the settings say")), *Interval.choices],
    )
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_("Shown on the public pages once its state is public."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        measure = kwargs.get("measure")
        super().__init__(*args, **kwargs)
        municipality = self.municipality
        departments = Department.objects.filter(municipality=municipality)
        self.fields["lead_department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["departments"].queryset = departments  # type: ignore[attr-defined]
        self.fields["partners"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, status=Organisation.Status.PUBLISHED
        ).order_by("name")
        self.fields["indicators"].queryset = ControllingIndicator.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        if measure is not None:
            for name in (
                "key",
                "target_groups",
                "proposer_name",
                "proposer_email",
                "lead_department",
                "start_date",
                "end_date",
                "weight",
                "reporting_interval",
                "is_public",
                "version",
            ):
                self.fields[name].initial = getattr(measure, name)
            for name in ("departments", "partners", "indicators"):
                self.fields[name].initial = list(getattr(measure, name).all())
        codes = self.languages
        self.fieldsets = [
            Fieldset(_("The measure"), ["key", "title_de", "description_de", "target_groups"]),
            Fieldset(_("Who proposed it"), ["proposer", "proposer_name", "proposer_email"]),
            Fieldset(_("Goals and indicators"), ["fields_of_action", "goals", "indicators"]),
            Fieldset(_("Who carries it out"), ["lead_department", "departments"]),
            Fieldset(_("Partner organisations"), ["partners"], rare=True),
            Fieldset(
                _("Period, money and reports"),
                ["start_date", "end_date", "budget", "weight", "reporting_interval"],
            ),
            Fieldset(
                _("Translations"),
                [f"{name}_{code}" for name in ("title", "description") for code in codes[1:]],
                rare=True,
            ),
            Fieldset(_("Publication"), ["is_public"]),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", gettext("A measure ends after it begins."))
        return data

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return (
            self.common_values()
            | {
                name: data[name]
                for name in (
                    "key",
                    "target_groups",
                    "proposer_name",
                    "proposer_email",
                    "lead_department",
                    "start_date",
                    "end_date",
                    "weight",
                    "reporting_interval",
                    "is_public",
                )
            }
            | {name: list(data[name]) for name in ("departments", "partners", "indicators")}
        )


class MeasureFilter(FilterForm):
    q = forms.CharField(label=_("Key or title"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False)
    field = forms.ChoiceField(label=_("Field of action"), required=False)
    department = forms.ChoiceField(label=_("Department in charge"), required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states, fields, departments = remembered(
            municipality,
            f"measures:filter-choices:{get_language()}",
            lambda: filter_choices(municipality),
        )
        self.fields["state"].choices = states  # type: ignore[attr-defined]
        self.fields["field"].choices = fields  # type: ignore[attr-defined]
        self.fields["department"].choices = departments  # type: ignore[attr-defined]


Choices = list[tuple[str, str]]


def filter_choices(municipality: Municipality) -> tuple[Choices, Choices, Choices]:
    """The states, fields of action and departments to filter by, labelled in the active
    language: they change with the municipality's content version, so `MeasureFilter`
    remembers them per language (`core.versioned`)."""
    everything = [("", gettext("all"))]
    return (
        everything
        + [(s.key, str(s)) for s in MeasureState.objects.filter(municipality=municipality)],
        everything
        + [(f.key, str(f)) for f in FieldOfAction.objects.filter(municipality=municipality)],
        everything
        + [
            (str(d.pk), department_label(d))
            for d in Department.objects.filter(municipality=municipality)
        ],
    )


# ------------------------------------------------------------------------------------------
# The decision path


class MeetingChoice(SafeModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return timezone.localtime(obj.start).strftime("%d.%m.%Y")


class ItemChoice(SafeModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{timezone.localtime(obj.meeting.start).strftime('%d.%m.%Y')} TOP {obj.number}"


class PaperChoice(SafeModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.reference


class TransitionForm(Form):
    """One step of the decision path: when, in which meeting, on which paper, what was
    resolved and what the proposer is told."""

    decided_on = forms.DateField(
        label=_("Decided on"),
        required=False,
        widget=DATE,
        help_text=_("Empty: the day of the meeting, or today."),
    )
    meeting = MeetingChoice(label=_("Meeting"), required=False, queryset=Meeting.objects.none())
    agenda_item = ItemChoice(
        label=_("Agenda item"),
        required=False,
        queryset=AgendaItem.objects.none(),
        help_text=_("Its paper and resolution are taken over."),
    )
    paper = PaperChoice(label=_("Paper"), required=False, queryset=Paper.objects.none())
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    answer = forms.CharField(
        label=_("Answer to the proposer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    answer_public = forms.BooleanField(
        label=_("Publish the answer on the measure's page"), required=False
    )
    send_answer = forms.BooleanField(
        label=_("Send the answer to the proposer by e-mail"), required=False
    )
    note = forms.CharField(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, transition: Transition, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = measure.municipality
        self.fields["version"].initial = measure.version
        if transition.body_id is None:
            for name in ("meeting", "agenda_item", "paper"):
                del self.fields[name]
        else:
            today = timezone.now()
            meetings = Meeting.objects.filter(
                municipality=municipality, body=transition.body_id, start__lte=today
            ).order_by("-start")[:24]
            self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
                pk__in=[m.pk for m in meetings]
            ).order_by("-start")
            # a step in a meeting needs one: the meeting or one of its agenda items (the
            # service says so when neither is named)
            self.fields["agenda_item"].queryset = (  # type: ignore[attr-defined]
                AgendaItem.objects.filter(municipality=municipality, meeting__in=meetings)
                .select_related("meeting")
                .order_by("-meeting__start", "order")
            )
            # the latest 50 papers the body consulted (a sliced queryset cannot validate a
            # choice: every paper chosen was refused)
            papers = (
                Paper.objects.filter(
                    municipality=municipality, consultations__body=transition.body_id
                )
                .distinct()
                .order_by("-date")
                .values_list("pk", flat=True)[:50]
            )
            self.fields["paper"].queryset = Paper.objects.filter(  # type: ignore[attr-defined]
                pk__in=list(papers)
            ).order_by("-date")
        if not measure.proposer_email:
            self.fields["send_answer"].disabled = True
            self.fields["send_answer"].help_text = _("No e-mail address of the proposer is known.")


class StateForm(ModelForm):
    class Meta:
        model = MeasureState
        fields = [
            "key",
            "position",
            "is_initial",
            "in_catalogue",
            "is_public",
            "reporting",
            "is_closed",
            "default_progress",
        ]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = municipality.offered_languages
        add_translated_fields(
            self,
            "name",
            label=str(_("Name")),
            languages=self.languages,
            initial=self.instance.name or {},
            required_german=True,
            rows=1,
        )
        self.order_fields(["name_de", "key"])
        self.fieldsets = [
            Fieldset(_("The state"), ["name_de", "key", "position"]),
            Fieldset(
                _("What it means"),
                [
                    "is_initial",
                    "in_catalogue",
                    "is_public",
                    "reporting",
                    "is_closed",
                    "default_progress",
                ],
            ),
            Fieldset(_("Translations"), [f"name_{c}" for c in self.languages[1:]], rare=True),
        ]

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields} | {
            "name": translated_values(self, "name", self.languages)
        }


class StateChoice(SafeModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class TransitionConfigForm(ModelForm):
    class Meta:
        model = Transition
        fields = ["key", "from_state", "to_state", "body", "needs_meeting", "position"]
        field_classes = {
            "from_state": StateChoice,
            "to_state": StateChoice,
            "body": SafeModelChoiceField,
        }
        widgets = {
            "from_state": forms.RadioSelect,
            "to_state": forms.RadioSelect,
            "body": forms.RadioSelect,
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = municipality.offered_languages
        states = MeasureState.objects.filter(municipality=municipality)
        self.fields["from_state"].queryset = states  # type: ignore[attr-defined]
        self.fields["to_state"].queryset = states  # type: ignore[attr-defined]
        self.fields["body"].queryset = Body.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).exclude(kind=Body.Kind.WORKING_GROUP)
        self.fields["body"].empty_label = gettext("the office, no body")  # type: ignore[attr-defined]
        add_translated_fields(
            self,
            "name",
            label=str(_("Name")),
            languages=self.languages,
            initial=self.instance.name or {},
            required_german=True,
            rows=1,
        )
        self.order_fields(["name_de", "key"])
        self.fieldsets = [
            Fieldset(_("The step"), ["name_de", "key", "from_state", "to_state"]),
            Fieldset(_("Taken by"), ["body", "needs_meeting", "position"]),
            Fieldset(_("Translations"), [f"name_{c}" for c in self.languages[1:]], rare=True),
        ]

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields} | {
            "name": translated_values(self, "name", self.languages)
        }


# ------------------------------------------------------------------------------------------
# Editions, reports, the inventory, settings


class FreezeForm(Form):
    year = forms.IntegerField(label=_("Catalogue for the year"), min_value=1990, max_value=2100)
    as_of = forms.DateField(
        label=_("As of"),
        widget=DATE,
        help_text=_("The date the edition states: “Stand 12.07.2013”."),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Empty: “Catalogue of measures <year>, as of <date>”."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year + 1
        self.fields["as_of"].initial = today


class ReportForm(Form):
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": _("Enter the progress as a whole number from 0 to 100."),
            "min_value": _("Progress lies between 0 and 100 %%."),
            "max_value": _("Progress lies between 0 and 100 %%."),
        },
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Measure.Status.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the measure is at risk, delayed or done."),
    )
    milestones = forms.CharField(
        label=_("Milestones reached"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    budget_spent = AmountField(label=_("Spent in the year so far (EUR)"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, indicators: list[ControllingIndicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator} ({indicator.unit})",
                required=False,
                max_digits=16,
                decimal_places=4,
                localize=True,
                error_messages={"invalid": _("Enter the value as a number.")},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status")
            and data["status"] != Measure.Status.ON_TRACK
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", gettext("Say why the measure is at risk, delayed or done."))
        if data.get("status") == Measure.Status.DONE and data.get("progress") not in (None, 100):
            self.add_error("progress", gettext("A measure reported as done stands at 100 %."))
        return data

    def indicator_values(self) -> dict[int, Decimal]:
        return {
            indicator.pk: self.cleaned_data[f"indicator_{indicator.pk}"]
            for indicator in self.indicators
            if self.cleaned_data.get(f"indicator_{indicator.pk}") is not None
        }


class InventoryEntryForm(ModelForm):
    class Meta:
        model = InventoryEntry
        fields = [
            "department",
            "field_of_action",
            "title",
            "description",
            "since_year",
            "is_public",
        ]
        field_classes = {"department": DepartmentRadios, "field_of_action": StateChoice}
        widgets = {"department": forms.RadioSelect, "field_of_action": forms.RadioSelect}

    def __init__(
        self, *args: Any, municipality: Municipality, departments: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["department"].empty_label = None  # type: ignore[attr-defined]
        self.fields["field_of_action"].queryset = FieldOfAction.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        self.fields["field_of_action"].empty_label = None  # type: ignore[attr-defined]

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SettingsForm(ModelForm):
    class Meta:
        model = MeasuresSettings
        fields = ["default_interval", "grace_days", "reporting_closed_until"]
        widgets = {"default_interval": forms.RadioSelect, "reporting_closed_until": DATE}

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ImportForm(Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"), help_text=_("Exported from here, or in the same columns.")
    )


class CouncilReportForm(Form):
    year = forms.IntegerField(label=_("Reporting year"), min_value=1990, max_value=2100)
    language = forms.ChoiceField(label=_("Language"), widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language_info

        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (code, get_language_info(code)["name_local"]) for code in municipality.offered_languages
        ]
        self.fields["language"].initial = "de"
        self.fields["year"].initial = timezone.localdate().year - (
            1 if timezone.localdate().month < 4 else 0
        )


class DepartmentFilter(FilterForm):
    department = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", gettext("all departments"))] + [  # type: ignore[attr-defined]
            (str(d.pk), department_label(d)) for d in departments
        ]
