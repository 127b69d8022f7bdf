"""The catalogue's fields of action: read by plain SQL, the same fields in the same order as
the ORM's (of the municipality only); their navigation written out in Python, exactly what
the template wrote, for any text and key, in every language, with none, one or another field
chosen; kept by its rows, the choice, the language, the prefix and the municipality."""

import json

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation
from django_scopes import scope
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import converted
from querschnitt.measures.catalogue_fields import (
    FIELDS,
    chosen_id,
    field_rows,
    fields_nav,
    kept_fields_nav,
)
from querschnitt.strategy.models import FieldOfAction

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
translated = st.dictionaries(st.sampled_from([*LANGUAGES, "xx"]), text, max_size=3)
keys = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)

# The navigation the function replaces, as it stood in measures/catalogue.html.
NAV = """{% load i18n querschnitt %}{% if fields %}
    <nav aria-label="{% translate 'Fields of action' %}">
      <ul class="qs-inline-list">
        <li>{% if chosen %}<a class="kern-link" href="{% murl 'measures:catalogue' %}">{% translate "All fields of action" %}</a>{% else %}<strong>{% translate "All fields of action" %}</strong>{% endif %}</li>
        {% for field in fields %}<li>{% if field.key == chosen %}<strong aria-current="true">{{ field }}</strong>{% else %}<a class="kern-link" href="?handlungsfeld={{ field.key }}">{{ field }}</a>{% endif %}</li>{% endfor %}
      </ul>
    </nav>
  {% endif %}"""  # noqa: E501


@settings(max_examples=200, deadline=None)
@given(
    fields=st.lists(st.tuples(keys, translated), max_size=4, unique_by=lambda f: f[0]),
    chosen=st.one_of(st.just(""), keys, text),
    pick=st.booleans(),
    language=st.sampled_from(LANGUAGES),
    prefix=st.sampled_from(["/", "/unter/"]),
)
def test_the_navigation_is_the_templates(fields, chosen, pick, language, prefix) -> None:
    if pick and fields:
        chosen = fields[len(fields) // 2][0]
    rows = tuple((pk, key, json.dumps(name)) for pk, (key, name) in enumerate(fields, 1))
    instances = [
        FieldOfAction(pk=pk, key=key, name=name) for pk, (key, name) in enumerate(fields, 1)
    ]
    before = get_script_prefix()
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            expected = Template(NAV).render(
                Context({"municipality": MUNICIPALITY, "fields": instances, "chosen": chosen})
            )
            assert fields_nav(rows, chosen, municipality=MUNICIPALITY) == expected
            assert kept_fields_nav(rows, chosen, municipality=MUNICIPALITY) == expected
    finally:
        set_script_prefix(before)


@pytest.mark.django_db
def test_the_fields_read_are_the_orms(mannheim, bamberg) -> None:
    for municipality in (mannheim, bamberg):
        with scope(municipality=municipality):
            rows = field_rows(municipality=municipality)
            orm = FieldOfAction.objects.filter(municipality=municipality).order_by("position", "id")
            assert len(rows) > 1
            assert converted(rows, FIELDS) == [[f.pk, f.key, f.name] for f in orm]
            for field in orm:
                assert chosen_id(rows, field.key) == field.pk
            assert chosen_id(rows, "") is None
            assert chosen_id(rows, "nix") is None


@pytest.mark.django_db
def test_kept_by_rows_choice_language_prefix_and_slug(mannheim) -> None:
    with scope(municipality=mannheim), translation.override("en"):
        rows = field_rows(municipality=mannheim)
        key = rows[1][1]
        here = kept_fields_nav(rows, key, municipality=mannheim)
        assert kept_fields_nav(rows, key, municipality=mannheim) is here
        for chosen in ("", "nix", rows[0][1]):
            other = kept_fields_nav(rows, chosen, municipality=mannheim)
            assert other != here
            assert other == fields_nav(rows, chosen, municipality=mannheim)
        # another key not among them writes what the first did
        assert kept_fields_nav(rows, "nix", municipality=mannheim) == fields_nav(
            rows, "anders", municipality=mannheim
        )
        renamed = ((rows[0][0], rows[0][1], json.dumps({"en": "Renamed"})), *rows[1:])
        assert kept_fields_nav(renamed, key, municipality=mannheim) != here
        assert kept_fields_nav(renamed, key, municipality=mannheim) == fields_nav(
            renamed, key, municipality=mannheim
        )
        with translation.override("fa"):
            assert kept_fields_nav(rows, key, municipality=mannheim) != here
            assert kept_fields_nav(rows, key, municipality=mannheim) == fields_nav(
                rows, key, municipality=mannheim
            )
        prefix = get_script_prefix()
        set_script_prefix("/unter/")
        try:
            assert kept_fields_nav(rows, "", municipality=mannheim) == fields_nav(
                rows, "", municipality=mannheim
            )
            assert "/unter/" in kept_fields_nav(rows, "nix", municipality=mannheim)
        finally:
            set_script_prefix(prefix)
        assert kept_fields_nav(rows, key, municipality=mannheim) is here
        mannheim.slug = "anders"
        assert "/anders/" in kept_fields_nav(rows, "nix", municipality=mannheim)
