"""Forms render as KERN UX components; every form in the project uses this base.

A form that failed leads with an error summary (`core/forms/error_summary.html`): each error is
a link to its field, and the summary takes the focus (`autofocus`, and `core/querschnitt.js`
after an htmx swap), so that neither a keyboard nor a screen reader user has to look for it.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


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

    @property
    def anchor(self) -> str:
        """The id of the input that a link to this field focuses (the first of a group)."""
        if isinstance(self.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            return f"{self.auto_id}_0"
        return self.id_for_label or str(self.auto_id)

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


@dataclass(frozen=True)
class SummaryError:
    """One line of the error summary; `anchor` is the id of the field it links to, if any."""

    text: str
    anchor: str = ""


class KernFormMixin:
    bound_field_class: type[forms.BoundField] | None = KernBoundField
    default_renderer: Any = KernFormRenderer

    def summary_errors(self) -> list[SummaryError]:
        """The form's errors in the order of its fields, those of the whole form first."""
        form: Any = self
        if not form.is_bound or not form.errors:
            return []
        found = [SummaryError(str(error)) for error in form.non_field_errors()]
        for field in form:
            for error in field.errors:
                if field.is_hidden:
                    found.append(SummaryError(str(error)))
                else:
                    found.append(SummaryError(f"{field.label}: {error}", field.anchor))
        return found

    def error_summary(self) -> SafeString:
        """The summary at the top of a failed form; empty when there is nothing to say."""
        errors = self.summary_errors()
        if not errors:
            return SafeString("")
        prefix = getattr(self, "prefix", None) or "form"
        return SafeString(
            render_to_string(
                "core/forms/error_summary.html",
                {"errors": errors, "summary_id": f"{prefix}-error-summary"},
            )
        )


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
