"""Reads of the strategy that pages reuse."""

from functools import partial
from typing import Any

from django.db.models import QuerySet

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import all_rows
from querschnitt.core.versioned import remembered
from querschnitt.strategy.models import FieldOfAction
from querschnitt.strategy.start_rows import field_cards


def fields_of_action(*, municipality: Municipality) -> QuerySet[FieldOfAction]:
    return FieldOfAction.objects.filter(municipality=municipality).order_by("position", "id")


def start_section(municipality: Municipality) -> dict[str, Any] | None:
    """The fields of action on the public start page (left out when there are none), read by
    plain SQL as `fields_of_action` reads them; remembered per content version
    (`core.versioned`)."""
    fields = remembered(
        municipality,
        "strategy:start",
        lambda: all_rows(
            FieldOfAction, '"municipality_id" = %s', [municipality.pk], order_by='"position", "id"'
        ),
    )
    if not fields:
        return None
    return {"fields_of_action": fields, "cards": partial(field_cards, fields)}
