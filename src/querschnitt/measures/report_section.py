"""The section "state of the catalogue of measures" of the monitoring's integration report
(`monitoring.report_sections`): public measures only, in the report's language."""

from typing import Any

from django.template.loader import render_to_string

from querschnitt.measures.dashboard import dashboard


def render_measures(report: Any, section: Any) -> str:
    board = dashboard(municipality=report.municipality, public=True, year=report.year)
    return render_to_string(
        "measures/report_section.html", {"report": report, "section": section, "board": board}
    )
