"""Forms of the staff area for a municipality's settings and departments."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from querschnitt.core.forms import Fieldset, ModelForm, add_translated_fields, translated_values
from querschnitt.core.models import Department, Municipality


class MunicipalitySettingsForm(ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Further languages of the public pages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, name) for code, name in settings.LANGUAGES if code != "de"],
        help_text=_("German is always offered."),
    )

    class Meta:
        model = Municipality
        fields = [
            "office_name",
            "description_source",
            "description_source_url",
            "contact_email",
            "contact_phone",
            "contact_address",
            "website",
            "enforcement_body_name",
            "enforcement_body_url",
            "enforcement_body_email",
            "languages",
            "accent_colour",
        ]
        widgets = {
            "contact_address": forms.Textarea(attrs={"rows": 3}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_translated_fields(
            self,
            "office_description",
            label=str(_("Self-description of the office")),
            languages=self.instance.offered_languages,
            initial=self.instance.office_description,
            required_german=True,
        )
        languages = self.instance.offered_languages
        self.fieldsets = [
            Fieldset(
                _("The office"),
                ["office_name", *[f"office_description_{code}" for code in languages]],
            ),
            Fieldset(
                _("Source of the self-description"),
                ["description_source", "description_source_url"],
                rare=True,
            ),
            Fieldset(
                _("Contact"), ["contact_email", "contact_phone", "contact_address", "website"]
            ),
            Fieldset(_("Public pages"), ["languages", "accent_colour"]),
        ]

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["office_description"] = translated_values(
            self, "office_description", self.instance.offered_languages
        )
        return data


class DepartmentForm(ModelForm):
    class Meta:
        model = Department
        fields = ["name", "short_name", "kind", "parent", "email", "is_active"]
        field_classes = {"parent": SafeModelChoiceField}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Department.objects.filter(municipality=municipality)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.municipality = municipality

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        duplicates = Department.objects.filter(municipality=self.municipality, name__iexact=name)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(_("A department with this name already exists."))
        return name

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
