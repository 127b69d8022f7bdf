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

    widget = FactWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        self.widget = FactWidget(
            choices=[("true", _("Yes")), ("false", _("No")), (UNKNOWN, _("Not known"))]
        )
        self.choices = self.widget.choices
        self.initial = kwargs.get("initial")
