"""The rows of the office's list of events written out in Python (`events/staff_rows.py`)
give exactly what the template loop gave, for any title (and none), with and without a format,
in every language and zone, for every state (and an unknown one), every organiser (with and
without its body or organisation), every list shown, and for an empty list."""

import datetime
import zoneinfo

from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.bodies.models import Body
from querschnitt.core.models import Municipality
from querschnitt.events.models import Event, Format
from querschnitt.events.staff_rows import STAFF_EVENT_ROW_FIELDS, staff_event_rows
from querschnitt.network.models import Organisation

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim", office_name="Büro <&>")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
tricky = st.one_of(text, st.sampled_from(["<b>&amp;", "\"'", "\u202e\u2066x\u2069", "", " "]))
moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2090, 1, 1)),
    st.sampled_from([datetime.UTC, zoneinfo.ZoneInfo("Europe/Berlin")]),
)

# The loop of events/staff/event_list.html as it stood before the rows were written in Python.
EVENT_LOOP = (
    "{% load i18n %}"
    + """{% for event in object_list %}
          <tr class="kern-table__row">
            <th class="kern-table__cell" scope="row"><a class="kern-link" href="{% murl 'staff:event_detail' pk=event.pk %}">{{ event }}</a>{% if event.format %}<br><span class="kern-body--small">{{ event.format.name }}</span>{% endif %}</th>
            <td class="kern-table__cell qs-events-nowrap">{% if shown == "vergangen" %}{{ event.start|date:"SHORT_DATETIME_FORMAT" }}{% elif event.next_start %}{{ event.next_start|date:"SHORT_DATETIME_FORMAT" }}{% else %}–{% endif %}</td>
            <td class="kern-table__cell">{{ event.date_count }}</td>
            <td class="kern-table__cell">{{ event.get_state_display }}{% if event.source_changed %}<br><span class="kern-badge kern-badge--warning"><span class="kern-label">{% translate "changed at the source" %}</span></span>{% endif %}</td>
            <td class="kern-table__cell">{% if event.organiser == "office" %}{% translate "the office" %}{% else %}<bdi>{{ event.organiser_name }}</bdi>{% endif %}</td>
          </tr>
        {% empty %}
          <tr class="kern-table__row"><td class="kern-table__cell" colspan="5">{% translate "No events found." %}</td></tr>
        {% endfor %}"""  # noqa: E501
)


def event(pk, title, format_name, start, next_start, count, state, changed, organiser, names):
    found = Event(
        pk=pk,
        municipality=MUNICIPALITY,
        title=title,
        start=start,
        state=state,
        source_changed=changed,
        organiser=organiser,
    )
    if format_name is not None:
        found.format = Format(pk=7, name=format_name)
    body_name, organisation_name = names
    if body_name is not None:
        found.organiser_body = Body(pk=8, name=body_name)
    if organisation_name is not None:
        found.organiser_organisation = Organisation(pk=9, name=organisation_name)
    found.next_start = next_start  # type: ignore[attr-defined]
    found.date_count = count  # type: ignore[attr-defined]
    return found


def as_values(found: Event) -> dict:
    body, organisation = found.organiser_body, found.organiser_organisation
    return {
        "pk": found.pk,
        "title": found.title,
        "format_id": found.format.pk if found.format else None,
        "format__name": found.format.name if found.format else None,
        "start": found.start,
        "next_start": found.next_start,  # type: ignore[attr-defined]
        "date_count": found.date_count,  # type: ignore[attr-defined]
        "state": found.state,
        "source_changed": found.source_changed,
        "organiser": found.organiser,
        "organiser_body__name": body.name if body else None,
        "organiser_organisation__name": organisation.name if organisation else None,
    }


@settings(max_examples=300, deadline=None)
@given(
    events=st.lists(
        st.builds(
            event,
            st.integers(1, 10**9),
            st.dictionaries(st.sampled_from([*LANGUAGES, "xx"]), tricky, max_size=3),
            st.one_of(st.none(), tricky),
            moments,
            st.one_of(st.none(), moments),
            st.integers(0, 12345),
            st.sampled_from([*Event.State.values, "unknown"]),
            st.booleans(),
            st.sampled_from([*Event.Organiser.values, "unknown"]),
            st.tuples(st.one_of(st.none(), tricky), st.one_of(st.none(), tricky)),
        ),
        max_size=4,
    ),
    shown=st.sampled_from(["kommend", "eingereicht", "entwurf", "vergangen", "importiert"]),
    language=st.sampled_from(LANGUAGES),
    zone=st.sampled_from(["Europe/Berlin", "UTC", "Asia/Tehran"]),
)
def test_staff_event_rows_are_the_template_rows(events, shown, language, zone) -> None:
    rows = [as_values(found) for found in events]
    assert all(set(row) == set(STAFF_EVENT_ROW_FIELDS) for row in rows)
    with translation.override(language), timezone.override(zone):
        expected = Template(EVENT_LOOP).render(
            Context({"municipality": MUNICIPALITY, "object_list": events, "shown": shown})
        )
        assert staff_event_rows(rows, shown_list=shown, municipality=MUNICIPALITY) == expected


def test_remembered_moments_follow_zone_language_and_fold() -> None:
    """The moments shown are remembered: the same moment in another zone or language, and an
    equal wall time of the other fold, are shown as the template shows them."""
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    moments = [
        datetime.datetime(2026, 10, 25, 2, 30, tzinfo=berlin, fold=fold) for fold in (0, 1)
    ] + [datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC)]
    events = [
        event(
            pk, {"de": "Abend"}, None, moment, moment, 1, "published", False, "office", (None, None)
        )
        for pk, moment in enumerate(moments, start=1)
    ]
    rows = [as_values(found) for found in events]
    for shown in ("kommend", "vergangen"):
        for zone in ("UTC", "Asia/Tehran", "Europe/Berlin", "UTC"):
            for language in ("de", "en", "de"):
                with translation.override(language), timezone.override(zone):
                    expected = Template(EVENT_LOOP).render(
                        Context(
                            {"municipality": MUNICIPALITY, "object_list": events, "shown": shown}
                        )
                    )
                    found = staff_event_rows(rows, shown_list=shown, municipality=MUNICIPALITY)
                    assert found == expected, (shown, zone, language)
