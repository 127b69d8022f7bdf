"""The directory's filter form checks values against the set of its codes; it answers as
Django's walk through the choices does."""

import pytest
from django import forms

from querschnitt.network.forms.directory import DirectoryFilterForm, language_choices


@pytest.mark.parametrize("name", ["art", "thema", "sprache"])
def test_known_codes_answer_as_the_choices(name) -> None:
    field = DirectoryFilterForm.base_fields[name]
    choices = language_choices() if name == "sprache" else list(field.choices)  # type: ignore[attr-defined]
    walked = forms.ChoiceField(choices=choices)
    keys = [str(key) for key, _label in choices if key]
    assert keys
    for value in [*keys, "None", "x", "de ", "DE", "0", "language", "<b>"]:
        assert field.valid_value(value) == walked.valid_value(value), value  # type: ignore[attr-defined]
