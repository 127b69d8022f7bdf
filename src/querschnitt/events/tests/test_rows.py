"""The calendar's rows written out in Python (`events/rows.py`) give exactly what the loop
over their template gave, for any text, in every language, for every variant of a row
(cancelled, moved, multi-day, all-day, online, step-free, free, each kind of organiser named
or not) and for an empty list. The rows are read from the same dates as `upcoming_rows`
reads them (`ROW_FIELDS`), so the conversion of the values is checked too."""

import datetime
import zoneinfo
from typing import Any

from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.bodies.models import Body
from querschnitt.core.models import Municipality, Visibility
from querschnitt.events.models import Event, EventDate, Format
from querschnitt.events.rows import date_rows
from querschnitt.events.selectors.calendar import ROW_FIELDS, _date_row
from querschnitt.events.selectors.organisers import organiser_named_in
from querschnitt.network.models import Organisation

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
# the characters that markup and bidirectional text turn on, often
tricky = st.one_of(text, st.sampled_from(["<b>&amp;", "\"'", "\u202e\u2066x\u2069", ""]))
ids = st.integers(1, 10**9)
moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2090, 1, 1)),
    st.sampled_from([datetime.UTC, zoneinfo.ZoneInfo("Europe/Berlin")]),
)
lengths = st.sampled_from(
    [datetime.timedelta(0), datetime.timedelta(hours=2), datetime.timedelta(days=1),
     datetime.timedelta(days=3, hours=5)]
)  # fmt: skip

# The row as it stood in events/_date_row.html, in the loop that included it.
DATE_ROW_LOOP = """{% load i18n events %}{% for date in dates %}<li class="qs-events-date{% if date.cancelled %} qs-events-date--cancelled{% endif %}">
  {% with title=date.event.title|translated %}
  <p class="qs-events-date__when"><time datetime="{{ date.start|date:'c' }}">{{ date|when }}</time>{% if date.cancelled %} <span class="kern-badge kern-badge--danger"><span class="kern-label">{% translate "Cancelled" %}</span></span>{% elif date.moved_at %} <span class="kern-badge kern-badge--warning"><span class="kern-label">{% translate "New date" %}</span></span>{% endif %}</p>
  <h3 class="kern-heading-small qs-events-date__title"><a class="kern-link" href="{% murl 'events:detail' pk=date.event_id %}" lang="{{ title.language }}" dir="{{ title.direction }}">{{ title.text }}</a></h3>
  {% endwith %}
  <p class="kern-body kern-body--small qs-events-date__meta">
    {% if date.event.format %}<span>{{ date.event.format.name }}</span> · {% endif %}
    <span>{% if date.event.organiser == "office" or not date.organiser_named %}{{ municipality.office_name }}{% else %}<bdi>{{ date.event.organiser_name }}</bdi>{% endif %}</span>
    {% if date.event.place_text %} · <span><bdi>{{ date.event.place_text }}</bdi></span>{% endif %}
    {% if date.event.online %} · <span>{% translate "Online" %}</span>{% endif %}
    {% if date.event.step_free %} · <span>{% translate "Step-free access" %}</span>{% endif %}
    {% if date.event.free %} · <span>{% translate "Free of charge" %}</span>{% endif %}
  </p>
</li>
{% endfor %}"""  # noqa: E501


def event_date(
    pk: int,
    event_pk: int,
    start: datetime.datetime,
    length: datetime.timedelta,
    flags: dict[str, Any],
    title: dict[str, str],
    format_name: str | None,
    organiser: tuple[str, str, bool, str, str],
    place: tuple[str, str, str, str, str],
) -> EventDate:
    kind, name, body_public, status, visibility = organiser
    event = Event(
        pk=event_pk,
        title=title,
        all_day=flags["all_day"],
        organiser=kind,
        online=flags["online"],
        step_free=flags["step_free"],
        free=flags["free"],
    )
    event.place_name, event.room, event.street_address, event.postal_code, event.locality = place
    event.format = None if format_name is None else Format(pk=3, name=format_name)
    if kind == Event.Organiser.BODY:
        event.organiser_body = Body(pk=5, name=name, is_public=body_public)
    if kind == Event.Organiser.ORGANISATION:
        event.organiser_organisation = Organisation(
            pk=7, name=name, status=status, visibility=visibility
        )
    found = EventDate(
        pk=pk,
        event=event,
        start=start,
        end=start + length,
        cancelled=flags["cancelled"],
        moved_at=start if flags["moved"] else None,
    )
    # what the query's annotation gives (test_organisers compares the rule with the query's)
    found.organiser_named = organiser_named_in(  # type: ignore[attr-defined]
        organiser=kind,
        body_is_public=body_public if kind == Event.Organiser.BODY else None,
        organisation_status=status if kind == Event.Organiser.ORGANISATION else None,
        organisation_visibility=visibility if kind == Event.Organiser.ORGANISATION else None,
    )
    return found


def read_as_values(found: EventDate) -> tuple[Any, ...]:
    """The date as `values_list(*ROW_FIELDS)` reads it (None past a missing relation)."""
    values = []
    for path in ROW_FIELDS:
        value: Any = found
        for part in path.split("__"):
            value = None if value is None else getattr(value, part, None)
        values.append(value)
    return tuple(values)


dates = st.builds(
    event_date,
    ids,
    ids,
    moments,
    lengths,
    st.fixed_dictionaries(
        {
            "all_day": st.booleans(),
            "online": st.booleans(),
            "step_free": st.sampled_from([None, True, False]),
            "free": st.booleans(),
            "cancelled": st.booleans(),
            "moved": st.booleans(),
        }
    ),
    st.dictionaries(st.sampled_from([*LANGUAGES, "xx"]), tricky, max_size=3),
    st.one_of(st.none(), tricky),
    st.tuples(
        st.sampled_from(Event.Organiser.values),
        tricky,
        st.booleans(),
        st.sampled_from(Organisation.Status.values),
        st.sampled_from(Visibility.values),
    ),
    st.tuples(tricky, tricky, tricky, tricky, tricky),
)


@settings(max_examples=200, deadline=None)
@given(
    found=st.lists(dates, max_size=4),
    office=tricky,
    language=st.sampled_from(LANGUAGES),
    zone=st.sampled_from(["Europe/Berlin", "UTC", "Asia/Tehran"]),
)
def test_date_rows_are_the_template_rows(found, office, language, zone) -> None:
    municipality = Municipality(pk=1, slug="mannheim", name="Mannheim", office_name=office)
    rows = [_date_row(read_as_values(each)) for each in found]
    with translation.override(language), timezone.override(zone):
        expected = Template(DATE_ROW_LOOP).render(
            Context({"municipality": municipality, "dates": found})
        )
        assert date_rows(rows, municipality=municipality) == expected
