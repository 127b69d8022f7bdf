"""Signing in: password, second factor, setting up an authenticator, throttling, reset."""

import re

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import demo_totp_code
from querschnitt.accounts.models import User

PASSWORD = "Querschnitt-Demo-2026"


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str):
    return client.post(
        "/mannheim/konto/anmelden/", {"username": email, "password": password, **extra}
    )


@pytest.mark.django_db
def test_office_staff_sign_in_with_password_and_totp_code() -> None:
    client = Client()
    response = sign_in(client, "team@mannheim.example", next="/mannheim/verwaltung/")
    assert response.status_code == 302
    assert response["Location"].startswith("/mannheim/konto/zweiter-faktor/")
    assert client.get("/mannheim/verwaltung/").status_code == 302

    page = client.get(response["Location"])
    assert 'name="token"' in page.content.decode()
    response = client.post(
        response["Location"],
        {"token": demo_totp_code("team@mannheim.example"), "next": "/mannheim/verwaltung/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/mannheim/verwaltung/"
    assert client.get("/mannheim/verwaltung/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_totp_code_is_a_form_error_not_a_sign_in() -> None:
    client = Client()
    sign_in(client, "team@mannheim.example")
    response = client.post("/mannheim/konto/zweiter-faktor/", {"token": "000000"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    response = client.post("/mannheim/konto/zweiter-faktor/", {"token": "12ab"})
    assert response.status_code == 200
    assert client.get("/mannheim/verwaltung/").status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message() -> None:
    response = sign_in(Client(), "team@mannheim.example", "wrong-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session
    assert "kern-alert--danger" in response.content.decode()


@pytest.mark.django_db
def test_a_form_with_missing_fields_shows_errors_per_field() -> None:
    response = Client().post("/mannheim/konto/anmelden/", {"username": "not-an-address"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("kern-error") >= 2
    assert 'aria-describedby="id_username_error"' in body


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_for_a_while() -> None:
    client = Client()
    for _attempt in range(5):
        sign_in(client, "admin@mannheim.example", "wrong-password")
    response = sign_in(client, "admin@mannheim.example")
    assert response.status_code == 429
    assert "15" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_new_office_user_must_set_up_an_authenticator(mannheim) -> None:
    from querschnitt.accounts.models import Role
    from querschnitt.accounts.services import role_assign

    user = User.objects.create_user("neu@mannheim.example", PASSWORD, full_name="Nora Neu")
    role_assign(municipality=mannheim, user=user, role=Role.OFFICE_STAFF, by=None)
    client = Client()
    response = sign_in(client, "neu@mannheim.example")
    assert response["Location"].startswith("/mannheim/konto/zweiter-faktor/")
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/mannheim/konto/authenticator/")
    setup = client.get(response["Location"])
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        "/mannheim/konto/authenticator/", {"token": f"{TOTP(device.bin_key).token():06d}"}
    )
    assert response.status_code == 200  # the recovery codes, shown once
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/mannheim/verwaltung/").status_code == 200


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_sets_a_new_password() -> None:
    client = Client()
    response = client.post(
        "/mannheim/konto/passwort-vergessen/", {"email": "gremium@mannheim.example"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/mannheim/konto/passwort-neu/\S+)", str(mail.outbox[0].body)
    )
    assert link is not None
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "ein-neues-Passwort-2026", "new_password2": "ein-neues-Passwort-2026"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="gremium@mannheim.example").check_password(
        "ein-neues-Passwort-2026"
    )


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_reveals_nothing() -> None:
    response = Client().post("/mannheim/konto/passwort-vergessen/", {"email": "nobody@x.example"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_signing_out_ends_the_session() -> None:
    client = Client()
    sign_in(client, "gremium@mannheim.example")
    assert client.get("/mannheim/verwaltung/").status_code == 200
    response = client.post("/mannheim/konto/abmelden/")
    assert response.status_code == 302
    assert client.get("/mannheim/verwaltung/").status_code == 302


@pytest.mark.django_db
def test_next_may_not_lead_to_another_site() -> None:
    client = Client()
    response = sign_in(client, "gremium@mannheim.example", next="https://evil.example/")
    assert response["Location"] == "/mannheim/verwaltung/"


def answer_without(response, email: str) -> str:
    """The page as the person sees it, without the address they typed and the CSRF token."""
    body = response.content.decode().replace(email, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


@pytest.mark.django_db
def test_every_failure_to_sign_in_gets_the_same_answer() -> None:
    User.objects.filter(email="verein@mannheim.example").update(is_active=False)
    attempts = {
        "wrong password": ("team@mannheim.example", "falsches-Passwort-1"),
        "unknown address": ("niemand@mannheim.example", PASSWORD),
        "inactive account": ("verein@mannheim.example", PASSWORD),
        "right password, no role here": ("admin@bamberg.example", PASSWORD),
        "right password, a lesser role elsewhere": ("gremium@bamberg.example", PASSWORD),
    }
    answers = {}
    for case, (email, password) in attempts.items():
        client = Client()
        response = sign_in(client, email, password)
        assert response.status_code == 200, case
        assert "_auth_user_id" not in client.session, case
        answers[case] = answer_without(response, email)
    assert len(set(answers.values())) == 1, answers.keys()
    assert "no access to Mannheim" not in next(iter(answers.values()))


@pytest.mark.django_db
def test_a_right_password_without_access_here_counts_as_a_failed_attempt() -> None:
    """Five right passwords at a municipality where the account has no role lock it just as
    five wrong ones do, so the throttle cannot be used to tell them apart either."""
    wrong, right = Client(), Client()
    wrong_statuses = [
        sign_in(wrong, "team@bamberg.example", "falsches-Passwort-1").status_code
        for _attempt in range(5)
    ]
    right_statuses = [sign_in(right, "admin@bamberg.example").status_code for _attempt in range(5)]
    assert right_statuses == wrong_statuses
    response = sign_in(right, "admin@bamberg.example", place="bamberg")
    assert response.status_code == 429
    assert "_auth_user_id" not in right.session
