"""The rows of the audit trail written out in Python give exactly what the template gave, for
any recorded change (text, numbers, lists, before and after) in every language."""

import datetime
import zoneinfo

from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import AuditEntry
from querschnitt.core.rows import AUDIT_ROW_FIELDS, audit_rows

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
ZONES = ["Europe/Berlin", "UTC", "Asia/Tehran", "America/New_York"]
# The loop `audit_rows` replaces, as it stood in core/staff/audit.html.
AUDIT_LOOP = """{% load i18n querschnitt %}{% for entry in object_list %}
          <tr class="kern-table__row">
            <td class="kern-table__cell"><time datetime="{{ entry.created_at|date:'c' }}">{{ entry.created_at|date:"SHORT_DATETIME_FORMAT" }}</time></td>
            <td class="kern-table__cell">{{ entry.actor_label }}</td>
            <td class="kern-table__cell"><code>{{ entry.action }}</code></td>
            <td class="kern-table__cell">{{ entry.target_label }}</td>
            <td class="kern-table__cell">{% for key, value in entry.changes.items %}<div><strong>{{ key }}</strong>: {% if value.from is not None or value.to is not None %}{{ value.from|default:"–" }} → {{ value.to|default:"–" }}{% else %}{{ value }}{% endif %}</div>{% endfor %}</td>
          </tr>
        {% empty %}
          <tr class="kern-table__row"><td class="kern-table__cell" colspan="5">{% translate "Nothing recorded yet." %}</td></tr>
        {% endfor %}"""  # noqa: E501
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3)),
    max_leaves=6,
)
changed = st.fixed_dictionaries({}, optional={"from": json_values, "to": json_values})
# A key named "items" would make the template iterate over its value (a template's lookup
# tries the dictionary first); recorded changes are named after fields, never so.
changes = st.one_of(
    st.dictionaries(
        text.filter(lambda key: key != "items"), st.one_of(json_values, changed), max_size=4
    ),
    st.lists(text, max_size=2),
)
moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
    st.sampled_from([datetime.UTC, zoneinfo.ZoneInfo("Asia/Tehran")]),
)
entries = st.builds(
    AuditEntry,
    created_at=moments,
    actor_label=text,
    action=text,
    target_label=text,
    changes=changes,
)


@settings(max_examples=200, deadline=None)
@given(
    entries=st.lists(entries, max_size=4),
    language=st.sampled_from(LANGUAGES),
    zone=st.sampled_from(ZONES),
)
def test_audit_rows_are_the_template_rows(entries, language, zone) -> None:
    # the zone and language are looked up once a list: each must be the active one
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        expected = Template(AUDIT_LOOP).render(Context({"object_list": entries}))
        values = [{field: getattr(entry, field) for field in AUDIT_ROW_FIELDS} for entry in entries]
        assert audit_rows(values) == expected
