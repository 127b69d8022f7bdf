"""The fields of the public paper search (`PaperSearchForm`) written out in Python: what
`{% for field in form %}{{ field.as_field_group }}{% endfor %}` gives through
`core/forms/field.html` (its input branch: a label, the input or select, the errors) and the
form renderer, byte for byte. Rendering them through the templates cost ~0.8 ms a search that
nobody asked before; `bodies/tests/test_search_fields.py` compares both for any data, any
bodies, every language and every error.

What does not depend on what was asked, the escaped labels and choices (`FieldTexts`), is
made once per bodies and language: for the public, per content version (`PaperSearchView`).
What was asked is escaped on every request.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from querschnitt.bodies.forms import PaperSearchForm, body_choices, type_choices
from querschnitt.bodies.models import Body
from querschnitt.core.rows import shown

INPUTS = ("q", "reference", "date_from", "date_to")
SELECTS = ("body", "type")
ERROR_ICON = '<span class="kern-icon kern-icon--danger" aria-hidden="true"></span>'


@dataclass(frozen=True, slots=True)
class FieldTexts:
    """The escaped labels of the fields, the inputs' types and the maximum lengths their
    widgets name (None: none), and the choices of the selects: (value, label)."""

    labels: dict[str, str]
    inputs: tuple[tuple[str, str, str | None], ...]
    choices: dict[str, tuple[tuple[str, str], ...]]


def field_texts(bodies: list[Body]) -> FieldTexts:
    """The labels and choices of the form for `bodies`, in the current language."""
    fields = PaperSearchForm.base_fields
    return FieldTexts(
        labels={name: shown(str(field.label)) for name, field in fields.items()},
        inputs=tuple(
            (
                name,
                fields[name].widget.input_type,
                fields[name].widget.attrs.get("maxlength"),
            )
            for name in INPUTS
        ),
        choices={
            name: tuple((shown(str(value)), shown(str(label))) for value, label in choices)
            for name, choices in (("body", body_choices(bodies)), ("type", type_choices()))
        },
    )


def form_fields(form: PaperSearchForm, texts: FieldTexts) -> SafeString:
    """The fields of the form, validated (`form.errors`)."""
    if not form.is_bound:
        return search_fields(texts, {})
    return search_fields(texts, form.data, form.errors)


def search_fields(texts: FieldTexts, data: Any, errors: Any = None) -> SafeString:
    """The fields showing `data` (`request.GET`, or {} for the form unbound) and `errors`
    (`form.errors`; none if None), with the `texts` of `field_texts`."""
    errors = errors or {}
    parts = []
    for name, input_type, length in texts.inputs:
        value = data.get(name)
        if value is not None and (value != "" or input_type == "date"):
            # a text input shows no empty value, a date input does (Django's `format_value`)
            shown_value = f' value="{shown(str(value))}"'
        else:
            shown_value = ""
        field_errors = errors.get(name, ())
        widget = (
            f'<input type="{input_type}" name="{name}"{shown_value}'
            + (f' maxlength="{shown(length)}"' if length is not None else "")
            + _widget_attrs(name, "kern-form-input__input", field_errors)
            + ">"
        )
        parts.append(_group(name, texts.labels[name], widget, field_errors))
    for name in SELECTS:
        value = data.get(name)
        chosen = "" if value is None else shown(str(value))
        options = [  # the values of the choices differ: one at most is selected
            f'\n  <option value="{choice}" selected>{label}</option>\n'
            if choice == chosen
            else f'\n  <option value="{choice}">{label}</option>\n'
            for choice, label in texts.choices[name]
        ]
        field_errors = errors.get(name, ())
        widget = (
            f'<div class="kern-form-input__select-wrapper"><select name="{name}"'
            f"{_widget_attrs(name, 'kern-form-input__select', field_errors)}>"
            f"{''.join(options)}\n</select></div>"
        )
        parts.append(_group(name, texts.labels[name], widget, field_errors))
    return mark_safe("".join(parts))  # every value above is escaped


def _widget_attrs(name: str, css: str, errors: Any) -> str:
    if errors:
        return (
            f' aria-invalid="true" aria-describedby="id_{name}_error" class="{css} {css}--error"'
            f' id="id_{name}"'
        )
    return f' class="{css}" id="id_{name}"'


def _group(name: str, label: str, widget: str, errors: Any) -> str:
    """core/forms/field.html's input branch, for a field without help text that is not
    marked optional (a filter form's)."""
    shown_errors = "".join(
        f'<p class="kern-error" id="id_{name}_error{f"_{number}" if number > 1 else ""}">'
        f'{ERROR_ICON}<span class="kern-body">{shown(str(error))}</span></p>'
        for number, error in enumerate(errors, 1)
    )
    return (
        f'<div class="kern-form-input{" kern-form-input--error" if errors else ""} qs-field">\n'
        f'    <label class="kern-label" for="id_{name}">{label}</label>\n'
        f"    \n"
        f"    {widget}\n"
        f"    {shown_errors}\n"
        "\n  </div>"
    )
