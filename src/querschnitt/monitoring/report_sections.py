"""The kinds of sections a report can have; other apps add their own here.

A domain app that has something to report (the state of the catalogue of measures, say)
registers a kind in its `AppConfig.ready()`:

    from querschnitt.monitoring import report_sections
    report_sections.register(report_sections.SectionKind(
        "measures", _("state of the catalogue of measures"), render_measures))

`render(report, section)` returns the section's HTML in the report's language (it is called
inside `translation.override(report.language)`); it must show only what may be published.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from querschnitt.monitoring.models import ReportSection


@dataclass(frozen=True)
class SectionKind:
    key: str
    label: str | Promise
    render: Callable[[Any, Any], str] | None = None


kinds: dict[str, SectionKind] = {
    choice.value: SectionKind(choice.value, choice.label) for choice in ReportSection.Kind
}


def register(kind: SectionKind) -> None:
    kinds[kind.key] = kind


def section_kinds() -> list[tuple[str, str | Promise]]:
    return [(kind.key, kind.label) for kind in kinds.values()]
