"""The one place that decides what a role may do in a municipality.

Every view declares a permission name; `has_permission` answers it from the table below, to
which each domain app adds its own names (`register_permissions` in its `AppConfig.ready()`,
from the app's `permissions.py`). A permission missing from the table is an error, so a typo
never grants access.
"""

from functools import lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from querschnitt.accounts.models import OFFICE_ROLES, Role, RoleAssignment, User
from querschnitt.core.models import Municipality, Visibility
from querschnitt.core.sql_rows import rows_of

ANY_ROLE = frozenset(Role)
OFFICE = OFFICE_ROLES
ADMIN = frozenset({Role.OFFICE_ADMIN})

PERMISSIONS: dict[str, frozenset[Role]] = {
    "staff_area.view": ANY_ROLE,
    "municipality.change_settings": ADMIN,
    "pages.change": OFFICE,
    "departments.view": OFFICE | {Role.DEPARTMENT_LIAISON},
    "departments.change": OFFICE,
    "users.manage": ADMIN,
    "audit.view": ADMIN,
    "account.manage_own": ANY_ROLE,
    "personal_data.manage": ADMIN,
}


class UnknownPermission(KeyError):
    pass


def register_permissions(table: dict[str, frozenset[Role]]) -> None:
    """Add an app's permissions; a name may not be given two meanings."""
    for name, roles in table.items():
        if PERMISSIONS.get(name, roles) != roles:
            raise ValueError(f"Permission {name!r} is already registered with other roles.")
        PERMISSIONS[name] = roles
    granted_to.cache_clear()


def roles_of(user: object, municipality: Municipality) -> frozenset[Role]:
    """The roles the user holds in the municipality (none for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    cache = _memo(user).setdefault("_qs_roles", {})
    if municipality.pk not in cache:
        # SQL: asked before every staff page, the ORM took longer to build the query than
        # the database to answer it
        found = rows_of(
            DEFAULT_DB_ALIAS,
            f"SELECT role FROM {RoleAssignment._meta.db_table}"  # noqa: S608 - a table name
            " WHERE municipality_id = %s AND user_id = %s",
            [municipality.pk, user.pk],  # type: ignore[attr-defined]
        )
        cache[municipality.pk] = frozenset(Role(role) for (role,) in found)
    return cache[municipality.pk]


def remember_roles(user: object, municipality: Municipality, roles: frozenset[Role]) -> None:
    """The roles of the user in the municipality, read with the account (`signed_in.py`)."""
    _memo(user).setdefault("_qs_roles", {})[municipality.pk] = roles


def _memo(user: object) -> dict[str, Any]:
    """What is remembered of an account for one request: on the account itself, also when
    it is given as the lazy `request.user` (whose own `__dict__` is not the account's)."""
    return getattr(user, "_wrapped", user).__dict__


def has_permission(user: object, municipality: Municipality, permission: str) -> bool:
    try:
        allowed = PERMISSIONS[permission]
    except KeyError as error:
        raise UnknownPermission(permission) from error
    if second_factor_missing(user):
        return False
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    return bool(roles_of(user, municipality) & allowed)


def permissions_of(user: object, municipality: Municipality) -> frozenset[str]:
    """Every permission the user holds in the municipality: the names for which
    `has_permission` answers yes, decided at once (a staff menu asks for twenty)."""
    if second_factor_missing(user):
        return frozenset()
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return frozenset(PERMISSIONS)
    return granted_to(roles_of(user, municipality))


@lru_cache(maxsize=256)
def granted_to(roles: frozenset[Role]) -> frozenset[str]:
    """The permissions a set of roles grants (the table's answer; nothing of a person)."""
    return frozenset(name for name, allowed in PERMISSIONS.items() if roles & allowed)


def needs_second_factor(user: object) -> bool:
    """Whether the account must pass a second factor, wherever it signs in.

    Decided for the account as a whole, not per municipality: platform operators, anyone
    holding an office role in any municipality, and anyone with a confirmed device (an
    authenticator or recovery codes). A password alone must never open a staff area for an
    account like that, not even in a municipality where its role is a lesser one.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    cache = _memo(user)
    if "_qs_needs_second_factor" not in cache:
        if getattr(user, "is_superuser", False):
            cache["_qs_needs_second_factor"] = True
        else:
            account = User.objects.filter(pk=user.pk).annotate(  # type: ignore[attr-defined]
                office_role=Exists(
                    RoleAssignment.objects.with_scopes_disabled().filter(
                        user=OuterRef("pk"), role__in=OFFICE_ROLES
                    )
                ),
                authenticator=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                ),
                recovery_codes=Exists(
                    StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                ),
            )
            flags = account.values_list("office_role", "authenticator", "recovery_codes").first()
            cache["_qs_needs_second_factor"] = bool(flags and any(flags))
    return bool(cache["_qs_needs_second_factor"])


def second_factor_missing(user: object) -> bool:
    """A signed-in account that needs a second factor and has not passed it in this session.

    django-otp's middleware gives a request's user `is_verified()`; a user object without it
    (from a service, a command or a test) counts as not verified, so that permission answers
    fail closed.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return not session_verified(user) and needs_second_factor(user)


def session_verified(user: object) -> bool:
    """Whether this session passed a second factor (django-otp's `is_verified`)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def visibility_levels(user: object, municipality: Municipality) -> frozenset[Visibility]:
    """What a person may see of a municipality's objects: the public sees public objects,
    anyone with a role also the network's, office staff (and operators) everything."""
    if second_factor_missing(user):
        return frozenset({Visibility.PUBLIC})
    roles = roles_of(user, municipality)
    if getattr(user, "is_superuser", False) or roles & OFFICE_ROLES:
        return frozenset(Visibility)
    if roles:
        return frozenset({Visibility.PUBLIC, Visibility.NETWORK})
    return frozenset({Visibility.PUBLIC})
