"""Charts of the controlling as SVG, drawn on the server: progress as bars on a 0–100 %
track, budgets planned against spent, and indicator trends against targets (the monitoring's
line chart). Every bar carries its words and number, so nothing depends on colour; the page
shows the same figures in a table beside each chart."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.monitoring.charts import COLOURS, isolated, nice_maximum, svg

WIDTH, LABEL, RIGHT = 640, 230, 90


@dataclass(frozen=True)
class ProgressBar:
    label: str
    percent: int | None
    indent: int = 0


def progress_bars(ident: str, title: str, bars: Sequence[ProgressBar]) -> SafeString:
    """One bar a row on a track from 0 to 100 %, in the given order; "no data" where no
    measure counts."""
    return _progress_bars(ident, title, tuple(bars), get_language())


@lru_cache(maxsize=256)
def _progress_bars(
    ident: str, title: str, bars: tuple[ProgressBar, ...], language: str | None
) -> SafeString:
    # The dashboard is drawn afresh after every change of the municipality's data, mostly
    # with the same bars: remembered by all they are made of, and the language of its words.
    row = 26
    height = 10 + row * len(bars) + 24
    plot = WIDTH - LABEL - RIGHT
    body = []
    for index, bar in enumerate(bars):
        y = 10 + index * row
        body.append(
            f'<text x="{LABEL - 8 - 0}" y="{y + 17}" text-anchor="end" fill="#222">'
            f"{isolated(('· ' * bar.indent) + bar.label)}</text>"
        )
        body.append(
            f'<rect x="{LABEL}" y="{y + 5}" width="{plot}" height="16" fill="#ffffff" '
            f'stroke="#5c6670" stroke-width="1"/>'
        )
        if bar.percent is None:
            shown = _("no data")
        else:
            shown = f"{bar.percent} %"
            if bar.percent > 0:
                body.append(
                    f'<rect x="{LABEL}" y="{y + 5}" width="{bar.percent / 100 * plot:.1f}" '
                    f'height="16" fill="{COLOURS[0]}"/>'
                )
        body.append(f'<text x="{LABEL + plot + 6}" y="{y + 17}" fill="#222">{escape(shown)}</text>')
    axis_y = 10 + row * len(bars) + 16
    for tick in (0, 50, 100):
        body.append(
            f'<text x="{LABEL + tick / 100 * plot:.1f}" y="{axis_y}" text-anchor="middle" '
            f'font-size="11" fill="#333">{tick} %</text>'
        )
    description = "; ".join(
        f"{bar.label}: {_('no data') if bar.percent is None else f'{bar.percent} %'}"
        for bar in bars
    )
    return svg(WIDTH, height, ident, title, description, "".join(body))


@dataclass(frozen=True)
class BudgetRow:
    label: str
    planned: float
    spent: float
    planned_shown: str
    spent_shown: str


def budget_bars(ident: str, title: str, rows: Sequence[BudgetRow]) -> SafeString:
    """Per row two bars, each named: "planned" drawn as an outline, "spent" filled."""
    return _budget_bars(ident, title, tuple(rows), get_language())


@lru_cache(maxsize=256)
def _budget_bars(
    ident: str, title: str, rows: tuple[BudgetRow, ...], language: str | None
) -> SafeString:
    # remembered as `_progress_bars` is
    bar, gap = 16, 14
    group = 2 * bar + gap
    height = 10 + group * len(rows) + 10
    maximum = nice_maximum(max((max(r.planned, r.spent) for r in rows), default=0))
    plot = WIDTH - LABEL - RIGHT - 60
    planned_word, spent_word = _("planned"), _("spent")
    body = []
    for index, row in enumerate(rows):
        y = 10 + index * group
        body.append(
            f'<text x="{LABEL - 8}" y="{y + bar + 4}" text-anchor="end" fill="#222">'
            f"{isolated(row.label)}</text>"
        )
        for offset, value, shown, word, filled in (
            (0, row.planned, row.planned_shown, planned_word, False),
            (bar, row.spent, row.spent_shown, spent_word, True),
        ):
            length = value / maximum * plot if maximum else 0
            fill = COLOURS[0] if filled else "#ffffff"
            body.append(
                f'<rect x="{LABEL}" y="{y + offset}" width="{max(length, 1):.1f}" '
                f'height="{bar - 3}" fill="{fill}" stroke="{COLOURS[0]}" stroke-width="1.5"/>'
            )
            body.append(
                f'<text x="{LABEL + length + 5:.1f}" y="{y + offset + bar - 5}" font-size="11" '
                f'fill="#222">{isolated(f"{word} {shown}")}</text>'
            )
    description = "; ".join(
        f"{r.label}: {planned_word} {r.planned_shown}, {spent_word} {r.spent_shown}" for r in rows
    )
    return svg(WIDTH, height, ident, title, description, "".join(body))
