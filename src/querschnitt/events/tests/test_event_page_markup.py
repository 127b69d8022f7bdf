"""The event page's heading and its sections after the dates are rendered once per content
version, language and URL map (`EventDetail.event_markup`), from `events/_event_heading.html`
and `events/_event_about.html`: together with the dates they are the content block the page
had in one template (kept here), for every event of both towns, in three languages; and a
remembered page is the page made afresh."""

from typing import Any

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation
from django_scopes import scope, scopes_disabled

from conftest import public_page
from querschnitt.core.models import Municipality
from querschnitt.events.event_page import groups_founded_at, public_event_page
from querschnitt.events.models import Event

pytestmark = pytest.mark.django_db

# The content block as it stood in events/event_detail.html.
OLD_BLOCK = """{% load i18n static events %}
  <p class="kern-body"><a class="kern-link" href="{% murl 'events:calendar' %}">{% translate "All events" %}</a></p>
  {% with title=event.title|translated %}
  <div class="kern-hgroup">
    {% if format %}<p class="kern-preline"><a class="kern-link" href="{{ format.url }}">{{ format.name }}</a></p>{% endif %}
    <h1 class="kern-heading-large" lang="{{ title.language }}" dir="{{ title.direction }}">{{ title.text }}</h1>
  </div>
  {% if title.is_fallback %}{% include "core/components/fallback_note.html" with text=title %}{% endif %}
  {% endwith %}
  {% if event.description %}{% translated_text event.description %}{% endif %}

  {{ dates_section }}

  <section aria-labelledby="where-heading">
    <h2 class="kern-heading-medium" id="where-heading">{% translate "Where" %}</h2>
    {% if event.has_place %}
      <address class="kern-body"><bdi>{{ event.place_name }}</bdi>{% if event.room %}, <bdi>{{ event.room }}</bdi>{% endif %}<br>{% if event.street_address %}<bdi>{{ event.street_address }}</bdi><br>{% endif %}<bdi>{{ event.postal_code }} {{ event.locality }}</bdi></address>
    {% endif %}
    {% if event.online %}<p class="kern-body">{% if event.has_place %}{% translate "Also online: the link goes to everyone with a confirmed place." %}{% else %}{% translate "Online: the link goes to everyone with a confirmed place." %}{% endif %}</p>{% endif %}
    {% if event.meeting_id %}<p class="kern-body"><a class="kern-link" href="{% url 'bodies:meeting_detail' municipality=municipality.slug pk=event.meeting_id %}">{% translate "Agenda and documents of the meeting" %}</a></p>{% endif %}
  </section>

  <section aria-labelledby="access-heading">
    <h2 class="kern-heading-medium" id="access-heading">{% translate "Accessibility" %}</h2>
    <dl class="kern-description-list">
      <div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "Step-free access" %}</dt><dd class="kern-description-list-item__value">{{ event.step_free|fact }}</dd></div>
      <div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "Hearing loop" %}</dt><dd class="kern-description-list-item__value">{{ event.hearing_loop|fact }}</dd></div>
      <div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "Accessible toilet" %}</dt><dd class="kern-description-list-item__value">{{ event.accessible_toilet|fact }}</dd></div>
      <div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "Childcare" %}</dt><dd class="kern-description-list-item__value">{{ event.childcare|fact }}</dd></div>
    </dl>
    {% if event.accessibility_note %}<p class="kern-body" lang="de">{{ event.accessibility_note }}</p>{% endif %}
  </section>

  <section aria-labelledby="about-heading">
    <h2 class="kern-heading-medium" id="about-heading">{% translate "Good to know" %}</h2>
    <dl class="kern-description-list">
      <div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "Organised by" %}</dt><dd class="kern-description-list-item__value">{% if organiser %}<a class="kern-link" href="{{ organiser.url }}"><bdi>{{ organiser.name }}</bdi></a>{% else %}{{ municipality.office_name }}{% endif %}</dd></div>
      {% if event.languages %}<div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "Languages spoken" %}</dt><dd class="kern-description-list-item__value">{{ event.languages|language_names }}</dd></div>{% endif %}
      {% if event.interpreting %}<div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "Interpreting into" %}</dt><dd class="kern-description-list-item__value">{{ event.interpreting|language_names }}</dd></div>{% endif %}
      {% if event.target_groups %}<div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "For" %}</dt><dd class="kern-description-list-item__value">{{ event.target_groups|target_group_names }}</dd></div>{% endif %}
      <div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "Cost" %}</dt><dd class="kern-description-list-item__value">{% if event.free %}{% translate "Free of charge" %}{% endif %}{% if event.cost_note %}{% if event.free %}; {% endif %}<span lang="de">{{ event.cost_note }}</span>{% endif %}</dd></div>
      {% if event.website %}<div class="kern-description-list-item"><dt class="kern-description-list-item__key">{% translate "More information" %}</dt><dd class="kern-description-list-item__value"><a class="kern-link" href="{{ event.website }}" dir="ltr">{{ event.website }}</a></dd></div>{% endif %}
    </dl>
  </section>

  {% if working_groups %}
    <section aria-labelledby="groups-heading">
      <h2 class="kern-heading-medium" id="groups-heading">{% translate "Working groups founded here" %}</h2>
      <ul class="kern-list">{% for slug, name in working_groups %}<li><a class="kern-link" href="{% murl 'events:working_group_detail' slug=slug %}"><bdi lang="de">{{ name }}</bdi></a></li>{% endfor %}</ul>
    </section>
  {% endif %}
"""  # noqa: E501
MARK = "<!-- the dates -->"


def parts(event_pk: int, municipality: Municipality) -> dict[str, Any]:
    page = public_event_page(municipality=municipality, pk=event_pk)
    assert page is not None
    return {
        "event": page.event,
        "format": page.format,
        "organiser": page.organiser,
        "working_groups": groups_founded_at(municipality=municipality, event=page.event),
        "municipality": municipality,
    }


def test_the_parts_are_the_old_content_block() -> None:
    old = engines["django"].from_string(OLD_BLOCK.replace("{{ dates_section }}", MARK))
    with scopes_disabled():
        events = list(
            Event.objects.filter(state=Event.State.PUBLISHED).values_list("pk", "municipality")
        )
    assert len({town for _, town in events}) == 2
    for pk, town in events:
        municipality = Municipality.objects.get(pk=town)
        with scope(municipality=municipality):
            context = parts(pk, municipality)
            for language in ("de", "en", "ar"):
                with translation.override(language):
                    new = (
                        render_to_string("events/_event_heading.html", context)
                        + MARK
                        + render_to_string("events/_event_about.html", context)
                    )
                    assert new == old.render(context), (pk, language)


def test_a_remembered_page_is_a_fresh_one_and_a_change_shows(mannheim) -> None:
    with scope(municipality=mannheim):
        event = Event.objects.filter(state=Event.State.PUBLISHED).order_by("pk").first()
    path = f"/mannheim/veranstaltungen/{event.pk}/"
    fresh = {language: public_page(path, language, forget=True) for language in ("de", "ar")}
    for language in ("de", "ar", "de", "ar"):
        assert public_page(path, language) == fresh[language]
    with scope(municipality=mannheim):
        event.place_name = "Ein neuer Ort"
        event.save()
    assert b"Ein neuer Ort" in public_page(path, "de")
