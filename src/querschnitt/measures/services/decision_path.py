"""The decision path of a municipality: its states and the steps between them (data, kept by
the office; Mannheim's path differs from Bamberg's without a line of code)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.measures.models import MeasureState, Transition
from querschnitt.measures.services.common import check_same_municipality
from querschnitt.measures.services.rollups import rollup_request


@transaction.atomic
def state_save(
    *, municipality: Municipality, by: Any, state: MeasureState | None = None, **values: Any
) -> MeasureState:
    """Add a state or change one. Making a state the first one takes that from the other."""
    state = state or MeasureState(municipality=municipality)
    before = snapshot(state) if state.pk else {}
    for name, value in values.items():
        setattr(state, name, value)
    if state.is_initial:
        MeasureState.objects.filter(municipality=municipality, is_initial=True).exclude(
            pk=state.pk
        ).update(is_initial=False)
    elif before.get("is_initial"):
        raise ValidationError(
            {"is_initial": _("Another state must become the first before this one stops being it.")}
        )
    state.full_clean()
    state.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="measure_state.created" if not before else "measure_state.updated",
        target=state,
        changes=field_changes(before, state) if before else {},
    )
    # What counts in the catalogue, and with which default, may have changed.
    rollup_request(municipality)
    return state


@transaction.atomic
def state_delete(*, state: MeasureState, by: Any) -> None:
    if state.is_initial:
        raise ValidationError(_("The first state cannot be removed."))
    audit_record(
        municipality=state.municipality, actor=by, action="measure_state.deleted", target=state
    )
    try:
        state.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Measures or steps use this state; it cannot be removed.")
        ) from error


@transaction.atomic
def transition_save(
    *, municipality: Municipality, by: Any, transition: Transition | None = None, **values: Any
) -> Transition:
    """Add a step of the path or change one."""
    transition = transition or Transition(municipality=municipality)
    before = snapshot(transition) if transition.pk else {}
    for name, value in values.items():
        setattr(transition, name, value)
    check_same_municipality(
        municipality,
        from_state=transition.from_state if transition.from_state_id else None,
        to_state=transition.to_state if transition.to_state_id else None,
        body=transition.body,
    )
    if transition.needs_meeting and transition.body is None:
        raise ValidationError({"body": _("A step in a meeting needs the body that meets.")})
    if transition.from_state_id and transition.from_state_id == transition.to_state_id:
        raise ValidationError({"to_state": _("A step leads to another state.")})
    transition.full_clean()
    transition.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="measure_transition.created" if not before else "measure_transition.updated",
        target=transition,
        changes=field_changes(before, transition) if before else {},
    )
    return transition


@transaction.atomic
def transition_delete(*, transition: Transition, by: Any) -> None:
    audit_record(
        municipality=transition.municipality,
        actor=by,
        action="measure_transition.deleted",
        target=transition,
    )
    try:
        transition.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Measures have taken this step; it cannot be removed. Rename it instead.")
        ) from error
