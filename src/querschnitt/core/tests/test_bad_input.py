"""Bad input gets a clear answer in the visitor's language, never a server error."""

import pytest
from django.test import Client

from conftest import signed_in_client


def client_in(language: str) -> Client:
    client = Client()
    client.cookies["qs_language"] = language
    return client


@pytest.mark.django_db
def test_an_unknown_municipality_is_a_404_page_in_the_visitors_language() -> None:
    german = client_in("de").get("/atlantis/")
    assert german.status_code == 404
    assert "Seite nicht gefunden" in german.content.decode()
    english = client_in("en").get("/atlantis/verwaltung/")
    assert english.status_code == 404
    assert "Page not found" in english.content.decode()
    assert "Traceback" not in english.content.decode()


@pytest.mark.django_db
def test_an_unknown_language_is_a_400_with_a_reason() -> None:
    response = client_in("en").get("/sprache/klingon/?next=/mannheim/")
    assert response.status_code == 400
    assert "klingon" in response.content.decode()
    assert "is not offered here" in response.content.decode()


@pytest.mark.django_db
def test_a_tampered_session_cookie_is_treated_as_signed_out() -> None:
    client = Client()
    client.cookies["sessionid"] = "tampered-" + "x" * 40
    assert client.get("/mannheim/").status_code == 200
    response = client.get("/mannheim/verwaltung/")
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_form_without_its_security_token_is_a_403_with_a_reason() -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies["qs_language"] = "en"
    response = client.post(
        "/mannheim/konto/anmelden/", {"username": "a@b.example", "password": "x"}
    )
    assert response.status_code == 403
    assert "security token" in response.content.decode()


@pytest.mark.django_db
def test_unknown_object_ids_are_404_not_500() -> None:
    client = signed_in_client("admin@mannheim.example")
    assert client.get("/mannheim/verwaltung/dienststellen/999999/").status_code == 404
    assert client.get("/mannheim/verwaltung/benutzer/999999/").status_code == 404
    assert client.get("/mannheim/verwaltung/seiten/unbekannt/").status_code == 404


@pytest.mark.django_db
def test_an_invalid_password_reset_link_says_so() -> None:
    response = client_in("en").get("/mannheim/konto/passwort-neu/MQ/abc-def/")
    assert response.status_code == 200
    assert "no longer valid" in response.content.decode()
