"""The composition of a body against its own rules, at a glance with what to do next."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.accounts.tests.helpers import last_link
from querschnitt.bodies.models import Body, LegislativeTerm, Membership, Person, SeatGroup
from querschnitt.bodies.selectors.composition import (
    bodies_with_composition,
    composition_problems,
    municipality_terms,
)

pytestmark = pytest.mark.django_db


def problems_of(municipality, slug):
    with translation.override("en"):
        body = bodies_with_composition(municipality=municipality).get(slug=slug)
        return [
            p.message
            for p in composition_problems(
                body, shared_terms=municipality_terms(municipality=municipality)
            )
        ]


def test_the_demo_shows_what_each_body_lacks(mannheim, bamberg, unscoped) -> None:
    assert problems_of(mannheim, "integrationsausschuss") == []
    assert problems_of(mannheim, "migrationsbeirat") == [
        "“Mitglieder”: 1 seat is empty (20 in all)."
    ]
    assert problems_of(bamberg, "migranten-und-integrationsbeirat") == [
        "“Ungarn”: 1 seat is empty (1 in all)."
    ]


def test_broken_rules_are_named(mannheim, unscoped) -> None:
    body = Body.objects.get(municipality=mannheim, slug="migrationsbeirat")
    # the balance: four more men
    for number in range(4):
        person = Person.objects.create(
            municipality=mannheim, given_name="Max", family_name=f"Muster{number}", gender="male"
        )
        Membership.objects.create(
            municipality=mannheim, body=body, person=person, seat_group=body.seat_groups.first()
        )
    # the chair leaves
    Membership.objects.filter(body=body, role="chair").update(
        end_date=timezone.localdate() - timedelta(days=1)
    )
    # the term ended
    LegislativeTerm.objects.filter(body=body).update(
        end_date=timezone.localdate() - timedelta(days=2)
    )
    problems = problems_of(mannheim, "migrationsbeirat")
    assert any("22 members for 20 seats" in p for p in problems)
    assert any("gender balance: 9 women, 13 men" in p for p in problems)
    assert "Nobody chairs the body." in problems
    assert any(p.startswith("The term") and "no term is running" in p for p in problems)


def test_the_staff_pages_show_the_problems_and_the_next_step(mannheim, unscoped) -> None:
    body = Body.objects.get(municipality=mannheim, slug="migrationsbeirat")
    client = signed_in_client("team@mannheim.example")
    listing = client.get(
        "/mannheim/verwaltung/gremien/?zeige=probleme", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Migrationsbeirat" in listing
    assert "Integrationsausschuss" not in listing
    detail = client.get(f"/mannheim/verwaltung/gremien/{body.pk}/").content.decode()
    group = SeatGroup.objects.get(body=body)
    assert f"/mannheim/verwaltung/gremien/{body.pk}/mitglieder/neu/?sitzgruppe={group.pk}" in detail


def test_the_overview_counts_the_work_waiting(mannheim) -> None:
    page = signed_in_client("team@mannheim.example").get("/mannheim/verwaltung/").content.decode()
    assert "/mannheim/verwaltung/sitzungen/?zeige=niederschrift" in page
    assert "/mannheim/verwaltung/beschluesse/" in page
    assert "/mannheim/verwaltung/gremien/?zeige=probleme" in page
    member_page = (
        signed_in_client("gremium@mannheim.example").get("/mannheim/verwaltung/").content.decode()
    )
    assert "zeige=niederschrift" not in member_page


def test_a_member_gets_access_through_their_person(mannheim, unscoped) -> None:
    client = signed_in_client("admin@mannheim.example")
    person = Person.objects.filter(
        municipality=mannheim, user__isnull=True, memberships__body__slug="integrationsausschuss"
    ).first()
    response = client.post(
        f"/mannheim/verwaltung/personen/{person.pk}/zugang/",
        {"action": "grant", "zugang-email": "neu.mitglied@example.org", "bestaetigt": "1"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is None, "linked only once the invitation is accepted"
    invitee = Client()
    assert (
        invitee.post(
            last_link(),
            {
                "full_name": "Neu Mitglied",
                "password1": "Neues-Mitglied-2026",
                "password2": "Neues-Mitglied-2026",
            },
        ).status_code
        == 302
    )
    person.refresh_from_db()
    user = User.objects.get(email="neu.mitglied@example.org")
    assert person.user == user
    assert user.role_assignments.filter(role="body_member").exists()
    from querschnitt.bodies.visibility import member_body_ids

    seats = frozenset(person.memberships.values_list("body_id", flat=True))
    assert Body.objects.get(municipality=mannheim, slug="integrationsausschuss").pk in seats
    assert member_body_ids(user, mannheim) == seats
    client.post(
        f"/mannheim/verwaltung/personen/{person.pk}/zugang/",
        {"action": "revoke", "bestaetigt": "1"},
    )
    assert not user.role_assignments.filter(role="body_member").exists()


def test_an_ended_membership_ends_the_access(mannheim, unscoped) -> None:
    user = User.objects.get(email="gremium@mannheim.example")
    from querschnitt.bodies.visibility import member_body_ids

    assert member_body_ids(user, mannheim)
    Membership.objects.filter(person__user=user).update(end_date=date.today() - timedelta(days=3))
    user.__dict__.pop("_qs_member_bodies", None)
    assert member_body_ids(user, mannheim) == frozenset()
