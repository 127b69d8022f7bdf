"""Forms of declarations: signing, withdrawing, the office's decision, filters."""

from functools import lru_cache
from typing import Any, ClassVar, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from querschnitt.core.forms import FilterForm, Form
from querschnitt.core.models import Municipality
from querschnitt.network.models import District, Organisation, Signature
from querschnitt.portal.forms import HoneypotMixin


@lru_cache(maxsize=64)
def _districts(municipality: Municipality) -> Any:
    """The municipality's districts by name: a query kept unevaluated per municipality, which
    the form's field copies (building it cost half the form on every view of the alliance)."""
    return District.objects.filter(municipality=municipality).order_by("name")


class SignatureForm(HoneypotMixin, Form):
    """An institution signs a declaration. Only institutions sign, so their details are
    required; the honeypot field of HoneypotMixin is called `website`, so the organisation's
    website is `homepage` here."""

    organisation_name = forms.CharField(
        label=_("Name of the institution"),
        max_length=200,
        help_text=_("Only institutions can sign, not individuals."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    kind = forms.ChoiceField(label=_("Kind of institution"), choices=Organisation.Kind.choices)
    street = forms.CharField(
        label=_("Street and number"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{5}$",
        error_messages={"invalid": _("Enter a postal code of five digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = forms.CharField(
        label=_("Town"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    district = SafeModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )
    public_email = forms.EmailField(
        label=_("Public e-mail address of the institution"),
        required=False,
        help_text=_("Shown in the directory if the entry is published."),
    )
    homepage = forms.URLField(
        label=_("Website of the institution"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown in the directory if the entry is published."),
    )
    signer_name = forms.CharField(
        label=_("Name of the signing person"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    signer_function = forms.CharField(
        label=_("Function in the institution"),
        max_length=200,
        help_text=_("For example chair, managing director or head of school."),
    )
    signer_email = forms.EmailField(
        label=_("E-mail address of the signing person"),
        help_text=_("We send a link to this address; the signature counts once it is confirmed."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    authorised = forms.BooleanField(
        label=_("I sign on behalf of the institution named above and I am authorised to do so."),
        error_messages={"required": _("Please confirm that you may sign for the institution.")},
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("city", municipality.name)
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = _districts(municipality)
        self.order_fields(
            [
                "organisation_name",
                "kind",
                "street",
                "postal_code",
                "city",
                "district",
                "public_email",
                "homepage",
                "signer_name",
                "signer_function",
                "signer_email",
                "authorised",
            ]
        )

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "organisation_name": data["organisation_name"].strip(),
            "kind": data["kind"],
            "street": data["street"].strip(),
            "postal_code": data["postal_code"],
            "city": data["city"].strip(),
            "district": data["district"],
            "public_email": data["public_email"],
            "website": data["homepage"],
            "signer_name": data["signer_name"].strip(),
            "signer_function": data["signer_function"].strip(),
            "signer_email": data["signer_email"],
        }


class WithdrawRequestForm(HoneypotMixin, Form):
    """Asks for the address a signature was made with; answers the same whatever it finds."""

    email = forms.EmailField(
        label=_("E-mail address used to sign"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation_name = forms.CharField(label=_("Name of the institution"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["email", "organisation_name"])


class DecisionForm(Form):
    """The office accepts or declines a signature; declining needs a reason."""

    ACCEPT = "accept"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        required=False,
        max_length=5000,
        help_text=_("Sent to the signing person by e-mail."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.DECLINE and not data.get("reason", "").strip():
            self.add_error("reason", _("Please give a reason."))
        return data


STATE_ALL = "alle"


class SignatureFilterForm(FilterForm):
    """The state shown in the office's queue (by default: waiting for review), and whether
    only those past the target time are shown."""

    defaults: ClassVar[dict[str, str]] = {"zustand": Signature.State.PENDING_REVIEW}

    zustand = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[*Signature.State.choices, (STATE_ALL, _("All"))],
    )
    ueberfaellig = forms.BooleanField(
        label=_("Only those waiting longer than the target"), required=False
    )

    def state(self) -> str | None:
        value = self.cleaned_data.get("zustand") if self.is_valid() else ""
        if value == STATE_ALL:
            return None
        return value or Signature.State.PENDING_REVIEW

    def past_target_only(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data.get("ueberfaellig"))


class AllianceFilterForm(Form):
    """Filters of the alliance page: kind, district and a name search."""

    art = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=lambda: [("", _("All kinds")), *Organisation.Kind.choices],  # asked when used
    )
    bezirk = SafeModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("All districts"),
    )
    name = forms.CharField(label=_("Name contains"), required=False, max_length=100)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["bezirk"]).queryset = _districts(municipality)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        district = self.cleaned_data.get("bezirk")
        return {
            "kind": self.cleaned_data.get("art") or "",
            "district_id": district.pk if district is not None else None,
            "query": self.cleaned_data.get("name") or "",
        }
