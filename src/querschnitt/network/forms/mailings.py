"""Forms of mailings: the segment of the network and the message."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from querschnitt.core.forms import Form
from querschnitt.core.models import Municipality
from querschnitt.network.selectors.mailings import Segment, segment_choices

SEGMENT_FIELDS = ("declarations", "kinds", "topics", "languages", "districts")


class SegmentForm(Form):
    """Which part of the network a mailing goes to; every field narrows the group further."""

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = segment_choices(municipality=municipality)
        labels: dict[str, tuple[Any, Any]] = {
            "declarations": (
                _("Signatories of the declaration"),
                _("Organisations whose signature has been accepted and not withdrawn."),
            ),
            "kinds": (_("Kinds of organisation"), ""),
            "topics": (_("Topics"), ""),
            "languages": (_("Languages spoken"), ""),
            "districts": (_("Districts"), ""),
        }
        for name in SEGMENT_FIELDS:
            if not choices[name]:
                continue  # nothing to choose from in this municipality (yet)
            label, help_text = labels[name]
            # Declarations and districts are rows (ids); the rest are fixed codes.
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=label,
                help_text=help_text,
                required=False,
                choices=[(str(value), text) for value, text in choices[name]],
                coerce=int if name in ("declarations", "districts") else str,
                widget=forms.CheckboxSelectMultiple,
            )

    def segment(self) -> Segment:
        data = self.cleaned_data
        return Segment(
            declarations=tuple(sorted(data.get("declarations") or ())),
            kinds=tuple(sorted(data.get("kinds") or ())),
            topics=tuple(sorted(data.get("topics") or ())),
            languages=tuple(sorted(data.get("languages") or ())),
            districts=tuple(sorted(data.get("districts") or ())),
        )

    @classmethod
    def initial_from(cls, segment: Segment) -> dict[str, list[str]]:
        return {name: [str(value) for value in getattr(segment, name)] for name in SEGMENT_FIELDS}


class MailingForm(SegmentForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Plain text. A personal link to unsubscribe is added below it in every e-mail."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in SEGMENT_FIELDS):
            raise forms.ValidationError(_("Choose at least one group of recipients."))
        return data

    def message_fields(self) -> list[forms.BoundField]:
        return [self["subject"], self["body"]]

    def segment_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in SEGMENT_FIELDS if name in self.fields]
