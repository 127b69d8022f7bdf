"""The way through the bodies on a measure's public page, written out in Python, gives exactly
what the template loop gave: for any text, in every language, with and without a meeting,
item, body, paper, resolution and answer, and for a measure with no steps."""

import datetime
import zoneinfo

from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.measures.measure_history import history_items

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
ids = st.integers(1, 10**9)
days = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 1, 1))
moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
    st.sampled_from([datetime.UTC, zoneinfo.ZoneInfo("Europe/Berlin")]),
)

# The loop the function replaces, as it stood in measures/measure.html.
HISTORY_LOOP = """{% load i18n querschnitt %}{% for step in history %}
        <li><strong>{{ step.change.decided_on|date:"SHORT_DATE_FORMAT" }}</strong> – {{ step.change.transition|default:step.change.to_state }}: {{ step.change.to_state }}
          {% if step.meeting %}<br><a class="kern-link" href="{% murl 'bodies:meeting_detail' pk=step.meeting.pk %}">{% blocktranslate with body=step.meeting.body.name date=step.meeting.start|date:"SHORT_DATE_FORMAT" %}Meeting of {{ body }} on {{ date }}{% endblocktranslate %}</a>{% if step.item %}, {% translate "item" %} {{ step.item.number }}{% endif %}{% elif step.change.body %}<br><bdi>{{ step.change.body.name }}</bdi>{% endif %}
          {% if step.paper %}<br>{% translate "Paper" %}: <a class="kern-link" href="{% murl 'bodies:paper_detail' pk=step.paper.pk %}">{{ step.paper.reference }} {{ step.paper.name }}</a>{% endif %}
          {% if step.resolution %}<br>{% translate "Resolution" %}: <span lang="de">{{ step.resolution }}</span>{% endif %}
          {% if step.answer %}<br>{% translate "Answer to the proposer" %}: <span lang="de">{{ step.answer }}</span>{% endif %}
        </li>
      {% endfor %}"""  # noqa: E501

steps = st.fixed_dictionaries(
    {
        "change": st.fixed_dictionaries(
            {
                "decided_on": days,
                "transition": text,
                "to_state": text,
                "body": st.one_of(st.none(), st.fixed_dictionaries({"name": text})),
            }
        ),
        "meeting": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"pk": ids, "start": moments, "body": st.fixed_dictionaries({"name": text})}
            ),
        ),
        "item": st.one_of(st.none(), st.fixed_dictionaries({"number": text})),
        "paper": st.one_of(
            st.none(), st.fixed_dictionaries({"pk": ids, "reference": text, "name": text})
        ),
        "resolution": text,
        "answer": text,
    }
)


@settings(max_examples=200, deadline=None)
@given(history=st.lists(steps, max_size=4), language=st.sampled_from(LANGUAGES))
def test_history_items_are_the_template_items(history, language) -> None:
    with translation.override(language):
        expected = Template(HISTORY_LOOP).render(
            Context({"municipality": MUNICIPALITY, "history": history})
        )
        assert history_items(history, municipality=MUNICIPALITY) == expected
