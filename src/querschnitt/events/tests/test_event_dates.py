"""The dates section of an event's page written out in Python (`events/event_dates.py`)
gives exactly what its template gave, for any text, in every language and zone, for every
variant of a date and its registration: cancelled (with and without a reason), moved,
unlimited places, places free, full with and without a waiting list, people waiting while
places are free, registration open, not yet open or closed, a date running now, and an
event that has taken place (with cancelled dates among its last)."""

import datetime
from typing import Any

from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.events.event_dates import dates_section
from querschnitt.events.models import Event, EventDate
from querschnitt.events.selectors.calendar import Places

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
tricky = st.one_of(text, st.sampled_from(["<b>&amp;", "\"'", "\u202e\u2066x\u2069", ""]))
ids = st.integers(1, 10**9)
# now, as the template's `registration_is_open` asks the clock: the offsets keep minutes away
NOW = timezone.now().replace(microsecond=0)
# moments around now: a date running now, about to begin, weeks ahead, long past
offsets = st.sampled_from(
    [datetime.timedelta(hours=-3), datetime.timedelta(minutes=-5),
     datetime.timedelta(minutes=5), datetime.timedelta(days=2, hours=1),
     datetime.timedelta(days=40), datetime.timedelta(days=-400)]
)  # fmt: skip
lengths = st.sampled_from(
    [datetime.timedelta(0), datetime.timedelta(hours=2), datetime.timedelta(days=1),
     datetime.timedelta(days=3, hours=5)]
)  # fmt: skip
maybe_moment = st.one_of(st.none(), offsets.map(lambda offset: NOW + offset))

# The section as it stood in events/event_detail.html.
DATES_SECTION = """{% load i18n events %}<section aria-labelledby="dates-heading">
    <h2 class="kern-heading-medium" id="dates-heading">{% if upcoming|length > 1 %}{% translate "Dates" %}{% else %}{% translate "When" %}{% endif %}</h2>
    {% if upcoming %}
      <ul class="qs-events-dates">
        {% for date, places, free in upcoming %}
          <li class="qs-events-dates__item{% if date.cancelled %} qs-events-date--cancelled{% endif %}">
            <p class="kern-body"><strong><time datetime="{{ date.start|date:'c' }}">{{ date|when }}</time></strong>
              {% if date.cancelled %}<span class="kern-badge kern-badge--danger"><span class="kern-label">{% translate "Cancelled" %}</span></span>{% elif date.moved_at %}<span class="kern-badge kern-badge--warning"><span class="kern-label">{% translate "New date" %}</span></span>{% endif %}
            </p>
            {% if date.cancelled %}
              {% if date.cancel_reason %}<p class="kern-body" lang="de">{{ date.cancel_reason }}</p>{% endif %}
            {% elif event.registration %}
              {% if free is None %}
                <p class="kern-body">{% translate "Places are not limited." %}</p>
              {% elif free > 0 and not places.waiting %}
                <p class="kern-body">{% blocktranslate count count=free %}{{ count }} place free{% plural %}{{ count }} places free{% endblocktranslate %}</p>
              {% elif event.waiting_list %}
                <p class="kern-body">{% blocktranslate count count=places.waiting %}Fully booked: {{ count }} person is on the waiting list.{% plural %}Fully booked: {{ count }} people are on the waiting list.{% endblocktranslate %}</p>
              {% else %}
                <p class="kern-body">{% translate "Fully booked." %}</p>
              {% endif %}
              {% if date.registration_is_open %}
                <p><a class="kern-btn kern-btn--primary" href="{% murl 'events:register' pk=event.pk date_pk=date.pk %}"><span class="kern-label">{% if free == 0 or places.waiting %}{% translate "Join the waiting list" %}{% else %}{% translate "Register" %}{% endif %}<span class="kern-sr-only"> – {{ date|when }}</span></span></a></p>
              {% elif event.registration_opens_at and event.registration_opens_at > now %}
                <p class="kern-body">{% blocktranslate with when=event.registration_opens_at|date:"DATETIME_FORMAT" %}Registration opens on {{ when }}.{% endblocktranslate %}</p>
              {% else %}
                <p class="kern-body">{% translate "Registration has closed." %}</p>
              {% endif %}
            {% endif %}
          </li>
        {% endfor %}
      </ul>
    {% else %}
      <p class="kern-body">{% translate "This event has taken place." %}</p>
      {% if past %}<ul class="kern-list">{% for date in past %}<li>{{ date|when }}{% if date.cancelled %} ({% translate "cancelled" %}){% endif %}</li>{% endfor %}</ul>{% endif %}
    {% endif %}
    <p class="kern-body"><a class="kern-link" href="{% murl 'events:event_feed' pk=event.pk %}">{% translate "Add to my calendar (iCalendar)" %}</a></p>
  </section>"""  # noqa: E501


def make_event(pk: int, flags: dict, capacity: int | None, opens, closes) -> Event:
    return Event(
        pk=pk,
        state=Event.State.PUBLISHED,
        all_day=flags["all_day"],
        registration=flags["registration"],
        waiting_list=flags["waiting_list"],
        capacity=capacity,
        registration_opens_at=opens,
        registration_closes_at=closes,
    )


def make_date(event: Event, pk: int, offset, length, cancelled: bool, moved: bool, reason: str):
    start = NOW + offset
    found = EventDate(
        pk=pk,
        start=start,
        end=start + length,
        cancelled=cancelled,
        moved_at=start if moved else None,
        cancel_reason=reason,
    )
    found.event = event
    return found


events = st.builds(
    make_event,
    ids,
    st.fixed_dictionaries(
        {"all_day": st.booleans(), "registration": st.booleans(), "waiting_list": st.booleans()}
    ),
    st.one_of(st.none(), st.integers(1, 2000)),
    maybe_moment,
    maybe_moment,
)
date_values = st.tuples(ids, offsets, lengths, st.booleans(), st.booleans(), tricky)
places = st.builds(Places, st.integers(0, 2000), st.sampled_from([0, 0, 1, 2, 1500]))


@settings(max_examples=300, deadline=None)
@given(
    event=events,
    upcoming=st.lists(st.tuples(date_values, places), max_size=4),
    past=st.lists(date_values, max_size=3),
    language=st.sampled_from(LANGUAGES),
    zone=st.sampled_from(["Europe/Berlin", "UTC", "Asia/Tehran"]),
)
def test_the_dates_section_is_the_templates(event, upcoming, past, language, zone) -> None:
    municipality = Municipality(pk=1, slug="mannheim", name="Mannheim")
    shown = []
    for values, held in upcoming:
        found = make_date(event, *values)
        shown.append((found, held, held.free(event.capacity)))
    ended = [make_date(event, *values) for values in past]
    context = {"event": event, "upcoming": shown, "past": ended, "now": NOW}
    with translation.override(language), timezone.override(zone):
        assert dates_section(municipality=municipality, **context) == by_template(context)


def by_template(context: dict) -> str:
    municipality = Municipality(pk=1, slug="mannheim", name="Mannheim")
    return Template(DATES_SECTION).render(Context({"municipality": municipality, **context}))


def test_an_open_registration_is_offered_as_the_template_offered_it() -> None:
    event = make_event(
        5, {"all_day": False, "registration": True, "waiting_list": True}, 3, None, None
    )
    found = make_date(
        event, 8, datetime.timedelta(days=2, hours=1), datetime.timedelta(hours=2), False, False, ""
    )
    for held in (Places(1, 0), Places(3, 2)):
        context: dict[str, Any] = {
            "event": event,
            "upcoming": [(found, held, held.free(3))],
            "past": [],
            "now": NOW,
        }
        municipality = Municipality(pk=1, slug="mannheim", name="Mannheim")
        written = dates_section(municipality=municipality, **context)
        assert written == by_template(context)
        assert "/mannheim/veranstaltungen/5/termine/8/anmelden/" in written
