"""The network's section of the public start page."""

from typing import Any

from querschnitt.core.models import Municipality
from querschnitt.network.models import Alliance


def start_section(municipality: Municipality) -> dict[str, Any]:
    return {
        "alliances": list(
            Alliance.objects.filter(municipality=municipality).select_related("declaration")
        )
    }
