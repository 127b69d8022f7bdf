"""What the services of measures share."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality


def check_same_municipality(municipality: Municipality, **related: Any) -> None:
    """Related objects (or each one of a list) must belong to the municipality."""
    for field, value in related.items():
        objects = value if isinstance(value, list | tuple | set) else [value]
        for obj in objects:
            if obj is not None and getattr(obj, "municipality_id", None) != municipality.pk:
                raise ValidationError({field: _("Choose one of this municipality.")})
