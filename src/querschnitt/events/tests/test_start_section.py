"""The start page's section of the calendar, read as plain values (`upcoming_rows`), shows
byte for byte what the template showed of the ORM's dates, in every language."""

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation
from django_scopes import scope

from querschnitt.core import start_page
from querschnitt.core.sql_rows import converted
from querschnitt.events.models import Event, EventDate
from querschnitt.events.selectors.calendar import CalendarFilters, upcoming_page
from querschnitt.events.start_page import (
    SHOWN,
    START_FIELDS,
    drawn_dates,
    read_dates,
    start_section,
)

pytestmark = pytest.mark.django_db

# events/start_section.html as it read the ORM's dates
BEFORE = """{% load i18n events %}<section aria-labelledby="events-start">
  <h2 class="kern-heading-medium" id="events-start">{% translate "Next dates" %}</h2>
  {% if section.dates %}
    <ul class="kern-list">
      {% for date in section.dates %}{% with title=date.event.title|translated %}
        <li><a class="kern-link" href="{% murl 'events:detail' pk=date.event_id %}"><span lang="{{ title.language }}" dir="{{ title.direction }}">{{ title.text }}</span></a> – <time datetime="{{ date.start|date:'c' }}">{{ date|when }}</time>{% if date.cancelled %} ({% translate "cancelled" %}){% endif %}</li>
      {% endwith %}{% endfor %}
    </ul>
  {% else %}
    <p class="kern-body">{% translate "Nothing is planned at the moment." %}</p>
  {% endif %}
  <p class="kern-body"><a class="kern-link" href="{% murl 'events:calendar' %}">{% translate "All events" %}</a></p>
</section>
"""  # noqa: E501


def both(municipality) -> tuple[str, str]:
    start_page.forget_sections()
    with scope(municipality=municipality):
        dates, _following = upcoming_page(
            municipality=municipality, filters=CalendarFilters(), size=SHOWN
        )
        context = {"municipality": municipality, "section": {"dates": dates}}
        old = engines["django"].from_string(BEFORE).render(context)
    new = render_to_string(
        "events/start_section.html",
        {
            "municipality": municipality,
            "section": start_section(municipality, drawn_dates(municipality)),
        },
    )
    return old, new


def test_the_section_shows_what_the_template_showed_of_the_orm_dates(mannheim, bamberg) -> None:
    for municipality in (mannheim, bamberg):
        for language in ("de", "ar", "fa", "en"):
            with translation.override(language):
                old, new = both(municipality)
            assert new == old, (municipality.slug, language)
            assert new.count("<li>") == SHOWN
    with scope(municipality=mannheim):
        shown = upcoming_page(municipality=mannheim, filters=CalendarFilters(), size=SHOWN)[0]
        EventDate.objects.filter(pk=shown[1].pk).update(cancelled=True)
        event = shown[0].event
        event.title = {"de": "Fest <für> & alle", "ar": "عيد"}
        event.all_day = True
        event.save()
    for language in ("de", "ar"):
        with translation.override(language):
            old, new = both(mannheim)
            assert f"({translation.gettext('cancelled')})" in new
        assert new == old
    assert "عيد" in new
    with scope(municipality=mannheim):
        EventDate.objects.all().delete()
    old, new = both(mannheim)
    assert new == old
    assert "<li>" not in new


def test_the_dates_kept_are_the_dates_read(mannheim, bamberg) -> None:
    for municipality in (mannheim, bamberg):
        start_page.forget_sections()
        read = start_section(municipality, drawn_dates(municipality))
        kept = start_section(municipality, drawn_dates(municipality))
        assert read is not None
        assert kept is not None
        assert read["dates"]
        assert kept["dates"] == read["dates"]
        assert kept["rows"]() == read["rows"]()


def start_dates(municipality) -> list[tuple]:
    return [tuple(row) for row in converted(read_dates(municipality), START_FIELDS)]


def orm_start_dates(municipality) -> list[tuple]:
    with scope(municipality=municipality):
        dates, _following = upcoming_page(
            municipality=municipality, filters=CalendarFilters(), size=SHOWN
        )
        return [
            (d.event_id, d.start, d.end, d.cancelled, d.event.all_day, d.event.title) for d in dates
        ]


def test_the_dates_read_are_the_orms_first_dates(mannheim, bamberg) -> None:
    for municipality in (mannheim, bamberg):
        expected = orm_start_dates(municipality)
        assert len(expected) == SHOWN
        assert start_dates(municipality) == expected
    with scope(municipality=mannheim):
        first = upcoming_page(municipality=mannheim, filters=CalendarFilters(), size=1)[0][0]
        Event.objects.filter(pk=first.event_id).update(state=Event.State.DRAFT)
    assert start_dates(mannheim) == orm_start_dates(mannheim)
    assert first.event_id not in [found[0] for found in start_dates(mannheim)]
