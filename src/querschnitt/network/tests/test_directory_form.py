"""The directory's filter form checks values against the set of its codes; it answers as
Django's walk through the choices does. Its filters, remembered per data, municipality and
content version, are the ones it checks; data checked by its fields alone (`valid_data`)
give what the form's validation gives."""

from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django_scopes import scope
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querschnitt.network.forms.directory import (
    DirectoryFilterForm,
    filters_query_string,
    language_choices,
)
from querschnitt.network.selectors.directory import DirectoryFilters
from querschnitt.network.tests.test_directory_filter_markup import asked as query_dicts
from querschnitt.network.tests.test_directory_fixtures import make_district, make_town


@pytest.mark.parametrize("name", ["art", "thema", "sprache"])
def test_known_codes_answer_as_the_choices(name) -> None:
    field = DirectoryFilterForm.base_fields[name]
    choices = language_choices() if name == "sprache" else list(field.choices)  # type: ignore[attr-defined]
    walked = forms.ChoiceField(choices=choices)
    keys = [str(key) for key, _label in choices if key]
    assert keys
    for value in [*keys, "None", "x", "de ", "DE", "0", "language", "<b>"]:
        assert field.valid_value(value) == walked.valid_value(value), value  # type: ignore[attr-defined]


ASKED = [
    "",
    "q=sport",
    "q=%20Sport%20&art=sports_club&art=nope",
    "thema=language&sprache=ar",
    "thema=language&thema=sports&sprache=xx&barrierefrei=on",
    "sprache=ar&sprache=tr",
    "bezirk={own}",
    "bezirk={other}&q=kultur",
    "bezirk=abc&barrierefrei=1",
    "q=" + "x" * 300,
    "q=" + "y" * 1200,
]


def test_remembered_filters_are_the_checked_ones(db: Any) -> None:
    town, other = make_town(), make_town("nachbarstadt", "09999002")
    own, foreign = make_district(town, "Altstadt"), make_district(other, "Hafen")
    for municipality in (town, other, town):
        for asked in ASKED:
            data = QueryDict(asked.format(own=own.pk, other=foreign.pk))
            with scope(municipality=municipality):
                for _ in range(2):
                    form = DirectoryFilterForm(data or None, municipality=municipality)
                    checked = DirectoryFilterForm(data, municipality=municipality)
                    expected = checked.checked_filters() if data else DirectoryFilters()
                    assert form.filters() == expected
                    assert form.filters() is form.filters()


def test_a_removed_district_is_no_filter_at_once(db: Any) -> None:
    town = make_town()
    make_district(town, "Altstadt")
    removed = make_district(town, "Neustadt")
    data = QueryDict(f"bezirk={removed.pk}")
    with scope(municipality=town):
        for _ in range(2):
            assert DirectoryFilterForm(data, municipality=town).filters().districts == (removed.pk,)
        removed.delete()
    town.refresh_from_db()
    with scope(municipality=town):
        assert DirectoryFilterForm(data, municipality=town).filters().districts == ()


def test_fields_are_copied_when_first_asked_for(db: Any) -> None:
    town, other = make_town(), make_town("nachbarstadt", "09999002")
    own, foreign = make_district(town, "Altstadt"), make_district(other, "Hafen")
    with scope(municipality=town):
        form = DirectoryFilterForm(QueryDict("q=sport"), municipality=town)
        assert form._fields is None
        fields = form.fields
        assert fields is form.fields
        assert list(fields) == list(DirectoryFilterForm.base_fields)
        for name, field in fields.items():
            assert field is not DirectoryFilterForm.base_fields[name]
        districts = [key for key, _label in fields["bezirk"].choices]  # type: ignore[attr-defined]
        assert districts == ["", str(own.pk)]
        assert str(foreign.pk) not in districts
        assert list(fields["sprache"].choices) == language_choices()  # type: ignore[attr-defined]
        assert form.is_valid()
        assert form.cleaned_data["q"] == "sport"
        assert "base_fields" not in vars(form)


def query_dict_string(filters: DirectoryFilters) -> str:
    """The query string as the form wrote it before, through a `QueryDict`."""
    params = QueryDict(mutable=True)
    if filters.query:
        params["q"] = filters.query
    params.setlist("art", list(filters.kinds))
    params.setlist("thema", list(filters.topics))
    params.setlist("sprache", list(filters.languages))
    params.setlist("bezirk", [str(pk) for pk in filters.districts])
    if filters.wheelchair_accessible:
        params["barrierefrei"] = "on"
    return params.urlencode()


WORDS = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), max_size=30
)  # any text but lone surrogates, which no request's data holds


@settings(max_examples=400, deadline=None)
@given(
    query=WORDS,
    kinds=st.lists(WORDS, max_size=3),
    topics=st.lists(WORDS, max_size=3),
    languages=st.lists(WORDS, max_size=2),
    districts=st.lists(st.integers(min_value=-(2**63), max_value=2**63), max_size=2),
    step_free=st.sampled_from([None, True, False]),
)
def test_the_query_string_is_the_query_dicts(
    query: str,
    kinds: list[str],
    topics: list[str],
    languages: list[str],
    districts: list[int],
    step_free: bool | None,
) -> None:
    filters = DirectoryFilters(
        query=query,
        kinds=tuple(kinds),
        topics=tuple(topics),
        languages=tuple(languages),
        districts=tuple(districts),
        wheelchair_accessible=step_free,
    )
    assert filters_query_string(filters) == query_dict_string(filters)


@pytest.mark.django_db
@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), which=st.integers(0, 1))
def test_data_checked_by_the_fields_are_the_forms(
    towns: list[tuple[Any, list[str]]], data: st.DataObject, which: int
) -> None:
    municipality, districts = towns[which]
    asked_data = data.draw(query_dicts(districts))
    if asked_data is None:
        return
    with scope(municipality=municipality):
        form = DirectoryFilterForm(asked_data, municipality=municipality)
        valid = form.is_valid()
        cleaned = DirectoryFilterForm.valid_data(asked_data, municipality=municipality)
        first = DirectoryFilterForm(asked_data, municipality=municipality)
        filters = first.first_checked()
    assert cleaned == (form.cleaned_data if valid else None)
    assert filters == DirectoryFilterForm(asked_data, municipality=municipality).checked_filters()
    assert (first.is_valid(), first.errors) == (valid, form.errors)
