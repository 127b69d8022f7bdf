"""The monitoring's section of the public start page."""

from typing import Any

from querschnitt.core.models import Municipality
from querschnitt.monitoring.models import Indicator


def start_section(municipality: Municipality) -> dict[str, Any] | None:
    indicators = list(
        Indicator.objects.filter(municipality=municipality, is_published=True)
        .order_by("position", "key")
        .values("key", "name")[:3]
    )
    if not indicators:
        return None
    return {"indicators": indicators}
