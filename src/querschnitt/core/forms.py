"""Forms render as KERN UX components; every form in the project uses this base."""

from typing import Any, ClassVar

from django import forms
from django.forms.renderers import DjangoTemplates


class KernFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


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
    default_renderer: Any = KernFormRenderer
    # Labels of fields that need no answer say "optional" (GOV.UK, KERN); a filter does not.
    marks_optional = True


class Form(KernFormMixin, forms.Form):
    pass


class ModelForm(KernFormMixin, forms.ModelForm):
    pass


class FilterForm(Form):
    """The filters of a list (a GET form): it shows the state the list is in.

    `defaults` name what the list shows when the request names nothing (the signatures that
    wait for review …); they are filled into the data, so the default is a selected option
    and never a blank one that the list silently overrides. Nothing is marked "optional".
    """

    defaults: ClassVar[dict[str, str]] = {}
    marks_optional = False

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and self.defaults:
            data = data.copy()
            for name, value in self.defaults.items():
                if not data.get(name):
                    data[name] = value
        elif data is None:
            kwargs["initial"] = self.defaults | kwargs.get("initial", {})
        super().__init__(data, *args, **kwargs)


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
