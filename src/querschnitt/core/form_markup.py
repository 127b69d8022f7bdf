"""The markup of a list's filter form, rendered once and reused (as the page frame is).

A filter form of fixed choices is a pure function of its class, what was asked (its data,
or its initial values when nothing was), the language and the URL map: the same request
gets the same markup, for everyone. Rendering it through the field templates costs about
0.5 ms a page, so it is remembered per municipality and its content version, and a list
rendered a second time with the same filters takes it from here. Only for forms whose markup
follows from their data and the municipality's public data alone: choices read from the
database only where a change of them moves the content version (the directory's and the
alliance's districts, the calendar's organisers), no validation against anything else (the
contact list's organisation field, for one, is remembered only while nothing is asked).

A caller that names everything its form reads from the database (`drawn_from`: the rows of
its choices) has the markup kept by those rows instead of the content version: the first
request after a change elsewhere in the municipality's data then reuses it.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from querschnitt.core.models import Municipality

MAX_FORMS = 1024
MAX_DATA = 1000
_markup: dict[tuple[Any, ...], str] = {}


@receiver(setting_changed)
def forget_markup(**kwargs: Any) -> None:
    _markup.clear()


def filter_form_markup(
    form: forms.BaseForm,
    *,
    municipality: Municipality,
    whole: bool = False,
    fields: tuple[str, ...] = (),
    between: str = "",
    template: str = "",
    written: Callable[[Any], SafeString] | None = None,
    drawn_from: tuple[Any, ...] | None = None,
) -> SafeString:
    """`{% for field in form %}{{ field.as_field_group }}{% endfor %}`, or `{{ form }}` if
    `whole`, or the `fields` named (joined by `between`), or `template` rendered with the form
    as `form`, or what `written(form)` writes, remembered for the form's class, data,
    municipality, language and URL map, and for the content version or, if given, the rows
    the form's choices are `drawn_from`."""
    if len(repr(form.data)) > MAX_DATA:  # what nobody types: rendered, not remembered
        return render(
            form, whole=whole, fields=fields, between=between, template=template, written=written
        )
    try:
        key = (
            type(form),
            whole,
            fields,
            between,
            template,
            written,
            municipality.pk,
            ("version", municipality.content_version) if drawn_from is None else drawn_from,
            get_language(),
            get_script_prefix(),
            asked(form),
        )
        found = _markup.get(key)
    except TypeError:  # a value that cannot be a key
        return render(
            form, whole=whole, fields=fields, between=between, template=template, written=written
        )
    if found is None:
        found = render(
            form, whole=whole, fields=fields, between=between, template=template, written=written
        )
        if len(_markup) >= MAX_FORMS:
            _markup.pop(next(iter(_markup)), None)
        _markup[key] = found
    return mark_safe(found)  # rendered by the form renderer, which escapes


def asked(form: forms.BaseForm) -> tuple[Any, ...]:
    """What the form shows: every value of its data, or its initial values if unbound."""
    if not form.is_bound:
        return ("initial", tuple(sorted(form.initial.items())))
    data = form.data
    if hasattr(data, "lists"):
        return ("data", tuple(sorted((name, tuple(values)) for name, values in data.lists())))
    return ("data", tuple(sorted(data.items())))


def render(
    form: forms.BaseForm,
    *,
    whole: bool,
    fields: tuple[str, ...] = (),
    between: str = "",
    template: str = "",
    written: Callable[[Any], SafeString] | None = None,
) -> SafeString:
    if written is not None:
        return written(form)
    if template:
        return mark_safe(render_to_string(template, {"form": form}))
    if whole:
        return mark_safe(str(form))
    if fields:
        return mark_safe(between.join(str(form[name].as_field_group()) for name in fields))
    return mark_safe("".join(str(field.as_field_group()) for field in form))
