"""The staff's list of measures: its rows written out in Python give exactly what the template
loop gave, for any text, in every language, for every variant of a row and an empty list; its
filter choices, remembered per content version, show a renamed state or department at once in
every language, and only in their own municipality."""

import re
from html import unescape

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import translation
from django_scopes import scope
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import signed_in_client
from querschnitt.core.models import Department, Municipality
from querschnitt.measures.models import Measure, MeasureState
from querschnitt.measures.staff_rows import measure_rows

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
translated = st.dictionaries(st.sampled_from([*LANGUAGES, "xx"]), text, max_size=3)
keys = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)

# The loop the function replaces, as it stood in measures/staff/measure_list.html.
MEASURE_LOOP = """{% load i18n querschnitt %}{% for measure in object_list %}
          <tr class="kern-table__row">
            <th class="kern-table__cell" scope="row"><a class="kern-link" href="{% murl 'staff:measure_detail' pk=measure.pk %}"><span class="qs-measures-key">{{ measure.key }}</span> {% with title=measure.title|translated %}<span lang="{{ title.language }}" dir="{{ title.direction }}">{{ title.text }}</span>{% endwith %}</a></th>
            <td class="kern-table__cell">{{ measure.state }}</td>
            <td class="kern-table__cell">{% if measure.lead_department %}{{ measure.lead_department.short_name|default:measure.lead_department.name }}{% else %}–{% endif %}</td>
            <td class="kern-table__cell qs-number">{% if measure.reported_progress is not None %}{{ measure.reported_progress }} %{% else %}–{% endif %}</td>
          </tr>
        {% empty %}
          <tr class="kern-table__row"><td class="kern-table__cell" colspan="4">{% translate "No measures." %}</td></tr>
        {% endfor %}"""  # noqa: E501


def measure(pk, key, title, state_key, state_name, department, progress) -> Measure:
    found = Measure(pk=pk, key=key, title=title, reported_progress=progress)
    found.state = MeasureState(key=state_key, name=state_name)
    found.lead_department = (
        Department(name=department[0], short_name=department[1]) if department else None
    )
    return found


def values(found: Measure) -> dict:
    department = found.lead_department
    return {
        "pk": found.pk,
        "key": found.key,
        "title": found.title,
        "state__key": found.state.key,
        "state__name": found.state.name,
        "lead_department__name": department.name if department else None,
        "lead_department__short_name": department.short_name if department else None,
        "reported_progress": found.reported_progress,
    }


measures = st.builds(
    measure,
    st.integers(1, 10**9),
    keys,
    translated,
    keys,
    translated,
    st.one_of(st.none(), st.tuples(text, text)),
    st.one_of(st.none(), st.integers(0, 100)),
)


@settings(max_examples=200, deadline=None)
@given(found=st.lists(measures, max_size=4), language=st.sampled_from(LANGUAGES))
def test_measure_rows_are_the_template_rows(found, language) -> None:
    with translation.override(language):
        expected = Template(MEASURE_LOOP).render(
            Context({"municipality": MUNICIPALITY, "object_list": found})
        )
        assert measure_rows([values(m) for m in found], municipality=MUNICIPALITY) == expected


def options(client, slug: str, name: str) -> list[str]:
    html = client.get(f"/{slug}/verwaltung/massnahmen/").content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None
    return [unescape(t) for t in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))]


@pytest.mark.django_db
def test_a_renamed_state_and_department_show_in_the_filters_at_once(mannheim, bamberg) -> None:
    clients = {}
    for language in ("de", "ar"):
        for slug, email in (
            ("mannheim", "team@mannheim.example"),
            ("bamberg", "team@bamberg.example"),
        ):
            client = signed_in_client(email)
            client.cookies["qs_language"] = language
            clients[(slug, language)] = client
    before = {key: options(client, key[0], "state") for key, client in clients.items()}
    departments = {key: options(client, key[0], "department") for key, client in clients.items()}
    with scope(municipality=mannheim):
        state = MeasureState.objects.order_by("position").first()
        state.name = {"de": "Umbenannter Zustand", "ar": "حالة معاد تسميتها"}
        state.save()
        department = Department.objects.create(municipality=mannheim, name="Neues Amt für Tests")
    for (slug, language), client in clients.items():
        if slug == "bamberg":
            assert options(client, slug, "state") == before[(slug, language)]
            assert options(client, slug, "department") == departments[(slug, language)]
            continue
        renamed = "حالة معاد تسميتها" if language == "ar" else "Umbenannter Zustand"
        assert renamed in options(client, slug, "state")
        assert renamed not in before[(slug, language)]
        assert department.name in options(client, slug, "department")
