"""The indicator page's tables written out in Python (`monitoring/indicator_rows.py`) are exactly
what the template loops of `monitoring/includes/indicator_content.html` wrote, for any text,
in every language, for every variant of a cell (a value, a symbol, missing), with and without
counts and the whole municipality's row."""

from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.monitoring import indicator_rows
from querschnitt.monitoring.models import Area, Indicator
from querschnitt.monitoring.selectors import Cell

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
codes = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)

# The loops the functions replace, as they stood in monitoring/includes/indicator_content.html.
CITY_LOOP = """{% load i18n monitoring_cells %}{% for row in page.city_rows %}
                <tr class="kern-table__row"><th class="kern-table__cell" scope="row">{{ row.year }}</th>{% for cell in row.cells %}<td class="kern-table__cell qs-number">{{ cell|cell_markup }}</td>{% endfor %}</tr>
              {% endfor %}"""  # noqa: E501
BREAKDOWN_LOOP = """{% load i18n monitoring_cells %}{% for row in page.breakdown_rows %}
                  <tr class="kern-table__row"><th class="kern-table__cell" scope="row">{{ row.label }}</th>{% for cell in row.cells %}<td class="kern-table__cell qs-number">{{ cell|cell_markup }}</td>{% endfor %}</tr>
                {% endfor %}"""  # noqa: E501
DISTRICT_LOOP = """{% load i18n querschnitt monitoring_cells %}{% for row in page.district_rows %}
                  <tr class="kern-table__row">
                    <th class="kern-table__cell" scope="row"><a class="kern-link" href="{% murl 'monitoring:area' code=row.area.code %}" lang="de" dir="ltr">{{ row.area.name }}</a></th>
                    <td class="kern-table__cell qs-number">{{ row.cell|cell_markup }}</td>
                    {% if indicator.denominator_id %}<td class="kern-table__cell qs-number">{{ row.cell.numerator_text }}</td><td class="kern-table__cell qs-number">{{ row.cell.denominator_text }}</td>{% endif %}
                  </tr>
                {% endfor %}
                {% if page.city_cell %}
                  <tr class="kern-table__row">
                    <th class="kern-table__cell" scope="row">{% translate "whole municipality" %}</th>
                    <td class="kern-table__cell qs-number">{{ page.city_cell|cell_markup }}</td>
                    {% if indicator.denominator_id %}<td class="kern-table__cell qs-number">{{ page.city_cell.numerator_text }}</td><td class="kern-table__cell qs-number">{{ page.city_cell.denominator_text }}</td>{% endif %}
                  </tr>
                {% endif %}"""  # noqa: E501

numbers = st.one_of(st.none(), st.floats(-(10**9), 10**9, allow_nan=False))
cell = st.builds(
    Cell,
    value=numbers,
    symbol=st.sampled_from(["", ".", "-", "x"]),
    text=text,
    numerator=numbers,
    denominator=numbers,
)
some_cell = st.one_of(st.none(), cell)
area = st.builds(Area, code=codes, name=text)
table_row = st.fixed_dictionaries(
    {"year": st.integers(1990, 2100), "label": text, "cells": st.lists(some_cell, max_size=3)}
)
district_row = st.fixed_dictionaries({"area": area, "cell": cell})


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(table_row, max_size=4), language=st.sampled_from(LANGUAGES))
def test_city_and_breakdown_rows_are_the_template_rows(rows, language) -> None:
    with translation.override(language):
        page = {"city_rows": rows, "breakdown_rows": rows}
        city = Template(CITY_LOOP).render(Context({"page": page}))
        breakdown = Template(BREAKDOWN_LOOP).render(Context({"page": page}))
        assert indicator_rows.city_rows(rows) == city
        assert indicator_rows.breakdown_rows(rows) == breakdown


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(district_row, max_size=4),
    city_cell=st.one_of(st.none(), cell),
    with_counts=st.booleans(),
    language=st.sampled_from(LANGUAGES),
)
def test_district_rows_are_the_template_rows(rows, city_cell, with_counts, language) -> None:
    indicator = Indicator(denominator_id=7 if with_counts else None)
    with translation.override(language):
        expected = Template(DISTRICT_LOOP).render(
            Context(
                {
                    "municipality": MUNICIPALITY,
                    "indicator": indicator,
                    "page": {"district_rows": rows, "city_cell": city_cell},
                }
            )
        )
        written = indicator_rows.district_rows(
            rows, city_cell, with_counts=with_counts, municipality=MUNICIPALITY
        )
        assert written == expected
