"""A person's permissions decided at once (`permissions_of`, used by the staff menu) are what
`has_permission` answers one by one, per person and per municipality, in one process."""

import pytest
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.accounts.permissions import PERMISSIONS, has_permission, permissions_of

AUDIT_LINK = 'href="/{city}/verwaltung/protokoll/"'
PEOPLE = ["admin@mannheim.example", "team@mannheim.example", "verein@mannheim.example"]


def verified(user: User) -> User:
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


@pytest.mark.django_db
def test_permissions_at_once_are_the_answers_one_by_one(mannheim, bamberg) -> None:
    with scopes_disabled():
        team = User.objects.get(email="team@mannheim.example")
        RoleAssignment.objects.create(municipality=bamberg, user=team, role=Role.OFFICE_ADMIN)
    users = [verified(User.objects.get(email=email)) for email in PEOPLE]
    seen = set()
    for _round in range(2):  # the same objects again: nothing remembered leaks to another
        for user in users:
            for city in (mannheim, bamberg, mannheim):
                expected = {name for name in PERMISSIONS if has_permission(user, city, name)}
                assert permissions_of(user, city) == expected
                seen.add(frozenset(expected))
    assert len(seen) >= 4  # the people and cities above differ in what they may do
    unverified = User.objects.get(email="admin@mannheim.example")
    assert permissions_of(unverified, mannheim) == frozenset()


@pytest.mark.django_db
def test_the_staff_menu_follows_the_person_and_the_municipality(mannheim, bamberg) -> None:
    with scopes_disabled():
        team = User.objects.get(email="team@mannheim.example")
        RoleAssignment.objects.create(municipality=bamberg, user=team, role=Role.OFFICE_ADMIN)
    admin, staff = signed_in_client("admin@mannheim.example"), signed_in_client(team.email)
    for _round in range(2):
        for client, city, shown in [
            (admin, "mannheim", True),
            (staff, "mannheim", False),  # office staff in Mannheim
            (staff, "bamberg", True),  # office administrator in Bamberg
            (admin, "mannheim", True),
        ]:
            page = client.get(f"/{city}/verwaltung/").content.decode()
            assert (AUDIT_LINK.format(city=city) in page) is shown, (client, city)
    assert admin.get("/bamberg/verwaltung/").status_code == 404
