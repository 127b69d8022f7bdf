"""The dashboard's loops written out in Python (`measures/dashboard_rows.py`) are exactly what
the template loops of `measures/_dashboard.html` wrote, for any text, in every language, for
every variant of a row (no data, a figure, reached or not, with and without the monitoring's
values) and for no indicator at all."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.measures import dashboard_rows
from querschnitt.measures.charts import BudgetRow
from querschnitt.measures.dashboard import IndicatorTrend, Node
from querschnitt.measures.dashboard_reads import IndicatorRow
from querschnitt.measures.rollup import Figure
from querschnitt.strategy.models import ControllingIndicator

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
translated = st.dictionaries(st.sampled_from([*LANGUAGES, "xx"]), text, max_size=3)
keys = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)
amounts = st.decimals(min_value=-(10**6), max_value=10**9, places=4, allow_nan=False)

# The loops the functions replace, as they stood in measures/_dashboard.html.
FIELDS_LOOP = """{% load i18n %}{% for node in fields %}<tr class="kern-table__row" data-node="{{ node.node }}"><th class="kern-table__cell" scope="row">{{ node.label }}</th><td class="kern-table__cell qs-number">{{ node.measures }}</td><td class="kern-table__cell qs-number" data-percent>{% if node.percent is not None %}{{ node.percent }} %{% else %}{% translate "no data" %}{% endif %}</td></tr>{% endfor %}"""  # noqa: E501
GOALS_LOOP = """{% load i18n %}{% for node in goals %}<tr class="kern-table__row" data-node="{{ node.node }}"><th class="kern-table__cell qs-measures-indent-{{ node.depth }}" scope="row">{{ node.key }} {{ node.label }}</th><td class="kern-table__cell qs-number">{{ node.measures }}</td><td class="kern-table__cell qs-number" data-percent>{% if node.percent is not None %}{{ node.percent }} %{% else %}{% translate "no data" %}{% endif %}</td></tr>{% endfor %}"""  # noqa: E501
BUDGET_LOOP = """{% load i18n %}{% for row in budget_rows %}<tr class="kern-table__row"><th class="kern-table__cell" scope="row">{{ row.label }}</th><td class="kern-table__cell qs-number">{{ row.planned_shown }}</td><td class="kern-table__cell qs-number">{{ row.spent_shown }}</td></tr>{% endfor %}"""  # noqa: E501
INDICATORS_LOOP = """{% load i18n %}{% for trend, chart in indicator_charts %}
    <h3 class="kern-heading-small" id="indicator-{{ trend.indicator.pk }}-heading">{{ trend.label }} ({{ trend.indicator.unit }}, {{ trend.indicator.get_direction_display }})</h3>
    <div class="qs-chart-and-table">
      <figure class="qs-figure">{{ chart }}</figure>
      <div class="kern-table-responsive qs-table-region" role="region" tabindex="0" aria-labelledby="indicator-{{ trend.indicator.pk }}-caption">
        <table class="kern-table kern-table--small">
          <caption class="kern-sr-only" id="indicator-{{ trend.indicator.pk }}-caption">{{ trend.label }}</caption>
          <thead class="kern-table__head"><tr class="kern-table__row"><th class="kern-table__header" scope="col">{% translate "Year" %}</th><th class="kern-table__header qs-number" scope="col">{% translate "target" %}</th><th class="kern-table__header qs-number" scope="col">{% translate "actual" %}</th><th class="kern-table__header" scope="col">{% translate "reached" %}</th>{% if trend.monitoring %}<th class="kern-table__header qs-number" scope="col">{% translate "monitoring" %}</th>{% endif %}</tr></thead>
          <tbody class="kern-table__body">
            {% for row in trend.rows %}<tr class="kern-table__row"><th class="kern-table__cell" scope="row">{{ row.year }}</th><td class="kern-table__cell qs-number">{{ row.target }}</td><td class="kern-table__cell qs-number">{{ row.actual }}</td><td class="kern-table__cell">{% if row.reached is True %}{% translate "yes" %}{% elif row.reached is False %}{% translate "not yet" %}{% else %}–{% endif %}</td>{% if trend.monitoring %}<td class="kern-table__cell qs-number">{% for year, value in trend.monitoring.items %}{% if year == row.year %}{{ value|floatformat:1 }}{% endif %}{% endfor %}</td>{% endif %}</tr>{% endfor %}
          </tbody>
        </table>
      </div>
    </div>
  {% empty %}
    <p class="kern-body">{% translate "No indicators yet." %}</p>
  {% endfor %}"""  # noqa: E501

figure = st.builds(
    Figure,
    measures=st.integers(0, 10**6),
    weight=st.decimals(min_value=0, max_value=10**4, places=2, allow_nan=False),
    weighted=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
)
node = st.builds(
    Node,
    node=text,
    key=text,
    label=text,
    depth=st.integers(0, 5),
    figure=st.one_of(st.none(), figure),
)
budget_row = st.builds(
    BudgetRow,
    label=text,
    planned=st.floats(0, 10**9),
    spent=st.floats(0, 10**9),
    planned_shown=text,
    spent_shown=text,
)
years = st.lists(st.integers(1990, 2100), unique=True, max_size=4).map(sorted)


@st.composite
def trends(draw: st.DrawFn) -> tuple[IndicatorTrend, str]:
    indicator = IndicatorRow(
        pk=draw(st.integers(1, 10**6)),
        key=draw(keys),
        name=draw(translated),
        unit=draw(text),
        decimals=draw(st.integers(0, 3)),
        direction=draw(st.sampled_from(ControllingIndicator.Direction.values)),
        baseline=None,
        baseline_year=None,
        monitoring_indicator_id=None,
    )
    shown_years = draw(years)
    some_years = st.sampled_from(shown_years) if shown_years else st.nothing()
    targets = draw(st.dictionaries(some_years, amounts))
    actuals = draw(st.dictionaries(some_years, st.tuples(amounts, st.just(date(2024, 5, 1)), text)))
    monitoring = draw(
        st.dictionaries(
            st.one_of(some_years, st.integers(1990, 2100)),
            st.floats(-(10**6), 10**6, allow_nan=False),
        )
    )
    chart = draw(st.sampled_from(["", "<svg>chart</svg>"]))
    return IndicatorTrend(indicator, shown_years, targets, actuals, monitoring), chart


@settings(max_examples=200, deadline=None)
@given(nodes=st.lists(node, max_size=4), language=st.sampled_from(LANGUAGES))
def test_node_rows_are_the_template_rows(nodes, language) -> None:
    with translation.override(language):
        fields = Template(FIELDS_LOOP).render(Context({"fields": nodes}))
        goals = Template(GOALS_LOOP).render(Context({"goals": nodes}))
        assert dashboard_rows.field_rows(nodes) == fields
        assert dashboard_rows.goal_rows(nodes) == goals


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(budget_row, max_size=4), language=st.sampled_from(LANGUAGES))
def test_budget_rows_are_the_template_rows(rows, language) -> None:
    with translation.override(language):
        expected = Template(BUDGET_LOOP).render(Context({"budget_rows": rows}))
        assert dashboard_rows.budget_rows(rows) == expected


@settings(max_examples=300, deadline=None)
@given(charts=st.lists(trends(), max_size=3), language=st.sampled_from(LANGUAGES))
def test_indicators_are_the_template_loop(charts, language) -> None:
    with translation.override(language):
        expected = Template(INDICATORS_LOOP).render(Context({"indicator_charts": charts}))
        assert dashboard_rows.indicators(charts) == expected


@settings(max_examples=200, deadline=None)
@given(
    key=keys,
    name=translated,
    direction=st.one_of(st.sampled_from(ControllingIndicator.Direction.values), keys),
    language=st.sampled_from(LANGUAGES),
)
def test_an_indicator_row_is_named_as_its_indicator(key, name, direction, language) -> None:
    """The dashboard's row of a controlling indicator names it and its direction as the
    model instance did (`__str__`, `get_direction_display`), an unknown direction too."""
    indicator = ControllingIndicator(key=key, name=name, direction=direction)
    row = IndicatorRow(1, key, name, "", 0, direction, None, None, None)
    with translation.override(language):
        assert str(row) == str(indicator)
        assert row.get_direction_display() == indicator.get_direction_display()


@dataclass(frozen=True)
class Computed:
    computed_at: datetime


pieces = st.one_of(text, text.map(mark_safe))
moments = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, ZoneInfo("Europe/Berlin")]),
)


@settings(max_examples=300, deadline=None)
@given(
    total=node,
    rollup=st.one_of(st.none(), st.builds(Computed, moments)),
    year=st.integers(1990, 2100),
    parts=st.fixed_dictionaries(
        dict.fromkeys(
            (
                "fields_chart",
                "field_rows",
                "goals_chart",
                "goal_rows",
                "budget_chart",
                "budget_table_rows",
                "indicator_rows",
            ),
            pieces,
        )
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_figures_are_the_template(total, rollup, year, parts, language) -> None:
    """`figures` writes what `measures/_dashboard.html` (the office's dashboard includes it)
    renders, with or without a total, a roll-up and its time, in every language."""
    context = {"total": total, "rollup": rollup, "year": year, **parts}
    with translation.override(language):
        expected = render_to_string("measures/_dashboard.html", context)
        assert dashboard_rows.figures(context) == expected
