"""The overview's topics and district links written out in Python are exactly what the
template loops wrote, for any text, in every language, for every variant of a card (a value,
a symbol, a unit, a series, broken down, no value) and for no topic at all; and the whole
content of the overview and its menu written in Python are what their templates write."""

from django.conf import settings as django_settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.monitoring.models import Indicator
from querschnitt.monitoring.overview_rows import (
    area_links_markup,
    cell_markup,
    nav_markup,
    overview_markup,
    topics_markup,
)
from querschnitt.monitoring.page_reads import AreaLink
from querschnitt.monitoring.selectors import Cell

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
translated = st.dictionaries(st.sampled_from([*LANGUAGES, "xx"]), text, max_size=3)
keys = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)

# The loops the functions replace, as they stood in monitoring/includes/overview_content.html
# (with monitoring/includes/cell.html).
TOPICS_LOOP = """{% load i18n querschnitt %}  {% for topic in topics %}
    <section aria-labelledby="topic-{{ topic.key }}">
      <h2 class="kern-heading-medium" id="topic-{{ topic.key }}">{{ topic.label }}</h2>
      <ul class="qs-indicator-list">
        {% for item in topic.items %}
          <li class="qs-indicator-card">
            {% with name=item.indicator.name|translated %}
              <h3 class="kern-heading-small"><a class="kern-link" href="{% murl 'monitoring:indicator' key=item.indicator.key %}" lang="{{ name.language }}" dir="{{ name.direction }}">{{ name.text }}</a></h3>
            {% endwith %}
            {% if item.value %}
              <p class="qs-indicator-card__value">{% include "monitoring/includes/cell.html" with cell=item.value unit=item.indicator.unit_symbol %}</p>
              <p class="kern-body kern-body--small">{% blocktranslate with year=item.year %}Whole municipality, {{ year }}{% endblocktranslate %}{% if item.series %} · {{ item.series }}{% endif %}</p>
            {% elif item.indicator.breakdown %}
              <p class="kern-body kern-body--small">{% translate "Broken down into categories: see the indicator's page." %}</p>
            {% else %}
              <p class="kern-body kern-body--small">{% translate "No value yet." %}</p>
            {% endif %}
          </li>
        {% endfor %}
      </ul>
    </section>
  {% empty %}
    <p class="kern-body">{% translate "No indicators are published yet." %}</p>
  {% endfor %}"""  # noqa: E501
AREAS_LOOP = """{% load querschnitt %}{% for area in areas %}<li><a class="kern-link" href="{% murl 'monitoring:area' code=area.code %}" lang="de" dir="ltr">{{ area.name }}</a></li>{% endfor %}"""  # noqa: E501

cell = st.builds(
    Cell,
    value=st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    symbol=st.sampled_from(["", ".", "-", "x"]),
    text=text,
)
indicator = st.builds(
    Indicator,
    key=keys,
    name=translated,
    unit=st.sampled_from([*Indicator.Unit.values, ""]),
    breakdown=st.sampled_from(["", "category", "age"]),
)
item = st.fixed_dictionaries(
    {
        "indicator": indicator,
        "value": st.one_of(st.none(), cell),
        "year": st.integers(1990, 2100),
        "series": st.one_of(st.just(""), text),
    }
)
topic = st.fixed_dictionaries(
    {"key": keys, "label": text, "items": st.lists(item, min_size=1, max_size=3)}
)


@settings(max_examples=200, deadline=None)
@given(topics=st.lists(topic, max_size=3), language=st.sampled_from(LANGUAGES))
def test_the_topics_are_the_template_loop(topics, language) -> None:
    with translation.override(language):
        context = Context({"municipality": MUNICIPALITY, "topics": topics})
        expected = Template(TOPICS_LOOP).render(context)
        assert "  " + topics_markup(topics, municipality=MUNICIPALITY) == expected


@settings(max_examples=100, deadline=None)
@given(
    areas=st.lists(st.builds(AreaLink, code=keys, name=text), max_size=4),
    language=st.sampled_from(LANGUAGES),
)
def test_the_district_links_are_the_template_loop(areas, language) -> None:
    with translation.override(language):
        context = Context({"municipality": MUNICIPALITY, "areas": areas})
        expected = Template(AREAS_LOOP).render(context)
        assert area_links_markup(areas, municipality=MUNICIPALITY) == expected


contexts = st.lists(
    st.tuples(
        st.sampled_from(LANGUAGES),
        st.sampled_from(["mannheim", "bamberg"]),
        st.sampled_from(["/", "/unter/"]),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=100, deadline=None)
@given(
    topics=st.lists(topic, min_size=1, max_size=2),
    areas=st.lists(st.builds(AreaLink, code=keys, name=text), min_size=1, max_size=3),
    written_in=contexts,
)
def test_remembered_cards_and_links_are_the_template_loops_in_any_context(
    topics, areas, written_in
) -> None:
    """The same cards and district links, written again in another language, city or under
    another script prefix (or the same), are the template's there: each is remembered under
    everything it shows."""
    before = get_script_prefix()
    try:
        for language, slug, prefix in written_in:
            set_script_prefix(prefix)
            municipality = Municipality(pk=1, slug=slug, name="Stadt")
            with translation.override(language):
                context = Context({"municipality": municipality, "topics": topics})
                expected = Template(TOPICS_LOOP).render(context)
                assert "  " + topics_markup(topics, municipality=municipality) == expected
                context = Context({"municipality": municipality, "areas": areas})
                expected = Template(AREAS_LOOP).render(context)
                assert area_links_markup(areas, municipality=municipality) == expected
    finally:
        set_script_prefix(before)


def test_a_changed_card_is_written_afresh() -> None:
    first = {
        "indicator": Indicator(key="a", name={"de": "Erst"}, unit="percent", breakdown=""),
        "value": Cell(1.5, "", "1,5"),
        "year": 2020,
        "series": "",
    }
    changed = [
        first | {"indicator": Indicator(key="b", name={"de": "Erst"}, unit="percent")},
        first | {"indicator": Indicator(key="a", name={"de": "Dann"}, unit="percent")},
        first | {"indicator": Indicator(key="a", name={"de": "Erst"}, unit="")},
        first | {"value": Cell(2.5, "", "2,5")},
        first | {"value": Cell(None, ".", ".")},
        first | {"year": 2021},
        first | {"series": "Frauen"},
        first | {"value": None},
        first | {"value": None, "indicator": Indicator(key="a", breakdown="age")},
    ]
    with translation.override("de"):
        for item in (first, *changed, first):
            topics = [{"key": "k", "label": "L", "items": [item]}]
            context = Context({"municipality": MUNICIPALITY, "topics": topics})
            expected = Template(TOPICS_LOOP).render(context)
            assert "  " + topics_markup(topics, municipality=MUNICIPALITY) == expected


@settings(max_examples=100, deadline=None)
@given(
    shown=st.one_of(st.none(), cell),
    unit=st.sampled_from(["", "%", "‰"]),
    language=st.sampled_from(LANGUAGES),
)
def test_a_cell_is_the_include(shown, unit, language) -> None:
    """`cell_markup` and the `|cell_markup` filter of the indicator page's tables give what
    `{% include "monitoring/includes/cell.html" %}` gave."""
    with translation.override(language):
        context = Context({"cell": shown, "unit": unit})
        expected = Template('{% include "monitoring/includes/cell.html" %}').render(context)
        if shown is not None:
            assert cell_markup(shown, unit) == expected
        if not unit:
            filtered = Template("{% load monitoring_cells %}{{ cell|cell_markup }}")
            assert filtered.render(context) == expected


@settings(max_examples=200, deadline=None)
@given(
    name=text,
    slug=st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True),
    topics=text,
    areas=st.lists(st.integers(), max_size=2),
    areas_text=text,
    language=st.sampled_from(LANGUAGES),
)
def test_the_overview_is_its_template(name, slug, topics, areas, areas_text, language) -> None:
    municipality = Municipality(pk=1, slug=slug, name=name)
    context = {
        "topics_markup": mark_safe(topics),  # written by the functions tested above
        "areas": areas,
        "areas_markup": mark_safe(areas_text),
    }
    with translation.override(language):
        expected = render_to_string(
            "monitoring/includes/overview_content.html", {"municipality": municipality, **context}
        )
        assert overview_markup(municipality, **context) == expected


@settings(max_examples=50, deadline=None)
@given(
    current=st.sampled_from(["overview", "areas", "segregation", "method", "reports", ""]),
    language=st.sampled_from(LANGUAGES),
)
def test_the_menu_is_its_template(current, language) -> None:
    with translation.override(language):
        expected = render_to_string(
            "monitoring/includes/nav.html", {"municipality": MUNICIPALITY, "current": current}
        )
        assert nav_markup(MUNICIPALITY, current) == expected
