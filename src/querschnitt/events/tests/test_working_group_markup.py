"""The content of a working group's page written out in Python (`events/working_group_markup.py`)
gives exactly what the block of `events/working_group_detail.html` gave, kept here: for any
text, in every language, with and without each part (goal, mandate, the event it was founded
at with or without its address, focus topic and year, result, results with and without text,
members, organisations, meetings, and the horizon of its dates)."""

import datetime
from typing import Any

from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.bodies.models import Body
from querschnitt.core.models import Municipality
from querschnitt.events.models import WorkingGroup
from querschnitt.events.selectors.working_groups import horizon
from querschnitt.events.working_group_markup import working_group_content
from querschnitt.events.working_group_page import FoundedAt

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
# the characters that markup and bidirectional text turn on, often
tricky = st.one_of(
    text, st.sampled_from(["<b>&amp;", "\"'", "\u202e\u2066x\u2069", "", "a\nb\r\nc"])
)
days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 1, 1))
maybe_days = st.one_of(st.none(), days)
translations: st.SearchStrategy[dict[str, str]] = st.one_of(
    st.just({}), st.dictionaries(st.sampled_from(["de", "en", "ar", "tr"]), tricky, max_size=3)
)
slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)

# The block as it stood in events/working_group_detail.html.
CONTENT_BLOCK = (
    "{% load i18n static querschnitt %}"
    + """
  <p class="kern-body"><a class="kern-link" href="{% murl 'events:working_group_list' %}">{% translate "All working groups" %}</a></p>
  <div class="kern-hgroup">
    <p class="kern-preline">{% translate "Working group" %}</p>
    <h1 class="kern-heading-large"><bdi lang="de">{{ body.name }}</bdi></h1>
  </div>
  {% include "events/_horizon.html" %}
  {% if body.goal %}<h2 class="kern-heading-medium">{% translate "Goal" %}</h2>{% translated_text body.goal %}{% endif %}
  {% if body.mandate %}<h2 class="kern-heading-medium">{% translate "Mandate" %}</h2>{% translated_text body.mandate %}{% endif %}
  <dl class="kern-description-list">
    {% if founded_at %}<div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "Founded at" %}</dt><dd class="kern-description-list-item__value">{% if founded_at.url %}<a class="kern-link" href="{{ founded_at.url }}">{{ founded_at.name }}</a>{% else %}{{ founded_at.name }}{% endif %}</dd></div>{% endif %}
    {% if group.focus_topic %}<div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "Annual focus topic" %}</dt><dd class="kern-description-list-item__value"><span lang="de">{{ group.focus_topic }}</span>{% if group.focus_year %} ({{ group.focus_year }}){% endif %}</dd></div>{% endif %}
  </dl>
  {% if group.result %}<h2 class="kern-heading-medium">{% translate "Result" %}</h2><p class="kern-body" lang="de">{{ group.result|linebreaksbr }}</p>{% endif %}
  <section aria-labelledby="group-results">
    <h2 class="kern-heading-medium" id="group-results">{% translate "Results so far" %}</h2>
    {% if results %}<ul class="kern-list">{% for result in results %}<li><span lang="de">{{ result.title }}</span> ({{ result.achieved_on|date:"DATE_FORMAT" }}){% if result.text %}: <span lang="de">{{ result.text }}</span>{% endif %}</li>{% endfor %}</ul>{% else %}<p class="kern-body">{% translate "No results recorded yet." %}</p>{% endif %}
  </section>
  <section aria-labelledby="group-members">
    <h2 class="kern-heading-medium" id="group-members">{% translate "Who works in it" %}</h2>
    {% if members or organisations %}
      <ul class="kern-list">
        {% for name, role in members %}<li><bdi>{{ name }}</bdi> – {{ role }}</li>{% endfor %}
        {% for name in organisations %}<li><bdi>{{ name }}</bdi></li>{% endfor %}
      </ul>
    {% else %}<p class="kern-body">{% translate "The members are not listed here." %}</p>{% endif %}
  </section>
  <section aria-labelledby="group-meetings">
    <h2 class="kern-heading-medium" id="group-meetings">{% translate "Meetings and documents" %}</h2>
    {% if meetings %}<ul class="kern-list">{% for meeting in meetings %}<li><a class="kern-link" href="{% url 'bodies:meeting_detail' municipality=municipality.slug pk=meeting.pk %}">{{ meeting.name }}</a> ({{ meeting.start|date:"DATE_FORMAT" }})</li>{% endfor %}</ul>{% else %}<p class="kern-body">{% translate "No published meetings yet." %}</p>{% endif %}
    <p class="kern-body"><a class="kern-link" href="{% url 'bodies:body_detail' municipality=municipality.slug slug=body.slug %}">{% translate "The group's page among the bodies" %}</a></p>
  </section>
"""  # noqa: E501
)


@settings(max_examples=300, deadline=None)
@given(
    language=st.sampled_from(LANGUAGES),
    slug=slugs,
    body_slug=slugs,
    name=tricky,
    goal=translations,
    mandate=translations,
    dates=st.tuples(maybe_days, maybe_days, days, maybe_days),
    founded_at=st.one_of(
        st.none(), st.builds(FoundedAt, tricky, st.one_of(st.none(), st.just(""), tricky))
    ),
    focus=st.tuples(tricky, st.one_of(st.none(), st.integers(1900, 2100))),
    result=tricky,
    results=st.lists(
        st.fixed_dictionaries({"title": tricky, "achieved_on": days, "text": tricky}), max_size=3
    ),
    members=st.lists(st.tuples(tricky, tricky), max_size=3),
    organisations=st.lists(tricky, max_size=3),
    meetings=st.lists(
        st.fixed_dictionaries(
            {
                "pk": st.integers(1, 10**9),
                "name": tricky,
                "start": st.datetimes(
                    min_value=datetime.datetime(2000, 1, 1),
                    max_value=datetime.datetime(2090, 1, 1),
                    timezones=st.just(datetime.UTC),
                ),
            }
        ),
        max_size=3,
    ),
)
def test_content_is_the_template_block(
    language: str,
    slug: str,
    body_slug: str,
    name: str,
    goal: dict[str, str],
    mandate: dict[str, str],
    dates: tuple[Any, Any, Any, Any],
    founded_at: FoundedAt | None,
    focus: tuple[str, int | None],
    result: str,
    results: list[dict[str, Any]],
    members: list[tuple[str, str]],
    organisations: list[str],
    meetings: list[dict[str, Any]],
) -> None:
    start, planned_end, today, concluded_on = dates
    municipality = Municipality(pk=7, slug=slug, name="Stadt")
    body = Body(
        pk=3,
        slug=body_slug,
        name=name,
        goal=goal,
        mandate=mandate,
        start_date=start,
        planned_end_date=planned_end,
    )
    group = WorkingGroup(
        pk=5,
        body=body,
        focus_topic=focus[0],
        focus_year=focus[1],
        result=result,
        concluded_on=concluded_on,
    )
    parts: dict[str, Any] = {
        "group": group,
        "body": body,
        "founded_at": founded_at,
        "horizon": horizon(group, today),
        "meetings": meetings,
        "members": members,
        "organisations": organisations,
        "results": results,
    }
    with translation.override(language):
        expected = Template(CONTENT_BLOCK).render(Context({"municipality": municipality, **parts}))
        assert working_group_content(municipality=municipality, **parts) == expected
