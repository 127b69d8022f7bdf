"""The rows of the office's list of meetings written out in Python (`bodies/staff_rows.py`)
give exactly what the template loop gave, for any text, in every language and zone, for every
state (and an unknown one), cancelled or not, published or not, with or without minutes, and
for an empty list; and so do the rows of the list of papers (public or not, published or not,
paths of any length, bodies with and without a short name) and of the list of bodies (every
kind and an unknown one, public or not, with and without problems)."""

import datetime
import zoneinfo

from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.bodies.models import Body, Consultation, Meeting, Paper
from querschnitt.bodies.selectors.composition import Problem
from querschnitt.bodies.staff_rows import (
    STAFF_MEETING_ROW_FIELDS,
    STAFF_PAPER_ROW_FIELDS,
    staff_body_rows,
    staff_meeting_rows,
    staff_paper_rows,
)
from querschnitt.core.models import Municipality

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
tricky = st.one_of(text, st.sampled_from(["<b>&amp;", "\"'", "\u202e\u2066x\u2069", ""]))
moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2090, 1, 1)),
    st.sampled_from([datetime.UTC, zoneinfo.ZoneInfo("Europe/Berlin")]),
)

# The loop of bodies/staff/meeting_list.html as it stood before the rows were written in Python.
MEETING_LOOP = (
    "{% load i18n %}"
    + """{% for meeting in object_list %}
          <tr class="kern-table__row">
            <th class="kern-table__cell" scope="row"><a class="kern-link" href="{% murl 'staff:meeting_detail' pk=meeting.pk %}">{{ meeting.name }}</a></th>
            <td class="kern-table__cell qs-bodies-nowrap">{{ meeting.start|date:"SHORT_DATETIME_FORMAT" }}</td>
            <td class="kern-table__cell">{{ meeting.get_state_display }}{% if meeting.cancelled %}, {% translate "cancelled" %}{% endif %}</td>
            <td class="kern-table__cell">{{ meeting.item_count }}</td>
            <td class="kern-table__cell">{% if meeting.published_at %}{% translate "yes" %}{% else %}{% translate "no" %}{% endif %}</td>
            <td class="kern-table__cell">{% if meeting.minutes_count %}{% translate "yes" %}{% elif meeting.state == "held" %}{% translate "missing" %}{% else %}–{% endif %}</td>
          </tr>
        {% empty %}
          <tr class="kern-table__row"><td class="kern-table__cell" colspan="6">{% translate "No meetings found." %}</td></tr>
        {% endfor %}"""  # noqa: E501
)


def meeting(pk, name, start, state, cancelled, published, items, minutes) -> Meeting:
    found = Meeting(
        pk=pk,
        name=name,
        start=start,
        state=state,
        cancelled=cancelled,
        published_at=start if published else None,
    )
    found.item_count = items  # type: ignore[attr-defined]
    found.minutes_count = minutes  # type: ignore[attr-defined]
    return found


@settings(max_examples=200, deadline=None)
@given(
    meetings=st.lists(
        st.builds(
            meeting,
            st.integers(1, 10**9),
            tricky,
            moments,
            st.sampled_from([*Meeting.State.values, "unknown"]),
            st.booleans(),
            st.booleans(),
            st.integers(0, 12345),
            st.integers(0, 2),
        ),
        max_size=4,
    ),
    language=st.sampled_from(LANGUAGES),
    zone=st.sampled_from(["Europe/Berlin", "UTC", "Asia/Tehran"]),
)
def test_staff_meeting_rows_are_the_template_rows(meetings, language, zone) -> None:
    rows = [{name: getattr(found, name) for name in STAFF_MEETING_ROW_FIELDS} for found in meetings]
    with translation.override(language), timezone.override(zone):
        expected = Template(MEETING_LOOP).render(
            Context({"municipality": MUNICIPALITY, "object_list": meetings})
        )
        assert staff_meeting_rows(rows, municipality=MUNICIPALITY) == expected


# The loop of bodies/staff/paper_list.html as it stood before the rows were written in Python.
PAPER_LOOP = (
    "{% load i18n %}"
    + """{% for paper in object_list %}
          <tr class="kern-table__row">
            <th class="kern-table__cell qs-bodies-nowrap" scope="row"><a class="kern-link" href="{% murl 'staff:paper_detail' pk=paper.pk %}">{{ paper.reference }}</a></th>
            <td class="kern-table__cell">{{ paper.name }}</td>
            <td class="kern-table__cell qs-bodies-nowrap">{{ paper.date|date:"SHORT_DATE_FORMAT" }}</td>
            <td class="kern-table__cell">{% for step in paper.path %}{{ step.body.short_name|default:step.body.name }}{% if not forloop.last %} → {% endif %}{% empty %}–{% endfor %}</td>
            <td class="kern-table__cell">{% if not paper.public %}{% translate "no" %}{% elif paper.published_at %}{% translate "published" %}{% else %}{% translate "not yet published" %}{% endif %}</td>
          </tr>
        {% empty %}
          <tr class="kern-table__row"><td class="kern-table__cell" colspan="5">{% translate "No papers found." %}</td></tr>
        {% endfor %}"""  # noqa: E501
)


def paper(pk, reference, name, day, public, published, steps) -> Paper:
    found = Paper(
        pk=pk,
        reference=reference,
        name=name,
        date=day,
        public=public,
        published_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) if published else None,
    )
    found.path = [  # type: ignore[attr-defined]
        Consultation(body=Body(short_name=short_name, name=name)) for short_name, name in steps
    ]
    return found


@settings(max_examples=200, deadline=None)
@given(
    papers=st.lists(
        st.builds(
            paper,
            st.integers(1, 10**9),
            tricky,
            tricky,
            st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2090, 1, 1)),
            st.booleans(),
            st.booleans(),
            st.lists(st.tuples(tricky, tricky), max_size=3),
        ),
        max_size=4,
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_staff_paper_rows_are_the_template_rows(papers, language) -> None:
    rows = [
        {name: getattr(found, name) for name in STAFF_PAPER_ROW_FIELDS}
        | {"path": [step.body.short_name or step.body.name for step in found.path]}
        for found in papers
    ]
    with translation.override(language):
        expected = Template(PAPER_LOOP).render(
            Context({"municipality": MUNICIPALITY, "object_list": papers})
        )
        assert staff_paper_rows(rows, municipality=MUNICIPALITY) == expected


# The loop of bodies/staff/body_list.html as it stood before the rows were written in Python.
BODY_LOOP = (
    "{% load i18n %}"
    + """{% for body, problems in rows %}
          <tr class="kern-table__row">
            <th class="kern-table__cell" scope="row"><a class="kern-link" href="{% murl 'staff:body_detail' pk=body.pk %}">{{ body.name }}</a>{% if not body.is_public %} <span class="kern-badge kern-badge--info"><span class="kern-label">{% translate "not public" %}</span></span>{% endif %}</th>
            <td class="kern-table__cell">{{ body.get_kind_display }}</td>
            <td class="kern-table__cell">
              {% if problems %}
                <ul class="kern-list">{% for problem in problems %}<li>{{ problem.message }}</li>{% endfor %}</ul>
              {% else %}{% translate "As the rules ask" %}{% endif %}
            </td>
          </tr>
        {% empty %}
          <tr class="kern-table__row"><td class="kern-table__cell" colspan="3">{% translate "No bodies." %}</td></tr>
        {% endfor %}"""  # noqa: E501
)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.builds(
                lambda pk, name, kind, public: Body(
                    pk=pk, municipality=MUNICIPALITY, name=name, kind=kind, is_public=public
                ),
                st.integers(1, 10**9),
                tricky,
                st.sampled_from([*Body.Kind.values, "unknown"]),
                st.booleans(),
            ),
            st.lists(st.builds(Problem, tricky, tricky, tricky), max_size=3),
        ),
        max_size=4,
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_staff_body_rows_are_the_template_rows(rows, language) -> None:
    with translation.override(language):
        expected = Template(BODY_LOOP).render(Context({"municipality": MUNICIPALITY, "rows": rows}))
        assert staff_body_rows(rows, municipality=MUNICIPALITY) == expected
