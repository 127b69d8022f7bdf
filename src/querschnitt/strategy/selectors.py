"""Reads of the strategy that pages reuse."""

from functools import partial
from typing import Any

from django.db.models import QuerySet

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import RawRows
from querschnitt.core.versioned import remembered
from querschnitt.strategy.models import FieldOfAction
from querschnitt.strategy.start_rows import card_rows, cards_of, start_card_rows


def fields_of_action(*, municipality: Municipality) -> QuerySet[FieldOfAction]:
    return FieldOfAction.objects.filter(municipality=municipality).order_by("position", "id")


def drawn_cards(municipality: Municipality) -> RawRows:
    """The rows of the cards as the database gives them, remembered per content version
    (`core.versioned`)."""
    return remembered(municipality, "strategy:start", lambda: card_rows(municipality))


def start_section(municipality: Municipality, drawn: RawRows) -> dict[str, Any] | None:
    """The fields of action on the public start page (left out when there are none), what the
    cards show of them read by plain SQL in the order of `fields_of_action`."""
    fields = cards_of(drawn)
    if not fields:
        return None
    return {
        "fields_of_action": fields,
        "cards": partial(start_card_rows, fields, municipality=municipality),
    }
