"""The dashboard's charts, remembered by all they are made of and the language
(`dashboard._line_chart`, `charts._progress_bars`, `charts._budget_bars`), are the charts drawn
afresh: for any figures, one after another in any languages, so that a chart remembered for
other figures or another language is never given for these."""

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.measures import charts
from querschnitt.measures.charts import BudgetRow, ProgressBar
from querschnitt.measures.dashboard import IndicatorTrend, decimal_shown
from querschnitt.measures.tests.test_dashboard_rows import LANGUAGES, budget_row, text, trends
from querschnitt.monitoring.charts import Point, Series, line_chart

languages = st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3)
progress_bar = st.builds(
    ProgressBar,
    label=text,
    percent=st.one_of(st.none(), st.integers(-5, 120)),
    indent=st.integers(0, 4),
)


def drawn_afresh(trend: IndicatorTrend, ident: str, actual: str, target: str) -> str:
    """The chart as `IndicatorTrend.chart` drew it before it was remembered."""
    decimals = trend.indicator.decimals
    series = [
        Series(
            actual,
            [
                Point(
                    str(y),
                    float(trend.actuals[y][0]) if y in trend.actuals else None,
                    decimal_shown(trend.actuals[y][0], decimals) if y in trend.actuals else "–",
                )
                for y in trend.years
            ],
        ),
        Series(
            target,
            [
                Point(
                    str(y),
                    float(trend.targets[y]) if y in trend.targets else None,
                    decimal_shown(trend.targets.get(y), decimals),
                )
                for y in trend.years
            ],
        ),
    ]
    return line_chart(ident, trend.label, series, unit=trend.indicator.unit, decimals=decimals)


@settings(max_examples=300, deadline=None)
@given(
    drawn=st.lists(st.tuples(trends(), st.sampled_from(LANGUAGES)), min_size=1, max_size=4),
    labels=st.tuples(text, text),
)
def test_a_remembered_line_chart_is_the_chart_drawn_afresh(drawn, labels) -> None:
    for (trend, _chart), language in drawn:
        with translation.override(language):
            ident = f"indicator-{trend.indicator.pk}"
            expected = drawn_afresh(trend, ident, *labels)
            assert trend.chart(ident, *labels) == expected
            assert trend.chart(ident, *labels) == expected


@settings(max_examples=300, deadline=None)
@given(
    drawn=st.lists(
        st.tuples(st.lists(progress_bar, max_size=4), st.lists(budget_row, max_size=4)),
        min_size=1,
        max_size=4,
    ),
    title=text,
    language=languages,
)
def test_remembered_bars_are_the_bars_drawn_afresh(drawn, title, language) -> None:
    for (bars, rows), code in zip(drawn, language * len(drawn), strict=False):
        with translation.override(code):
            progress = charts._progress_bars.__wrapped__("fields", title, tuple(bars), code)
            budget = charts._budget_bars.__wrapped__("budget", title, tuple(rows), code)
            assert charts.progress_bars("fields", title, bars) == progress
            assert charts.budget_bars("budget", title, rows) == budget


def test_a_changed_figure_or_language_draws_the_chart_anew() -> None:
    rows = [BudgetRow("Bildung", 10.0, 5.0, "10 €", "5 €")]
    changed = [BudgetRow("Bildung", 10.0, 6.0, "10 €", "6 €")]
    with translation.override("de"):
        before = charts.progress_bars("fields", "Fortschritt", [ProgressBar("Bildung", 40)])
        after = charts.progress_bars("fields", "Fortschritt", [ProgressBar("Bildung", 41)])
        assert before != after
        assert "41 %" in after
        assert "6 €" in charts.budget_bars("budget", "Budget", changed)
        assert "6 €" not in charts.budget_bars("budget", "Budget", rows)
        german = charts.progress_bars("fields", "Fortschritt", [ProgressBar("Bildung", None)])
        assert translation.gettext("no data") in german
    with translation.override("ar"):
        arabic = charts.progress_bars("fields", "Fortschritt", [ProgressBar("Bildung", None)])
        assert translation.gettext("no data") in arabic
    assert german != arabic
