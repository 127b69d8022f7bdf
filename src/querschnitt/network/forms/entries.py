"""Forms of self-service entries: the public request, the representative's edit, decisions."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from querschnitt.core.forms import (
    Fieldset,
    Form,
    ModelForm,
    add_translated_fields,
    translated_values,
)
from querschnitt.core.models import Municipality
from querschnitt.network.forms.facts import FactField
from querschnitt.network.forms.organisations import clean_logo
from querschnitt.network.models import District, Organisation, Topic
from querschnitt.network.selectors.entries import language_name, spoken_language_choices
from querschnitt.portal.forms import HoneypotMixin


class OrganisationFieldsForm(ModelForm):
    """The public fields of an entry, as a requester or a representative fills them in."""

    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        required=False,
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        choices=spoken_language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages in which people can talk to you."),
    )
    # Not "website": that name belongs to the honeypot field of public forms.
    homepage = forms.URLField(label=_("Website"), required=False, max_length=200)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "street",
            "postal_code",
            "city",
            "district",
            "wheelchair_accessible",
            "public_email",
            "public_phone",
        ]
        field_classes = {"district": SafeModelChoiceField, "wheelchair_accessible": FactField}
        labels = {
            "public_email": _("Public e-mail address"),
            "public_phone": _("Public telephone number"),
            "wheelchair_accessible": _("Step-free access: can the rooms be reached without steps?"),
        }
        help_texts = {"name": _("The full name, as it should appear in the directory.")}
        widgets = {
            "public_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "public_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        description_languages: list[str],
        description: dict[str, str] | None = None,
        extra_languages: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        # Languages outside the list (an entry imported from a spreadsheet, say) stay choosable,
        # so that saving the form keeps them.
        known = spoken_language_choices()
        known_codes = {code for code, _name in known}
        self.fields["languages"].choices = known + [  # type: ignore[attr-defined]
            (code, language_name(code)) for code in sorted(set(extra_languages) - known_codes)
        ]
        self.description_languages = description_languages
        self.description_base = dict(description or {})
        district = self.fields["district"]
        district.queryset = District.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        district.empty_label = _("Not stated")  # type: ignore[attr-defined]
        self.fields["kind"].help_text = _("Choose what fits best.")
        add_translated_fields(
            self,
            "description",
            label=str(_("Description")),
            languages=description_languages,
            initial=self.description_base,
            required_german=bool(description_languages),
            rows=6,
        )
        self.order_fields(
            [
                "name",
                "kind",
                "topics",
                "languages",
                *[f"description_{code}" for code in description_languages],
                "street",
                "postal_code",
                "city",
                "district",
                "wheelchair_accessible",
                "public_email",
                "public_phone",
                "homepage",
            ]
        )

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data["name"]).split())

    def service_values(self) -> dict[str, Any]:
        """The entry's fields as the services take them."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields}
        values["website"] = data["homepage"]
        values["topics"] = list(data["topics"])
        values["languages"] = list(data["languages"])
        kept = {
            code: text
            for code, text in self.description_base.items()
            if code not in self.description_languages
        }
        values["description"] = kept | translated_values(
            self, "description", self.description_languages
        )
        return values


class EntryRequestForm(HoneypotMixin, OrganisationFieldsForm):
    """The public form by which an organisation asks for an entry in the directory."""

    requester_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    requester_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_(
            "We send you a link to confirm your request. Your name and e-mail address are "
            "only for the office and are never published."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the office may process these details to create the entry, and to "
            "contact me about it."
        ),
        required=True,
    )

    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        help_text=_(
            "What your organisation offers, in one of the languages of these pages. The office "
            "adds the other languages later."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    description_language = forms.ChoiceField(label=_("Language of the description"))

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, municipality=municipality, description_languages=[], **kwargs)
        offered = municipality.offered_languages
        self.fields["description_language"].choices = [  # type: ignore[attr-defined]
            (code, get_language_info(code)["name_translated"]) for code in offered
        ]
        active = (get_language() or "de").split("-")[0]
        self.fields["description_language"].initial = active if active in offered else "de"
        first = ["name", "kind", "topics", "languages", "description", "description_language"]
        last = ["requester_name", "requester_email", "website", "consent"]
        self.order_fields(first + [name for name in self.fields if name not in first + last] + last)

    def service_values(self) -> dict[str, Any]:
        """A request has one description, in the language the requester wrote it in."""
        values = super().service_values()
        language = self.cleaned_data["description_language"]
        values["description"] = {language: self.cleaned_data["description"].strip()}
        return values


class RepresentativeEntryForm(OrganisationFieldsForm):
    """The entry as its representative keeps it current, with its logo."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG or JPEG, at most 1 MB."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def __init__(self, *args: Any, logo: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The logo shown now: the entry's, or the one in a proposal that waits for review.
        self.current_logo = logo
        if not logo:
            del self.fields["remove_logo"]
        self.fieldsets = [
            Fieldset(_("The organisation"), ["name", "kind", "topics"]),
            Fieldset(_("Languages spoken"), ["languages"], rare=True),
            Fieldset(
                _("Description"),
                [f"description_{code}" for code in self.description_languages],
            ),
            Fieldset(
                _("Address"),
                ["street", "postal_code", "city", "district", "wheelchair_accessible"],
            ),
            Fieldset(_("Contact"), ["public_email", "public_phone", "homepage"]),
            Fieldset(_("Logo"), ["logo", "remove_logo"]),
        ]

    def clean_logo(self) -> Any:
        return clean_logo(self.cleaned_data.get("logo"))

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        if self.cleaned_data.get("remove_logo"):
            values["logo"] = ""
        elif self.cleaned_data.get("logo"):
            values["logo"] = self.cleaned_data["logo"]
        return values


class DecisionForm(Form):
    """Approve (accept) or reject; a rejection needs a reason for the person concerned."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("It is sent by e-mail."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.data.get("decision") if self.is_bound else self.initial.get("decision")
        self.fields["reason"].required = decision == "reject"
