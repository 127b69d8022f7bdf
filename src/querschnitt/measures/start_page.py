"""The measures' section of the public start page: how far the catalogue has come (one
query by plain SQL, `dashboard_reads.rollup`: the stored public roll-up without its CSV)."""

from typing import Any

from querschnitt.core.models import Municipality
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
