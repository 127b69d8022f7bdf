"""The session row is read on every request; only what its signed text decodes to is kept
(`accounts/sessions.py`), per the text and the keys it is signed with."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from conftest import signed_in_client
from querschnitt.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db

ADMIN = "admin@mannheim.example"
STAFF_PAGE = "/mannheim/verwaltung/akteure/"
SIGN_IN = "/mannheim/konto/anmelden/?next=%2Fmannheim%2Fverwaltung%2Fakteure%2F"


def test_each_request_gets_its_own_copy_of_the_session() -> None:
    client = signed_in_client(ADMIN)
    key = client.session.session_key
    first = SessionStore(key)
    first["_auth_user_id"] = "0"
    first["added"] = ["x"]
    again = SessionStore(key)
    assert again.get("_auth_user_id") != "0"
    assert "added" not in again.load()
    kept = again.load()
    kept["added"] = ["y"]
    assert "added" not in SessionStore(key).load()


def test_a_session_ended_elsewhere_ends_at_once_though_its_text_was_decoded_before() -> None:
    client = signed_in_client(ADMIN)
    assert client.get(STAFF_PAGE).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).delete()
    assert client.get(STAFF_PAGE)["Location"] == SIGN_IN


def test_a_changed_session_is_decoded_afresh() -> None:
    client = signed_in_client(ADMIN)
    assert client.get(STAFF_PAGE).status_code == 200
    session = client.session
    del session["otp_device_id"]
    session.save()
    # the second factor no longer passed: sent to it
    assert client.get(STAFF_PAGE).status_code == 302


def test_a_text_signed_with_another_key_decodes_to_nothing(monkeypatch) -> None:
    client = signed_in_client(ADMIN)
    key = client.session.session_key
    assert SessionStore(key).load()
    # the kept decode is the old key's; a process with another key must not take it
    monkeypatch.setattr(settings, "SECRET_KEY", "another-key-" + "x" * 50)
    assert SessionStore(key).load() == {}


def test_a_text_that_does_not_verify_is_refused_every_time() -> None:
    client = signed_in_client(ADMIN)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(session_data="garbage:forged")
    assert SessionStore(key).load() == {}
    assert SessionStore(key).load() == {}


def test_an_expired_session_loads_nothing() -> None:
    client = signed_in_client(ADMIN)
    key = client.session.session_key
    assert SessionStore(key).load()
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert SessionStore(key).load() == {}
    assert client.get(STAFF_PAGE)["Location"] == SIGN_IN
