"""The content of an indicator's page written in Python (`indicator_rows.content_markup`) is
byte for byte what `monitoring/includes/indicator_content.html` writes: for every published
indicator of both demo municipalities, every language, and every state of the selection form
(nothing asked, a valid and an invalid year, each series, each category, all invalid, a
category with a year); and for any text in the indicator's own fields."""

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.monitoring import indicator_rows, page_reads
from querschnitt.monitoring.overview_rows import nav_markup
from querschnitt.monitoring.presentation import IndicatorPage, SelectionForm
from querschnitt.monitoring.selectors import indicator_data, symbol_explanations

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
translated = st.dictionaries(st.sampled_from([*LANGUAGES, "xx"]), text, max_size=3)


def context(municipality: Municipality, key: str, asked: str) -> dict[str, Any]:
    """What `views.public.IndicatorView.content_context` gives."""
    indicator = page_reads.published_indicator(municipality=municipality, key=key)
    assert indicator is not None
    data = indicator_data(
        indicator=indicator,
        areas=page_reads.areas_with_boundaries(municipality=municipality),
        values=page_reads.indicator_values(indicator=indicator),
    )
    form = SelectionForm(QueryDict(asked) or None, data=data)
    return {
        "indicator": indicator,
        "data": data,
        "form": form,
        "page": IndicatorPage(data, form.selection()),
        "symbols": symbol_explanations(),
        "nav": mark_safe(nav_markup(municipality, "")),
    }


def both(municipality: Municipality, values: dict[str, Any]) -> tuple[str, str]:
    page = values["page"]
    template = render_to_string(
        "monitoring/includes/indicator_content.html",
        {"municipality": municipality, **values, **indicator_rows.tables(page, municipality)},
    )
    return template, indicator_rows.content_markup(municipality, **values)


def queries(values: dict[str, Any]) -> list[str]:
    data = values["data"]
    asked = ["", "jahr=1900", "jahr=abc&reihe=x&kategorie=y", "reihe=&kategorie="]
    asked += [f"jahr={year}" for year in data.years]
    asked += [f"reihe={key}" for key, _label in data.series]
    year = data.years[0] if data.years else ""
    asked += [f"kategorie={code}&jahr={year}" for code, _label in data.categories]
    return asked


def published(municipality: Municipality) -> list[str]:
    return sorted(page_reads.published_keys(municipality=municipality))


@pytest.mark.parametrize("slug", ["mannheim", "bamberg"])
def test_every_published_page_in_every_state_and_language(slug: str) -> None:
    with scopes_disabled():
        municipality = Municipality.objects.get(slug=slug)
    keys = published(municipality)
    assert keys
    compared = 0
    for language in LANGUAGES:
        with translation.override(language):
            for key in keys:
                for asked in queries(context(municipality, key, "")):
                    template, python = both(municipality, context(municipality, key, asked))
                    assert python == template, (language, key, asked)
                    compared += 1
    assert compared > 100


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    language=st.sampled_from(LANGUAGES),
    name=translated,
    description=translated,
    relevance=translated,
    method=translated,
    code=text,
    figure_name=translated,
    source_name=text,
    asked=st.sampled_from(["", "jahr=1900", "kategorie=x"]),
)
def test_any_text_of_the_indicator(mannheim, **fields: Any) -> None:
    language, asked = fields.pop("language"), fields.pop("asked")
    keys = published(mannheim)
    with translation.override(language):
        for key in (keys[0], keys[-1]):
            values = context(mannheim, key, asked)
            indicator = values["indicator"]
            for name in ("name", "description", "relevance", "method", "code"):
                setattr(indicator, name, fields[name])
            indicator.numerator.name = fields["figure_name"]
            indicator.numerator.source.name = fields["source_name"]
            template, python = both(mannheim, values)
            assert python == template


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    language=st.sampled_from(LANGUAGES),
    year=st.one_of(st.none(), text),
    series=st.one_of(st.none(), text),
    category=st.one_of(st.none(), text),
)
def test_anything_asked(mannheim, language: str, **asked: str | None) -> None:
    """The selection form's fields and errors, whatever a visitor typed into the address."""
    query = QueryDict(mutable=True)
    for name, value in zip(("jahr", "reihe", "kategorie"), asked.values(), strict=True):
        if value is not None:
            query[name] = value
    keys = published(mannheim)
    with translation.override(language):
        for key in (keys[0], keys[-1]):
            template, python = both(mannheim, context(mannheim, key, query.urlencode()))
            assert python == template
