"""The monitoring's section of the public start page: a pointer to it, without a query (the
start page answers with at most three), written in Python exactly as
`monitoring/start_section.html` writes it (`portal/tests/test_start_sections.py` compares
both in every language)."""

from typing import Any

from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.rows import shown
from querschnitt.core.start_page import address


def drawn(municipality: Municipality) -> tuple[()]:
    """No rows: the section's markup is kept by what it is written in alone."""
    return ()


def start_section(municipality: Municipality, drawn: tuple[()]) -> dict[str, Any] | None:
    return {}


def section_markup(municipality: Municipality, section: dict[str, Any]) -> str:
    def link(viewname: str, label: str) -> str:
        url = shown(address(municipality, viewname))
        return f'\n    <li><a class="kern-link" href="{url}">{label}</a></li>'

    return (
        '<section aria-labelledby="monitoring-start">\n'
        '  <h2 class="kern-heading-medium" id="monitoring-start">'
        f"{_('Integration monitoring')}</h2>\n"
        '  <p class="kern-body">'
        f"{_('Figures on living together, for the whole municipality and its districts.')}</p>\n"
        '  <ul class="kern-list">'
        f"{link('monitoring:overview', _('All indicators'))}"
        f"{link('monitoring:areas', _('Districts'))}"
        f"{link('monitoring:reports', _('Integration reports'))}"
        "\n  </ul>\n</section>\n"
    )
