"""The directory's results, status line and description written out in Python give exactly
what their templates gave, in every language, for every branch and any text."""

from types import SimpleNamespace

from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.network.directory_markup import (
    directory_content,
    directory_results,
    directory_status,
)
from querschnitt.network.models import Topic
from querschnitt.network.selectors.directory import COUNT_LIMIT, DirectoryPage
from querschnitt.network.views.directory import description

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(
    alphabet=st.one_of(
        st.sampled_from("<>&\"' %\u202e\u2066\u200f"),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    max_size=12,
)
counts = st.one_of(st.integers(0, 3), st.integers(0, 10**6))
cursors = st.one_of(st.none(), st.just(""), text)

# The templates the functions replace, as they stood (the status line included by the results).
RESULTS = """{% load i18n %}{% if search.corrections %}
  <p class="kern-body qs-directory__correction">{% translate "Showing results for" %} <strong><bdi>{{ search.shown_query }}</bdi></strong>. {% translate "Your search did not find anything as written." %}</p>
{% endif %}
{% if page.items %}
  <p class="kern-body qs-directory__range" tabindex="-1" data-qs-focus-start>{% if page.count_is_capped %}{% blocktranslate with first=first_shown last=last_shown count=page.count_limit %}Results {{ first }}–{{ last }} of more than {{ count }}{% endblocktranslate %}{% else %}{% blocktranslate with first=first_shown last=last_shown count=page.count %}Results {{ first }}–{{ last }} of {{ count }}{% endblocktranslate %}{% endif %}</p>
  <ul class="qs-directory__list">
    {{ rows }}
  </ul>
  {% if page.next_cursor or page.previous_cursor or not page.is_first %}
    <nav class="qs-pagination" aria-label="{% translate 'Pages' %}">
      <ul class="qs-inline-list">
        {% if not page.is_first %}<li><a class="kern-link" href="{% murl 'network:directory' %}{% if query_string %}?{{ query_string }}{% endif %}" hx-get="{% murl 'network:directory' %}?{{ query_string|default:'q=' }}" hx-target="#directory-results" hx-push-url="true">{% translate "First page" %}</a></li>{% endif %}
        {% if page.previous_cursor %}<li><a class="kern-link" rel="prev" href="?{% if query_string %}{{ query_string }}&amp;{% endif %}vor={{ page.previous_cursor }}&amp;ab={{ previous_start }}" hx-get="?{% if query_string %}{{ query_string }}&amp;{% endif %}vor={{ page.previous_cursor }}&amp;ab={{ previous_start }}" hx-target="#directory-results" hx-push-url="true">{% translate "Previous page" %}</a></li>{% endif %}
        {% if page.next_cursor %}<li><a class="kern-link" rel="next" href="?{% if query_string %}{{ query_string }}&amp;{% endif %}nach={{ page.next_cursor }}&amp;ab={{ last_shown|add:1 }}" hx-get="?{% if query_string %}{{ query_string }}&amp;{% endif %}nach={{ page.next_cursor }}&amp;ab={{ last_shown|add:1 }}" hx-target="#directory-results" hx-push-url="true">{% translate "Next page" %}</a></li>{% endif %}
      </ul>
    </nav>
  {% endif %}
  <section class="qs-directory__export" aria-labelledby="directory-export-heading">
    <h3 class="kern-heading-small" id="directory-export-heading">{% translate "Download this list" %}</h3>
    <ul class="qs-inline-list">
      <li><a class="kern-link" href="{% murl 'network:directory_export' fmt='csv' %}{% if query_string %}?{{ query_string }}{% endif %}" download>{% translate "CSV" %}</a></li>
      <li><a class="kern-link" href="{% murl 'network:directory_export' fmt='xlsx' %}{% if query_string %}?{{ query_string }}{% endif %}" download>{% translate "Excel (XLSX)" %}</a></li>
    </ul>
  </section>
{% elif not search.terms and not form.is_filtered %}
  <p class="kern-body">{% translate "The directory has no entries yet." %}</p>
{% else %}
  <section class="qs-directory__empty" aria-labelledby="directory-empty-heading">
    <h3 class="kern-heading-small" id="directory-empty-heading" tabindex="-1" data-qs-focus-start>{% translate "What you can try" %}</h3>
    <ul class="kern-list">
      {% if search.terms and narrowed %}<li><a class="kern-link" href="{% murl 'network:directory' %}?q={{ search.filters.query|urlencode }}">{% blocktranslate with words=search.filters.query %}Search for “{{ words }}” without the filters{% endblocktranslate %}</a></li>{% endif %}
      {% if search.terms %}<li>{% translate "Use fewer or broader words: “Kurs” finds more than “Abendkurs für Anfänger”." %}</li>{% elif narrowed %}<li>{% translate "Choose fewer filters." %}</li>{% endif %}
      <li><a class="kern-link" href="{% murl 'network:directory' %}">{% translate "Show all organisations" %}</a></li>
    </ul>
    <h4 class="kern-heading-x-small">{% translate "Browse by topic" %}</h4>
    <ul class="qs-inline-list qs-directory__topics">
      {% for value, label in topics %}<li><a class="kern-link" href="{% murl 'network:directory' %}?thema={{ value }}">{{ label }}</a></li>{% endfor %}
    </ul>
  </section>
{% endif %}
{% if oob %}{% include status %}{% endif %}
"""  # noqa: E501
STATUS = """{% load i18n %}<p id="directory-status" class="kern-body kern-body--large qs-directory__count" role="status"{% if oob %} hx-swap-oob="innerHTML"{% endif %}>{% if page.count == 0 %}{% translate "No organisations found." %}{% elif page.count_is_capped %}{% blocktranslate with limit=page.count_limit %}More than {{ limit }} organisations found. The filters narrow the list.{% endblocktranslate %}{% else %}{% blocktranslate count counter=page.count %}{{ counter }} organisation found.{% plural %}{{ counter }} organisations found.{% endblocktranslate %}{% endif %}</p>
"""  # noqa: E501
CONTENT = """{% load i18n %}
  <h1 class="kern-heading-large">{% translate "Organisations and initiatives" %}</h1>
  <p class="kern-body kern-body--large">{{ description }}</p>
  <p class="kern-body"><a class="kern-link" href="{% murl 'network:entry_request' %}">{% translate "Is your organisation missing? Request an entry." %}</a></p>
  <div class="qs-directory">
    <section class="qs-directory__filters" aria-labelledby="directory-filter-heading">
      <h2 class="kern-heading-medium" id="directory-filter-heading">{% translate "Search and filter" %}</h2>
      <form method="get" action="{% murl 'network:directory' %}" role="search" aria-labelledby="directory-filter-heading" class="qs-directory__form" novalidate
            hx-get="{% murl 'network:directory' %}" hx-target="#directory-results" hx-push-url="true" hx-sync="this:replace"
            hx-trigger="submit, change, input changed delay:500ms from:#id_q">
        {{ filter_markup }}
        <div class="kern-btn-wrapper">
          <button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">{% translate "Show results" %}</span></button>
          <a class="kern-btn kern-btn--tertiary" href="{% murl 'network:directory' %}"><span class="kern-label">{% translate "Reset filters" %}</span></a>
        </div>
      </form>
    </section>
    <section class="qs-directory__main" aria-labelledby="directory-results-heading">
      <h2 class="kern-heading-medium" id="directory-results-heading">{% translate "Results" %}</h2>
      {{ status }}
      {% if map.tile_url %}
        <div class="qs-map-wrapper">
          <div id="directory-map" class="qs-map" role="region" aria-label="{% translate 'Map of the organisations on this page' %}"
               data-tile-url="{{ map.tile_url }}" data-attribution="{{ map.attribution }}" data-markers="#directory-results"></div>
          <p class="kern-body kern-body--small">{% translate "The map shows the organisations of this page. The list below contains the same information." %}</p>
        </div>
      {% endif %}
      <div id="directory-results" class="qs-directory__results" data-qs-focus-after-swap>
        {{ results }}
      </div>
    </section>
  </div>
"""  # noqa: E501
DESCRIPTION = (
    "{% load i18n %}{% blocktranslate with name=municipality.name %}Associations, religious"
    " communities, sports clubs, counselling services and other local actors that work for"
    " living together in {{ name }}.{% endblocktranslate %}"
)


def templated(source: str, **context: object) -> str:
    return Template(source).render(Context({"municipality": MUNICIPALITY, **context}))


@st.composite
def pages(draw: st.DrawFn) -> DirectoryPage:
    return DirectoryPage(
        items=draw(st.lists(st.just(object()), max_size=2)),
        count=draw(counts),
        count_is_capped=draw(st.booleans()),
        next_cursor=draw(cursors),
        previous_cursor=draw(cursors),
        is_first=draw(st.booleans()),
        count_limit=draw(st.sampled_from([COUNT_LIMIT, 1, 12345])),
    )


@st.composite
def searches(draw: st.DrawFn) -> SimpleNamespace:
    return SimpleNamespace(
        corrections=draw(st.dictionaries(text, text, max_size=1)),
        shown_query=draw(text),
        terms=draw(st.lists(text, max_size=1)),
        filters=SimpleNamespace(query=draw(text)),
    )


@settings(max_examples=400, deadline=None)
@given(
    search=searches(),
    page=pages(),
    rows=text,
    query_string=text,
    first_shown=counts,
    last_shown=counts,
    previous_start=counts,
    filtered=st.booleans(),
    narrowed=st.booleans(),
    oob=st.booleans(),
    language=st.sampled_from(LANGUAGES),
)
def test_directory_results_are_the_template(
    search,
    page,
    rows,
    query_string,
    first_shown,
    last_shown,
    previous_start,
    filtered,
    narrowed,
    oob,
    language,
) -> None:
    with translation.override(language):
        written = directory_results(
            municipality=MUNICIPALITY,
            search=search,
            page=page,
            rows=mark_safe(rows),
            query_string=query_string,
            first_shown=first_shown,
            last_shown=last_shown,
            previous_start=previous_start,
            filtered=filtered,
            narrowed=narrowed,
            oob=oob,
        )
        assert written == templated(
            RESULTS,
            status=Template(STATUS),
            search=search,
            page=page,
            form=SimpleNamespace(is_filtered=lambda: filtered),
            rows=mark_safe(rows),
            query_string=query_string,
            first_shown=first_shown,
            last_shown=last_shown,
            previous_start=previous_start,
            narrowed=narrowed,
            topics=Topic.choices,
            oob=oob,
        )


@settings(max_examples=200, deadline=None)
@given(page=pages(), oob=st.booleans(), language=st.sampled_from(LANGUAGES))
def test_directory_status_is_the_template(page, oob, language) -> None:
    with translation.override(language):
        assert directory_status(page, oob=oob) == templated(STATUS, page=page, oob=oob)


@settings(max_examples=100, deadline=None)
@given(name=text, language=st.sampled_from(LANGUAGES))
def test_description_is_the_template(name, language) -> None:
    municipality = Municipality(pk=1, slug="mannheim", name=name)
    with translation.override(language):
        assert description(municipality) == Template(DESCRIPTION).render(
            Context({"municipality": municipality})
        )


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(text, min_size=4, max_size=4),
    tile_url=st.one_of(st.just(""), text),
    attribution=text,
    language=st.sampled_from(LANGUAGES),
)
def test_directory_content_is_the_template(parts, tile_url, attribution, language) -> None:
    description, filter_markup, status, results = (mark_safe(part) for part in parts)
    tiles = {"tile_url": tile_url, "attribution": attribution}
    with translation.override(language):
        assert directory_content(
            municipality=MUNICIPALITY,
            description=description,
            filter_markup=filter_markup,
            status=status,
            results=results,
            tiles=tiles,
        ) == templated(
            CONTENT,
            description=description,
            filter_markup=filter_markup,
            status=status,
            results=results,
            map=tiles,
        )
