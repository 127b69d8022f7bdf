"""Sections that the apps contribute to a municipality's public start page.

    from querschnitt.core import start_page
    start_page.register(start_page.Section("network", "network/start_section.html",
                                           network_start_context, order=40))

The start page renders each section's template with the context its function returns for the
municipality; a function that returns None leaves its section out.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from querschnitt.core.models import Municipality


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable[[Municipality], dict[str, Any] | None]
    order: int = 100


sections: dict[str, Section] = {}


def register(section: Section) -> None:
    sections[section.name] = section


def rendered_sections(municipality: Municipality) -> list[dict[str, Any]]:
    """Each section with a context, in order: `{"template": …, "context": …}`."""
    found = []
    for section in sorted(sections.values(), key=lambda section: (section.order, section.name)):
        context = section.context(municipality)
        if context is not None:
            found.append({"template": section.template, "context": context})
    return found
