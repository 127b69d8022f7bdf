"""The owner keeps their own account: name, e-mail address (confirmed by a link), password."""

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.accounts.tests.helpers import PASSWORD, last_link, sign_in
from querschnitt.core.models import AuditEntry


def trail(slug: str, action: str) -> list[AuditEntry]:
    with scopes_disabled():
        return list(AuditEntry.objects.filter(municipality__slug=slug, action=action))


@pytest.mark.django_db
def test_the_owner_renames_their_account_and_each_of_their_municipalities_sees_it() -> None:
    client = signed_in_client("team@mannheim.example")
    page = client.get("/mannheim/konto/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert (
        "/mannheim/konto/"
        in signed_in_client("team@mannheim.example").get("/mannheim/verwaltung/").content.decode()
    )
    response = client.post("/mannheim/konto/", {"full_name": "Sam Neuname"})
    assert response.status_code == 302
    assert User.objects.get(email="team@mannheim.example").full_name == "Sam Neuname"
    assert len(trail("mannheim", "account.updated")) == 1
    assert trail("bamberg", "account.updated") == []


@pytest.mark.django_db
def test_a_new_email_address_counts_only_after_its_link_is_opened() -> None:
    client = signed_in_client("gremium@mannheim.example")
    response = client.post(
        "/mannheim/konto/e-mail/",
        {"email": "neu@gremium.example", "current_password": "falsch-falsch"},
    )
    assert response.status_code == 200
    assert mail.outbox == []
    response = client.post(
        "/mannheim/konto/e-mail/",
        {"email": "neu@gremium.example", "current_password": PASSWORD},
    )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["neu@gremium.example"]
    assert User.objects.filter(email="gremium@mannheim.example").exists()
    link = last_link()
    assert link.startswith("/mannheim/konto/e-mail/")
    confirm = Client().get(link)
    assert confirm.status_code == 200
    assert User.objects.filter(email="gremium@mannheim.example").exists()
    assert Client().post(link).status_code == 302
    user = User.objects.get(email="neu@gremium.example")
    assert mail.outbox[-1].to == ["gremium@mannheim.example"]  # the old address is told
    assert Client().post(link).status_code == 400  # used up
    assert sign_in(Client(), "neu@gremium.example").status_code == 302
    assert trail("mannheim", "account.email_changed")[0].target_id == str(user.pk)


@pytest.mark.django_db
def test_an_address_of_another_account_is_refused_only_to_its_mailbox() -> None:
    client = signed_in_client("gremium@mannheim.example")
    response = client.post(
        "/mannheim/konto/e-mail/",
        {"email": "admin@bamberg.example", "current_password": PASSWORD},
    )
    assert response.status_code == 302  # the same answer as for a free address
    assert mail.outbox[0].to == ["admin@bamberg.example"]
    assert Client().post(last_link()).status_code == 400
    assert User.objects.get(email="admin@bamberg.example").full_name == "Alex Admin"
    assert User.objects.filter(email="gremium@mannheim.example").exists()


@pytest.mark.django_db
def test_the_owner_changes_the_password_and_stays_signed_in() -> None:
    client = signed_in_client("verein@mannheim.example")
    response = client.post(
        "/mannheim/konto/passwort/",
        {
            "old_password": PASSWORD,
            "new_password1": "Ein-neues-Passwort-2026",
            "new_password2": "Ein-neues-Passwort-2026",
        },
    )
    assert response.status_code == 302
    assert client.get("/mannheim/konto/").status_code == 200
    assert sign_in(Client(), "verein@mannheim.example").status_code == 200
    assert (
        sign_in(Client(), "verein@mannheim.example", password="Ein-neues-Passwort-2026").status_code
        == 302
    )
    assert len(trail("mannheim", "account.password_changed")) == 1


@pytest.mark.django_db
def test_account_pages_are_the_owners_own() -> None:
    """Nothing on the account pages names another account, whoever asks."""
    body = signed_in_client("admin@mannheim.example").get("/mannheim/konto/").content.decode()
    assert "admin@mannheim.example" in body
    assert "team@mannheim.example" not in body
    assert signed_in_client("admin@bamberg.example").get("/mannheim/konto/").status_code == 404
