"""Reads of the strategy that pages reuse."""

from typing import Any

from django.db.models import QuerySet

from querschnitt.core.models import Municipality
from querschnitt.core.versioned import remembered
from querschnitt.strategy.models import FieldOfAction


def fields_of_action(*, municipality: Municipality) -> QuerySet[FieldOfAction]:
    return FieldOfAction.objects.filter(municipality=municipality).order_by("position", "id")


def start_section(municipality: Municipality) -> dict[str, Any] | None:
    """The fields of action on the public start page (left out when there are none);
    remembered per content version (`core.versioned`)."""
    fields = remembered(
        municipality,
        "strategy:start",
        lambda: list(fields_of_action(municipality=municipality)),
    )
    return {"fields_of_action": fields} if fields else None
