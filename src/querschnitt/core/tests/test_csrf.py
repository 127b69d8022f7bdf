"""The CSRF token drawn faster (core/csrf.py) is Django's token: its own per session, masked
anew on every page, uniform over Django's characters, and accepted by Django's check."""

import re
from collections import Counter

import pytest
from django.middleware.csrf import (  # type: ignore[attr-defined]
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _check_token_format,
    _unmask_cipher_token,
)
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from conftest import signed_in_client
from querschnitt.core.csrf import _DROPPED, _TO_CHARS, masked, random_string

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STAFF_PAGE = "/mannheim/verwaltung/akteure/"
SIGN_OUT = "/mannheim/konto/abmelden/"
SECRETS = st.text(alphabet=CSRF_ALLOWED_CHARS, min_size=CSRF_SECRET_LENGTH, max_size=32)


def test_every_character_stands_for_as_many_bytes_and_the_rest_are_dropped() -> None:
    kept = _TO_CHARS[: 256 - len(_DROPPED)]
    assert set(_DROPPED) == set(range(248, 256))
    assert Counter(kept.decode("ascii")) == dict.fromkeys(CSRF_ALLOWED_CHARS, 4)


def test_random_strings_are_of_the_allowed_characters_and_differ() -> None:
    drawn = [random_string() for _ in range(200)]
    assert len(set(drawn)) == 200
    for value in drawn:
        assert len(value) == CSRF_SECRET_LENGTH
        _check_token_format(value)  # raises for a character Django does not allow
    assert set("".join(drawn)) == set(CSRF_ALLOWED_CHARS)


@given(SECRETS)
def test_django_unmasks_the_secret(secret: str) -> None:
    first, second = masked(secret), masked(secret)
    assert first != second  # a new mask each time
    for token in (first, second):
        _check_token_format(token)
        assert _unmask_cipher_token(token) == secret


def page_token(client: Client) -> str:
    [token] = CSRF_FIELD.findall(client.get(STAFF_PAGE).content.decode())
    return token


@pytest.mark.django_db
def test_each_session_has_its_own_secret_masked_anew_on_every_page() -> None:
    clients = [signed_in_client("admin@mannheim.example") for _ in range(2)]
    for client in clients:
        client.handler.enforce_csrf_checks = True
    tokens = [[page_token(client) for _ in range(2)] for client in clients]
    secrets = [client.cookies["csrftoken"].value for client in clients]
    assert secrets[0] != secrets[1]
    assert len({token for pair in tokens for token in pair}) == 4
    for pair, secret in zip(tokens, secrets, strict=True):
        assert {_unmask_cipher_token(token) for token in pair} == {secret}
    # the other session's token is refused; the session's own is taken
    refused = clients[0].post(SIGN_OUT, {"csrfmiddlewaretoken": tokens[1][0]})
    assert refused.status_code == 403
    signed_out = clients[0].post(SIGN_OUT, {"csrfmiddlewaretoken": tokens[0][1]})
    assert signed_out.status_code == 302
    assert clients[1].get(STAFF_PAGE).status_code == 200  # the other session goes on


@pytest.mark.django_db
def test_a_page_without_a_cookie_sets_the_secret_it_masked() -> None:
    client = signed_in_client("team@mannheim.example")
    assert "csrftoken" not in client.cookies
    token = page_token(client)
    assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
