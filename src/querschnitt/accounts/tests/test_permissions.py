"""The permission table and the visibility levels of each role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from querschnitt.accounts.models import User
from querschnitt.accounts.permissions import (
    PERMISSIONS,
    UnknownPermission,
    has_permission,
    visibility_levels,
)
from querschnitt.core.models import Visibility


@pytest.mark.django_db
def test_an_unknown_permission_is_an_error_not_a_refusal(mannheim) -> None:
    admin = User.objects.get(email="admin@mannheim.example")
    with pytest.raises(UnknownPermission):
        has_permission(admin, mannheim, "staff_area.veiw")


def verified(user: User) -> User:
    """As django-otp's middleware marks a session that passed the second factor."""
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


@pytest.mark.django_db
def test_roles_count_only_in_their_own_municipality(mannheim, bamberg) -> None:
    admin = verified(User.objects.get(email="admin@mannheim.example"))
    assert all(has_permission(admin, mannheim, permission) for permission in PERMISSIONS)
    assert not any(has_permission(admin, bamberg, permission) for permission in PERMISSIONS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "levels"),
    [
        (None, {Visibility.PUBLIC}),
        ("verein@mannheim.example", {Visibility.PUBLIC, Visibility.NETWORK}),
        ("gremium@mannheim.example", {Visibility.PUBLIC, Visibility.NETWORK}),
        ("team@mannheim.example", set(Visibility)),
        ("admin@bamberg.example", {Visibility.PUBLIC}),
        ("betrieb@querschnitt.example", set(Visibility)),
    ],
)
def test_visibility_levels_follow_the_role(mannheim, email, levels) -> None:
    user = verified(User.objects.get(email=email)) if email else AnonymousUser()
    assert visibility_levels(user, mannheim) == levels


@pytest.mark.django_db
def test_without_the_second_factor_an_office_account_holds_no_permission(mannheim) -> None:
    """A user object that has not passed the second factor (or cannot tell) fails closed."""
    for email in ["admin@mannheim.example", "betrieb@querschnitt.example"]:
        user = User.objects.get(email=email)
        assert not any(has_permission(user, mannheim, permission) for permission in PERMISSIONS)
        assert visibility_levels(user, mannheim) == {Visibility.PUBLIC}
        user.is_verified = lambda: False  # type: ignore[attr-defined]
        assert not has_permission(user, mannheim, "staff_area.view")
    representative = User.objects.get(email="verein@mannheim.example")
    assert has_permission(representative, mannheim, "network.represent")
