"""Forms of the staff area for personal data: retention periods, finding a person."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from querschnitt.core.forms import Form
from querschnitt.core.retention import Period


def field_name(key: str) -> str:
    return "days_" + key.replace(".", "__")


class RetentionForm(Form):
    """One number of days per kind of data that the municipality sets itself."""

    def __init__(self, *args: Any, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periods = [period for period in periods if not period.kind.is_platform]
        for period in self.periods:
            kind = period.kind
            self.fields[field_name(kind.key)] = forms.IntegerField(
                label=kind.label,
                min_value=kind.minimum_days,
                max_value=kind.maximum_days,
                initial=period.days,
                help_text=_("%(what)s Default %(days)d days: %(reason)s")
                % {"what": kind.what, "days": kind.default_days, "reason": kind.reason},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def service_days(self) -> dict[str, int]:
        return {
            period.kind.key: self.cleaned_data[field_name(period.kind.key)]
            for period in self.periods
        }


class PersonForm(Form):
    """The e-mail address of the person whose data is asked for."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("Everything this municipality holds under this address is shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class ErasureForm(PersonForm):
    """The confirmation that the data listed above shall be erased."""

    confirm = forms.BooleanField(
        label=_("I have checked the list: erase this person's data now."),
        required=True,
        error_messages={"required": _("Confirm that the data shall be erased.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget = forms.HiddenInput()
