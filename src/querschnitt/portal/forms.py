"""Forms of the public portal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from querschnitt.core.forms import Form


class TrapField(forms.CharField):
    """A text field for bots only: rendered hidden from sight, from screen readers (out of
    the accessibility tree) and from the tab order (`core/forms/field.html`)."""

    is_trap = True


class HoneypotMixin(forms.Form):
    """A field hidden from people; bots that fill it in are turned away."""

    website = TrapField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


class AccessibilityFeedbackForm(HoneypotMixin, Form):
    page_url = forms.CharField(
        label=_("Which page is concerned?"),
        required=False,
        max_length=500,
        help_text=_("The address or the name of the page."),
    )
    message = forms.CharField(
        label=_("Describe the barrier"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("Only if you would like an answer."),
    )
