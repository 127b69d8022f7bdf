"""The measures' section of the public start page: how far the catalogue has come (one
query by plain SQL, `drawn_total`: the total of the stored public roll-up as JSON text, taken
out of its figures by the database, since the rest of them and its CSV are not shown here; the
section's markup is kept by that text, `core.start_page.drawn_markup`), written in
Python exactly as `measures/start_section.html` writes it (`portal/tests/test_start_sections.py`
compares both in every language)."""

import json
from decimal import Decimal
from typing import Any

from django.db import connections, router
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.models import Municipality
from querschnitt.core.rows import shown
from querschnitt.core.sql_rows import rows_of
from querschnitt.core.start_page import address
from querschnitt.measures.models import Rollup
from querschnitt.measures.rollup import TOTAL, Figure, whole_percent

# The figure of the whole catalogue in the first public roll-up, as JSON text (None: no
# roll-up, or none with a total), by database.
PUBLIC_TOTAL_SQL = {
    "postgresql": """SELECT ("figures" -> %s)::text FROM "measures_rollup"
WHERE "municipality_id" = %s AND "scope" = %s ORDER BY "id" LIMIT 1""",
    "sqlite": """SELECT json_extract("figures", %s) FROM "measures_rollup"
WHERE "municipality_id" = %s AND "scope" = %s ORDER BY "id" LIMIT 1""",
}


def drawn_total(municipality: Municipality) -> str | None:
    """The section's row: `Rollup.objects.filter(municipality=…, scope=PUBLIC).first()
    .figures.get(TOTAL)` as the JSON text the database gives."""
    connection = connections[router.db_for_read(Rollup)]
    key = TOTAL if connection.vendor == "postgresql" else f'$."{TOTAL}"'
    found = rows_of(
        connection.alias,
        PUBLIC_TOTAL_SQL[connection.vendor],
        [key, municipality.pk, Rollup.Scope.PUBLIC],
    )
    return found[0][0] if found else None


def start_section(municipality: Municipality, drawn: str | None) -> dict[str, Any] | None:
    if drawn is None:
        return None
    total = json.loads(drawn)
    # what `Figure.from_json` reads of it, without the yearly budgets
    figure = Figure(weight=Decimal(total["weight"]), weighted=Decimal(total["weighted"]))
    percent = whole_percent(figure.progress)
    if percent is None:
        return None
    return {"measures": total["measures"], "percent": percent}


def section_markup(municipality: Municipality, section: dict[str, Any]) -> str:
    count = section["measures"]
    sentence = ngettext(
        "%(count)s measure of the catalogue stands at %(percent)s %% on average.",
        "%(count)s measures of the catalogue stand at %(percent)s %% on average.",
        count,
    ) % {"count": shown(count), "percent": shown(section["percent"])}
    catalogue = shown(address(municipality, "measures:catalogue"))
    dashboard = shown(address(municipality, "measures:dashboard"))
    title = _("Catalogue of measures")
    return (
        '<section aria-labelledby="measures-start">\n'
        f'  <h2 class="kern-heading-medium" id="measures-start">{title}</h2>\n'
        f'  <p class="kern-body">{sentence}</p>\n'
        f'  <p class="kern-body"><a class="kern-link" href="{catalogue}">{title}</a> · '
        f'<a class="kern-link" href="{dashboard}">{_("Progress of the measures")}</a></p>\n'
        "</section>\n"
    )
