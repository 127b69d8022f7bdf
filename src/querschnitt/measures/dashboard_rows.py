"""The loops of a controlling dashboard (`measures/_dashboard.html`) written out in Python
(see core/rows.py), exactly as the template's `{% for %}` loops wrote them;
`tests/test_dashboard_rows.py` renders both for arbitrary text in every language. The public
dashboard is rendered afresh on the first request after every change of the municipality's
data, and these loops through the template engine were half of that. The template's own
words are printed as `{% translate %}` prints them: not escaped (they are ours)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.rows import date_shown, shown
from querschnitt.measures.charts import BudgetRow
from querschnitt.measures.dashboard import IndicatorTrend, Node


def _percent(node: Node, no_data: str) -> str:
    percent = node.percent
    return no_data if percent is None else f"{shown(percent)} %"


def field_rows(fields: Iterable[Node]) -> SafeString:
    """The rows of the table of fields of action."""
    no_data = _("no data")
    return mark_safe(
        "".join(
            f'<tr class="kern-table__row" data-node="{shown(node.node)}">'
            f'<th class="kern-table__cell" scope="row">{shown(node.label)}</th>'
            f'<td class="kern-table__cell qs-number">{shown(node.measures)}</td>'
            f'<td class="kern-table__cell qs-number" data-percent>{_percent(node, no_data)}</td>'
            "</tr>"
            for node in fields
        )
    )


def goal_rows(goals: Iterable[Node]) -> SafeString:
    """The rows of the table of goals, indented by depth."""
    no_data = _("no data")
    return mark_safe(
        "".join(
            f'<tr class="kern-table__row" data-node="{shown(node.node)}">'
            f'<th class="kern-table__cell qs-measures-indent-{shown(node.depth)}" scope="row">'
            f"{shown(node.key)} {shown(node.label)}</th>"
            f'<td class="kern-table__cell qs-number">{shown(node.measures)}</td>'
            f'<td class="kern-table__cell qs-number" data-percent>{_percent(node, no_data)}</td>'
            "</tr>"
            for node in goals
        )
    )


def budget_rows(rows: Iterable[BudgetRow]) -> SafeString:
    """The rows of the budget table: planned and spent per field of action."""
    return mark_safe(
        "".join(
            '<tr class="kern-table__row">'
            f'<th class="kern-table__cell" scope="row">{shown(row.label)}</th>'
            f'<td class="kern-table__cell qs-number">{shown(row.planned_shown)}</td>'
            f'<td class="kern-table__cell qs-number">{shown(row.spent_shown)}</td></tr>'
            for row in rows
        )
    )


def _reached(reached: bool | None, texts: dict[str, str]) -> str:
    if reached is True:
        return texts["yes"]
    if reached is False:
        return texts["not yet"]
    return "–"


def _trend_rows(trend: IndicatorTrend, texts: dict[str, str]) -> str:
    monitoring = trend.monitoring
    parts = []
    for row in trend.rows():
        monitored = ""
        if monitoring:
            value = monitoring.get(row["year"])
            shown_value = floatformat(value, 1) if row["year"] in monitoring else ""
            monitored = f'<td class="kern-table__cell qs-number">{shown_value}</td>'
        parts.append(
            '<tr class="kern-table__row">'
            f'<th class="kern-table__cell" scope="row">{shown(row["year"])}</th>'
            f'<td class="kern-table__cell qs-number">{shown(row["target"])}</td>'
            f'<td class="kern-table__cell qs-number">{shown(row["actual"])}</td>'
            f'<td class="kern-table__cell">{_reached(row["reached"], texts)}</td>'
            f"{monitored}</tr>"
        )
    return "".join(parts)


def _trend(trend: IndicatorTrend, chart: Any, texts: dict[str, str]) -> str:
    indicator = trend.indicator
    pk, label = shown(indicator.pk), shown(trend.label)
    monitoring_header = (
        f'<th class="kern-table__header qs-number" scope="col">{texts["monitoring"]}</th>'
        if trend.monitoring
        else ""
    )
    return (
        f'\n    <h3 class="kern-heading-small" id="indicator-{pk}-heading">{label} '
        f"({shown(indicator.unit)}, {shown(indicator.get_direction_display())})</h3>\n"
        '    <div class="qs-chart-and-table">\n'
        f'      <figure class="qs-figure">{shown(chart)}</figure>\n'
        '      <div class="kern-table-responsive qs-table-region" role="region" tabindex="0" '
        f'aria-labelledby="indicator-{pk}-caption">\n'
        '        <table class="kern-table kern-table--small">\n'
        f'          <caption class="kern-sr-only" id="indicator-{pk}-caption">{label}</caption>\n'
        '          <thead class="kern-table__head"><tr class="kern-table__row">'
        f'<th class="kern-table__header" scope="col">{texts["Year"]}</th>'
        f'<th class="kern-table__header qs-number" scope="col">{texts["target"]}</th>'
        f'<th class="kern-table__header qs-number" scope="col">{texts["actual"]}</th>'
        f'<th class="kern-table__header" scope="col">{texts["reached"]}</th>'
        f"{monitoring_header}</tr></thead>\n"
        '          <tbody class="kern-table__body">\n'
        f"            {_trend_rows(trend, texts)}\n"
        "          </tbody>\n"
        "        </table>\n"
        "      </div>\n"
        "    </div>\n  "
    )


def indicators(charts: Sequence[tuple[IndicatorTrend, Any]]) -> SafeString:
    """The section of indicators against their targets: per indicator its chart and table."""
    if not charts:
        return mark_safe(f'\n    <p class="kern-body">{_("No indicators yet.")}</p>\n  ')
    texts = {
        word: _(word)
        for word in ("Year", "target", "actual", "reached", "monitoring", "yes", "not yet")
    }
    return mark_safe("".join(_trend(trend, chart, texts) for trend, chart in charts))


def _total(total: Node, rollup: Any) -> str:
    if total.percent is None:
        return f'\n    <p class="qs-measures-big" data-node="total">{_("no data")}</p>\n  '
    measures = shown(total.measures)
    counted = ngettext("%(count)s measure counts.", "%(count)s measures count.", total.measures)
    computed = ""
    if rollup:
        when = date_shown(rollup.computed_at, "SHORT_DATETIME_FORMAT")
        computed = " " + _("Computed on %(when)s.") % {"when": when}
    return (
        f'\n    <p class="qs-measures-big" data-node="total">{shown(total.percent)} %</p>\n'
        f'    <p class="kern-body">{counted % {"count": measures}}{computed}</p>\n  '
    )


def _chart_and_table(name: str, title: str, chart: Any, head: str, rows: Any) -> str:
    return (
        '\n  <div class="qs-chart-and-table">\n'
        f'    <figure class="qs-figure">{shown(chart)}</figure>\n'
        '    <div class="kern-table-responsive qs-table-region" role="region" tabindex="0" '
        f'aria-labelledby="{name}-caption">\n'
        '      <table class="kern-table kern-table--small">\n'
        f'        <caption class="kern-title" id="{name}-caption">{title}</caption>\n'
        '        <thead class="kern-table__head"><tr class="kern-table__row">'
        f"{head}</tr></thead>\n"
        '        <tbody class="kern-table__body">\n'
        f"          {shown(rows)}\n"
        "        </tbody>\n"
        "      </table>\n"
        "    </div>\n"
        "  </div>\n"
    )


def _heads(*words: str) -> str:
    first, *rest = words
    return f'<th class="kern-table__header" scope="col">{first}</th>' + "".join(
        f'<th class="kern-table__header qs-number" scope="col">{word}</th>' for word in rest
    )


def figures(context: dict[str, Any]) -> SafeString:
    """`measures/_dashboard.html`, the figures of a dashboard, for the context it takes."""
    year = context["year"]
    by_field, by_goal = _("Progress by field of action"), _("Progress by goal")
    budget = _("Budget %(year)s: planned and spent") % {"year": shown(year)}
    budget_by_field = _("Budget %(year)s by field of action") % {"year": shown(year)}
    earlier, later = int(year) - 1, int(year) + 1
    field_head = _heads(_("Field of action"), _("Measures"), _("Progress"))
    goal_head = _heads(_("Goal"), _("Measures"), _("Progress"))
    budget_head = _heads(_("Field of action"), _("planned"), _("spent"))
    return mark_safe(
        '\n<section aria-labelledby="total-heading">\n'
        '  <h2 class="kern-heading-medium" id="total-heading">'
        f"{_('The catalogue as a whole')}</h2>\n"
        f"  {_total(context['total'], context.get('rollup'))}\n"
        "</section>\n\n"
        '<section aria-labelledby="fields-heading">\n'
        f'  <h2 class="kern-heading-medium" id="fields-heading">{by_field}</h2>'
        + _chart_and_table(
            "fields", by_field, context["fields_chart"], field_head, context["field_rows"]
        )
        + "</section>\n\n"
        '<section aria-labelledby="goals-heading">\n'
        f'  <h2 class="kern-heading-medium" id="goals-heading">{by_goal}</h2>'
        + _chart_and_table(
            "goals", by_goal, context["goals_chart"], goal_head, context["goal_rows"]
        )
        + "</section>\n\n"
        '<section aria-labelledby="budget-heading">\n'
        f'  <h2 class="kern-heading-medium" id="budget-heading">{budget}</h2>'
        + _chart_and_table(
            "budget",
            budget_by_field,
            context["budget_chart"],
            budget_head,
            context["budget_table_rows"],
        )
        + f'  <p class="kern-body"><a class="kern-link" href="?jahr={shown(earlier)}">'
        f"{_('Budget %(year)s') % {'year': shown(earlier)}}</a> · "
        f'<a class="kern-link" href="?jahr={shown(later)}">'
        f"{_('Budget %(year)s') % {'year': shown(later)}}</a></p>\n"
        "</section>\n\n"
        '<section aria-labelledby="indicators-heading">\n'
        '  <h2 class="kern-heading-medium" id="indicators-heading">'
        f"{_('Indicators against their targets')}</h2>\n"
        f"  {shown(context['indicator_rows'])}\n"
        "</section>\n"
    )
