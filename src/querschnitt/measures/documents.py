"""Documents of the catalogue: an edition as PDF (every title in each language it has, each
set in its own direction) and the council report as HTML and PDF. Both are made in the
background (`tasks.py`) with their progress recorded, and only ever show what is public."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation

from querschnitt.core.pdf import pdf_context, pdf_from_html
from querschnitt.core.translation import translate
from querschnitt.measures.dashboard import dashboard
from querschnitt.measures.models import (
    Catalogue,
    CatalogueEntry,
    CouncilReport,
    Measure,
    ProgressReport,
)
from querschnitt.measures.selectors import catalogue_q, public_q

Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    pass


def language_names() -> dict[str, str]:
    from django.conf import settings

    return {code: str(name) for code, name in settings.LANGUAGES}


def translations(value: dict[str, str], first: str) -> list[dict[str, str]]:
    """The other languages of a text, each with its direction, for documents that show all."""
    from django.conf import settings

    return [
        {
            "language": code,
            "text": text,
            "direction": "rtl" if code in settings.LANGUAGES_BIDI else "ltr",
        }
        for code, text in sorted(value.items())
        if code != first and text.strip()
    ]


def edition_groups(entries: list[CatalogueEntry], language: str) -> list[dict[str, Any]]:
    """The entries grouped by their first field of action, in the edition's order."""
    groups: dict[str, dict[str, Any]] = {}
    for entry in entries:
        key, name = entry.fields_of_action[0] if entry.fields_of_action else ("", {})
        group = groups.setdefault(
            key, {"key": key, "name": translate(name, language).text if name else "", "rows": []}
        )
        group["rows"].append(
            {
                "entry": entry,
                "title": translate(entry.title, language),
                "titles": translations(entry.title, translate(entry.title, language).language),
                "description": translate(entry.description, language),
                "state": translate(entry.state_name, language).text,
                "goals": [f"{k} {translate(n, language).text}" for k, n in entry.goals],
                "budget": sorted(entry.budget.items()),
            }
        )
    return list(groups.values())


def edition_pdf(
    catalogue: Catalogue, *, language: str = "de", progress: Progress = no_progress
) -> bytes:
    entries = list(
        CatalogueEntry.objects.filter(
            municipality=catalogue.municipality_id, catalogue=catalogue
        ).order_by("position")
    )
    progress(1, 3)
    with translation.override(language):
        html = render_to_string(
            "measures/pdf/edition.html",
            {
                "catalogue": catalogue,
                "municipality": catalogue.municipality,
                "groups": edition_groups(entries, language),
            }
            | pdf_context(language),
        )
    progress(2, 3)
    return pdf_from_html(html)


# ------------------------------------------------------------------------------------------
# The council report


def css_text() -> str:
    parts = []
    for name in ("core/pdf.css", "measures/report.css"):
        found = finders.find(name)
        if found and not isinstance(found, list):
            parts.append(Path(found).read_text(encoding="utf-8"))
    return "\n".join(parts)


def council_report_sections(
    report: CouncilReport,
) -> list[tuple[str, Callable[[], dict[str, Any]]]]:
    municipality = report.municipality
    year = report.year

    def progress_section() -> dict[str, Any]:
        return {"board": dashboard(municipality=municipality, public=True, year=year)}

    def catalogue_section() -> dict[str, Any]:
        measures = list(
            Measure.objects.filter(catalogue_q(year), public_q(), municipality=municipality)
            .select_related("state", "lead_department")
            .prefetch_related("fields_of_action")
            .order_by("key")
        )
        return {"measures": measures}

    def reports_section() -> dict[str, Any]:
        # per measure only its last report of the year (the index by measure and period)
        last_of_year = (
            ProgressReport.objects.filter(
                municipality=municipality, measure=OuterRef("measure"), period_end__year=year
            )
            .order_by("-period_start")
            .values("pk")[:1]
        )
        reports = (
            ProgressReport.objects.filter(
                public_q("measure__"),
                municipality=municipality,
                period_end__year=year,
                pk=Subquery(last_of_year),
            )
            .select_related("measure", "department")
            .order_by("measure__key")
        )
        return {"latest_reports": list(reports)}

    return [
        ("progress", progress_section),
        ("catalogue", catalogue_section),
        ("reports", reports_section),
    ]


def council_report_html(report: CouncilReport, *, progress: Progress = no_progress) -> str:
    sections = council_report_sections(report)
    context: dict[str, Any] = {}
    with translation.override(report.language):
        for index, (_name, build) in enumerate(sections, start=1):
            context |= build()
            progress(index, len(sections) + 1)
        return render_to_string(
            "measures/pdf/council_report.html",
            context
            | {
                "report": report,
                "municipality": report.municipality,
                "css": css_text(),
                "produced": timezone.localdate(),
            }
            | pdf_context(report.language),
        )


def council_report_pdf(html: str) -> bytes:
    return pdf_from_html(html)
