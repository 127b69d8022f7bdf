"""Forms render as KERN UX components; every form in the project uses this base."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise


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


class KernFormMixin:
    bound_field_class: type[forms.BoundField] | None = KernBoundField
    default_renderer: Any = KernFormRenderer
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
