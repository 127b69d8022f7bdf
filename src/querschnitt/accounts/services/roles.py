"""Roles in a municipality: given, taken away, and removing a person from the municipality."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.accounts.services.audit import forget_cached_access
from querschnitt.core.audit import audit_record
from querschnitt.core.models import Department, Municipality


def check_role(*, municipality: Municipality, role: str, department: Department | None) -> None:
    """A department liaison needs a department of the municipality; other roles have none."""
    if role == Role.DEPARTMENT_LIAISON and department is None:
        raise ValidationError({"department": _("Choose the department this liaison works for.")})
    if department is not None and department.municipality_id != municipality.pk:
        raise ValidationError({"department": _("Choose a department of this municipality.")})


def check_not_operator(user: User) -> None:
    """A municipality never changes anything about a platform operator's account."""
    if user.is_superuser:
        raise ValidationError(
            _("This is a platform operator's account; a municipality cannot change it.")
        )


@transaction.atomic
def role_assign(
    *,
    municipality: Municipality,
    user: User,
    role: str,
    department: Department | None = None,
    by: Any,
) -> RoleAssignment:
    """Give a person who already belongs to the municipality (or accepted an invitation) a role.

    Someone new to the municipality is invited instead (`role_invitation_create`), so that no
    role lands on an account without its owner's consent.
    """
    check_role(municipality=municipality, role=role, department=department)
    check_not_operator(user)
    if role != Role.DEPARTMENT_LIAISON:
        department = None
    assignment, created = RoleAssignment.objects.with_scopes_disabled().get_or_create(
        municipality=municipality, user=user, role=role, department=department
    )
    if created:
        audit_record(
            municipality=municipality,
            actor=by,
            action="role.assigned",
            target=user,
            changes={"role": role, "department": str(department) if department else None},
        )
    forget_cached_access(user)
    return assignment


def _check_admins_remain(municipality: Municipality, leaving: list[RoleAssignment]) -> None:
    admins = RoleAssignment.objects.with_scopes_disabled().filter(
        municipality=municipality, role=Role.OFFICE_ADMIN, user__is_active=True
    )
    if (
        any(a.role == Role.OFFICE_ADMIN for a in leaving)
        and not admins.exclude(pk__in=[a.pk for a in leaving]).exists()
    ):
        raise ValidationError(_("The last office administrator cannot be removed."))


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, by: Any) -> None:
    """Take a role away; the last office administrator of a municipality cannot be removed."""
    municipality = assignment.municipality
    check_not_operator(assignment.user)
    _check_admins_remain(municipality, [assignment])
    audit_record(
        municipality=municipality,
        actor=by,
        action="role.revoked",
        target=assignment.user,
        changes={"role": assignment.role, "department": str(assignment.department or "") or None},
    )
    assignment.delete()
    forget_cached_access(assignment.user)


@transaction.atomic
def user_remove_from_municipality(*, municipality: Municipality, user: User, by: Any) -> int:
    """Take every role of a person in this municipality away; the account itself stays theirs.

    Not for the platform operators, not for oneself, and never the last office administrator.
    """
    check_not_operator(user)
    if by is not None and user.pk == by.pk:
        raise ValidationError(
            _("You cannot remove yourself. Ask another office administrator to do it.")
        )
    assignments = list(
        RoleAssignment.objects.with_scopes_disabled()
        .select_for_update()
        .filter(municipality=municipality, user=user)
    )
    if not assignments:
        raise ValidationError(_("This person holds no role here."))
    _check_admins_remain(municipality, assignments)
    RoleAssignment.objects.with_scopes_disabled().filter(
        pk__in=[a.pk for a in assignments]
    ).delete()
    audit_record(
        municipality=municipality,
        actor=by,
        action="user.removed",
        target=user,
        changes={"roles": sorted(a.role for a in assignments)},
    )
    forget_cached_access(user)
    return len(assignments)
