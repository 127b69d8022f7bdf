"""Small helpers shared by the accounts tests."""

import re

from django.core import mail
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "Querschnitt-Demo-2026"


def code_of(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key).token():06d}"


def sign_in(
    client: Client, email: str, place: str = "mannheim", password: str = PASSWORD, **extra: str
):
    return client.post(
        f"/{place}/konto/anmelden/", {"username": email, "password": password, **extra}
    )


def last_link(pattern: str = r"http://testserver(/\S+)") -> str:
    found = re.search(pattern, str(mail.outbox[-1].body))
    assert found is not None, mail.outbox[-1].body
    return found.group(1)
