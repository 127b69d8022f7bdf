"""The second factor cannot be skipped: set-up, replacement, recovery codes."""

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from conftest import demo_totp_code, signed_in_client
from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.accounts.tests.helpers import code_of, sign_in
from querschnitt.core.models import AuditEntry, Department
from querschnitt.core.tests.access_helpers import MANNHEIM_ROLES, OPERATOR, OTHER_MUNICIPALITY
from querschnitt.core.tests.test_access_matrix import ACCESS

EVERY_ROLE = {**MANNHEIM_ROLES, "other_municipality": OTHER_MUNICIPALITY, "operator": OPERATOR}
PERSONAL_ACCOUNT_PAGES = [
    "accounts:account",
    "accounts:email_change",
    "accounts:password_change",
    "accounts:recovery_codes",
]


def private_urls(place: str) -> list[str]:
    """Every staff URL of the access table, and the account pages with personal data."""
    from django.urls import NoReverseMatch, reverse

    urls = []
    for name, (kwargs, _expected) in ACCESS.items():
        if name.startswith("staff:") or name in PERSONAL_ACCOUNT_PAGES:
            arguments = kwargs() if callable(kwargs) else kwargs
            try:
                urls.append(reverse(name, kwargs={"municipality": place, **arguments}))
            except NoReverseMatch:
                continue
    return urls


def real_authenticator(user: User) -> TOTPDevice:
    """The demo's authenticator, or (liaison, body member, representative) one the person set
    up for themselves: either way, the account now needs its second factor."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    return device


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EVERY_ROLE))
def test_a_password_alone_opens_nothing_and_cannot_replace_the_authenticator(role: str) -> None:
    email = EVERY_ROLE[role]
    place = "bamberg" if role == "other_municipality" else "mannheim"
    user = User.objects.get(email=email)
    device = real_authenticator(user)
    key = device.key
    client = Client()
    response = sign_in(client, email, place)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{place}/konto/zweiter-faktor/")

    # The attack: set up a new authenticator with the password alone and confirm it.
    setup = client.get(f"/{place}/konto/authenticator/")
    assert setup.status_code == 302
    assert setup["Location"].startswith(f"/{place}/konto/zweiter-faktor/")
    for new in TOTPDevice.objects.filter(user=user, confirmed=False):
        client.post(f"/{place}/konto/authenticator/", {"token": code_of(new), "replace": "on"})

    opened = [url for url in private_urls(place) if client.get(url).status_code == 200]
    assert opened == []
    device.refresh_from_db()
    assert device.confirmed
    assert device.key == key
    assert list(TOTPDevice.objects.filter(user=user, confirmed=True)) == [device]


@pytest.mark.django_db
def test_the_second_factor_is_needed_for_the_account_everywhere(mannheim, bamberg) -> None:
    """Office staff in Mannheim is only a liaison in Bamberg, and still needs the second factor
    there: the need belongs to the account, not to one municipality."""
    user = User.objects.create_user("zwei@example.org", "Querschnitt-Demo-2026", full_name="Zwei")
    with scopes_disabled():
        RoleAssignment.objects.create(municipality=mannheim, user=user, role=Role.OFFICE_STAFF)
        RoleAssignment.objects.create(
            municipality=bamberg,
            user=user,
            role=Role.DEPARTMENT_LIAISON,
            department=Department.objects.filter(municipality=bamberg).first(),
        )
    client = Client()
    response = sign_in(client, "zwei@example.org", "bamberg")
    assert response["Location"].startswith("/bamberg/konto/zweiter-faktor/")
    response = client.get("/bamberg/verwaltung/")
    assert response.status_code == 302
    assert response["Location"].startswith("/bamberg/konto/zweiter-faktor/")
    assert client.get("/bamberg/verwaltung/dienststellen/").status_code == 302


@pytest.mark.django_db
def test_first_set_up_right_after_the_password_shows_recovery_codes_once(mannheim) -> None:
    user = User.objects.create_user(
        "neu@mannheim.example", "Querschnitt-Demo-2026", full_name="Nora"
    )
    with scopes_disabled():
        RoleAssignment.objects.create(municipality=mannheim, user=user, role=Role.OFFICE_STAFF)
    client = Client()
    sign_in(client, "neu@mannheim.example")
    assert client.get("/mannheim/verwaltung/").status_code == 302
    setup = client.get("/mannheim/konto/authenticator/")
    assert setup.status_code == 200
    assert "no-store" in setup["Cache-Control"]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/mannheim/konto/authenticator/", {"token": code_of(device)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10
    body = response.content.decode()
    assert all(code in body for code in codes)
    assert client.get("/mannheim/verwaltung/").status_code == 200
    # never shown again
    page = client.get("/mannheim/konto/wiederherstellungscodes/").content.decode()
    assert "10" in page
    assert not any(code in page for code in codes)
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            municipality=mannheim, action="second_factor.set_up", target_id=str(user.pk)
        ).exists()


@pytest.mark.django_db
def test_replacing_the_authenticator_is_an_explicit_step_and_the_old_one_works_until_then(
    mannheim,
) -> None:
    user = User.objects.get(email="team@mannheim.example")
    old = TOTPDevice.objects.get(user=user, confirmed=True)
    client = signed_in_client("team@mannheim.example")
    page = client.get("/mannheim/konto/authenticator/")
    assert page.status_code == 200
    assert 'name="replace"' in page.content.decode()
    new = TOTPDevice.objects.get(user=user, confirmed=False)

    # Until the new one is confirmed, the old one still signs in.
    other = Client()
    sign_in(other, "team@mannheim.example")
    assert (
        other.post(
            "/mannheim/konto/zweiter-faktor/", {"token": demo_totp_code("team@mannheim.example")}
        ).status_code
        == 302
    )
    assert other.get("/mannheim/verwaltung/").status_code == 200

    # Without ticking "replace" nothing changes.
    response = client.post("/mannheim/konto/authenticator/", {"token": code_of(new)})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()

    new.refresh_from_db()
    new.last_t = -1
    new.save()
    response = client.post(
        "/mannheim/konto/authenticator/", {"token": code_of(new), "replace": "on"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    new.refresh_from_db()
    assert new.confirmed
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            municipality=mannheim, action="second_factor.replaced", target_id=str(user.pk)
        ).exists()


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once_and_new_codes_replace_the_old(mannheim) -> None:
    user = User.objects.get(email="admin@mannheim.example")
    client = signed_in_client("admin@mannheim.example")
    response = client.post("/mannheim/konto/wiederherstellungscodes/")
    assert response.status_code == 200
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in response.content.decode() for code in codes)

    fresh = Client()
    sign_in(fresh, "admin@mannheim.example", next="/mannheim/verwaltung/")
    response = fresh.post(
        "/mannheim/konto/zweiter-faktor/",
        {"recovery_code": codes[0].upper(), "next": "/mannheim/verwaltung/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/mannheim/verwaltung/"
    assert fresh.get("/mannheim/verwaltung/").status_code == 200

    again = Client()
    sign_in(again, "admin@mannheim.example")
    response = again.post("/mannheim/konto/zweiter-faktor/", {"recovery_code": codes[0]})
    assert response.status_code == 200
    assert again.get("/mannheim/verwaltung/").status_code == 302

    client.post("/mannheim/konto/wiederherstellungscodes/")
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)
    later = Client()
    sign_in(later, "admin@mannheim.example")
    later.post("/mannheim/konto/zweiter-faktor/", {"recovery_code": codes[1]})
    assert later.get("/mannheim/verwaltung/").status_code == 302
    with scopes_disabled():
        actions = set(
            AuditEntry.objects.filter(municipality=mannheim, target_id=str(user.pk)).values_list(
                "action", flat=True
            )
        )
    assert {"second_factor.recovery_codes_renewed", "second_factor.recovery_code_used"} <= actions


@pytest.mark.django_db
def test_new_recovery_codes_need_a_verified_session() -> None:
    user = User.objects.get(email="admin@mannheim.example")
    client = Client()
    sign_in(client, "admin@mannheim.example")
    response = client.post("/mannheim/konto/wiederherstellungscodes/")
    assert response.status_code == 302
    assert response["Location"].startswith("/mannheim/konto/zweiter-faktor/")
    assert not StaticDevice.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_wrong_codes_at_set_up_are_throttled(mannheim) -> None:
    user = User.objects.create_user("langsam@mannheim.example", "Querschnitt-Demo-2026")
    with scopes_disabled():
        RoleAssignment.objects.create(municipality=mannheim, user=user, role=Role.OFFICE_STAFF)
    client = Client()
    sign_in(client, "langsam@mannheim.example")
    client.get("/mannheim/konto/authenticator/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = "000000" if code_of(device) != "000000" else "111111"
    assert client.post("/mannheim/konto/authenticator/", {"token": wrong}).status_code == 200
    response = client.post("/mannheim/konto/authenticator/", {"token": code_of(device)})
    assert response.status_code == 200  # too soon after a wrong code
    device.refresh_from_db()
    assert not device.confirmed
    assert device.throttling_failure_count == 1
