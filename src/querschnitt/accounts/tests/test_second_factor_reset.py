"""Resetting someone's second factor: an office administrator for a colleague of their own
municipality only; the platform operators for anyone, from the command line."""

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.accounts.services import recovery_codes_generate
from querschnitt.accounts.tests.helpers import sign_in
from querschnitt.core.models import AuditEntry


def devices_of(user: User) -> int:
    return (
        TOTPDevice.objects.filter(user=user).count()
        + StaticDevice.objects.filter(user=user).count()
    )


@pytest.mark.django_db
def test_an_administrator_resets_a_colleague_who_then_sets_up_again(mannheim) -> None:
    colleague = User.objects.get(email="team@mannheim.example")
    recovery_codes_generate(user=colleague)
    assert devices_of(colleague) == 2
    admin = signed_in_client("admin@mannheim.example")
    url = f"/mannheim/verwaltung/benutzer/{colleague.pk}/zweiter-faktor/"
    assert (
        f'href="{url}"'
        in admin.get(f"/mannheim/verwaltung/benutzer/{colleague.pk}/").content.decode()
    )
    confirm = admin.get(url)
    assert confirm.status_code == 200
    assert '<form method="post" class="qs-form">' in confirm.content.decode()
    assert devices_of(colleague) == 2  # the page asks first
    assert admin.post(url).status_code == 302
    assert devices_of(colleague) == 0
    with scopes_disabled():
        entry = AuditEntry.objects.get(municipality=mannheim, action="second_factor.reset")
    assert entry.target_id == str(colleague.pk)
    assert entry.actor_label == "Alex Admin"

    client = Client()
    response = sign_in(client, "team@mannheim.example", next="/mannheim/verwaltung/")
    response = client.get(response["Location"])
    assert response["Location"].startswith("/mannheim/konto/authenticator/")
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/mannheim/verwaltung/").status_code == 302


@pytest.mark.django_db
def test_no_reset_of_oneself_the_operator_or_someone_whose_roles_lie_elsewhere(
    mannheim, bamberg
) -> None:
    admin = signed_in_client("admin@mannheim.example")
    admin_user = User.objects.get(email="admin@mannheim.example")
    operator = User.objects.get(email="betrieb@querschnitt.example")
    both = User.objects.get(email="team@bamberg.example")
    with scopes_disabled():
        RoleAssignment.objects.create(municipality=mannheim, user=operator, role=Role.BODY_MEMBER)
        RoleAssignment.objects.create(municipality=mannheim, user=both, role=Role.BODY_MEMBER)
    for user in (admin_user, operator, both):
        before = devices_of(user)
        url = f"/mannheim/verwaltung/benutzer/{user.pk}/zweiter-faktor/"
        detail = admin.get(f"/mannheim/verwaltung/benutzer/{user.pk}/").content.decode()
        assert f'href="{url}"' not in detail, user.email
        page = admin.get(url)
        assert page.status_code == 200
        assert '<form method="post" class="qs-form">' not in page.content.decode()
        admin.post(url)
        assert devices_of(user) == before > 0, user.email
    with scopes_disabled():
        assert not AuditEntry.objects.filter(action="second_factor.reset").exists()


@pytest.mark.django_db
def test_another_municipality_cannot_reach_a_colleague(mannheim) -> None:
    colleague = User.objects.get(email="team@mannheim.example")
    bamberg_admin = signed_in_client("admin@bamberg.example")
    url = f"/bamberg/verwaltung/benutzer/{colleague.pk}/zweiter-faktor/"
    assert bamberg_admin.get(url).status_code == 404
    assert bamberg_admin.post(url).status_code == 404
    assert (
        signed_in_client("team@mannheim.example")
        .post(f"/mannheim/verwaltung/benutzer/{colleague.pk}/zweiter-faktor/")
        .status_code
        == 403
    )
    assert devices_of(colleague) == 1


@pytest.mark.django_db
def test_the_operators_reset_any_account_from_the_command_line(capsys) -> None:
    operator = User.objects.get(email="betrieb@querschnitt.example")
    call_command("second_factor_reset", "Betrieb@Querschnitt.example")
    assert devices_of(operator) == 0
    assert "1 device(s)" in capsys.readouterr().out
    colleague = User.objects.get(email="admin@bamberg.example")
    call_command("second_factor_reset", "admin@bamberg.example")
    assert devices_of(colleague) == 0
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            municipality__slug="bamberg", action="second_factor.reset", actor_label="System"
        ).exists()


@pytest.mark.django_db
def test_the_operators_switch_an_account_off_and_on() -> None:
    call_command("account_active", "verein@mannheim.example", "off")
    response = sign_in(Client(), "verein@mannheim.example")
    assert response.status_code == 200
    call_command("account_active", "verein@mannheim.example", "on")
    assert sign_in(Client(), "verein@mannheim.example").status_code == 302
    with scopes_disabled():
        assert {"account.deactivated", "account.activated"} <= set(
            AuditEntry.objects.filter(municipality__slug="mannheim").values_list(
                "action", flat=True
            )
        )
