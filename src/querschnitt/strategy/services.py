"""Writes of the strategy: fields of action, the goal tree with the versions of the guiding
principle, and the controlling indicators with their targets and actual values."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Department, Municipality
from querschnitt.strategy.models import (
    ControllingIndicator,
    FieldOfAction,
    Goal,
    GoalVersion,
    IndicatorActual,
    IndicatorTarget,
)


def check_same_municipality(municipality: Municipality, **related: Any) -> None:
    """Related objects (or each one of a list) must belong to the municipality."""
    for field, value in related.items():
        objects = value if isinstance(value, list | tuple | set) else [value]
        for obj in objects:
            if obj is not None and getattr(obj, "municipality_id", None) != municipality.pk:
                raise ValidationError({field: _("Choose one of this municipality.")})


@transaction.atomic
def field_of_action_save(
    *, municipality: Municipality, by: Any, field: FieldOfAction | None = None, **values: Any
) -> FieldOfAction:
    """Add a field of action or change one."""
    field = field or FieldOfAction(municipality=municipality)
    before = snapshot(field) if field.pk else {}
    for name, value in values.items():
        setattr(field, name, value)
    field.full_clean()
    field.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="field_of_action.saved",
        target=field,
        changes=field_changes(before, field) if before else {},
    )
    return field


def goal_check_parent(goal: Goal) -> None:
    """A goal stands under a goal of the level above it, of the same municipality, never
    under itself."""
    parent = goal.parent
    allowed = Goal.PARENT_LEVELS[goal.level]
    if parent is None:
        if None not in allowed:
            raise ValidationError(
                {"parent": _("An operational goal stands under a strategic goal.")}
            )
        return
    if parent.municipality_id != goal.municipality_id:
        raise ValidationError({"parent": _("Choose one of this municipality.")})
    if parent.level not in allowed:
        raise ValidationError(
            {
                "parent": _("A %(level)s cannot stand under a %(parent)s.")
                % {"level": goal.get_level_display(), "parent": parent.get_level_display()}
            }
        )
    seen = {goal.pk}
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": _("A goal cannot stand under itself.")})
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def goal_save(
    *,
    municipality: Municipality,
    by: Any,
    goal: Goal | None = None,
    fields_of_action: Iterable[FieldOfAction] | None = None,
    **values: Any,
) -> Goal:
    """Add a goal to the tree or change one (its place, text, fields of action)."""
    goal = goal or Goal(municipality=municipality)
    before = snapshot(goal) if goal.pk else {}
    for name, value in values.items():
        setattr(goal, name, value)
    goal_check_parent(goal)
    if goal.pk and goal.level == Goal.Level.OPERATIONAL and goal.children.exists():
        raise ValidationError(
            {"level": _("This goal has goals under it; an operational goal cannot.")}
        )
    goal.full_clean()
    goal.save()
    if fields_of_action is not None:
        fields = list(fields_of_action)
        check_same_municipality(municipality, fields_of_action=fields)
        goal.fields_of_action.set(fields)
    audit_record(
        municipality=municipality,
        actor=by,
        action="goal.created" if not before else "goal.updated",
        target=goal,
        changes=field_changes(before, goal) if before else {},
    )
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, by: Any) -> None:
    """Remove a goal that has no goals, measures or indicators under it."""
    if goal.children.exists():
        raise ValidationError(_("Goals stand under this goal; move or remove them first."))
    if goal.measures.exists():  # type: ignore[attr-defined]
        raise ValidationError(_("Measures serve this goal; it cannot be removed."))
    audit_record(municipality=goal.municipality, actor=by, action="goal.deleted", target=goal)
    try:
        goal.delete()
    except ProtectedError as error:
        raise ValidationError(_("Something still refers to this goal.")) from error


@transaction.atomic
def goal_version_add(
    *,
    goal: Goal,
    by: Any,
    text: dict[str, str],
    adopted_on: date | None,
    adopted_by: str = "",
    note: str = "",
) -> GoalVersion:
    """Record a new version of a guiding principle, as the council adopted it."""
    if goal.level != Goal.Level.GUIDING_PRINCIPLE:
        raise ValidationError(_("Only a guiding principle has versions."))
    latest = GoalVersion.objects.filter(municipality=goal.municipality_id, goal=goal).first()
    if latest is not None and latest.adopted_on and adopted_on and adopted_on < latest.adopted_on:
        raise ValidationError(
            {
                "adopted_on": _("The previous version was adopted later, on %(date)s.")
                % {"date": latest.adopted_on.strftime("%d.%m.%Y")}
            }
        )
    version = GoalVersion(
        municipality=goal.municipality,
        goal=goal,
        number=(latest.number + 1) if latest else 1,
        text=text,
        adopted_on=adopted_on,
        adopted_by=adopted_by,
        note=note,
    )
    version.full_clean()
    version.save()
    audit_record(
        municipality=goal.municipality,
        actor=by,
        action="goal_version.added",
        target=goal,
        changes={"version": version.number},
    )
    return version


@transaction.atomic
def indicator_save(
    *,
    municipality: Municipality,
    by: Any,
    indicator: ControllingIndicator | None = None,
    targets: dict[int, Decimal] | None = None,
    **values: Any,
) -> ControllingIndicator:
    """Add a controlling indicator or change one; `targets` (year → value) replace the old."""
    indicator = indicator or ControllingIndicator(municipality=municipality)
    before = snapshot(indicator) if indicator.pk else {}
    for name, value in values.items():
        setattr(indicator, name, value)
    check_same_municipality(
        municipality, goal=indicator.goal, monitoring_indicator=indicator.monitoring_indicator
    )
    indicator.full_clean()
    indicator.save()
    if targets is not None:
        IndicatorTarget.objects.filter(municipality=municipality, indicator=indicator).exclude(
            year__in=list(targets)
        ).delete()
        for year, value in targets.items():
            IndicatorTarget.objects.update_or_create(
                municipality=municipality, indicator=indicator, year=year, defaults={"value": value}
            )
    audit_record(
        municipality=municipality,
        actor=by,
        action="indicator.created" if not before else "indicator.updated",
        target=indicator,
        changes=(field_changes(before, indicator) if before else {})
        | (
            {"targets": {str(y): str(v) for y, v in targets.items()}} if targets is not None else {}
        ),
    )
    return indicator


@transaction.atomic
def indicator_actual_record(
    *,
    indicator: ControllingIndicator,
    by: Any,
    measured_on: date,
    value: Decimal,
    source: str,
    department: Department | None = None,
    actual: IndicatorActual | None = None,
    audited: bool = True,
) -> IndicatorActual:
    """Record what an indicator actually was on a date, and where the figure comes from."""
    municipality = indicator.municipality
    check_same_municipality(municipality, department=department)
    actual = actual or IndicatorActual(municipality=municipality, indicator=indicator)
    actual.measured_on = measured_on
    actual.value = value
    actual.source = source
    actual.department = department
    actual.recorded_by = by if getattr(by, "is_authenticated", False) else None
    actual.full_clean()
    actual.save()
    if audited:
        audit_record(
            municipality=municipality,
            actor=by,
            action="indicator.actual_recorded",
            target=indicator,
            changes={"measured_on": str(measured_on), "value": str(value), "source": source},
        )
    return actual
