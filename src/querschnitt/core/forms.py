"""Forms render as KERN UX components; every form in the project uses this base."""

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates

from querschnitt.core.form_widgets import render_widget


class KernFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        # Django's own widget templates are written out in Python (same markup, a fraction of
        # the time); every other template, ours included, goes through the engine.
        html = render_widget(template_name, context)
        if html is not None:
            return html
        return super().render(template_name, context, request)


# One renderer for every form: its template engine keeps the parsed templates (cached loader),
# where a renderer per form would parse the form and widget templates again for each form.
KERN_FORM_RENDERER = KernFormRenderer()


def widget_css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return "kern-form-check__checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "kern-form-check__radio"
    if isinstance(widget, forms.Select):
        return "kern-form-input__select"
    return "kern-form-input__input"


class KernBoundField(forms.BoundField):
    """Adds the KERN classes, and links the input to its hint and errors for screen readers."""

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = widget_css_class(widget)
        if self.errors:
            css = f"{css} {css}--error"
        attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        described = str(attrs.get("aria-describedby", "")).split()
        if self.help_text and f"{self.auto_id}_helptext" not in described:
            described.append(f"{self.auto_id}_helptext")
        if self.errors:
            if f"{self.auto_id}_error" not in described:
                described.append(f"{self.auto_id}_error")
            attrs["aria-invalid"] = "true"
        if described and not isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            attrs["aria-describedby"] = " ".join(described)
        return attrs


class KernFormMixin:
    bound_field_class: type[forms.BoundField] | None = KernBoundField
    default_renderer: Any = KERN_FORM_RENDERER


class Form(KernFormMixin, forms.Form):
    pass


class ModelForm(KernFormMixin, forms.ModelForm):
    pass


def add_translated_fields(
    form: forms.BaseForm,
    name: str,
    *,
    label: str,
    languages: list[str],
    initial: dict[str, str] | None = None,
    required_german: bool = False,
    rows: int = 6,
) -> None:
    """Add one text area per language (`<name>_<code>`) for a translated JSON field."""
    from django.utils.translation import get_language_info

    for code in languages:
        info = get_language_info(code)
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({info['name_translated']})",
            required=required_german and code == "de",
            initial=(initial or {}).get(code, ""),
            widget=forms.Textarea(
                attrs={"rows": rows, "lang": code, "dir": "rtl" if info["bidi"] else "ltr"}
            ),
        )


def translated_values(form: forms.BaseForm, name: str, languages: list[str]) -> dict[str, str]:
    return {
        code: form.cleaned_data.get(f"{name}_{code}", "").strip()
        for code in languages
        if form.cleaned_data.get(f"{name}_{code}", "").strip()
    }
