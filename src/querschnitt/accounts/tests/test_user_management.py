"""Administrators change what their municipality gives (roles here), never the account itself."""

import pytest
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.accounts.services import role_revoke
from querschnitt.core.models import AuditEntry, Department


@pytest.mark.django_db
def test_roles_are_added_and_removed_but_never_the_last_administrator(mannheim) -> None:
    admin = signed_in_client("admin@mannheim.example")
    member = User.objects.get(email="gremium@mannheim.example")
    response = admin.post(
        f"/mannheim/verwaltung/benutzer/{member.pk}/rollen/", {"role": Role.OFFICE_STAFF}
    )
    assert response.status_code == 302
    with scope(municipality=mannheim):
        staff_role = RoleAssignment.objects.get(user=member, role=Role.OFFICE_STAFF)
    revoke = f"/mannheim/verwaltung/benutzer/{member.pk}/rollen/{staff_role.pk}/entfernen/"
    question = admin.post(revoke)
    assert question.status_code == 200
    assert "kann die Seiten der Rolle" in question.content.decode()
    with scope(municipality=mannheim):
        assert RoleAssignment.objects.filter(pk=staff_role.pk).exists()
    response = admin.post(revoke, {"bestaetigt": "1"})
    assert response.status_code == 302
    with scope(municipality=mannheim):
        assert not RoleAssignment.objects.filter(pk=staff_role.pk).exists()
        only_admin = RoleAssignment.objects.get(role=Role.OFFICE_ADMIN)
    with pytest.raises(ValidationError), scopes_disabled():
        role_revoke(assignment=only_admin, by=None)


@pytest.mark.django_db
def test_a_municipality_cannot_rename_an_account_or_switch_it_off() -> None:
    admin = signed_in_client("admin@mannheim.example")
    member = User.objects.get(email="team@mannheim.example")
    page = admin.get(f"/mannheim/verwaltung/benutzer/{member.pk}/").content.decode()
    assert 'name="full_name"' not in page
    assert 'name="is_active"' not in page
    response = admin.post(f"/mannheim/verwaltung/benutzer/{member.pk}/", {"full_name": "Umbenannt"})
    assert response.status_code == 405
    member.refresh_from_db()
    assert member.full_name == "Sam Sachbearbeitung"
    assert member.is_active


@pytest.mark.django_db
def test_removing_a_person_takes_their_roles_here_and_leaves_the_account(mannheim, bamberg) -> None:
    member = User.objects.get(email="gremium@bamberg.example")
    with scopes_disabled():
        RoleAssignment.objects.create(municipality=mannheim, user=member, role=Role.BODY_MEMBER)
        RoleAssignment.objects.create(municipality=mannheim, user=member, role=Role.OFFICE_STAFF)
    admin = signed_in_client("admin@mannheim.example")
    url = f"/mannheim/verwaltung/benutzer/{member.pk}/entfernen/"
    detail = admin.get(f"/mannheim/verwaltung/benutzer/{member.pk}/").content.decode()
    assert f'href="{url}"' in detail
    confirm = admin.get(url)
    assert confirm.status_code == 200
    assert "Gül Gremium" in confirm.content.decode()
    response = admin.post(url)
    assert response.status_code == 302
    with scopes_disabled():
        assert not RoleAssignment.objects.filter(municipality=mannheim, user=member).exists()
        assert RoleAssignment.objects.filter(municipality=bamberg, user=member).exists()
        entry = AuditEntry.objects.get(municipality=mannheim, action="user.removed")
    assert entry.changes == {"roles": [Role.BODY_MEMBER, Role.OFFICE_STAFF]}
    member.refresh_from_db()
    assert member.is_active
    assert admin.get(f"/mannheim/verwaltung/benutzer/{member.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_administrator_cannot_remove_themselves_nor_the_last_administrator() -> None:
    admin_user = User.objects.get(email="admin@mannheim.example")
    admin = signed_in_client("admin@mannheim.example")
    detail = admin.get(f"/mannheim/verwaltung/benutzer/{admin_user.pk}/").content.decode()
    assert f'href="/mannheim/verwaltung/benutzer/{admin_user.pk}/entfernen/"' not in detail
    admin.post(f"/mannheim/verwaltung/benutzer/{admin_user.pk}/entfernen/")
    with scopes_disabled():
        assert RoleAssignment.objects.filter(user=admin_user, role=Role.OFFICE_ADMIN).exists()


@pytest.mark.django_db
def test_the_operator_account_cannot_be_touched_by_a_municipality(mannheim) -> None:
    """Even where an operator holds a role (from before invitations were asked), a city changes
    neither its roles, nor its second factor, nor its membership."""
    operator = User.objects.get(email="betrieb@querschnitt.example")
    with scopes_disabled():
        role = RoleAssignment.objects.create(
            municipality=mannheim, user=operator, role=Role.BODY_MEMBER
        )
    device = TOTPDevice.objects.get(user=operator, confirmed=True)
    admin = signed_in_client("admin@mannheim.example")
    base = f"/mannheim/verwaltung/benutzer/{operator.pk}"
    detail = admin.get(f"{base}/").content.decode()
    assert "zweiter-faktor" not in detail
    assert "entfernen" not in detail
    assert 'name="role"' not in detail
    admin.post(f"{base}/rollen/", {"role": Role.OFFICE_STAFF})
    admin.post(f"{base}/rollen/{role.pk}/entfernen/")
    admin.post(f"{base}/entfernen/")
    admin.post(f"{base}/zweiter-faktor/")
    with scopes_disabled():
        assert list(
            RoleAssignment.objects.filter(user=operator).values_list("role", flat=True)
        ) == [Role.BODY_MEMBER]
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    operator.refresh_from_db()
    assert operator.is_active
    assert operator.is_superuser


@pytest.mark.django_db
def test_a_department_of_another_municipality_is_refused(mannheim, bamberg) -> None:
    with scopes_disabled():
        foreign = Department.objects.filter(municipality=bamberg).first()
    member = User.objects.get(email="gremium@mannheim.example")
    response = signed_in_client("admin@mannheim.example").post(
        f"/mannheim/verwaltung/benutzer/{member.pk}/rollen/",
        {"role": Role.DEPARTMENT_LIAISON, "department": foreign.pk},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not RoleAssignment.objects.filter(user=member, role=Role.DEPARTMENT_LIAISON).exists()
