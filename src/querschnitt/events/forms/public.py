"""Forms of the public pages: the calendar's filters, registering, changing a registration."""

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from querschnitt.core.forms import FilterForm, Form
from querschnitt.core.translation import translate
from querschnitt.events.models import Event, Question, TargetGroup
from querschnitt.events.selectors.calendar import CalendarFilters
from querschnitt.network.selectors.entries import spoken_language_choices
from querschnitt.portal.forms import HoneypotMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CalendarFilterForm(FilterForm):
    """The calendar's filters; their names are German, as the page's addresses are."""

    format = forms.ChoiceField(label=_("Format"), required=False)
    veranstalter = forms.ChoiceField(label=_("Organiser"), required=False)
    sprache = forms.ChoiceField(label=_("Language spoken"), required=False)
    zielgruppe = forms.ChoiceField(label=_("For"), required=False)
    barrierefrei = forms.BooleanField(label=_("Step-free access"), required=False)
    kostenlos = forms.BooleanField(label=_("Free of charge"), required=False)
    online = forms.BooleanField(label=_("Online"), required=False)

    def __init__(
        self,
        *args: Any,
        formats: list[tuple[str, str]],
        organisers: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # what the form shows of the database (`core.form_markup` keeps its markup by it)
        self.drawn_from = drawn_from(formats, organisers)
        choices = {
            "format": [("", _("all formats")), *formats],
            "veranstalter": [("", _("all organisers")), *organisers],
            "sprache": [("", _("any language")), *spoken_language_choices()],
            "zielgruppe": [("", _("everyone")), *TargetGroup.choices],
        }
        for name, values in choices.items():
            # normalised only when iterated (to check a value sent, or to render the form,
            # which is remembered: `core.form_markup`), not on every request
            self.fields[name].choices = CallableChoiceIterator(  # type: ignore[attr-defined]
                lambda values=values: values
            )

    def filters(self) -> CalendarFilters:
        if not self.is_valid():
            return CalendarFilters()
        data = self.cleaned_data
        return CalendarFilters(
            format=data.get("format") or "",
            organiser=data.get("veranstalter") or "",
            language=data.get("sprache") or "",
            target_group=data.get("zielgruppe") or "",
            accessible=bool(data.get("barrierefrei")),
            free=bool(data.get("kostenlos")),
            online=bool(data.get("online")),
        )


def drawn_from(
    formats: list[tuple[str, str]], organisers: list[tuple[str, str]]
) -> tuple[Any, ...]:
    """All the calendar's filter form shows of the database: a key for what follows from it."""
    return ("formats", *formats, "organisers", *organisers)


def question_field(question: Question) -> forms.Field:
    """The form field of one of the event's questions, of its type."""
    label = translate(question.label).text
    required = question.required
    if question.kind == Question.Kind.NUMBER:
        return forms.IntegerField(label=label, required=required, min_value=0, max_value=100_000)
    if question.kind == Question.Kind.YES_NO:
        return forms.TypedChoiceField(
            label=label,
            required=required,
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
        )
    if question.kind == Question.Kind.DATE:
        return forms.DateField(label=label, required=required, widget=DATE)
    if question.kind == Question.Kind.CHOICE:
        choices = [
            (str(option.get("de", "")), translate(option).text) for option in question.choices
        ]
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=choices,
            widget=forms.RadioSelect,
        )
    return forms.CharField(
        label=label,
        required=required,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionsMixin:
    """The event's questions as fields `question_<id>`."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_questions(self, questions: list[Question], initial: dict[str, Any]) -> None:
        self.questions = questions
        for question in questions:
            field = question_field(question)
            value = initial.get(str(question.pk))
            if question.kind == Question.Kind.YES_NO and value is not None:
                value = "yes" if value else "no"
            field.initial = value
            self.fields[f"question_{question.pk}"] = field

    def answers(self) -> dict[str, Any]:
        return {
            str(question.pk): self.cleaned_data.get(f"question_{question.pk}")
            for question in self.questions
        }


def limit_places(field: forms.Field, event: Event) -> None:
    field.validators.append(MaxValueValidator(event.max_places))
    field.widget.attrs["max"] = event.max_places
    if event.max_places == 1:
        field.widget = forms.HiddenInput()
        field.initial = 1


class RegistrationForm(QuestionsMixin, HoneypotMixin, Form):
    name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Your personal link to see, change or cancel the registration comes here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    places = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        initial=1,
        help_text=_("For you and everyone coming with you (family, group)."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("If you come for an association or institution."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name, e-mail address and answers are kept for this event and "
            "deleted after it."
        ),
        error_messages={"required": _("Without this agreement we cannot register you.")},
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_places(self.fields["places"], event)
        self.add_questions(list(event.questions.all()), {})
        # the consent comes last, after the questions
        self.fields["consent"] = self.fields.pop("consent")


class RegistrationChangeForm(QuestionsMixin, Form):
    places = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    organisation_name = forms.CharField(label=_("Organisation"), required=False, max_length=200)

    def __init__(self, *args: Any, event: Event, answers: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_places(self.fields["places"], event)
        self.add_questions(list(event.questions.all()), answers)
