"""Access table: the office's pages of the target system (fields of action, goals, the
guiding principle's versions, indicators)."""

from typing import Any

from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import OFFICE, staff

MANNHEIM = {"municipality__slug": "mannheim"}


def goal(key: str) -> dict[str, Any]:
    from querschnitt.strategy.models import Goal

    with scopes_disabled():
        return {"pk": Goal.objects.get(**MANNHEIM, key=key).pk}


def strategic_goal() -> dict[str, Any]:
    return goal("S1")


def guiding_principle() -> dict[str, Any]:
    return goal("L")


def field_pk() -> dict[str, Any]:
    from querschnitt.strategy.models import FieldOfAction

    with scopes_disabled():
        return {"pk": FieldOfAction.objects.get(**MANNHEIM, key="teilhabe").pk}


def indicator_pk() -> dict[str, Any]:
    from querschnitt.strategy.models import ControllingIndicator

    with scopes_disabled():
        return {"pk": ControllingIndicator.objects.get(**MANNHEIM, key="erstberatung").pk}


ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "staff:goal_list": ({}, staff(*OFFICE)),
    "staff:goal_create": ({}, staff(*OFFICE)),
    "staff:goal_edit": (strategic_goal, staff(*OFFICE)),
    "staff:goal_version_create": (guiding_principle, staff(*OFFICE)),
    "staff:field_of_action_create": ({}, staff(*OFFICE)),
    "staff:field_of_action_edit": (field_pk, staff(*OFFICE)),
    "staff:indicator_create": ({}, staff(*OFFICE)),
    "staff:indicator_edit": (indicator_pk, staff(*OFFICE)),
    "staff:indicator_actual_create": (indicator_pk, staff(*OFFICE)),
}
