"""Invitations: a role is offered by e-mail and attached only when its owner accepts it."""

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from querschnitt.accounts.models import Role, RoleAssignment, RoleInvitation, User
from querschnitt.accounts.selectors import token_hash
from querschnitt.accounts.services.audit import audit_account
from querschnitt.accounts.services.roles import check_role, role_assign
from querschnitt.accounts.signals import role_invitation_accepted
from querschnitt.core.audit import audit_record
from querschnitt.core.models import Department, Municipality
from querschnitt.core.routing import municipality_reverse


def _changes(invitation: RoleInvitation) -> dict[str, Any]:
    return {
        "email": invitation.email,
        "role": invitation.role,
        "department": str(invitation.department) if invitation.department_id else None,
    }


@transaction.atomic
def role_invitation_create(
    *,
    municipality: Municipality,
    email: str,
    full_name: str,
    role: str,
    department: Department | None = None,
    by: Any,
    base_url: str,
) -> RoleInvitation:
    """Offer a role to an e-mail address; its owner accepts by the mailed link within 14 days.

    Whether the address already has an account decides only which of two mails it gets (sign
    in to accept, or choose a name and password); the office sees the same pending invitation,
    the same message and the same work either way, so it learns nothing about other accounts.
    Inviting again renews the link.
    """
    email = User.objects.normalize_email(email).strip().lower()
    check_role(municipality=municipality, role=role, department=department)
    if role != Role.DEPARTMENT_LIAISON:
        department = None
    holders = RoleAssignment.objects.with_scopes_disabled().filter(
        municipality=municipality, user__email__iexact=email, role=role, department=department
    )
    if holders.exists():
        raise ValidationError({"email": _("This person already holds this role here.")})
    token = secrets.token_urlsafe(32)
    invitation = (
        RoleInvitation.objects.with_scopes_disabled()
        .select_for_update()
        .filter(municipality=municipality, email=email, role=role, department=department)
        .first()
    ) or RoleInvitation(municipality=municipality, email=email, role=role, department=department)
    invitation.full_name = full_name.strip()
    invitation.invited_by = by if getattr(by, "is_authenticated", False) else None
    invitation.token_hash = token_hash(token)
    invitation.expires_at = timezone.now() + timedelta(days=RoleInvitation.VALID_FOR_DAYS)
    invitation.full_clean()
    invitation.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="invitation.created",
        target=invitation,
        changes=_changes(invitation),
    )
    has_account = User.objects.filter(email__iexact=email).exists()
    link = base_url.rstrip("/") + municipality_reverse(
        municipality, "accounts:invitation_accept", token=token
    )
    body = render_to_string(
        "accounts/email/invitation_existing.txt"
        if has_account
        else "accounts/email/invitation_new.txt",
        {
            "invitation": invitation,
            "municipality": municipality,
            "link": link,
            "inviter": invitation.invited_by,
            "valid_days": RoleInvitation.VALID_FOR_DAYS,
        },
    )
    # One mail on both paths; it is a task row in this transaction, sent only if it commits.
    send_mail(
        _("Invitation to Querschnitt – %(name)s") % {"name": municipality.name},
        body,
        None,
        [email],
    )
    return invitation


def _lock_pending(invitation: RoleInvitation) -> RoleInvitation:
    locked = (
        RoleInvitation.objects.with_scopes_disabled()
        .select_for_update(of=("self",))
        .select_related("department", "municipality")
        .filter(pk=invitation.pk, expires_at__gt=timezone.now())
        .first()
    )
    if locked is None:
        raise ValidationError(_("This invitation is no longer valid."))
    return locked


@transaction.atomic
def role_invitation_accept(*, invitation: RoleInvitation, user: User) -> RoleAssignment:
    """The invited person, signed in with the invited address, takes the role."""
    invitation = _lock_pending(invitation)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation is for another e-mail address."))
    if user.is_superuser:
        raise ValidationError(
            _("Platform operators have access everywhere and take no role in a municipality.")
        )
    assignment = role_assign(
        municipality=invitation.municipality,
        user=user,
        role=invitation.role,
        department=invitation.department,
        by=user,
    )
    audit_record(
        municipality=invitation.municipality,
        actor=user,
        action="invitation.accepted",
        target=invitation,
        changes=_changes(invitation),
    )
    role_invitation_accepted.send(sender=RoleInvitation, invitation=invitation, user=user)
    invitation.delete()
    return assignment


@transaction.atomic
def role_invitation_accept_with_new_account(
    *, invitation: RoleInvitation, full_name: str, password: str
) -> User:
    """An address without an account: create it with the name and password its owner chose,
    and take the role."""
    invitation = _lock_pending(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("This address already has an account. Sign in to accept."))
    user = User(email=invitation.email, full_name=full_name.strip())
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_account(
        user=user, by=user, action="account.created", municipality=invitation.municipality
    )
    role_invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def role_invitation_withdraw(*, invitation: RoleInvitation, by: Any) -> None:
    """Take back an invitation that has not been accepted; its link stops working."""
    audit_record(
        municipality=invitation.municipality,
        actor=by,
        action="invitation.withdrawn",
        target=invitation,
        changes=_changes(invitation),
    )
    invitation.delete()


@transaction.atomic
def role_invitations_expire(*, now: datetime | None = None) -> int:
    """Remove invitations whose link has expired, in every municipality (a daily job)."""
    expired = list(
        RoleInvitation.objects.with_scopes_disabled()
        .select_related("department", "municipality")
        .filter(expires_at__lte=now or timezone.now())
    )
    for invitation in expired:
        audit_record(
            municipality=invitation.municipality,
            actor=None,
            action="invitation.expired",
            target=invitation,
            changes=_changes(invitation),
        )
    RoleInvitation.objects.with_scopes_disabled().filter(
        pk__in=[invitation.pk for invitation in expired]
    ).delete()
    return len(expired)


def send_invitation(*, municipality: Municipality, user: User, base_url: str) -> None:
    """Mail a new account (one its owner asked for, e.g. by requesting a directory entry)
    a link to choose a password."""
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
