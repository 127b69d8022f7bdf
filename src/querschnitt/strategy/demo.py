"""Demo data of the strategy: each demo municipality's fields of action."""

from typing import Any

from querschnitt.core.models import Municipality
from querschnitt.strategy.models import FieldOfAction


def load_fields_of_action(municipality: Municipality, city: dict[str, Any]) -> None:
    for position, field in enumerate(city["fields_of_action"]):
        FieldOfAction.objects.update_or_create(
            municipality=municipality,
            key=field["key"],
            defaults={
                "name": field["name"],
                "description": field["description"],
                "position": position,
            },
        )
