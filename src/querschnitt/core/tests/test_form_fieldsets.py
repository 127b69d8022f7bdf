"""The form renderer groups long forms in fieldsets and folds rare fields into a disclosure."""

import re

import pytest
from django import forms
from django.utils import translation

from querschnitt.core.forms import Fieldset, Form


class PersonForm(Form):
    name = forms.CharField(label="Name")
    email = forms.EmailField(label="E-mail")
    languages = forms.MultipleChoiceField(
        label="Languages",
        required=False,
        choices=[("de", "German"), ("en", "English"), ("ar", "Arabic")],
        widget=forms.CheckboxSelectMultiple,
    )
    nickname = forms.CharField(label="Nickname", required=False)
    notes = forms.CharField(label="Notes", required=False)

    fieldsets = [
        Fieldset("About the person", ["name", "email"], hint="As on the ID card."),
        Fieldset("Rarely needed", ["languages", "nickname"], rare=True),
        Fieldset("Not in this form", ["missing"]),
    ]


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def groups(html: str) -> list[str]:
    return re.findall(r'<(fieldset|details) class="(?:[^"]* )?qs-form-group(?: [^"]*)?"', html)


def test_fieldsets_have_their_legend_as_a_heading_and_keep_the_order() -> None:
    html = str(PersonForm())
    assert re.search(r"<legend[^>]*><h2[^>]*>About the person</h2></legend>", html)
    assert "As on the ID card." in html
    order = [html.index(f'name="{name}"') for name in ("name", "email", "nickname", "notes")]
    assert order == sorted(order)
    assert groups(html) == ["fieldset", "details"]
    assert "Not in this form" not in html


def test_fields_in_no_fieldset_follow_the_groups() -> None:
    html = str(PersonForm())
    assert html.index('name="notes"') > html.index("</details>")


def test_a_rare_group_is_folded_until_one_of_its_fields_has_an_error() -> None:
    folded = str(PersonForm())
    assert re.search(r"<details[^>]*qs-form-group--rare\"\s*>", folded)
    assert "<summary" in folded
    with_error = PersonForm({"name": "A", "email": "a@example.org", "languages": ["xx"]})
    assert not with_error.is_valid()
    assert re.search(r"<details[^>]*qs-form-group--rare\"\s*open>", str(with_error))


def test_a_folded_group_says_how_many_options_are_chosen() -> None:
    html = str(PersonForm({"name": "A", "email": "a", "languages": ["de", "ar"]}))
    assert re.search(r"Rarely needed \(2 chosen\)", html)


def test_a_form_without_fieldsets_renders_as_before() -> None:
    class Plain(Form):
        name = forms.CharField(label="Name")

    html = str(Plain())
    assert "qs-form-group" not in html
    assert 'name="name"' in html


def test_forms_of_an_office_page_can_take_headings_a_level_down() -> None:
    form = PersonForm()
    form.fieldset_heading_level = 3
    assert re.search(r"<legend[^>]*><h3[^>]*>About the person</h3></legend>", str(form))
