"""Reads about users that views reuse."""

from django.db.models import Prefetch, QuerySet

from querschnitt.accounts.models import RoleAssignment, User
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
