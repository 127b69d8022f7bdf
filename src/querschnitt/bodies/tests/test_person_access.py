"""A body member gets sign-in access by invitation: the account is linked to its person only
when the owner of the address accepts, and the office learns nothing about other accounts."""

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from conftest import demo_totp_code, signed_in_client
from querschnitt.accounts.models import Role, RoleAssignment, RoleInvitation, User
from querschnitt.accounts.tests.helpers import PASSWORD, last_link
from querschnitt.bodies.models import Person

pytestmark = pytest.mark.django_db


def new_person(mannheim, family_name: str) -> Person:
    with scopes_disabled():
        return Person.objects.create(
            municipality=mannheim, given_name="Rana", family_name=family_name
        )


def offer(person: Person, email: str) -> str:
    office = signed_in_client("team@mannheim.example")
    office.cookies["qs_language"] = "en"
    response = office.post(
        f"/mannheim/verwaltung/personen/{person.pk}/zugang/",
        {"action": "grant", "zugang-email": email, "bestaetigt": "1"},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_an_existing_account_is_asked_first_and_the_office_sees_the_same(mannheim) -> None:
    existing = new_person(mannheim, "Beispiel")
    unknown = new_person(mannheim, "Neu")
    page_existing = offer(existing, "admin@bamberg.example")
    page_unknown = offer(unknown, "niemand@example.org")
    with scopes_disabled():
        existing.refresh_from_db()
        assert existing.user is None, "nothing is linked before the owner accepts"
        assert not RoleAssignment.objects.filter(
            municipality=mannheim, user__email="admin@bamberg.example"
        ).exists()
        assert RoleInvitation.objects.filter(
            municipality=mannheim, email="admin@bamberg.example", role=Role.BODY_MEMBER
        ).exists()
    for page, email in (
        (page_existing, "admin@bamberg.example"),
        (page_unknown, "niemand@example.org"),
    ):
        assert f"An invitation has been sent to {email}" in page
        assert f"waits for {email}" in page
    assert "already" not in page_existing


def test_accepting_links_the_account_and_opens_the_bodies_of_the_person(mannheim) -> None:
    person = new_person(mannheim, "Akzeptiert")
    mail.outbox.clear()
    offer(person, "admin@bamberg.example")
    link = last_link()
    invitee = Client()
    invitee.post(
        "/mannheim/konto/anmelden/",
        {"username": "admin@bamberg.example", "password": PASSWORD, "next": link},
    )
    invitee.post(
        "/mannheim/konto/zweiter-faktor/",
        {"token": demo_totp_code("admin@bamberg.example"), "next": link},
    )
    assert invitee.post(link).status_code == 302
    with scopes_disabled():
        person.refresh_from_db()
        assert person.user == User.objects.get(email="admin@bamberg.example")
        assert RoleAssignment.objects.filter(
            municipality=mannheim, user=person.user, role=Role.BODY_MEMBER
        ).exists()


def test_giving_and_taking_access_ask_first_on_the_confirm_page(mannheim) -> None:
    person = new_person(mannheim, "Gefragt")
    office = signed_in_client("team@mannheim.example")
    url = f"/mannheim/verwaltung/personen/{person.pk}/zugang/"
    mail.outbox.clear()
    asked = office.post(url, {"action": "grant", "zugang-email": "gefragt@example.org"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert '<h1 class="kern-heading-large">Diese Person zur Anmeldung einladen?</h1>' in page
    assert "gefragt@example.org" in page
    assert '<input type="hidden" name="zugang-email" value="gefragt@example.org">' in page
    assert '<input type="hidden" name="bestaetigt" value="1">' in page
    assert mail.outbox == []
    with scopes_disabled():
        assert not RoleInvitation.objects.filter(email="gefragt@example.org").exists()

    office.post(url, {"action": "grant", "zugang-email": "gefragt@example.org", "bestaetigt": "1"})
    with scopes_disabled():
        assert RoleInvitation.objects.filter(email="gefragt@example.org").exists()
    page = office.post(url, {"action": "revoke"}).content.decode()
    assert '<h1 class="kern-heading-large">Die Einladung zurückziehen?</h1>' in page
    with scopes_disabled():
        assert RoleInvitation.objects.filter(email="gefragt@example.org").exists()


def test_an_address_that_is_none_leads_the_access_form_with_the_error_summary(mannheim) -> None:
    person = new_person(mannheim, "Vertippt")
    office = signed_in_client("team@mannheim.example")
    response = office.post(
        f"/mannheim/verwaltung/personen/{person.pk}/zugang/",
        {"action": "grant", "zugang-email": "vertippt.example.org"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "data-qs-error-summary" in page
    # the summary links to the access form's own field, not to the person's e-mail field
    assert 'href="#id_zugang-email"' in page
    assert page.count('id="id_zugang-email"') == 1
    assert page.count('id="id_email"') == 1
    assert page.index("data-qs-error-summary") < page.index('id="id_zugang-email"')
