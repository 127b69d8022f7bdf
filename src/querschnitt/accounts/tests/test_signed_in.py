"""The signed-in state read at once (`accounts/signed_in.py`) keeps what Django's and
django-otp's middlewares guaranteed: the device must still exist, be confirmed and be the
account's; a switched-off account, a changed password and an expired session sign out."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import User

pytestmark = pytest.mark.django_db

ADMIN = "admin@mannheim.example"
STAFF_PAGE = "/mannheim/verwaltung/akteure/"


def opens(client) -> bool:
    return client.get(STAFF_PAGE).status_code == 200


def test_a_verified_session_reads_session_account_device_and_roles_in_two_queries() -> None:
    client = signed_in_client(ADMIN)
    assert opens(client)
    with CaptureQueriesContext(connection) as queries:
        client.get("/mannheim/impressum/?signed-in")
    # municipality, session, account with device and roles (the legal page reads one row)
    assert len(queries) == 4, [query["sql"] for query in queries]


@pytest.mark.parametrize("change", ["deleted", "unconfirmed"])
def test_a_device_deleted_or_unconfirmed_no_longer_verifies_the_session(change: str) -> None:
    client = signed_in_client(ADMIN)
    assert opens(client)
    device = TOTPDevice.objects.get(user__email=ADMIN, confirmed=True)
    if change == "deleted":
        device.delete()
    else:
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    assert not opens(client)
    assert "otp_device_id" not in client.session


def test_another_accounts_device_does_not_verify_the_session() -> None:
    client = signed_in_client(ADMIN)
    other = TOTPDevice.objects.exclude(user__email=ADMIN).filter(confirmed=True).first()
    assert other is not None
    session = client.session
    session["otp_device_id"] = other.persistent_id
    session.save()
    assert not opens(client)
    assert "otp_device_id" not in client.session


@pytest.mark.parametrize("device_id", ["otp_static.staticdevice/x", "no.such/1", "garbage"])
def test_a_device_id_that_names_nothing_verifies_nothing(device_id: str) -> None:
    client = signed_in_client(ADMIN)
    session = client.session
    session["otp_device_id"] = device_id
    session.save()
    assert not opens(client)


def test_recovery_codes_verify_the_session_as_the_authenticator_does() -> None:
    client = signed_in_client(ADMIN)
    user = User.objects.get(email=ADMIN)
    codes = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    session = client.session
    session["otp_device_id"] = codes.persistent_id
    session.save()
    assert opens(client)


def test_switching_the_account_off_or_changing_its_password_signs_out() -> None:
    client = signed_in_client(ADMIN)
    assert opens(client)
    User.objects.filter(email=ADMIN).update(is_active=False)
    assert not opens(client)
    User.objects.filter(email=ADMIN).update(is_active=True)
    client = signed_in_client(ADMIN)
    assert opens(client)
    user = User.objects.get(email=ADMIN)
    user.set_password("Another-Password-2026")
    user.save()
    assert not opens(client)
    assert not Session.objects.filter(session_key=client.session.session_key).exists() or (
        "_auth_user_id" not in client.session
    )


def test_an_expired_session_is_no_session() -> None:
    client = signed_in_client(ADMIN)
    assert opens(client)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert not opens(client)


def test_roles_are_those_of_the_requests_municipality() -> None:
    client = signed_in_client(ADMIN)
    assert opens(client)
    # the Mannheim administrator holds no role in Bamberg
    assert client.get("/bamberg/verwaltung/akteure/").status_code in {403, 404}


def test_the_account_and_device_read_by_sql_are_those_the_orm_gives() -> None:
    from querschnitt.accounts.signed_in import _read
    from querschnitt.core.models import Municipality

    user = User.objects.get(email=ADMIN)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    mannheim = Municipality.objects.get(slug="mannheim")
    read_user, read_device, roles = _read(user.pk, TOTPDevice, device.pk, mannheim.pk)
    for field in User._meta.concrete_fields:
        assert getattr(read_user, field.attname) == getattr(user, field.attname), field.name
    for field in TOTPDevice._meta.concrete_fields:
        assert getattr(read_device, field.attname) == getattr(device, field.attname), field.name
    with scopes_disabled():
        expected = set(
            user.role_assignments.filter(municipality=mannheim).values_list("role", flat=True)
        )
    assert roles
    assert roles == expected
