"""What the navigation offers: only what opens, and only once it would open."""

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import Role, RoleAssignment, User

MY_ORGANISATION = 'href="/mannheim/verwaltung/meine-organisation/"'
STAFF_AREA = 'href="/mannheim/verwaltung/"'


def staff_page(email: str) -> str:
    return signed_in_client(email).get("/mannheim/verwaltung/").content.decode()


@pytest.mark.django_db
def test_my_organisation_is_offered_only_to_people_who_represent_one(mannheim) -> None:
    assert MY_ORGANISATION in staff_page("verein@mannheim.example")
    assert MY_ORGANISATION not in staff_page("team@mannheim.example")
    assert MY_ORGANISATION not in staff_page("admin@mannheim.example")
    with scopes_disabled():
        RoleAssignment.objects.create(
            municipality=mannheim,
            user=User.objects.get(email="team@mannheim.example"),
            role=Role.ORGANISATION_REPRESENTATIVE,
        )
    assert MY_ORGANISATION in staff_page("team@mannheim.example")


@pytest.mark.django_db
def test_before_the_second_factor_the_staff_area_is_not_offered_but_signing_out_is() -> None:
    client = Client()
    client.post(
        "/mannheim/konto/anmelden/",
        {"username": "team@mannheim.example", "password": "Querschnitt-Demo-2026"},
    )
    page = client.get("/mannheim/konto/zweiter-faktor/").content.decode()
    assert STAFF_AREA not in page
    assert 'action="/mannheim/konto/abmelden/"' in page
    verified = signed_in_client("team@mannheim.example").get("/mannheim/")
    assert STAFF_AREA in verified.content.decode()


@pytest.mark.django_db
def test_people_without_an_office_role_see_the_staff_area_without_a_second_factor() -> None:
    page = signed_in_client("verein@mannheim.example").get("/mannheim/").content.decode()
    assert STAFF_AREA in page
