"""Demo data of the network (to be filled: Mannheimer Erklärung and its signatories, Bamberg's
actors). Called by the core demo loader for each city; must stay idempotent."""

from typing import Any

from querschnitt.core.models import Municipality


def load_network(municipality: Municipality, city: dict[str, Any]) -> None:
    """Load the network of one demo city."""
