"""The start page's sections of the fields of action, the network and the measures read by
plain SQL give what the ORM's reads gave, value by value, for each municipality and none of the
other's rows (SQLite and PostgreSQL); their loops written in Python are exactly what the
template loops wrote, for any text in every language; each section as a whole shows byte
for byte what its template showed over the ORM's reads; and each section's markup written in
Python is what its template writes, for any context, address and language."""

import dataclasses
import json
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.template import engines
from django.template.loader import render_to_string
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django_scopes import scope
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.bodies import start_page as bodies_section
from querschnitt.bodies.rows import MeetingRow, meeting_rows
from querschnitt.core import start_page, versioned
from querschnitt.core.models import Municipality
from querschnitt.events.start_rows import StartDate, date_rows
from querschnitt.measures import start_page as measures_section
from querschnitt.measures.models import Rollup
from querschnitt.measures.rollup import TOTAL, Figure, whole_percent
from querschnitt.network import start_page as network_section
from querschnitt.network.models import Alliance
from querschnitt.strategy import selectors as strategy_section
from querschnitt.strategy.models import FieldOfAction
from querschnitt.strategy.start_rows import FieldCard, start_card_rows

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
translated = st.dictionaries(st.sampled_from([*LANGUAGES, "xx"]), text, max_size=3)
slugs = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)

# strategy/start_section.html and network/start_section.html before their loops were written
# in Python
STRATEGY_BEFORE = """{% load i18n querschnitt %}<section aria-labelledby="fields-of-action">
  <h2 class="kern-heading-medium" id="fields-of-action">{% translate "Fields of action" %}</h2>
  <ul class="qs-card-grid">
    {% for field in section.fields_of_action %}
      {% with name=field.name|translated description=field.description|translated %}
        <li class="kern-card">
          <div class="kern-card__container">
            <div class="kern-card__header"><h3 class="kern-title" lang="{{ name.language }}" dir="{{ name.direction }}">{{ name.text }}</h3></div>
            {% if description %}<div class="kern-card__body"><p class="kern-body" lang="{{ description.language }}" dir="{{ description.direction }}">{{ description.text }}</p></div>{% endif %}
          </div>
        </li>
      {% endwith %}
    {% endfor %}
  </ul>
</section>
"""  # noqa: E501
NETWORK_BEFORE = """{% load i18n querschnitt %}<section aria-labelledby="network">
  <h2 class="kern-heading-medium" id="network">{% translate "The network" %}</h2>
  <ul class="kern-list">
    <li><a class="kern-link" href="{% murl 'network:directory' %}">{% translate "Organisations and initiatives" %}</a></li>
    {% for alliance in section.alliances %}
      {% with name=alliance.name|translated %}
        <li><a class="kern-link" href="{% murl 'network:alliance' slug=alliance.slug %}" lang="{{ name.language }}" dir="{{ name.direction }}">{{ name.text }}</a></li>
      {% endwith %}
      <li><a class="kern-link" href="{% murl 'network:declaration' slug=alliance.declaration.slug %}">{% translate "Sign the declaration" %}</a></li>
    {% endfor %}
    <li><a class="kern-link" href="{% murl 'network:entry_request' %}">{% translate "Request an entry for your organisation" %}</a></li>
  </ul>
</section>
"""  # noqa: E501
DATES_LOOP = """{% load events %}{% for date in section.dates %}{% with title=date.title|translated %}
        <li><a class="kern-link" href="{% murl 'events:detail' pk=date.event_id %}"><span lang="{{ title.language }}" dir="{{ title.direction }}">{{ title.text }}</span></a> – <time datetime="{{ date.start|date:'c' }}">{{ date|row_when }}</time>{% if date.cancelled %} ({% translate "cancelled" %}){% endif %}</li>
      {% endwith %}{% endfor %}"""  # noqa: E501
CARDS_LOOP = STRATEGY_BEFORE.split('<ul class="qs-card-grid">\n    ')[1].split("\n  </ul>")[0]
ALLIANCES_LOOP = NETWORK_BEFORE.split("</a></li>\n    ", 1)[1].split("\n    <li>")[0]


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load i18n querschnitt %}" + source).render(context)


@settings(max_examples=200, deadline=None)
@given(
    fields=st.lists(st.builds(FieldCard, name=translated, description=translated), max_size=3),
    language=st.sampled_from(LANGUAGES),
)
def test_the_cards_are_the_template_loop(fields, language) -> None:
    start_page.forget_sections()
    with translation.override(language):
        expected = render(CARDS_LOOP, section={"fields_of_action": fields})
        assert start_card_rows(fields, municipality=MUNICIPALITY) == expected


@settings(max_examples=200, deadline=None)
@given(
    alliances=st.lists(
        st.builds(
            network_section.AllianceLink, name=translated, slug=slugs, declaration_slug=slugs
        ),
        max_size=3,
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_the_alliances_are_the_template_loop(alliances, language) -> None:
    as_the_orm_gave = [
        SimpleNamespace(
            name=a.name, slug=a.slug, declaration=SimpleNamespace(slug=a.declaration_slug)
        )
        for a in alliances
    ]
    with translation.override(language):
        expected = render(
            ALLIANCES_LOOP, municipality=MUNICIPALITY, section={"alliances": as_the_orm_gave}
        )
        start_page.forget_sections()
        got = network_section.start_rows(alliances, municipality=MUNICIPALITY)
        assert got == expected


moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
date_row = st.builds(
    StartDate,
    event_id=st.integers(1, 10**6),
    start=moments,
    end=moments,
    cancelled=st.booleans(),
    all_day=st.booleans(),
    title=translated,
)


@settings(max_examples=200, deadline=None)
@given(dates=st.lists(date_row, max_size=4), language=st.sampled_from(LANGUAGES))
def test_the_dates_are_the_template_loop(dates, language) -> None:
    with translation.override(language):
        expected = render(DATES_LOOP, municipality=MUNICIPALITY, section={"dates": dates})
        assert date_rows(dates, municipality=MUNICIPALITY) == expected


contexts = st.lists(
    st.tuples(
        st.sampled_from(LANGUAGES),
        st.sampled_from(["UTC", "Europe/Berlin", "America/Los_Angeles"]),
        st.sampled_from(["mannheim", "bamberg"]),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=100, deadline=None)
@given(dates=st.lists(date_row, min_size=1, max_size=4), written_in=contexts)
def test_remembered_dates_are_the_template_loop_in_any_context(dates, written_in) -> None:
    """The same rows, written again in another language, zone or city (or the same), are the
    template's rows there: each row's markup is remembered under everything it shows."""
    for language, zone, slug in written_in:
        municipality = Municipality(pk=1, slug=slug, name="Stadt")
        with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
            expected = render(DATES_LOOP, municipality=municipality, section={"dates": dates})
            assert date_rows(dates, municipality=municipality) == expected


def test_a_changed_date_is_written_afresh() -> None:
    first = StartDate(
        event_id=7,
        start=datetime(2030, 5, 1, 10, tzinfo=UTC),
        end=datetime(2030, 5, 1, 12, tzinfo=UTC),
        cancelled=False,
        all_day=False,
        title={"de": "Erst"},
    )
    changed = [
        dataclasses.replace(first, title={"de": "Dann"}),
        dataclasses.replace(first, cancelled=True),
        dataclasses.replace(first, start=datetime(2030, 5, 1, 11, tzinfo=UTC)),
        dataclasses.replace(first, end=datetime(2030, 5, 2, 12, tzinfo=UTC)),
        dataclasses.replace(first, all_day=True),
        dataclasses.replace(first, event_id=8),
    ]
    with translation.override("de"):
        for dates in ([first], *([row] for row in changed)):
            expected = render(DATES_LOOP, municipality=MUNICIPALITY, section={"dates": dates})
            assert date_rows(dates, municipality=MUNICIPALITY) == expected


meeting = st.builds(
    MeetingRow,
    pk=st.integers(1, 10**6),
    name=text,
    start=moments,
    location=st.one_of(st.none(), text),
    online=st.booleans(),
    cancelled=st.booleans(),
    published=st.booleans(),
)


@settings(max_examples=100, deadline=None)
@given(meetings=st.lists(meeting, min_size=1, max_size=4), written_in=contexts)
def test_remembered_meetings_are_the_rows_written_afresh(meetings, written_in) -> None:
    """`meeting_rows` is pinned against its template in bodies/tests/test_rows.py."""
    for language, zone, slug in written_in:
        municipality = Municipality(pk=1, slug=slug, name="Stadt")
        with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
            expected = meeting_rows(meetings, municipality=municipality)
            assert bodies_section.start_rows(meetings, municipality=municipality) == expected


@settings(max_examples=100, deadline=None)
@given(
    alliances=st.lists(
        st.builds(
            network_section.AllianceLink, name=translated, slug=slugs, declaration_slug=slugs
        ),
        min_size=1,
        max_size=3,
    ),
    written_in=contexts,
)
def test_remembered_alliances_are_the_template_loop_in_any_context(alliances, written_in) -> None:
    as_the_orm_gave = [
        SimpleNamespace(
            name=a.name, slug=a.slug, declaration=SimpleNamespace(slug=a.declaration_slug)
        )
        for a in alliances
    ]
    for language, zone, slug in written_in:
        municipality = Municipality(pk=1, slug=slug, name="Stadt")
        with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
            expected = render(
                ALLIANCES_LOOP, municipality=municipality, section={"alliances": as_the_orm_gave}
            )
            got = network_section.start_rows(alliances, municipality=municipality)
            assert got == expected


card = st.builds(FieldCard, name=translated, description=translated)


@settings(max_examples=100, deadline=None)
@given(cards=st.lists(card, min_size=1, max_size=4), written_in=contexts)
def test_remembered_cards_are_the_template_loop_in_any_context(cards, written_in) -> None:
    for language, zone, slug in written_in:
        municipality = Municipality(pk=1, slug=slug, name="Stadt")
        with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
            expected = render(CARDS_LOOP, section={"fields_of_action": cards})
            assert start_card_rows(cards, municipality=municipality) == expected


def test_a_changed_card_is_written_afresh() -> None:
    first = FieldCard(name={"de": "Erst"}, description={"de": "Mehr"})
    changed = [
        dataclasses.replace(first, name={"de": "Dann"}),
        dataclasses.replace(first, name={"de": "Erst", "en": "First"}),
        dataclasses.replace(first, description={}),
        dataclasses.replace(first, description={"de": "Weniger"}),
    ]
    for language in ("de", "en"):
        with translation.override(language):
            for cards in ([first], *([row] for row in changed)):
                expected = render(CARDS_LOOP, section={"fields_of_action": cards})
                assert start_card_rows(cards, municipality=MUNICIPALITY) == expected


@pytest.fixture
def both_cities(mannheim, bamberg):
    """Each city with an alliance and a field of action more, so that both have rows."""
    for city in (mannheim, bamberg):
        with scope(municipality=city):
            alliance = Alliance.objects.filter(municipality=city).first()
            if alliance is not None:
                declaration = alliance.declaration
                declaration.pk = None
                declaration.slug = f"{declaration.slug}-2"
                declaration.save()
                Alliance.objects.create(
                    municipality=city,
                    declaration=declaration,
                    slug="zweites-buendnis",
                    name={"de": "Zweites <Bündnis>"},
                )
            FieldOfAction.objects.create(
                municipality=city, key="neu", name={"de": "Neu & anders"}, position=0
            )
    return [mannheim, bamberg]


def test_the_reads_are_the_orms(both_cities) -> None:
    for city in both_cities:
        versioned.forget()
        with scope(municipality=city):
            orm_alliances = sorted(
                Alliance.objects.filter(municipality=city).select_related("declaration"),
                key=lambda alliance: alliance.pk,
            )
            assert network_section.start_section(city, network_section.drawn_alliances(city))[
                "alliances"
            ] == [
                network_section.AllianceLink(a.name, a.slug, a.declaration.slug)
                for a in orm_alliances
            ]
            orm_fields = list(strategy_section.fields_of_action(municipality=city))
            section = strategy_section.start_section(city, strategy_section.drawn_cards(city))
            assert section is not None
            assert section["fields_of_action"] == [
                FieldCard(name=f.name, description=f.description) for f in orm_fields
            ]
            rollup = Rollup.objects.filter(municipality=city, scope=Rollup.Scope.PUBLIC).first()
            assert rollup is not None
            public = measures_section.drawn_total(city)
            assert public is not None
            assert json.loads(public) == rollup.figures[TOTAL]


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_each_section_shows_what_its_template_showed(both_cities, language) -> None:
    before = {"strategy": STRATEGY_BEFORE, "network": NETWORK_BEFORE}
    for city in both_cities:
        versioned.forget()
        with scope(municipality=city), translation.override(language):
            orm = {
                "strategy": {
                    "fields_of_action": list(strategy_section.fields_of_action(municipality=city))
                },
                "network": {
                    "alliances": list(
                        Alliance.objects.filter(municipality=city)
                        .select_related("declaration")
                        .order_by("pk")
                    )
                },
            }
            now = {
                "strategy": strategy_section.start_section(
                    city, strategy_section.drawn_cards(city)
                ),
                "network": network_section.start_section(
                    city, network_section.drawn_alliances(city)
                ),
            }
            for name, source in before.items():
                old = (
                    engines["django"]
                    .from_string(source)
                    .render({"municipality": city, "section": orm[name]})
                )
                new = render_to_string(
                    f"{name}/start_section.html", {"municipality": city, "section": now[name]}
                )
                assert new == old
                assert "Neu &amp; anders" in new or name == "network"


def test_the_measures_section_is_read_from_the_public_rollup(both_cities) -> None:
    mannheim, bamberg = both_cities
    with scope(municipality=mannheim):
        rollup = Rollup.objects.filter(municipality=mannheim, scope=Rollup.Scope.PUBLIC).first()
        assert rollup is not None
        total = Figure.from_json(rollup.figures[TOTAL])
        assert measures_section.start_section(mannheim, measures_section.drawn_total(mannheim)) == {
            "measures": total.measures,
            "percent": whole_percent(total.progress),
        }
        Rollup.objects.filter(pk=rollup.pk).update(figures={"other": rollup.figures[TOTAL]})
        assert measures_section.drawn_total(mannheim) is None
        assert measures_section.drawn_total(bamberg) is not None
        Rollup.objects.filter(municipality=mannheim, scope=Rollup.Scope.PUBLIC).delete()
        assert measures_section.drawn_total(mannheim) is None
        assert measures_section.start_section(mannheim, None) is None


@pytest.mark.parametrize("name", sorted(start_page.sections))
@settings(max_examples=100, deadline=None)
@given(
    slug=st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True),
    rows=text,
    items=st.lists(st.integers(), max_size=2),
    count=st.integers(0, 10**7),
    percent=st.integers(-10, 200),
    language=st.sampled_from(LANGUAGES),
)
def test_each_section_written_in_python_is_its_template(
    name, slug, rows, items, count, percent, language
) -> None:
    section = start_page.sections[name]
    assert section.write is not None
    municipality = Municipality(pk=1, slug=slug, name="Mannheim")
    written = mark_safe(rows)  # the rows are written by the functions tested above
    context = {
        "fields_of_action": items,
        "cards": lambda: written,
        "alliances": items,
        "dates": items,
        "meetings": items,
        "rows": lambda: written,
        "measures": count,
        "percent": percent,
    }
    with translation.override(language):
        expected = render_to_string(
            section.template, {"municipality": municipality, "section": context}
        )
        assert section.write(municipality, context) == expected


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("prefix", ["/", "/unter/"])
def test_the_start_sections_are_their_templates(both_cities, language, prefix) -> None:
    for city in both_cities:
        versioned.forget()
        start_page.forget_sections()
        with scope(municipality=city), translation.override(language), script_prefix(prefix):
            found = with_context(city)
            expected = "".join(
                render_to_string(section.template, {"municipality": city, "section": context})
                for section, context in found
            )
            assert len(found) == len(start_page.sections)
            assert start_page.sections_markup(city) == expected
            assert f'href="{prefix}{city.slug}/' in expected


def with_context(city: Municipality) -> list[tuple[start_page.Section, dict]]:
    """The sections with a context, in order, and their contexts: what each template shows."""
    contexts = [(section, section.context_of(city)) for section in start_page.ordered_sections()]
    return [(section, context) for section, context in contexts if context is not None]


def content_moved() -> None:
    """What a moved content version forgets, but for the sections kept by their rows."""
    versioned._kept.clear()
    start_page._markup.clear()
    start_page._reads.clear()


def test_the_sections_kept_by_their_rows_are_their_templates(both_cities) -> None:
    """A section remembered under the rows it is drawn from (`start_page.drawn_markup`), met
    again in another language, script prefix or city after the content version moved, is
    what its template writes over those rows."""
    drawn = [section.name for section in start_page.sections.values() if section.drawn]
    assert set(drawn) == set(start_page.sections)
    start_page.forget_sections()
    for _again in range(2):
        for prefix in ("/", "/unter/"):
            for language in LANGUAGES:
                for city in both_cities:
                    content_moved()
                    with (
                        scope(municipality=city),
                        translation.override(language),
                        script_prefix(prefix),
                    ):
                        expected = "".join(
                            render_to_string(
                                section.template, {"municipality": city, "section": context}
                            )
                            for section, context in with_context(city)
                        )
                        content_moved()
                        assert start_page.sections_markup(city) == expected
        kept = len(start_page._drawn.pieces)
    assert kept == len(drawn) * len(LANGUAGES) * 2 * len(both_cities)


def test_a_section_whose_rows_changed_is_written_afresh(both_cities) -> None:
    mannheim = both_cities[0]
    start_page.forget_sections()
    content_moved()
    with scope(municipality=mannheim), translation.override("de"):
        before = start_page.sections_markup(mannheim)
        assert "Neu &amp; anders" in before
        FieldOfAction.objects.filter(municipality=mannheim, key="neu").update(
            name={"de": "Neu <geändert>"}
        )
        Alliance.objects.filter(municipality=mannheim, slug="zweites-buendnis").update(
            name={"de": "Drittes Bündnis"}
        )
        rollup = Rollup.objects.get(municipality=mannheim, scope=Rollup.Scope.PUBLIC)
        total = rollup.figures[TOTAL] | {"measures": 987}
        Rollup.objects.filter(pk=rollup.pk).update(figures=rollup.figures | {TOTAL: total})
        content_moved()
        after = start_page.sections_markup(mannheim)
    assert "Neu &lt;geändert&gt;" in after
    assert "Drittes Bündnis" in after
    assert "Neu &amp; anders" not in after
    assert "Zweites &lt;Bündnis&gt;" in before
    assert "Zweites &lt;Bündnis&gt;" not in after
    assert "987 Maßnahmen" not in before
    assert "987 Maßnahmen des Katalogs" in after


def test_rows_that_cannot_be_a_key_are_written_each_time() -> None:
    section = start_page.Section(
        "unhashable",
        "unused.html",
        lambda municipality, drawn: {"count": len(drawn)},
        write=lambda municipality, context: f"<p>{context['count']}</p>",
        drawn=lambda municipality: [[1], [2]],  # type: ignore[arg-type,return-value]
    )
    assert start_page.drawn_markup(MUNICIPALITY, section, [[1], [2]]) == "<p>2</p>"  # type: ignore[arg-type]
    assert start_page.drawn_markup(MUNICIPALITY, section, [[1]]) == "<p>1</p>"  # type: ignore[arg-type]


@contextmanager
def script_prefix(prefix: str) -> Iterator[None]:
    before = get_script_prefix()
    set_script_prefix(prefix)
    try:
        yield
    finally:
        set_script_prefix(before)
