"""Forms of the office's contacts and consents."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from querschnitt.core.forms import FilterForm, Form
from querschnitt.core.models import Municipality
from querschnitt.network.models import Consent, Contact, Organisation
from querschnitt.network.selectors.contacts import (
    organisation_from_label,
    organisation_label,
    organisation_suggestions,
)

SUGGESTIONS_ID = "organisation-suggestions"


class OrganisationField(forms.CharField):
    """An organisation chosen by typing its name, instead of a select of every organisation.

    The browser offers matching names from a datalist that htmx fills while typing; without
    JavaScript the typed name is matched on the server, and an ambiguous or unknown name gets
    an error that lists the candidates.
    """

    def __init__(self, *, municipality: Municipality, suggest_url: str, **kwargs: Any) -> None:
        self.municipality = municipality
        kwargs.setdefault("max_length", 220)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "list": SUGGESTIONS_ID,
                "autocomplete": "off",
                "hx-get": suggest_url,
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{SUGGESTIONS_ID}",
                "hx-swap": "innerHTML",
            }
        )

    def clean(self, value: Any) -> Organisation | None:
        label = super().clean(value)
        if not label:
            return None
        found = organisation_from_label(municipality=self.municipality, label=label)
        if len(found) == 1:
            return found[0]
        if found:
            names = ", ".join(organisation_label(o) for o in found)
            raise forms.ValidationError(
                _("Several organisations have this name. Please choose one of: %(names)s"),
                params={"names": names},
            )
        candidates = organisation_suggestions(municipality=self.municipality, query=label, limit=5)
        if candidates:
            raise forms.ValidationError(
                _("No organisation has exactly this name. Did you mean: %(names)s"),
                params={"names": ", ".join(organisation_label(o) for o in candidates)},
            )
        raise forms.ValidationError(_("No organisation of this municipality has this name."))


class ContactForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    function = forms.CharField(
        label=_("Function"),
        max_length=200,
        required=False,
        help_text=_("For example: chair, managing director, youth worker."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Internal; never shown outside the office."),
    )

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        suggest_url: str,
        contact: Contact | None = None,
        **kwargs: Any,
    ) -> None:
        if contact is not None:
            kwargs["initial"] = kwargs.get("initial") or {
                "name": contact.name,
                "email": contact.email,
                "phone": contact.phone,
                "function": contact.function,
                "notes": contact.notes,
                "organisation": organisation_label(contact.organisation)
                if contact.organisation
                else "",
            }
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationField(
            municipality=municipality,
            suggest_url=suggest_url,
            label=_("Organisation"),
            required=False,
            help_text=_("Type part of the name; matching organisations are suggested."),
        )
        self.order_fields(["name", "organisation", "function", "email", "phone", "notes"])

    def service_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("name", "email", "phone", "function", "organisation", "notes")
        }


class ConsentForm(Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=Consent.Purpose.choices, initial=Consent.Purpose.MAILINGS
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=Consent.LegalBasis.choices, widget=forms.RadioSelect
    )
    given_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When the consent was given or the data was received."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("For example: registration form of the network meeting on 12 March."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "consent")
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()


class ContactFilterForm(FilterForm):
    """The search and filters of the contact list (a GET form)."""

    CONSENT_CHOICES = [
        ("", _("all contacts")),
        ("ja", _("with consent for mailings")),
        ("nein", _("without consent for mailings")),
    ]

    q = forms.CharField(
        label=_("Name, e-mail address or organisation"),
        required=False,
        max_length=200,
        widget=forms.SearchInput,
    )
    einwilligung = forms.ChoiceField(
        label=_("Consent for mailings"), choices=CONSENT_CHOICES, required=False
    )

    def __init__(self, *args: Any, municipality: Municipality, suggest_url: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationField(
            municipality=municipality,
            suggest_url=suggest_url,
            label=_("Organisation"),
            required=False,
        )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for `contact_list`; invalid input filters nothing."""
        if not self.is_valid():
            return {"query": str(self.data.get("q", ""))[:200]}
        consent = self.cleaned_data["einwilligung"]
        return {
            "query": self.cleaned_data["q"],
            "organisation": self.cleaned_data["organisation"],
            "has_mailing_consent": {"ja": True, "nein": False}.get(consent),
        }
