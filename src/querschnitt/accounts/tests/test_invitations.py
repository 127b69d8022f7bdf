"""Invitations: a role is attached only when the invited person accepts, and the inviting
office learns nothing about accounts that exist elsewhere."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from conftest import demo_totp_code, signed_in_client
from querschnitt.accounts.models import Role, RoleAssignment, RoleInvitation, User
from querschnitt.accounts.tests.helpers import PASSWORD, last_link, sign_in
from querschnitt.core.models import AuditEntry, Department, Municipality

INVITE = "/mannheim/verwaltung/benutzer/neu/"


def invite(client: Client, email: str, role: str = Role.BODY_MEMBER, **extra):
    return client.post(INVITE, {"full_name": "Ina Neu", "email": email, "role": role, **extra})


def roles_in_mannheim(email: str) -> list[str]:
    with scopes_disabled():
        return sorted(
            RoleAssignment.objects.filter(
                municipality__slug="mannheim", user__email=email
            ).values_list("role", flat=True)
        )


def actions(municipality_slug: str = "mannheim") -> list[str]:
    with scopes_disabled():
        return list(
            AuditEntry.objects.filter(municipality__slug=municipality_slug)
            .order_by("id")
            .values_list("action", flat=True)
        )


@pytest.mark.django_db
def test_a_new_address_gets_its_account_and_role_only_by_accepting(mannheim) -> None:
    admin = signed_in_client("admin@mannheim.example")
    with scopes_disabled():
        department = Department.objects.get(municipality=mannheim, name="Fachbereich Bildung")
    response = invite(
        admin, "Lena@Mannheim.example", Role.DEPARTMENT_LIAISON, department=department.pk
    )
    assert response.status_code == 302
    assert response["Location"] == "/mannheim/verwaltung/benutzer/"
    assert not User.objects.filter(email="lena@mannheim.example").exists()
    listing = admin.get("/mannheim/verwaltung/benutzer/").content.decode()
    assert "lena@mannheim.example" in listing
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lena@mannheim.example"]
    link = last_link()
    assert link.startswith("/mannheim/konto/einladung/")

    invitee = Client()
    page = invitee.get(link)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert 'value="Ina Neu"' in page.content.decode()
    response = invitee.post(
        link,
        {"full_name": "Lena Liaison", "password1": "Lenas-Passwort-2026", "password2": "x"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="lena@mannheim.example").exists()
    response = invitee.post(
        link,
        {
            "full_name": "Lena Liaison",
            "password1": "Lenas-Passwort-2026",
            "password2": "Lenas-Passwort-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="lena@mannheim.example")
    assert user.full_name == "Lena Liaison"
    assert roles_in_mannheim("lena@mannheim.example") == [Role.DEPARTMENT_LIAISON]
    assert invitee.get("/mannheim/verwaltung/dienststellen/").status_code == 200
    assert invitee.get(link).status_code == 400  # used up
    assert {"invitation.created", "invitation.accepted", "role.assigned"} <= set(actions())

    fresh = Client()
    response = sign_in(fresh, "lena@mannheim.example", password="Lenas-Passwort-2026")
    assert response["Location"] == "/mannheim/verwaltung/"


@pytest.mark.django_db
def test_an_existing_account_is_asked_and_nothing_changes_before_it_accepts() -> None:
    """Mannheim invites Bamberg's administrator: no role, no renaming, until they sign in
    with their own account (and its second factor) and accept."""
    admin = signed_in_client("admin@mannheim.example")
    assert invite(admin, "admin@bamberg.example", Role.OFFICE_STAFF).status_code == 302
    assert roles_in_mannheim("admin@bamberg.example") == []
    assert User.objects.get(email="admin@bamberg.example").full_name == "Alex Admin"
    assert mail.outbox[0].to == ["admin@bamberg.example"]
    link = last_link()

    invitee = Client()
    page = invitee.get(link).content.decode()
    signin_url = re.search(r'href="(/mannheim/konto/anmelden/\?next=[^"]+)"', page)
    assert signin_url is not None
    response = invitee.post(
        signin_url.group(1).replace("&amp;", "&"),
        {"username": "admin@bamberg.example", "password": PASSWORD, "next": link},
    )
    assert response["Location"].startswith("/mannheim/konto/zweiter-faktor/")
    assert invitee.get(link).status_code == 302  # the second factor first
    response = invitee.post(
        "/mannheim/konto/zweiter-faktor/",
        {"token": demo_totp_code("admin@bamberg.example"), "next": link},
    )
    assert response["Location"] == link
    assert roles_in_mannheim("admin@bamberg.example") == []
    response = invitee.post(link)
    assert response.status_code == 302
    assert roles_in_mannheim("admin@bamberg.example") == [Role.OFFICE_STAFF]
    assert invitee.get("/mannheim/verwaltung/").status_code == 200


@pytest.mark.django_db
def test_the_inviting_office_cannot_tell_whether_the_address_has_an_account() -> None:
    admin = signed_in_client("admin@mannheim.example")
    seen = {}
    for email in ["admin@bamberg.example", "betrieb@querschnitt.example", "neu@example.org"]:
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            response = invite(admin, email)
        query_count = len(queries)
        listing = admin.get("/mannheim/verwaltung/benutzer/").content.decode()
        row = re.search(rf"<tr[^>]*>\s*<td[^>]*>{re.escape(email)}</td>.*?</tr>", listing, re.S)
        assert row is not None, email
        message = re.search(r'<span class="kern-title">([^<]*)</span>', listing)
        seen[email] = (
            response.status_code,
            response["Location"],
            message.group(1).replace(email, "ADDRESS") if message else "",
            re.sub(r"/einladungen/\d+/", "/einladungen/N/", row.group(0)).replace(email, "X"),
            len(mail.outbox),
            query_count,
        )
    assert len(set(seen.values())) == 1, seen
    assert roles_in_mannheim("admin@bamberg.example") == []
    assert roles_in_mannheim("betrieb@querschnitt.example") == []
    with scopes_disabled():
        assert RoleInvitation.objects.filter(municipality__slug="mannheim").count() == 3


@pytest.mark.django_db
def test_the_operator_takes_no_role_from_a_municipality() -> None:
    admin = signed_in_client("admin@mannheim.example")
    invite(admin, "betrieb@querschnitt.example")
    link = last_link()
    operator = signed_in_client("betrieb@querschnitt.example")
    assert operator.post(link).status_code == 400
    assert roles_in_mannheim("betrieb@querschnitt.example") == []


@pytest.mark.django_db
def test_someone_signed_in_with_another_account_cannot_accept() -> None:
    invite(signed_in_client("admin@mannheim.example"), "admin@bamberg.example")
    link = last_link()
    other = signed_in_client("team@mannheim.example")
    assert other.get(link).status_code == 200
    assert other.post(link).status_code == 400
    assert roles_in_mannheim("admin@bamberg.example") == []
    invite(signed_in_client("admin@mannheim.example"), "ganz-neu@example.org")
    assert (
        other.post(
            last_link(),
            {"full_name": "X", "password1": "Ein-Passwort-2026", "password2": "Ein-Passwort-2026"},
        ).status_code
        == 400
    )
    assert not User.objects.filter(email="ganz-neu@example.org").exists()


@pytest.mark.django_db
def test_an_invitation_can_be_withdrawn_renewed_and_expires(mannheim) -> None:
    admin = signed_in_client("admin@mannheim.example")
    invite(admin, "weg@example.org")
    first = last_link()
    invite(admin, "weg@example.org")
    second = last_link()
    assert Client().get(first).status_code == 400  # inviting again renews the link
    assert Client().get(second).status_code == 200
    with scopes_disabled():
        invitation = RoleInvitation.objects.get(municipality=mannheim, email="weg@example.org")
    withdraw = f"/mannheim/verwaltung/einladungen/{invitation.pk}/zurueckziehen/"
    assert f'href="{withdraw}"' in admin.get("/mannheim/verwaltung/benutzer/").content.decode()
    assert admin.get(withdraw).status_code == 200  # the confirm page
    assert admin.post(withdraw).status_code == 302
    assert Client().get(second).status_code == 400
    assert "invitation.withdrawn" in actions()

    invite(admin, "spaet@example.org")
    late = last_link()
    with scopes_disabled():
        RoleInvitation.objects.filter(email="spaet@example.org").update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    assert Client().get(late).status_code == 400
    from querschnitt.accounts.jobs import expire_invitations

    assert expire_invitations() == "1 expired invitation(s) removed"
    with scopes_disabled():
        assert not RoleInvitation.objects.filter(email="spaet@example.org").exists()
    assert "invitation.expired" in actions()


@pytest.mark.django_db
def test_another_municipality_cannot_withdraw_or_see_mannheims_invitations(mannheim) -> None:
    invite(signed_in_client("admin@mannheim.example"), "nur-mannheim@example.org")
    with scopes_disabled():
        invitation = RoleInvitation.objects.get(email="nur-mannheim@example.org")
    bamberg = signed_in_client("admin@bamberg.example")
    assert (
        bamberg.get(f"/bamberg/verwaltung/einladungen/{invitation.pk}/zurueckziehen/").status_code
        == 404
    )
    assert (
        bamberg.post(f"/bamberg/verwaltung/einladungen/{invitation.pk}/zurueckziehen/").status_code
        == 404
    )
    assert "nur-mannheim" not in bamberg.get("/bamberg/verwaltung/benutzer/").content.decode()
    assert Client().get(last_link().replace("/mannheim/", "/bamberg/")).status_code == 400


@pytest.mark.django_db
def test_a_person_who_already_holds_the_role_is_told_so() -> None:
    response = invite(signed_in_client("admin@mannheim.example"), "gremium@mannheim.example")
    assert response.status_code == 200
    assert "kern-error" in response.content.decode() or "kern-alert" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_liaison_without_a_department_is_refused() -> None:
    response = invite(
        signed_in_client("admin@mannheim.example"), "ohne@mannheim.example", Role.DEPARTMENT_LIAISON
    )
    assert response.status_code == 200
    assert "kern-error" in response.content.decode()
    with scopes_disabled():
        assert not RoleInvitation.objects.filter(email="ohne@mannheim.example").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_new_municipality_invites_its_first_administrator() -> None:
    call_command(
        "create_municipality",
        "--slug=heidelberg",
        "--name=Heidelberg",
        "--ags=08221000",
        "--state=BW",
        "--office=Amt für Chancengleichheit",
        "--admin-email=leitung@heidelberg.example",
        "--admin-name=Hana Heidel",
        "--base-url=http://testserver",
    )
    assert Municipality.objects.filter(slug="heidelberg").exists()
    link = last_link()
    assert link.startswith("/heidelberg/konto/einladung/")
    client = Client()
    client.post(
        link,
        {
            "full_name": "Hana Heidel",
            "password1": "Hanas-Passwort-2026",
            "password2": "Hanas-Passwort-2026",
        },
    )
    with scopes_disabled():
        assert RoleAssignment.objects.filter(
            municipality__slug="heidelberg",
            user__email="leitung@heidelberg.example",
            role=Role.OFFICE_ADMIN,
        ).exists()
    # an office administrator sets up the authenticator before the staff area opens
    response = client.get("/heidelberg/verwaltung/")
    assert response["Location"].startswith("/heidelberg/konto/zweiter-faktor/")


@pytest.mark.django_db
def test_the_users_page_runs_the_same_queries_for_few_and_many_invitations(mannheim) -> None:
    admin = signed_in_client("admin@mannheim.example")

    def invitations(count: int) -> int:
        with scopes_disabled():
            start = RoleInvitation.objects.count()
            RoleInvitation.objects.bulk_create(
                RoleInvitation(
                    municipality=mannheim,
                    email=f"person{start + n}@example.org",
                    full_name="P",
                    role=Role.DEPARTMENT_LIAISON,
                    department=Department.objects.filter(municipality=mannheim).first(),
                    invited_by=User.objects.get(email="admin@mannheim.example"),
                    token_hash=f"{start + n:064d}",
                    expires_at=timezone.now() + timedelta(days=1),
                )
                for n in range(count)
            )
        with CaptureQueriesContext(connection) as queries:
            assert admin.get("/mannheim/verwaltung/benutzer/").status_code == 200
        return len(queries)

    assert invitations(2) == invitations(40)
