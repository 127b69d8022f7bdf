"""The network's section of the public start page."""

from typing import Any

from querschnitt.core.models import Municipality
from querschnitt.core.versioned import remembered
from querschnitt.network.models import Alliance


def start_section(municipality: Municipality) -> dict[str, Any]:
    """The alliances, remembered per content version (`core.versioned`)."""
    return {
        "alliances": remembered(
            municipality,
            "network:start",
            lambda: list(
                Alliance.objects.filter(municipality=municipality).select_related("declaration")
            ),
        )
    }
