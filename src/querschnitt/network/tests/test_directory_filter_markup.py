"""The directory's filter fields, written out in Python from kept pieces, give exactly the
markup of the templates they replaced, for any data, in both towns and every language; the
kept pieces follow the districts."""

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation
from django_scopes import scope
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querschnitt.network.forms.directory import (
    KIND_CODES,
    LANGUAGE_CODES,
    PARAMETERS,
    TOPIC_CODES,
    DirectoryFilterForm,
)
from querschnitt.network.forms.directory_markup import filter_fields_markup
from querschnitt.network.tests.test_directory_fixtures import make_district

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]

# The three templates as they stood, an option per loop turn; the two includes written in place
# (an include renders as a `with` of its file), the selects passed in as the old form gave them.
# The search field and the step-free check box are still rendered by `core/forms/field.html`.
GROUP = """{% with selected=field.value %}
  <details class="kern-accordion"{% if selected %} open{% endif %}>
    <summary class="kern-accordion__header"><span class="kern-title">{{ field.label }}</span></summary>
    <div class="kern-accordion__body">
      <fieldset class="kern-fieldset">
        <legend class="kern-label">{{ field.label }}</legend>
        <div class="kern-fieldset__body">
          {% for value, label in field.field.choices %}
            <div class="kern-form-check">
              <input class="kern-form-check__checkbox" type="checkbox" name="{{ field.html_name }}" value="{{ value }}" id="id_{{ field.html_name }}_{{ forloop.counter0 }}"{% if value in selected %} checked{% endif %}>
              <label class="kern-label" for="id_{{ field.html_name }}_{{ forloop.counter0 }}">{{ label }}</label>
            </div>
          {% endfor %}
        </div>
      </fieldset>
    </div>
  </details>
{% endwith %}
"""  # noqa: E501
FILTERS = """{% load i18n %}{% comment %}The filter groups of the directory, written out: the same markup as the KERN form templates render, without a template per option (this page is asked for on every search).{% endcomment %}
{% include "network/directory_filter_group.html" with field=form.art %}
{% include "network/directory_filter_group.html" with field=form.thema %}
{% for field in select_fields %}{% with current=field.value|default_if_none:"" %}
  <div class="kern-form-input qs-field">
    <label class="kern-label" for="{{ field.id_for_label }}">{{ field.label }}</label>
    <div class="kern-form-input__select-wrapper">
      <select class="kern-form-input__select" name="{{ field.html_name }}" id="{{ field.id_for_label }}">
        {% for value, label in field.field.choices %}<option value="{{ value }}"{% if value|stringformat:"s" == current|stringformat:"s" %} selected{% endif %}>{{ label }}</option>{% endfor %}
      </select>
    </div>
  </div>
{% endwith %}{% endfor %}
"""  # noqa: E501
FIELDS = """{% load i18n %}{% comment %}The directory's filter fields: remembered per form data, content version, language and URL map (`core.form_markup`).{% endcomment %}{% if form.errors %}
          <div class="kern-alert kern-alert--danger" role="alert">
            <div class="kern-alert__header"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span><span class="kern-title">{% translate "Some filters are not valid and are ignored." %}</span></div>
          </div>
        {% endif %}
        {{ form.q.as_field_group }}
        {% include "network/directory_filters.html" with select_fields=form.select_fields %}
        {{ form.barrierefrei.as_field_group }}"""  # noqa: E501
OLD = FIELDS.replace(
    '{% include "network/directory_filters.html" with select_fields=form.select_fields %}',
    "{% with select_fields=old_select_fields %}"
    + FILTERS.replace(
        '{% include "network/directory_filter_group.html" with field=form.art %}',
        "{% with field=form.art %}" + GROUP + "{% endwith %}",
    ).replace(
        '{% include "network/directory_filter_group.html" with field=form.thema %}',
        "{% with field=form.thema %}" + GROUP + "{% endwith %}",
    )
    + "{% endwith %}",
)

text = st.text(
    alphabet=st.one_of(
        st.sampled_from("<>&\"' %\u202e0123456789"),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    max_size=8,
)


def values(name: str, districts: list[str]) -> st.SearchStrategy[str]:
    known = {
        "art": sorted(KIND_CODES),
        "thema": sorted(TOPIC_CODES),
        "sprache": sorted(LANGUAGE_CODES),
        "bezirk": districts,
        "barrierefrei": ["on", "1", "false"],
    }.get(name, ["sport", "kultur", "x" * 201, " a\x00"])  # too long, a null character
    return st.one_of(st.sampled_from([*known, ""]), text)


def asked(districts: list[str]) -> st.SearchStrategy[QueryDict | None]:
    def query_dict(lists: dict[str, list[str]]) -> QueryDict:
        data = QueryDict(mutable=True)
        for name, chosen in lists.items():
            data.setlist(name, chosen)
        return data

    return st.one_of(
        st.none(),
        st.builds(
            query_dict,
            st.fixed_dictionaries(
                {},
                optional={
                    name: st.lists(values(name, districts), min_size=1, max_size=3)
                    for name in PARAMETERS
                },
            ),
        ),
    )


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), language=st.sampled_from(LANGUAGES), which=st.integers(0, 1))
def test_the_filter_form_is_the_old_templates(
    towns: list[tuple[Any, list[str]]], data: st.DataObject, language: str, which: int
) -> None:
    municipality, districts = towns[which]
    asked_data = data.draw(asked(districts))
    with translation.override(language), scope(municipality=municipality):
        old = DirectoryFilterForm(asked_data, municipality=municipality)
        old.is_valid()
        expected = Template(OLD).render(
            Context({"form": old, "old_select_fields": [old["sprache"], old["bezirk"]]})
        )
        # validated only when the markup asks for its errors, as when its filters are kept
        got = filter_fields_markup(DirectoryFilterForm(asked_data, municipality=municipality))
        # its filters checked first, as for a search or filters nobody asked before
        checked = DirectoryFilterForm(asked_data, municipality=municipality)
        if asked_data is not None:
            checked.first_checked()
        first_checked = filter_fields_markup(checked)
    assert got == expected
    assert first_checked == expected
    assert "kern-form-check__checkbox" in got


@pytest.mark.django_db
def test_the_kept_pieces_follow_the_districts_and_the_language(
    towns: list[tuple[Any, list[str]]],
) -> None:
    town, _districts = towns[0]
    with scope(municipality=town):

        def markup(language: str = "de") -> str:
            with translation.override(language):
                return filter_fields_markup(DirectoryFilterForm(None, municipality=town))

        before = markup()
        assert "Altstadt" in before
        assert "&lt;Hafen &amp; Süd&gt;" in before
        assert "Neckarau" not in before  # the other town's district
        assert markup("en") != before
        district = make_district(town, "Zollhof")
        town.refresh_from_db()
        assert f'<option value="{district.pk}">Zollhof</option>' in markup()
        district.name = "Zollhafen"
        district.save()
        town.refresh_from_db()
        renamed = markup()
        assert "Zollhafen" in renamed
        assert "Zollhof" not in renamed
