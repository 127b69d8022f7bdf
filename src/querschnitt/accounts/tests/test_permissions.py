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


@pytest.mark.django_db
def test_roles_count_only_in_their_own_municipality(mannheim, bamberg) -> None:
    admin = User.objects.get(email="admin@mannheim.example")
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
    user = User.objects.get(email=email) if email else AnonymousUser()
    assert visibility_levels(user, mannheim) == levels
