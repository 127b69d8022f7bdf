"""Personal data of accounts (registered in `apps.py`): a person's roles in a municipality,
and the account itself once nothing on the platform uses it any more.

A city answers for what it holds, not for accounts other cities use: erasing here removes the
person's roles and links in this municipality; the account (name, address, password, second
factor, sign-in log) is deleted when it holds no role anywhere else. Platform operators'
accounts are never deleted from a municipality.
"""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from querschnitt.accounts.models import Role, RoleAssignment, RoleInvitation, User
from querschnitt.core.models import AuditEntry, Municipality
from querschnitt.core.personal_data import Holding, Person, Provider, json_value

ACCOUNT = "accounts.account"
INVITATIONS = "accounts.invitations"


def _user(municipality: Municipality, person: Person) -> User | None:
    """The account of the address, if this municipality has anything to do with it (another
    city's people stay invisible here)."""
    user = User.objects.filter(email__iexact=person.email).first()
    if user is None:
        return None
    linked = (
        RoleAssignment.objects.filter(municipality=municipality, user=user).exists()
        or AuditEntry.objects.filter(municipality=municipality, actor=user).exists()
        or user.pk in person.user_ids
    )
    return user if linked else None


def _roles(municipality: Municipality, user: User) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(municipality=municipality, user=user)
        .select_related("department")
        .order_by("id")
    )


def _invitations(municipality: Municipality, person: Person) -> list[RoleInvitation]:
    return list(
        RoleInvitation.objects.filter(municipality=municipality, email__iexact=person.email)
        .select_related("department")
        .order_by("id")
    )


def find(*, municipality: Municipality, person: Person) -> list[Holding]:
    holdings = []
    if invitations := _invitations(municipality, person):
        holdings.append(
            Holding(
                INVITATIONS,
                _("Invitations not yet accepted"),
                len(invitations),
                _("The invitations are withdrawn; their links stop working."),
                names=frozenset(i.full_name for i in invitations if i.full_name),
                references=frozenset(("accounts.roleinvitation", str(i.pk)) for i in invitations),
            )
        )
    user = _user(municipality, person)
    if user is None:
        return holdings
    roles = _roles(municipality, user)
    return [
        *holdings,
        Holding(
            ACCOUNT,
            _("Account and roles"),
            max(len(roles), 1),
            _(
                "The roles here are removed; the account itself is deleted when it holds no "
                "role anywhere else."
            ),
            names=frozenset({user.full_name} if user.full_name else set()),
            user_ids=frozenset({user.pk}),
            references=frozenset(
                {("accounts.user", str(user.pk))}
                | {("accounts.roleassignment", str(role.pk)) for role in roles}
            ),
        ),
    ]


def export(*, municipality: Municipality, person: Person) -> dict[str, list[dict[str, Any]]]:
    exported: dict[str, list[dict[str, Any]]] = {}
    if invitations := _invitations(municipality, person):
        exported[INVITATIONS] = [
            {
                "email": invitation.email,
                "name": invitation.full_name,
                "role": invitation.get_role_display(),
                "department": str(invitation.department) if invitation.department else None,
                "invited": json_value(invitation.created_at),
                "valid_until": json_value(invitation.expires_at),
            }
            for invitation in invitations
        ]
    user = _user(municipality, person)
    if user is None:
        return exported
    return exported | {
        ACCOUNT: [
            {
                "email": user.email,
                "name": user.full_name,
                "joined": json_value(user.date_joined),
                "last_sign_in": json_value(user.last_login),
                "active": user.is_active,
                "roles": [
                    {
                        "role": role.get_role_display(),
                        "department": str(role.department) if role.department else None,
                        "since": json_value(role.created_at),
                    }
                    for role in _roles(municipality, user)
                ],
            }
        ]
    }


def check(*, municipality: Municipality, person: Person, by: Any) -> None:
    user = _user(municipality, person)
    if user is None:
        return
    if getattr(by, "pk", None) == user.pk:
        raise ValidationError(_("You cannot erase your own data here; ask another administrator."))
    is_admin_here = RoleAssignment.objects.filter(
        municipality=municipality, user=user, role=Role.OFFICE_ADMIN
    ).exists()
    other_admins = (
        RoleAssignment.objects.filter(
            municipality=municipality, role=Role.OFFICE_ADMIN, user__is_active=True
        )
        .exclude(user=user)
        .exists()
    )
    if is_admin_here and not other_admins:
        raise ValidationError(
            _("This person is the last office administrator and cannot be erased.")
        )


def signin_log_delete(*, email: str) -> int:
    """The sign-in log of an address that no account uses (any more)."""
    deleted = 0
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        count, _by_model = model.objects.filter(username__iexact=email).delete()
        deleted += count
    return deleted


def erase(*, municipality: Municipality, person: Person) -> dict[str, int]:
    erased = {}
    invitations, _by_model = RoleInvitation.objects.filter(
        municipality=municipality, email__iexact=person.email
    ).delete()
    if invitations:
        erased[INVITATIONS] = invitations
    user = _user(municipality, person)
    if user is None:
        if not User.objects.filter(email__iexact=person.email).exists():
            signin_log_delete(email=person.email)
        return erased
    roles, _by_model = RoleAssignment.objects.filter(municipality=municipality, user=user).delete()
    elsewhere = RoleAssignment.objects.with_scopes_disabled().filter(user=user).exists()
    if not elsewhere and not user.is_superuser:
        # Links to the account elsewhere are emptied (SET_NULL) or go with it (CASCADE: the
        # devices of the second factor); other cities' audit entries keep their own labels.
        user.delete()
        signin_log_delete(email=person.email)
    return erased | {ACCOUNT: max(roles, 1)}


PROVIDER = Provider(key="accounts", find=find, export=export, erase=erase, check=check, order=200)
