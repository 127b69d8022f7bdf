"""Where events about an account are recorded."""

from typing import Any

from django.db import models

from querschnitt.accounts.models import RoleAssignment, User
from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality


def audit_account(
    *,
    user: User,
    by: Any,
    action: str,
    municipality: Municipality | None = None,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """Record an event about an account in the trail of every municipality where it holds a role
    (an account is no tenant's), and for a platform operator, who holds none, in the trail of
    the municipality where it happened. A municipality never sees events of accounts that
    are not its people."""
    ids = set(
        RoleAssignment.objects.with_scopes_disabled()
        .filter(user=user)
        .values_list("municipality_id", flat=True)
    )
    places = list(Municipality.objects.filter(pk__in=ids).order_by("pk"))
    if municipality is not None and municipality.pk not in ids and user.is_superuser:
        places.insert(0, municipality)
    for place in places:
        audit_record(
            municipality=place,
            actor=by,
            action=action,
            target=target if target is not None else user,
            changes=changes,
        )


def forget_cached_access(user: Any) -> None:
    """Drop what `accounts.permissions` remembered about this user object for the request."""
    for key in ("_qs_roles", "_qs_needs_second_factor"):
        user.__dict__.pop(key, None)
