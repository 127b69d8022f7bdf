"""Writes about users: invitations, roles, the second factor."""

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.core.audit import audit_record
from querschnitt.core.models import Department, Municipality
from querschnitt.core.routing import municipality_reverse


@transaction.atomic
def user_invite(
    *,
    municipality: Municipality,
    email: str,
    full_name: str,
    role: str,
    department: Department | None = None,
    by: Any,
    base_url: str,
) -> User:
    """Create (or find) the user, give them a role here, and mail a link to set a password."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
    role_assign(municipality=municipality, user=user, role=role, department=department, by=by)
    if created:
        audit_record(municipality=municipality, actor=by, action="user.invited", target=user)
        send_invitation(municipality=municipality, user=user, base_url=base_url)
    return user


def send_invitation(*, municipality: Municipality, user: User, base_url: str) -> None:
    link = base_url + municipality_reverse(
        municipality,
        "accounts:password_reset_confirm",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
    body = render_to_string(
        "accounts/email/invitation.txt",
        {"user": user, "municipality": municipality, "link": link},
    )
    # The mail is a task row in this transaction: it is only sent if the invitation commits.
    send_mail(
        _("Your access to Querschnitt – %(name)s") % {"name": municipality.name},
        body,
        None,
        [user.email],
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
    """Give a user a role in a municipality; a department liaison needs a department of it."""
    if role == Role.DEPARTMENT_LIAISON and department is None:
        raise ValidationError({"department": _("Choose the department this liaison works for.")})
    if department is not None and department.municipality_id != municipality.pk:
        raise ValidationError({"department": _("Choose a department of this municipality.")})
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
    user.__dict__.pop("_qs_roles", None)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, by: Any) -> None:
    """Take a role away; the last office administrator of a municipality cannot be removed."""
    municipality = assignment.municipality
    if assignment.role == Role.OFFICE_ADMIN:
        admins = RoleAssignment.objects.with_scopes_disabled().filter(
            municipality=municipality, role=Role.OFFICE_ADMIN, user__is_active=True
        )
        if admins.exclude(pk=assignment.pk).count() == 0:
            raise ValidationError(_("The last office administrator cannot be removed."))
    audit_record(
        municipality=municipality,
        actor=by,
        action="role.revoked",
        target=assignment.user,
        changes={"role": assignment.role, "department": str(assignment.department or "") or None},
    )
    assignment.delete()


@transaction.atomic
def user_update(
    *, municipality: Municipality, user: User, full_name: str, is_active: bool, by: Any
) -> User:
    """Change a user's name, or switch the account off (it keeps its history)."""
    if user == by and not is_active:
        raise ValidationError({"is_active": _("You cannot switch off your own account.")})
    if not is_active and (
        RoleAssignment.objects.with_scopes_disabled()
        .filter(user=user)
        .exclude(municipality=municipality)
        .exists()
    ):
        raise ValidationError(
            {
                "is_active": _(
                    "This account also holds roles in another municipality. "
                    "Remove its roles here instead of switching it off."
                )
            }
        )
    changes: dict[str, dict[str, object]] = {}
    if user.full_name != full_name:
        changes["full_name"] = {"from": user.full_name, "to": full_name}
    if user.is_active != is_active:
        changes["is_active"] = {"from": user.is_active, "to": is_active}
    user.full_name = full_name
    user.is_active = is_active
    user.full_clean()
    user.save()
    if changes:
        audit_record(
            municipality=municipality, actor=by, action="user.updated", target=user, changes=changes
        )
    return user


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first use, to show as a QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a new authenticator with a first valid code; older ones of the user are removed."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True
