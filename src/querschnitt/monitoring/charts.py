"""Charts as SVG, drawn on the server: a time series, a sorted bar chart, grouped bars and a
choropleth map. No JavaScript; every chart has a title and a text alternative (`<desc>`), and
the page shows the same numbers in a table beside it. Colours meet 3:1 against white and
series differ by marker shape too, not by colour alone. Presentation attributes only (no
`style`), so the content security policy holds and WeasyPrint draws them in PDFs.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from querschnitt.monitoring.geo import outlines

COLOURS = ["#1f4e8c", "#b3412e", "#2e6b30", "#6a3d9a", "#8a5a00", "#00707a"]
MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square"]
# Sequential classes of the map, light to dark; the borders carry the contrast.
MAP_CLASSES = ["#deebf7", "#9ecae1", "#5a9bd0", "#2b6cb0", "#0b3c7a"]
HIDDEN_FILL = "#ffffff"
FONT = 'font-family="Fira Sans, Noto Sans, Noto Sans Arabic, sans-serif"'


@dataclass(frozen=True)
class Point:
    x: str  # a category on the x axis, e.g. a year
    value: float | None
    shown: str  # the number as the table shows it, or its symbol


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[Point]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    shown: str
    highlight: bool = False


def isolated(text: str) -> str:
    """A label set apart for the bidirectional algorithm (first-strong isolate): an Arabic
    label reads right to left, a German district name left to right, inside the chart."""
    return f"\u2068{escape(text)}\u2069"


def fmt(value: float, decimals: int) -> str:
    from querschnitt.monitoring.selectors import localised

    return localised(value, decimals)


def nice_maximum(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def nice_step(value: float) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) near `value`."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def axis(maximum: float, count: int = 4) -> tuple[float, list[float]]:
    """The top of the axis and its ticks, at round steps."""
    step = nice_step(maximum / count)
    top = step * max(1, math.ceil(maximum / step - 1e-9))
    return top, [step * i for i in range(round(top / step) + 1)]


def tick_decimals(step: float) -> int:
    return 0 if float(step).is_integer() else max(0, -math.floor(math.log10(step)) + 1)


def legend_positions(labels: Sequence[str], left: float, right: float) -> list[tuple[float, int]]:
    """Where each legend entry starts: side by side while they fit (about 7 px a character),
    then on the next line."""
    positions = []
    x, y = left, 0
    for label in labels:
        needed = 30 + 7 * len(label)
        if x > left and x + needed > right:
            x, y = left, y + 22
        positions.append((x, y))
        x += needed
    return positions


def legend_lines(labels: Sequence[str], left: float, right: float) -> int:
    if len(labels) < 2:
        return 0
    return legend_positions(labels, left, right)[-1][1] // 22 + 1


def svg(
    width: int, height: int, ident: str, title: str, description: str, body: str, kind: str = ""
) -> SafeString:
    css = f"qs-chart qs-chart--{kind}" if kind else "qs-chart"
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        f'class="{css}" direction="ltr" {FONT} font-size="13">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>{body}</svg>'
    )


def marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} '
            f'{x - 5:.1f},{y + 4:.1f}" fill="{colour}"/>'
        )
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} '
            f'{x - 5:.1f},{y:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'


def line_chart(
    ident: str, title: str, series: Sequence[Series], *, unit: str, decimals: int
) -> SafeString:
    """Values over the years; a hidden value leaves a gap."""
    width, left, right, top = 640, 70, 20, 20
    legend_rows = legend_lines([s.label for s in series], left, width - right)
    plot_height = 200
    height = top + plot_height + 40 + legend_rows * 22
    xs = list(dict.fromkeys(point.x for s in series for point in s.points))
    known = [p.value for s in series for p in s.points if p.value is not None]
    maximum, tick_values = axis(max(known, default=0) or 1)
    places = tick_decimals(tick_values[1] - tick_values[0]) if len(tick_values) > 1 else 0
    body = []
    for tick in tick_values:
        y = top + plot_height - tick / maximum * plot_height
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#c8ccd2" stroke-width="1"/>'
        )
        body.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#333">'
            f"{escape(fmt(tick, places))}</text>"
        )
    step = (width - left - right) / max(len(xs), 1)

    def x_of(label: str) -> float:
        return left + step * (xs.index(label) + 0.5)

    for label in xs:
        body.append(
            f'<text x="{x_of(label):.1f}" y="{top + plot_height + 20}" '
            f'text-anchor="middle" fill="#333">{escape(label)}</text>'
        )
    for index, line in enumerate(series):
        colour, shape = COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)]
        segment: list[str] = []
        segments = []
        for point in line.points:
            if point.value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            y = top + plot_height - point.value / maximum * plot_height
            segment.append(f"{x_of(point.x):.1f},{y:.1f}")
            body.append(marker(shape, x_of(point.x), y, colour))
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                body.append(
                    f'<polyline points="{" ".join(points)}" fill="none" '
                    f'stroke="{colour}" stroke-width="2.5"/>'
                )
        if legend_rows:
            lx, ly = legend_positions([s.label for s in series], left, width - right)[index]
            ly += top + plot_height + 42
            body.append(marker(shape, lx, ly - 4, colour))
            body.append(f'<text x="{lx + 10}" y="{ly}" fill="#222">{isolated(line.label)}</text>')
    description = describe_series(series, unit)
    return svg(width, height, ident, title, description, "".join(body))


def describe_series(series: Sequence[Series], unit: str) -> str:
    parts = []
    for line in series:
        values = [f"{p.x}: {p.shown}" for p in line.points]
        prefix = f"{line.label}: " if line.label else ""
        parts.append(prefix + "; ".join(values))
    return " – ".join(parts) + (f" ({unit})" if unit else "")


def bar_chart(
    ident: str, title: str, bars: Sequence[Bar], *, unit: str, decimals: int
) -> SafeString:
    """Horizontal bars, largest first; a hidden value shows its symbol instead of a bar."""
    ordered = sorted(bars, key=lambda bar: (bar.value is None, -(bar.value or 0)))
    width, label_width, right, row = 640, 210, 70, 24
    height = 10 + row * len(ordered) + 10
    maximum = nice_maximum(max((b.value for b in ordered if b.value is not None), default=0))
    plot = width - label_width - right
    body = []
    for index, bar in enumerate(ordered):
        y = 10 + index * row
        weight = ' font-weight="600"' if bar.highlight else ""
        body.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" fill="#222"'
            f"{weight}>{isolated(bar.label)}</text>"
        )
        length = 0.0 if bar.value is None else bar.value / maximum * plot
        colour = COLOURS[1] if bar.highlight else COLOURS[0]
        if length > 0:
            body.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="16" '
                f'fill="{colour}"/>'
            )
        body.append(
            f'<text x="{label_width + length + 6:.1f}" y="{y + 16}" fill="#222">'
            f"{escape(bar.shown)}</text>"
        )
    shown = [b for b in ordered if b.value is not None]
    if shown:
        description = _("Highest: %(high)s (%(high_value)s); lowest: %(low)s (%(low_value)s).") % {
            "high": shown[0].label,
            "high_value": shown[0].shown,
            "low": shown[-1].label,
            "low_value": shown[-1].shown,
        }
    else:
        description = _("No value can be shown.")
    description += " " + "; ".join(f"{b.label}: {b.shown}" for b in ordered)
    return svg(width, height, ident, title, description, "".join(body))


def grouped_bars(
    ident: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str,
    decimals: int,
) -> SafeString:
    """For a breakdown: each category a group of horizontal bars, one per series."""
    width, label_width, right = 640, 210, 70
    bar, gap = 12, 10
    group = bar * len(series) + gap
    legend_rows = legend_lines([s.label for s in series], label_width, width - right)
    height = 10 + group * len(categories) + legend_rows * 22 + 10
    known = [p.value for s in series for p in s.points if p.value is not None]
    maximum = nice_maximum(max(known, default=0))
    plot = width - label_width - right
    body = []
    for c, category in enumerate(categories):
        y0 = 10 + c * group
        body.append(
            f'<text x="{label_width - 8}" y="{y0 + bar * len(series) / 2 + 4:.1f}" '
            f'text-anchor="end" fill="#222">{isolated(category)}</text>'
        )
        for s, line in enumerate(series):
            point = next((p for p in line.points if p.x == category), None)
            y = y0 + s * bar
            colour = COLOURS[s % len(COLOURS)]
            length = 0.0 if point is None or point.value is None else point.value / maximum * plot
            if length > 0:
                body.append(
                    f'<rect x="{label_width}" y="{y}" width="{length:.1f}" '
                    f'height="{bar - 2}" fill="{colour}"/>'
                )
            body.append(
                f'<text x="{label_width + length + 4:.1f}" y="{y + bar - 3}" '
                f'font-size="11" fill="#222">{escape(point.shown if point else "")}</text>'
            )
    positions = legend_positions([line.label for line in series], label_width, width - right)
    for s, line in enumerate(series if legend_rows else []):
        lx, ly = positions[s]
        ly += 10 + group * len(categories) + 16
        body.append(
            f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" '
            f'fill="{COLOURS[s % len(COLOURS)]}"/>'
        )
        body.append(f'<text x="{lx + 16}" y="{ly}" fill="#222">{isolated(line.label)}</text>')
    return svg(width, height, ident, title, describe_series(series, unit), "".join(body))


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    geometry: dict[str, Any]
    value: float | None
    shown: str
    # the geometry's stored text, to remember the district's outline by (`geo.outlines`)
    stored: str | None = None


def class_breaks(values: Sequence[float], classes: int = len(MAP_CLASSES)) -> list[float]:
    """Upper bounds of equal-count classes."""
    ordered = sorted(values)
    if not ordered:
        return []
    return [
        ordered[min(len(ordered) - 1, math.ceil(len(ordered) * (i + 1) / classes) - 1)]
        for i in range(classes)
    ]


def choropleth(
    ident: str, title: str, areas: Sequence[MapArea], *, unit: str, decimals: int
) -> SafeString:
    """Districts coloured by class of their value; a hidden value is white and says so."""
    width = 560
    height, paths = outlines([(a.stored, a.geometry) for a in areas], width - 20)
    known = [a.value for a in areas if a.value is not None]
    breaks = class_breaks(known)
    body = ['<g transform="translate(10,10)">']
    for area, path in zip(areas, paths, strict=True):
        if area.value is None:
            fill = HIDDEN_FILL
        else:
            fill = MAP_CLASSES[next(i for i, bound in enumerate(breaks) if area.value <= bound)]
        body.append(
            f'<path d="{path}" fill="{fill}" stroke="#222" '
            f'stroke-width="1"><title>{escape(area.name)}: {escape(area.shown)}</title></path>'
        )
    body.append("</g>")
    y = height + 30
    lower = min(known, default=0)
    for i, bound in enumerate(breaks):
        if i and bound == breaks[i - 1]:
            continue
        body.append(
            f'<rect x="10" y="{y:.0f}" width="18" height="14" fill="{MAP_CLASSES[i]}" '
            f'stroke="#222"/>'
        )
        label = f"{fmt(lower, decimals)} – {fmt(bound, decimals)}"
        body.append(f'<text x="36" y="{y + 12:.0f}" fill="#222">{escape(label)}</text>')
        lower = bound
        y += 22
    if any(a.value is None for a in areas):
        body.append(
            f'<rect x="10" y="{y:.0f}" width="18" height="14" fill="{HIDDEN_FILL}" stroke="#222"/>'
        )
        body.append(
            f'<text x="36" y="{y + 12:.0f}" fill="#222">{escape(_("no value shown"))}</text>'
        )
        y += 22
    description = "; ".join(f"{a.name}: {a.shown}" for a in areas)
    return svg(width, int(y + 10), ident, title, description, "".join(body), "map")
