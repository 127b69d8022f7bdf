"""Administrators give people access, change roles and switch accounts off."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.accounts.services import role_revoke
from querschnitt.core.models import AuditEntry, Department


@pytest.mark.django_db
def test_an_invited_person_sets_a_password_and_signs_in(mannheim) -> None:
    admin = signed_in_client("admin@mannheim.example")
    with scope(municipality=mannheim):
        department = Department.objects.get(name="Fachbereich Bildung")
    response = admin.post(
        "/mannheim/verwaltung/benutzer/neu/",
        {
            "full_name": "Lena Liaison",
            "email": "Lena@Mannheim.example",
            "role": Role.DEPARTMENT_LIAISON,
            "department": department.pk,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="lena@mannheim.example")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(\S+)", str(mail.outbox[0].body))
    assert link is not None
    client = Client()
    form = client.get(link.group(1), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Lenas-Passwort-2026", "new_password2": "Lenas-Passwort-2026"},
    )
    response = client.post(
        "/mannheim/konto/anmelden/",
        {"username": "lena@mannheim.example", "password": "Lenas-Passwort-2026"},
    )
    assert response["Location"] == "/mannheim/verwaltung/"
    assert client.get("/mannheim/verwaltung/dienststellen/").status_code == 200
    with scope(municipality=mannheim):
        assert AuditEntry.objects.filter(action="user.invited", target_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_a_liaison_without_a_department_is_refused() -> None:
    response = signed_in_client("admin@mannheim.example").post(
        "/mannheim/verwaltung/benutzer/neu/",
        {"full_name": "Ohne", "email": "ohne@mannheim.example", "role": Role.DEPARTMENT_LIAISON},
    )
    assert response.status_code == 200
    assert "kern-error" in response.content.decode()
    assert not User.objects.filter(email="ohne@mannheim.example").exists()


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
def test_an_account_switched_off_can_no_longer_sign_in() -> None:
    admin = signed_in_client("admin@mannheim.example")
    member = User.objects.get(email="verein@mannheim.example")
    response = admin.post(
        f"/mannheim/verwaltung/benutzer/{member.pk}/", {"full_name": member.full_name}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    response = Client().post(
        "/mannheim/konto/anmelden/",
        {"username": "verein@mannheim.example", "password": "Querschnitt-Demo-2026"},
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_administrators_cannot_switch_themselves_off() -> None:
    admin_user = User.objects.get(email="admin@mannheim.example")
    response = signed_in_client("admin@mannheim.example").post(
        f"/mannheim/verwaltung/benutzer/{admin_user.pk}/", {"full_name": "Alex Admin"}
    )
    assert response.status_code == 200
    admin_user.refresh_from_db()
    assert admin_user.is_active
