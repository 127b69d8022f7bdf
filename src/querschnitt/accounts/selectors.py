"""Reads about users that views reuse."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

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
