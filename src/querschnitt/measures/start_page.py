"""The measures' section of the public start page: how far the catalogue has come (one
query, the stored public roll-up)."""

from typing import Any

from querschnitt.core.models import Municipality
from querschnitt.measures.models import Rollup
from querschnitt.measures.rollup import TOTAL, Figure, whole_percent


def start_section(municipality: Municipality) -> dict[str, Any] | None:
    rollup = Rollup.objects.filter(municipality=municipality, scope=Rollup.Scope.PUBLIC).first()
    if rollup is None or TOTAL not in rollup.figures:
        return None
    total = Figure.from_json(rollup.figures[TOTAL])
    percent = whole_percent(total.progress)
    if percent is None:
        return None
    return {"measures": total.measures, "percent": percent}
