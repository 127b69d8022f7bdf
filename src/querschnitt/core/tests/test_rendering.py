"""What makes pages cheap to render keeps them correct: shared form renderer, choice labels
per language, remembered addresses."""

from django import forms
from django.template.loaders.cached import Loader as CachedLoader
from django.urls import set_script_prefix
from django.utils import translation

from querschnitt.core.forms import Form
from querschnitt.core.models import Department
from querschnitt.core.routing import municipality_reverse


class NameForm(Form):
    name = forms.CharField(label="Name")


class KindForm(Form):
    kind = forms.ChoiceField(label="Kind", choices=Department.Kind.choices)


def test_every_form_shares_one_renderer_that_keeps_parsed_templates() -> None:
    first, second = NameForm(), KindForm()
    assert first.renderer is second.renderer
    loaders = first.renderer.engine.engine.template_loaders  # type: ignore[attr-defined]
    assert isinstance(loaders[0], CachedLoader)
    html = str(first["name"].as_field_group())
    assert 'class="kern-form-input__input"' in html
    assert str(first["name"].as_field_group()) == html


def test_choice_labels_follow_the_active_language(mannheim) -> None:
    department = Department(municipality=mannheim, name="x", kind=Department.Kind.DIVISION)
    with translation.override("de"):
        assert department.get_kind_display() == "Referat, Dezernat"
    with translation.override("en"):
        assert department.get_kind_display() == "Division (Referat, Dezernat)"
    with translation.override("ar"):
        assert department.get_kind_display() == "قطاع (Referat, Dezernat)"
    department.kind = "no-such-kind"
    assert department.get_kind_display() == "no-such-kind"


def test_remembered_addresses_follow_the_script_prefix(mannheim) -> None:
    assert municipality_reverse(mannheim, "portal:start") == "/mannheim/"
    set_script_prefix("/querschnitt/")
    try:
        assert municipality_reverse(mannheim, "portal:start") == "/querschnitt/mannheim/"
    finally:
        set_script_prefix("/")
    assert municipality_reverse(mannheim, "portal:page", kind="impressum") == (
        "/mannheim/impressum/"
    )
