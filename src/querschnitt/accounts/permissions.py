"""The one place that decides what a role may do in a municipality.

Every view declares a permission name; `has_permission` answers it from the table below, to
which each domain app adds its own names (`register_permissions` in its `AppConfig.ready()`,
from the app's `permissions.py`). A permission missing from the table is an error, so a typo
never grants access.
"""

from querschnitt.accounts.models import OFFICE_ROLES, Role, RoleAssignment
from querschnitt.core.models import Municipality, Visibility

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


def roles_of(user: object, municipality: Municipality) -> frozenset[Role]:
    """The roles the user holds in the municipality (none for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    cache = user.__dict__.setdefault("_qs_roles", {})
    if municipality.pk not in cache:
        assignments = RoleAssignment.objects.with_scopes_disabled().filter(
            municipality=municipality, user=user
        )
        cache[municipality.pk] = frozenset(
            Role(r) for r in assignments.values_list("role", flat=True)
        )
    return cache[municipality.pk]


def has_permission(user: object, municipality: Municipality, permission: str) -> bool:
    try:
        allowed = PERMISSIONS[permission]
    except KeyError as error:
        raise UnknownPermission(permission) from error
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    return bool(roles_of(user, municipality) & allowed)


def needs_second_factor(user: object, municipality: Municipality | None = None) -> bool:
    """Office roles must sign in with TOTP; in any municipality, if none is given."""
    if getattr(user, "is_superuser", False):
        return True
    if municipality is not None:
        return bool(roles_of(user, municipality) & OFFICE_ROLES)
    return (
        RoleAssignment.objects.with_scopes_disabled()
        .filter(user=user, role__in=OFFICE_ROLES)
        .exists()
    )


def visibility_levels(user: object, municipality: Municipality) -> frozenset[Visibility]:
    """What a person may see of a municipality's objects: the public sees public objects,
    anyone with a role also the network's, office staff (and operators) everything."""
    roles = roles_of(user, municipality)
    if getattr(user, "is_superuser", False) or roles & OFFICE_ROLES:
        return frozenset(Visibility)
    if roles:
        return frozenset({Visibility.PUBLIC, Visibility.NETWORK})
    return frozenset({Visibility.PUBLIC})
