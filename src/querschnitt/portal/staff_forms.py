"""Forms of the portal's staff pages: the reported barriers."""

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from querschnitt.core.forms import FilterForm, Form


class FeedbackFilterForm(FilterForm):
    """Which reports the list shows: by default those waiting for an answer."""

    defaults: ClassVar[dict[str, str]] = {"zustand": "offen"}
    STATES = {"offen": "open", "erledigt": "handled", "alle": "all"}

    zustand = forms.ChoiceField(
        label=_("Reports"),
        required=False,
        choices=[
            ("offen", _("Waiting for an answer")),
            ("erledigt", _("Handled")),
            ("alle", _("All")),
        ],
    )
    ueberfaellig = forms.BooleanField(
        label=_("Only those waiting longer than the target"), required=False
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"state": "open"}
        return {
            "state": self.STATES.get(self.cleaned_data["zustand"], "open"),
            "past_target_only": bool(self.cleaned_data["ueberfaellig"]),
        }


class FeedbackHandleForm(Form):
    reply = forms.CharField(
        label=_("What was answered or done"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: answered by e-mail on 3 May, the form is fixed. Only the office sees it."
        ),
    )
