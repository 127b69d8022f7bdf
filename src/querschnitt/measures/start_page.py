"""The measures' section of the public start page: how far the catalogue has come (one
query by plain SQL, `dashboard_reads.rollup`: the stored public roll-up without its CSV),
written in Python exactly as `measures/start_section.html` writes it
(`portal/tests/test_start_sections.py` compares both in every language)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import shown
from querschnitt.measures.dashboard_reads import rollup
from querschnitt.measures.models import Rollup
from querschnitt.measures.rollup import TOTAL, Figure, whole_percent


def start_section(municipality: Municipality) -> dict[str, Any] | None:
    public = rollup(municipality=municipality, scope=Rollup.Scope.PUBLIC)
    if public is None or TOTAL not in public.figures:
        return None
    total = Figure.from_json(public.figures[TOTAL])
    percent = whole_percent(total.progress)
    if percent is None:
        return None
    return {"measures": total.measures, "percent": percent}


def section_markup(municipality: Municipality, section: dict[str, Any]) -> str:
    count = section["measures"]
    sentence = ngettext(
        "%(count)s measure of the catalogue stands at %(percent)s %% on average.",
        "%(count)s measures of the catalogue stand at %(percent)s %% on average.",
        count,
    ) % {"count": shown(count), "percent": shown(section["percent"])}
    catalogue = shown(municipality_reverse(municipality, "measures:catalogue"))
    dashboard = shown(municipality_reverse(municipality, "measures:dashboard"))
    title = _("Catalogue of measures")
    return (
        '<section aria-labelledby="measures-start">\n'
        f'  <h2 class="kern-heading-medium" id="measures-start">{title}</h2>\n'
        f'  <p class="kern-body">{sentence}</p>\n'
        f'  <p class="kern-body"><a class="kern-link" href="{catalogue}">{title}</a> · '
        f'<a class="kern-link" href="{dashboard}">{_("Progress of the measures")}</a></p>\n'
        "</section>\n"
    )
