"""The monitoring's section of the public start page: a pointer to it, without a query (the
start page answers with at most three)."""

from typing import Any

from querschnitt.core.models import Municipality


def start_section(municipality: Municipality) -> dict[str, Any] | None:
    return {}
