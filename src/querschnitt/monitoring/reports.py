"""Composing a report into one HTML document: for the preview, the HTML file and the PDF.

The report is rendered in its own language (interface texts and translated content), with
`dir="rtl"` for Arabic and Persian. Indicators show the same charts and tables as their public
pages, from published values only.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from querschnitt.monitoring import report_sections
from querschnitt.monitoring.models import Report, ReportSection
from querschnitt.monitoring.presentation import IndicatorPage, Selection
from querschnitt.monitoring.segregation import segregation
from querschnitt.monitoring.selectors import areas_of, indicator_data, shown, symbol_explanations

CSS_PATH = Path(__file__).parent / "static" / "monitoring" / "report.css"


def sections_of(report: Report) -> list[ReportSection]:
    return list(
        ReportSection.objects.filter(municipality=report.municipality_id, report=report)
        .select_related("indicator__numerator__source", "indicator__denominator__source")
        .order_by("position", "id")
    )


def render_section(report: Report, section: ReportSection, areas: list[Any]) -> SafeString:
    kind = report_sections.kinds.get(section.kind)
    if kind is not None and kind.render is not None:
        return mark_safe(kind.render(report, section))
    context: dict[str, Any] = {"report": report, "section": section}
    if section.kind == ReportSection.Kind.INDICATOR and section.indicator is not None:
        data = indicator_data(indicator=section.indicator, areas=areas)
        selection = Selection(
            year=data.latest if report.year not in data.years else report.year,
            series=data.series[0][0] if data.series else "",
            category=data.categories[0][0] if data.categories else "",
        )
        context |= {"data": data, "page": IndicatorPage(data, selection, f"s{section.pk}")}
    elif section.kind == ReportSection.Kind.SEGREGATION:
        groups = segregation(municipality=report.municipality)
        years = sorted({year for group in groups for year in group.values})
        context |= {
            "years": years,
            "rows": [
                {
                    "label": g.label,
                    "values": [
                        shown(g.values.get(y), "" if g.values.get(y) is not None else ".", 3)
                        for y in years
                    ],
                }
                for g in groups
            ],
        }
    return mark_safe(render_to_string("monitoring/report/section.html", context))


def render_report(
    report: Report,
    *,
    standalone: bool,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """The whole report as one HTML document. `standalone`: with its CSS inside (the HTML
    file and the PDF); otherwise the CSS is linked (the preview, under the CSP)."""
    sections = sections_of(report)
    areas = areas_of(municipality=report.municipality, boundaries=True)
    with translation.override(report.language):
        parts = []
        for index, section in enumerate(sections, start=1):
            parts.append(render_section(report, section, areas))
            if progress is not None:
                progress(index, len(sections))
        return render_to_string(
            "monitoring/report/document.html",
            {
                "report": report,
                "municipality": report.municipality,
                "sections": parts,
                "standalone": standalone,
                "css": CSS_PATH.read_text(encoding="utf-8") if standalone else "",
                "symbols": symbol_explanations(),
            },
        )
