"""A fact about accessibility as a form field: yes, no, or not known."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

UNKNOWN = "unknown"


class FactWidget(forms.RadioSelect):
    """Three radio buttons; "not known" stands for an empty answer."""

    def format_value(self, value: Any) -> list[str]:
        if value in (True, "True", "true", "on"):
            return ["true"]
        if value in (False, "False", "false"):
            return ["false"]
        return [UNKNOWN]


class FactField(forms.NullBooleanField):
    """Yes (True), no (False) or not known (None); the default is not known."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_length", None)
        kwargs["widget"] = FactWidget(
            choices=[("true", _("Yes")), ("false", _("No")), (UNKNOWN, _("Not known"))]
        )
        super().__init__(**kwargs)
        self.choices = self.widget.choices
