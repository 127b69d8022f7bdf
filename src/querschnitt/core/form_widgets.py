"""Django's own widget templates (`django/forms/widgets/*.html`), written out in Python.

A select with thirty options is some hundred template renders (the select, an option and its
attributes, each an include); these functions give the same markup in one pass. They cover the
templates of Django's plain widgets; any other template name is rendered by the engine.
`core/tests/test_form_widgets.py` compares every one of them with the templates they replace.
"""

from collections.abc import Callable
from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

WidgetContext = dict[str, Any]


def _text(value: Any) -> str:
    """`{{ value }}`: localised and escaped, as the template engine shows a variable."""
    return str(conditional_escape(localize(template_localtime(value))))


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`."""
    return str(conditional_escape(value if hasattr(value, "__html__") else f"{value!s}"))


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        shown = "" if value is True else f'="{_formatted(value)}"'
        parts.append(f" {_text(name)}{shown}")
    return "".join(parts)


# Each function returns exactly what its template renders, line breaks included (the engine
# keeps the line break at the end of every included file); the renderer strips the whole.


def _input(widget: WidgetContext) -> str:
    """django/forms/widgets/input.html"""
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _input_widget(widget: WidgetContext) -> str:
    """text.html, checkbox.html …: an include of input.html."""
    return _input(widget) + "\n"


def _input_option(widget: WidgetContext) -> str:
    """django/forms/widgets/input_option.html"""
    if not widget.get("wrap_label"):
        return _input(widget) + "\n"
    label_for = widget["attrs"].get("id")
    opening = f'<label for="{_text(label_for)}">' if label_for else "<label>"
    return f"{opening}{_input(widget)} {_text(widget['label'])}</label>\n"


def _checkbox_or_radio_option(widget: WidgetContext) -> str:
    """checkbox_option.html, radio_option.html: an include of input_option.html."""
    return _input_option(widget) + "\n"


def _select_option(widget: WidgetContext) -> str:
    """django/forms/widgets/select_option.html"""
    return (
        f'<option value="{_formatted(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{_text(widget['label'])}</option>\n"
    )


def _select(widget: WidgetContext) -> str:
    """django/forms/widgets/select.html"""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            out.append(f"\n  {_option(option)}")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _multiple_input(widget: WidgetContext) -> str:
    """django/forms/widgets/multiple_input.html (checkboxes and radio buttons)."""
    element_id = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    out = [
        "<div",
        f' id="{_text(element_id)}"' if element_id else "",
        f' class="{_text(css)}"' if css else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            out.append(f"<div>\n    {_option(option)}</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def _included_multiple_input(widget: WidgetContext) -> str:
    """checkbox_select.html, radio.html: an include of multiple_input.html."""
    return _multiple_input(widget) + "\n"


def _textarea(widget: WidgetContext) -> str:
    """django/forms/widgets/textarea.html"""
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>\n"
    )


OPTION_TEMPLATES: dict[str, Callable[[WidgetContext], str]] = {
    "django/forms/widgets/select_option.html": _select_option,
    "django/forms/widgets/checkbox_option.html": _checkbox_or_radio_option,
    "django/forms/widgets/radio_option.html": _checkbox_or_radio_option,
    "django/forms/widgets/input_option.html": _input_option,
}


def _option(option: WidgetContext) -> str:
    # an option template of someone else's widget (KeyError) is left to the engine
    return OPTION_TEMPLATES[option["template_name"]](option)


INPUT_TYPES = (
    "text", "number", "email", "url", "password", "hidden", "checkbox", "date",
    "datetime", "time", "color", "search", "tel", "file",
)  # fmt: skip

WIDGET_TEMPLATES: dict[str, Callable[[WidgetContext], str]] = {
    "django/forms/widgets/input.html": _input,
    **{f"django/forms/widgets/{name}.html": _input_widget for name in INPUT_TYPES},
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/checkbox_select.html": _included_multiple_input,
    "django/forms/widgets/radio.html": _included_multiple_input,
    "django/forms/widgets/multiple_input.html": _multiple_input,
    **OPTION_TEMPLATES,
}


def render_widget(template_name: str, context: dict[str, Any]) -> str | None:
    """The markup of one of Django's widget templates, or None for any other template."""
    render = WIDGET_TEMPLATES.get(template_name)
    widget = context.get("widget")
    if render is None or not isinstance(widget, dict) or set(context) != {"widget"}:
        return None
    try:
        return render(widget).strip()
    except KeyError:
        return None
