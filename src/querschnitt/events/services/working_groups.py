"""Working groups: founded from an event or directly, "mit klarem Ziel/Auftrag und
Zeithorizont" (goal, mandate, start and planned end are kept on the group's body, through
the bodies app's services), extended or concluded with a result."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.bodies.models import Body
from querschnitt.bodies.services.bodies import body_create, body_update
from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality
from querschnitt.events.models import (
    Event,
    WorkingGroup,
    WorkingGroupExtension,
    WorkingGroupOrganisation,
    WorkingGroupResult,
)
from querschnitt.events.services.common import check_same_municipality
from querschnitt.network.models import Organisation

GROUP_FIELDS = ("founded_at", "focus_topic", "focus_year")
BODY_FIELDS = ("name", "purpose", "goal", "mandate", "start_date", "planned_end_date", "is_public")


def _check_horizon(*, goal: dict, mandate: dict, start: date | None, end: date | None) -> None:
    errors = {}
    if not (goal or {}).get("de"):
        errors["goal_de"] = _("A working group needs a clear goal.")
    if not (mandate or {}).get("de"):
        errors["mandate_de"] = _("A working group needs a mandate.")
    if start is None:
        errors["start_date"] = _("Say when the working group begins.")
    if end is None:
        errors["planned_end_date"] = _("A working group needs a time horizon: its planned end.")
    elif start is not None and end <= start:
        errors["planned_end_date"] = _("The planned end lies after the start.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def working_group_found(
    *,
    municipality: Municipality,
    by: Any,
    name: str,
    goal: dict[str, str],
    mandate: dict[str, str],
    start_date: date | None,
    planned_end_date: date | None,
    purpose: dict[str, str] | None = None,
    is_public: bool = True,
    founded_at: Event | None = None,
    focus_topic: str = "",
    focus_year: int | None = None,
) -> WorkingGroup:
    """Found a working group (a body of kind "working group"), from an event or directly."""
    check_same_municipality(municipality, founded_at=founded_at)
    _check_horizon(goal=goal, mandate=mandate, start=start_date, end=planned_end_date)
    body = body_create(
        municipality=municipality,
        by=by,
        name=name,
        kind=Body.Kind.WORKING_GROUP,
        goal=goal,
        mandate=mandate,
        purpose=purpose or {},
        start_date=start_date,
        planned_end_date=planned_end_date,
        is_public=is_public,
    )
    group = WorkingGroup(
        municipality=municipality,
        body=body,
        founded_at=founded_at,
        focus_topic=focus_topic.strip(),
        focus_year=focus_year,
    )
    group.full_clean()
    group.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="working_group.founded",
        target=body,
        changes={"founded_at": str(founded_at) if founded_at else ""},
    )
    return group


@transaction.atomic
def working_group_update(*, group: WorkingGroup, by: Any, **fields: Any) -> WorkingGroup:
    """Change what the group says about itself (its horizon changes by extending it)."""
    body_fields = {name: value for name, value in fields.items() if name in BODY_FIELDS}
    body_fields.pop("planned_end_date", None)
    body = group.body
    _check_horizon(
        goal=body_fields.get("goal", body.goal),
        mandate=body_fields.get("mandate", body.mandate),
        start=body_fields.get("start_date", body.start_date),
        end=body.planned_end_date,
    )
    check_same_municipality(group.municipality, founded_at=fields.get("founded_at"))
    if body_fields:
        body_update(body=body, by=by, **body_fields)
    for name in GROUP_FIELDS:
        if name in fields:
            setattr(group, name, fields[name])
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def working_group_extend(
    *, group: WorkingGroup, by: Any, new_end: date, reason: str, today: date | None = None
) -> WorkingGroup:
    """Give the group more time: a later planned end, with the reason."""
    today = today or timezone.localdate()
    body = group.body
    if group.concluded_on:
        raise ValidationError(_("A concluded working group cannot be extended."))
    if body.planned_end_date and new_end <= body.planned_end_date:
        raise ValidationError({"new_end": _("The new planned end lies after the current one.")})
    if new_end <= today:
        raise ValidationError({"new_end": _("The new planned end lies in the future.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the group needs more time.")})
    WorkingGroupExtension.objects.create(
        municipality=group.municipality,
        group=group,
        previous_end=body.planned_end_date,
        new_end=new_end,
        reason=reason.strip(),
        decided_by=by,
    )
    body_update(body=body, by=by, planned_end_date=new_end)
    audit_record(
        municipality=group.municipality,
        actor=by,
        action="working_group.extended",
        target=body,
        changes={"planned_end_date": {"to": new_end.isoformat()}, "reason": reason.strip()},
    )
    return group


@transaction.atomic
def working_group_conclude(
    *, group: WorkingGroup, by: Any, concluded_on: date, result: str, today: date | None = None
) -> WorkingGroup:
    """Conclude the group with its result; its body is dissolved on that day."""
    today = today or timezone.localdate()
    if group.concluded_on:
        raise ValidationError(_("This working group is already concluded."))
    if not result.strip():
        raise ValidationError({"result": _("Say what the group has achieved.")})
    body = group.body
    if concluded_on > today:
        raise ValidationError({"concluded_on": _("A group is concluded today or earlier.")})
    if body.start_date and concluded_on < body.start_date:
        raise ValidationError({"concluded_on": _("A group is concluded after it began.")})
    group.concluded_on = concluded_on
    group.result = result.strip()
    group.save(update_fields=["concluded_on", "result"])
    body_update(body=body, by=by, end_date=concluded_on)
    audit_record(
        municipality=group.municipality,
        actor=by,
        action="working_group.concluded",
        target=body,
        changes={"concluded_on": concluded_on.isoformat()},
    )
    return group


@transaction.atomic
def working_group_organisation_add(
    *, group: WorkingGroup, by: Any, organisation: Organisation, since: date | None = None
) -> WorkingGroupOrganisation:
    check_same_municipality(group.municipality, organisation=organisation)
    if WorkingGroupOrganisation.objects.filter(
        municipality=group.municipality, group=group, organisation=organisation
    ).exists():
        raise ValidationError({"organisation": _("This organisation already works in the group.")})
    member = WorkingGroupOrganisation.objects.create(
        municipality=group.municipality, group=group, organisation=organisation, since=since
    )
    audit_record(
        municipality=group.municipality,
        actor=by,
        action="working_group.organisation_added",
        target=group.body,
        changes={"organisation": organisation.name},
    )
    return member


@transaction.atomic
def working_group_organisation_remove(*, member: WorkingGroupOrganisation, by: Any) -> None:
    audit_record(
        municipality=member.municipality,
        actor=by,
        action="working_group.organisation_removed",
        target=member.group.body,
        changes={"organisation": member.organisation.name},
    )
    member.delete()


@transaction.atomic
def working_group_result_add(
    *, group: WorkingGroup, by: Any, title: str, text: str, achieved_on: date
) -> WorkingGroupResult:
    result = WorkingGroupResult(
        municipality=group.municipality,
        group=group,
        title=title.strip(),
        text=text.strip(),
        achieved_on=achieved_on,
    )
    result.full_clean(exclude=["group", "municipality"])
    result.save()
    audit_record(
        municipality=group.municipality,
        actor=by,
        action="working_group.result_added",
        target=group.body,
        changes={"title": result.title},
    )
    return result
