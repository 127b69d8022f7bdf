"""Django's widget templates written out in Python give exactly the markup of the templates."""

import datetime
from decimal import Decimal

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.form_widgets import render_widget
from querschnitt.core.forms import KERN_FORM_RENDERER

TEMPLATES = DjangoTemplates()  # Django's renderer: every widget through its template
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
attribute_values = st.one_of(text, st.booleans(), st.integers(-5, 5), st.none())
attributes = st.dictionaries(
    st.sampled_from(["id", "class", "placeholder", "required", "disabled", "data-x", "lang"]),
    attribute_values,
    max_size=4,
)
choice_values = st.one_of(text, st.integers(0, 20))
choices = st.lists(st.tuples(choice_values, text), max_size=6)
grouped_choices = st.lists(
    st.one_of(st.tuples(choice_values, text), st.tuples(text.filter(bool), choices)), max_size=4
)
INPUTS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.SearchInput,
    forms.TelInput,
    forms.ColorInput,
    forms.CheckboxInput,
    forms.Textarea,
]
CHOICE_WIDGETS = [
    forms.Select,
    forms.SelectMultiple,
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
]


def both(widget: forms.Widget, name: str, value: object, attrs: dict) -> tuple[str, str]:
    context = widget.get_context(name, value, attrs)
    assert render_widget(str(widget.template_name), context) is not None  # not the engine
    return (
        widget.render(name, value, attrs=attrs, renderer=KERN_FORM_RENDERER),
        widget.render(name, value, attrs=attrs, renderer=TEMPLATES),
    )


@settings(max_examples=150, deadline=None)
@given(
    widget_class=st.sampled_from(INPUTS),
    name=text,
    value=st.one_of(text, st.none(), st.integers(), st.just(Decimal("1.5")), st.booleans()),
    attrs=attributes,
)
def test_inputs_render_as_their_templates(widget_class, name, value, attrs) -> None:
    fast, templated = both(widget_class(), name, value, attrs)
    assert fast == templated


@settings(max_examples=150, deadline=None)
@given(
    widget_class=st.sampled_from(CHOICE_WIDGETS),
    name=text,
    options=grouped_choices,
    selected=st.lists(choice_values, max_size=3),
    attrs=attributes,
)
def test_choice_widgets_render_as_their_templates(
    widget_class, name, options, selected, attrs
) -> None:
    widget = widget_class(choices=options)
    value = selected if widget.allow_multiple_selected else (selected[:1] or None)
    fast, templated = both(widget, name, value, attrs)
    assert fast == templated


class Everything(forms.Form):
    title = forms.CharField(label="Title <b>", help_text="Hint & more", max_length=5)
    count = forms.DecimalField(label="Count")
    when = forms.DateField(label="When", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(choices=[("", "–"), ("a", mark_safe("<i>A</i>")), ("b", "B & b")])
    kinds = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(choices=[(1, "One"), (2, "Two")], widget=forms.RadioSelect)
    agree = forms.BooleanField()
    note = forms.CharField(widget=forms.Textarea)


def test_bound_fields_and_option_tags_render_as_their_templates() -> None:
    data = {
        "title": "<script>",
        "count": "1,5",
        "kind": "b",
        "kinds": ["y"],
        "one": "2",
        "note": "a\nb",
    }
    for language in ("de", "ar"):
        with translation.override(language):
            fast = Everything(data, renderer=KERN_FORM_RENDERER)
            templated = Everything(data, renderer=TEMPLATES)
            for name in fast.fields:
                assert str(fast[name]) == str(templated[name]), name
                for option, expected in zip(fast[name], templated[name], strict=True):
                    assert option.tag() == expected.tag()
                    assert str(option) == str(expected)
    unbound = Everything(initial={"count": Decimal("2.5"), "when": datetime.date(2026, 1, 2)})
    reference = Everything(
        initial={"count": Decimal("2.5"), "when": datetime.date(2026, 1, 2)}, renderer=TEMPLATES
    )
    assert str(unbound["count"]) == str(reference["count"])
    assert str(unbound["when"]) == str(reference["when"])


def test_the_empty_choice_of_a_select_speaks_every_language_of_the_platform() -> None:
    from django.db.models.fields import BLANK_CHOICE_LABEL

    shown = {}
    for language in ("de", "ar", "fa", "tr", "uk"):
        with translation.override(language):
            shown[language] = str(BLANK_CHOICE_LABEL)
    assert shown["de"] == "- Bitte auswählen -"
    assert "- Select an option -" not in shown.values()
