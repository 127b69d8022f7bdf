"""Forms of the strategy: fields of action, goals, versions of the guiding principle,
indicators with their targets and actual values."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from querschnitt.core.forms import (
    Fieldset,
    Form,
    ModelForm,
    add_translated_fields,
    translated_values,
)
from querschnitt.core.models import Municipality
from querschnitt.core.translation import translate
from querschnitt.monitoring.models import Indicator
from querschnitt.strategy.models import ControllingIndicator, FieldOfAction, Goal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GoalChoice(SafeModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.key} {translate(obj.title).text}"


class NamedChoices(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class NamedChoice(SafeModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class TranslatedModelForm(ModelForm):
    """A model form with translated texts, one text area per offered language."""

    translated: tuple[tuple[str, Any, bool, int], ...] = ()

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.languages = municipality.offered_languages
        for name, label, required, rows in self.translated:
            add_translated_fields(
                self,
                name,
                label=str(label),
                languages=self.languages,
                initial=getattr(self.instance, name) or {},
                required_german=required,
                rows=rows,
            )

    def translation_fieldset(self) -> Fieldset:
        return Fieldset(
            _("Translations"),
            [f"{name}_{code}" for name, *_rest in self.translated for code in self.languages[1:]],
            rare=True,
        )

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}  # type: ignore[attr-defined]
        for name, *_rest in self.translated:
            data[name] = translated_values(self, name, self.languages)
        return data


class FieldOfActionForm(TranslatedModelForm):
    translated = (("name", _("Name"), True, 1), ("description", _("Description"), False, 4))

    class Meta:
        model = FieldOfAction
        fields = ["key", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["name_de", "description_de", "key", "position"])
        self.fieldsets = [
            Fieldset(_("The field of action"), ["name_de", "description_de", "key", "position"]),
            self.translation_fieldset(),
        ]


class GoalForm(TranslatedModelForm):
    translated = (("title", _("Title"), True, 2), ("description", _("Description"), False, 4))

    class Meta:
        model = Goal
        fields = ["level", "parent", "key", "position", "is_public"]
        field_classes = {"parent": GoalChoice}
        widgets = {"level": forms.RadioSelect, "parent": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals = Goal.objects.filter(municipality=self.municipality).exclude(
            level=Goal.Level.OPERATIONAL
        )
        if self.instance.pk:
            goals = goals.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = goals  # type: ignore[attr-defined]
        self.fields["parent"].empty_label = gettext("at the top")  # type: ignore[attr-defined]
        self.fields["fields_of_action"] = NamedChoices(
            label=_("Fields of action"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            queryset=FieldOfAction.objects.filter(municipality=self.municipality),
            initial=list(self.instance.fields_of_action.all()) if self.instance.pk else [],
        )
        self.order_fields(["title_de", "description_de", "level", "parent"])
        self.fieldsets = [
            Fieldset(_("The goal"), ["title_de", "description_de", "key"]),
            Fieldset(
                _("Its place in the tree"), ["level", "parent", "fields_of_action", "position"]
            ),
            Fieldset(_("Publication"), ["is_public"]),
            self.translation_fieldset(),
        ]


class GoalVersionForm(Form):
    adopted_on = forms.DateField(label=_("Adopted on"), required=False, widget=DATE)
    adopted_by = forms.CharField(
        label=_("Adopted by"),
        required=False,
        max_length=200,
        help_text=_("For example: Gemeinderat"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = municipality.offered_languages
        add_translated_fields(
            self,
            "text",
            label=str(_("Text")),
            languages=self.languages,
            required_german=True,
            rows=8,
        )
        self.order_fields(["text_de", "adopted_on", "adopted_by", "note"])

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": translated_values(self, "text", self.languages),
            "adopted_on": data["adopted_on"],
            "adopted_by": data["adopted_by"],
            "note": data["note"],
        }


class TargetsField(forms.CharField):
    """Targets per year, one a line: "2026: 62"."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return "\n".join(f"{year}: {number}" for year, number in sorted(value.items()))
        return value

    def clean(self, value: Any) -> dict[int, Decimal]:
        from querschnitt.measures.forms import parse_amount

        text = super().clean(value)
        targets: dict[int, Decimal] = {}
        problems = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            year, _sep, amount = line.partition(":")
            if not (year.strip().isdigit() and 1990 <= int(year) <= 2100):
                problems.append(
                    gettext("Line %(line)s: “%(value)s” does not start with a year.")
                    % {"line": number, "value": line.strip()}
                )
                continue
            try:
                targets[int(year)] = parse_amount(amount.strip())
            except ValueError:
                problems.append(
                    gettext("Line %(line)s: “%(value)s” is not a number.")
                    % {"line": number, "value": amount.strip()}
                )
        if problems:
            raise ValidationError(problems)
        return targets


class IndicatorForm(TranslatedModelForm):
    translated = (("name", _("Name"), True, 1), ("description", _("Definition"), False, 3))

    class Meta:
        model = ControllingIndicator
        fields = [
            "key",
            "unit",
            "decimals",
            "direction",
            "baseline",
            "baseline_year",
            "goal",
            "monitoring_indicator",
            "is_public",
            "position",
        ]
        field_classes = {"goal": GoalChoice, "monitoring_indicator": NamedChoice}
        widgets = {
            "direction": forms.RadioSelect,
            "goal": forms.RadioSelect,
            "monitoring_indicator": forms.RadioSelect,
        }
        localized_fields = ["baseline"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(  # type: ignore[attr-defined]
            municipality=self.municipality
        ).exclude(level=Goal.Level.GUIDING_PRINCIPLE)
        self.fields["goal"].empty_label = gettext("no goal (an indicator of measures)")  # type: ignore[attr-defined]
        self.fields["monitoring_indicator"].queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            municipality=self.municipality
        )
        self.fields["monitoring_indicator"].empty_label = gettext("none")  # type: ignore[attr-defined]
        self.fields["targets"] = TargetsField(
            label=_("Targets per year"),
            required=False,
            help_text=_("One year a line, for example “2026: 62”."),
            initial={t.year: t.value for t in self.instance.targets.all()}
            if self.instance.pk
            else {},
        )
        self.order_fields(["name_de", "description_de", "key", "unit"])
        self.fieldsets = [
            Fieldset(
                _("The indicator"),
                ["name_de", "description_de", "key", "unit", "decimals", "direction"],
            ),
            Fieldset(_("Baseline and targets"), ["baseline", "baseline_year", "targets"]),
            Fieldset(_("What it measures"), ["goal", "monitoring_indicator"]),
            Fieldset(_("Publication"), ["is_public", "position"]),
            self.translation_fieldset(),
        ]


class ActualForm(Form):
    measured_on = forms.DateField(label=_("Reference date"), widget=DATE)
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=16,
        decimal_places=4,
        localize=True,
        error_messages={"invalid": _("Enter the value as a number.")},
    )
    source = forms.CharField(
        label=_("Source"), max_length=200, help_text=_("Where the figure comes from.")
    )
