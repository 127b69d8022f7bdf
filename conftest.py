"""Shared fixtures: the demo municipalities are loaded once per test database."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import TOTP
from django_scopes import scopes_disabled

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from querschnitt.core.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo(transactional_db: Any) -> None:
    """For tests on a transactional database (browser tests): the demo, loaded again."""
    from querschnitt.core.demo.loader import load_demo

    load_demo()


@pytest.fixture
def unscoped() -> Iterator[None]:
    with scopes_disabled():
        yield


@pytest.fixture
def mannheim(db: Any) -> Any:
    from querschnitt.core.models import Municipality

    return Municipality.objects.get(slug="mannheim")


@pytest.fixture
def bamberg(db: Any) -> Any:
    from querschnitt.core.models import Municipality

    return Municipality.objects.get(slug="bamberg")


def demo_totp_code(email: str) -> str:
    from querschnitt.core.demo.users import PLATFORM_OPERATOR, DemoUser

    demo = PLATFORM_OPERATOR if email == PLATFORM_OPERATOR.email else DemoUser(email, "", None)
    return f"{TOTP(bytes.fromhex(demo.totp_key_hex)).token():06d}"


def signed_in_client(email: str, *, verified: bool = True) -> Client:
    """A client signed in as a demo user, past the second factor where the user has one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from querschnitt.accounts.models import User

    client = Client()
    user = User.objects.get(email=email)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if verified and device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for() -> Any:
    return signed_in_client
