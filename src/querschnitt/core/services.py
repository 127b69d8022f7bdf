"""Writes of the core: a municipality's settings and its departments."""

from typing import Any

from django.db import transaction

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Department, Municipality


@transaction.atomic
def municipality_update(*, municipality: Municipality, by: Any, **fields: Any) -> Municipality:
    """Change a municipality's settings: office, self-description, contact, languages, theme."""
    before = snapshot(municipality)
    for name, value in fields.items():
        setattr(municipality, name, value)
    if "languages" in fields:
        municipality.languages = sorted({code for code in fields["languages"] if code != "de"})
    municipality.full_clean()
    municipality.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="municipality.updated",
        target=municipality,
        changes=field_changes(before, municipality),
    )
    return municipality


@transaction.atomic
def department_create(*, municipality: Municipality, by: Any, **fields: Any) -> Department:
    """Add a department (Referat, Amt, Dienststelle …) to a municipality."""
    department = Department(municipality=municipality, **fields)
    department_check_parent(department)
    department.full_clean()
    department.save()
    audit_record(
        municipality=municipality, actor=by, action="department.created", target=department
    )
    return department


@transaction.atomic
def department_update(*, department: Department, by: Any, **fields: Any) -> Department:
    """Change a department's name, kind, place in the hierarchy, contact or state."""
    before = snapshot(department)
    for name, value in fields.items():
        setattr(department, name, value)
    department_check_parent(department)
    department.full_clean()
    department.save()
    audit_record(
        municipality=department.municipality,
        actor=by,
        action="department.updated",
        target=department,
        changes=field_changes(before, department),
    )
    return department


def department_check_parent(department: Department) -> None:
    """A department's parent belongs to the same municipality and is not one of its own parts."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    parent = department.parent
    seen = {department.pk}
    while parent is not None:
        if parent.municipality_id != department.municipality_id:
            raise ValidationError({"parent": _("Choose a department of the same municipality.")})
        if parent.pk in seen:
            raise ValidationError({"parent": _("A department cannot be part of itself.")})
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def municipality_create(
    *, slug: str, name: str, ags: str, state: str, office_name: str, by: Any = None
) -> Municipality:
    """Put a new municipality on the deployment (a platform operator's task)."""
    municipality = Municipality(slug=slug, name=name, ags=ags, state=state, office_name=office_name)
    municipality.full_clean()
    municipality.save()
    audit_record(
        municipality=municipality, actor=by, action="municipality.created", target=municipality
    )
    return municipality
