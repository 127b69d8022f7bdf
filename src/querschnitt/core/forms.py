"""Forms render as KERN UX components; every form in the project uses this base.

A form that failed leads with an error summary (`core/forms/error_summary.html`): each error is
a link to its field, and the summary takes the focus (`autofocus`, and `core/querschnitt.js`
after an htmx swap), so that neither a keyboard nor a screen reader user has to look for it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_noop

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

# Django 6.1 names the empty choice of a select "- Select an option -" and has no German,
# Arabic, Persian or Ukrainian for it yet: the core catalogue carries them.
DJANGO_TEXTS = (gettext_noop("- Select an option -"),)


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
class Fieldset:
    """A group of a form's fields under a heading (GOV.UK and KERN "fieldset").

    `rare`: the group is folded into a disclosure, which opens when one of its fields has an
    error. `template`: rendered inside the group before its fields, with `form` and `group`
    (a map to place a location, say).
    """

    legend: str | Promise
    fields: Sequence[str]
    hint: str | Promise = ""
    rare: bool = False
    template: str = ""


@dataclass
class FieldGroup:
    """A fieldset as it is rendered: its bound fields, and whether its disclosure is open."""

    fields: list[forms.BoundField]
    fieldset: Fieldset | None = None

    @property
    def legend(self) -> str | Promise:
        return self.fieldset.legend if self.fieldset else ""

    @property
    def chosen(self) -> int:
        """How many options are chosen in the group's lists (shown on a folded group)."""
        return sum(
            len(field.value() or [])
            for field in self.fields
            if isinstance(field.field, forms.MultipleChoiceField)
        )

    @property
    def is_open(self) -> bool:
        return self.fieldset is None or not self.fieldset.rare or any(f.errors for f in self.fields)


@dataclass(frozen=True)
class SummaryError:
    """One line of the error summary; `anchor` is the id of the field it links to, if any."""

    text: str
    anchor: str = ""


class KernFormMixin:
    bound_field_class: type[forms.BoundField] | None = KernBoundField
    default_renderer: Any = KERN_FORM_RENDERER
    # Labels of fields that need no answer say "optional" (GOV.UK, KERN); a filter does not.
    marks_optional = True
    # Long forms group their fields; fields named in no fieldset follow the last group.
    fieldsets: Sequence[Fieldset] = ()
    # The level of the groups' headings: 2 on a page of its own, 3 under a section heading.
    fieldset_heading_level = 2

    def grouped_fields(self) -> list[FieldGroup]:
        visible = {field.name: field for field in self.visible_fields()}  # type: ignore[attr-defined]
        groups = []
        for fieldset in self.fieldsets:
            fields = [visible.pop(name) for name in fieldset.fields if name in visible]
            if fields or fieldset.template:
                groups.append(FieldGroup(fields=fields, fieldset=fieldset))
        if visible:
            groups.append(FieldGroup(fields=list(visible.values())))
        return groups

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
