"""Reads of the strategy that pages reuse."""

from django.db.models import QuerySet

from querschnitt.core.models import Municipality
from querschnitt.strategy.models import FieldOfAction


def fields_of_action(*, municipality: Municipality) -> QuerySet[FieldOfAction]:
    return FieldOfAction.objects.filter(municipality=municipality).order_by("position", "id")
