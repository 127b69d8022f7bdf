"""Reads about users, invitations and second-factor devices that views and services reuse."""

import hashlib

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from querschnitt.accounts.models import RoleAssignment, RoleInvitation, User
from querschnitt.accounts.permissions import roles_of
from querschnitt.core.models import Municipality


def users_of_municipality(*, municipality: Municipality) -> QuerySet[User]:
    """Users holding at least one role in the municipality, with those roles prefetched."""
    assignments = RoleAssignment.objects.filter(municipality=municipality).select_related(
        "department"
    )
    return (
        User.objects.filter(role_assignments__municipality=municipality)
        .distinct()
        .prefetch_related(Prefetch("role_assignments", queryset=assignments, to_attr="local_roles"))
        .order_by("full_name", "email")
    )


def invitations_of_municipality(*, municipality: Municipality) -> QuerySet[RoleInvitation]:
    """The invitations not yet accepted or withdrawn (expired ones until the daily job)."""
    return (
        RoleInvitation.objects.filter(municipality=municipality)
        .select_related("department", "invited_by")
        .order_by("-created_at", "-id")
    )


def may_sign_in(user: User, municipality: Municipality) -> bool:
    """An account signs in where it holds a role, has a pending invitation, or is an operator."""
    if user.is_superuser or roles_of(user, municipality):
        return True
    return (
        RoleInvitation.objects.with_scopes_disabled()
        .filter(municipality=municipality, email__iexact=user.email, expires_at__gt=timezone.now())
        .exists()
    )


def token_hash(token: str) -> str:
    """What is stored of an invitation link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def role_invitation_by_token(*, municipality: Municipality, token: str) -> RoleInvitation | None:
    """The pending, unexpired invitation of this municipality that the link's token names."""
    return (
        RoleInvitation.objects.with_scopes_disabled()
        .select_related("department", "municipality")
        .filter(
            municipality=municipality,
            token_hash=token_hash(token),
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def has_confirmed_device(user: User) -> bool:
    """Whether the account holds an authenticator or recovery codes."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticDevice.objects.filter(user=user, confirmed=True).exists()
    )


def recovery_codes_remaining(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
