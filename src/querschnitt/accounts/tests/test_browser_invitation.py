"""In Chromium: an invited office worker creates the account, sets up the authenticator, saves
the recovery codes and reaches the staff area and their account page."""

import re

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from conftest import axe_violations
from querschnitt.accounts.models import Role, User
from querschnitt.accounts.services import role_invitation_create
from querschnitt.core.models import Municipality

pytestmark = pytest.mark.browser


def test_an_invited_person_accepts_sets_up_the_second_factor_and_saves_recovery_codes(
    page, live_server
) -> None:
    with scopes_disabled():
        role_invitation_create(
            municipality=Municipality.objects.get(slug="mannheim"),
            email="nina@mannheim.example",
            full_name="Nina Neu",
            role=Role.OFFICE_STAFF,
            by=None,
            base_url=live_server.url,
        )
    link = re.search(r"https?://\S+/konto/einladung/\S+/", str(mail.outbox[-1].body))
    assert link is not None
    page.goto(link.group(0))
    assert axe_violations(page) == []
    page.get_by_label("Name").fill("Nina Neu")
    page.get_by_label("Passwort", exact=True).fill("Ninas-Passwort-2026")
    page.get_by_label("Passwort (wiederholen)").fill("Ninas-Passwort-2026")
    page.get_by_role("button", name="Konto anlegen und annehmen").click()
    page.wait_for_url("**/konto/authenticator/**")
    assert axe_violations(page) == []
    device = TOTPDevice.objects.get(user=User.objects.get(email="nina@mannheim.example"))
    page.get_by_label("Sechsstelliger Code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Bestätigen").click()
    page.get_by_role("heading", name="Ihre Wiederherstellungscodes").wait_for()
    assert page.locator("code").count() == 10
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ich habe die Codes gespeichert").click()
    page.wait_for_url("**/mannheim/verwaltung/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ihr Konto").first.click()
    page.wait_for_url("**/mannheim/konto/")
    assert axe_violations(page) == []
    for path in ["/mannheim/konto/wiederherstellungscodes/", "/mannheim/konto/authenticator/"]:
        page.goto(path)
        assert axe_violations(page) == [], path
