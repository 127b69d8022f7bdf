"""Non-public parts are seen by the office and by the members of their own body only: not by
the public, not by members of other bodies, not by the other municipality; not on pages, in
the search, in feeds, in iCalendar or in OParl."""

from typing import Any

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.bodies.models import AgendaItem, Body, File, Meeting, Paper

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "admin": "admin@mannheim.example",
    "staff": "team@mannheim.example",
    "liaison": "dienststelle@mannheim.example",
    "member of the Migrationsbeirat": "gremium@mannheim.example",
    "representative": "verein@mannheim.example",
    "other municipality (member in Bamberg)": "gremium@bamberg.example",
    "other municipality (admin)": "admin@bamberg.example",
    "operator": "betrieb@querschnitt.example",
}
SEES_ALL = {"admin", "staff", "operator"}


def client(role: str) -> Client:
    email = ROLES[role]
    return Client() if email is None else signed_in_client(email)


def demo() -> dict[str, Any]:
    with scopes_disabled():
        mannheim = {"municipality__slug": "mannheim"}
        return {
            "secret_paper": Paper.objects.get(**mannheim, public=False),
            "secret_item": AgendaItem.objects.get(
                meeting__municipality__slug="mannheim",
                meeting__body__slug="integrationsausschuss",
                public=False,
            ),
            "advisory_secret_item": AgendaItem.objects.filter(
                meeting__municipality__slug="mannheim",
                meeting__body__slug="migrationsbeirat",
                public=False,
                meeting__published_at__isnull=False,
            ).first(),
            "draft_meeting": Meeting.objects.get(
                **mannheim, body__slug="migrationsbeirat", published_at__isnull=True
            ),
            "steering_group": Body.objects.get(municipality__slug="bamberg", is_public=False),
            "secret_annex": File.objects.get(
                municipality__slug="bamberg", public=False, paper__isnull=False
            ),
            "bamberg_paper": Paper.objects.filter(
                municipality__slug="bamberg", public=True
            ).first(),
        }


@pytest.mark.parametrize("role", ROLES)
def test_a_non_public_paper_is_seen_by_the_office_only(role) -> None:
    paper = demo()["secret_paper"]
    response = client(role).get(f"/mannheim/vorlagen/{paper.pk}/")
    assert response.status_code == (200 if role in SEES_ALL else 404)
    search = client(role).get("/mannheim/vorlagen/", {"q": "Härtefallfonds"})
    assert (paper.reference in search.content.decode()) == (role in SEES_ALL)


@pytest.mark.parametrize("role", ROLES)
def test_the_non_public_part_of_an_agenda_shows_only_to_the_bodys_members(role) -> None:
    data = demo()
    committee = data["secret_item"]  # Integrationsausschuss: nobody but the office
    page = client(role).get(f"/mannheim/sitzungen/{committee.meeting_id}/").content.decode()
    assert (committee.name in page) == (role in SEES_ALL)
    advisory = data["advisory_secret_item"]  # Migrationsbeirat: also its member
    page = client(role).get(f"/mannheim/sitzungen/{advisory.meeting_id}/").content.decode()
    assert (advisory.name in page) == (role in SEES_ALL | {"member of the Migrationsbeirat"})


@pytest.mark.parametrize("role", ROLES)
def test_an_unpublished_meeting_shows_only_to_the_bodys_members(role) -> None:
    meeting = demo()["draft_meeting"]
    response = client(role).get(f"/mannheim/sitzungen/{meeting.pk}/")
    allowed = SEES_ALL | {"member of the Migrationsbeirat"}
    assert response.status_code == (200 if role in allowed else 404)


@pytest.mark.parametrize("role", ROLES)
def test_feeds_show_only_what_the_public_sees_whoever_asks(role) -> None:
    data = demo()
    calendar = client(role).get("/mannheim/sitzungen.ics").content.decode()
    assert f"meeting-{data['draft_meeting'].pk}@" not in calendar
    body_calendar = client(role).get("/mannheim/gremien/migrationsbeirat/sitzungen.ics")
    assert f"meeting-{data['draft_meeting'].pk}@" not in body_calendar.content.decode()
    atom = (
        client(role).get("/mannheim/vorlagen/feed.atom", {"q": "Härtefallfonds"}).content.decode()
    )
    assert data["secret_paper"].reference not in atom
    body_feed = (
        client(role).get("/mannheim/gremien/integrationsausschuss/feed.atom").content.decode()
    )
    assert data["secret_paper"].reference not in body_feed
    oparl = client(role).get("/oparl/v1/body/mannheim/paper").content.decode()
    assert data["secret_paper"].reference not in oparl


def test_a_non_public_body_is_hidden_from_members_of_other_bodies() -> None:
    steering = demo()["steering_group"]
    assert Client().get(f"/bamberg/gremien/{steering.slug}/").status_code == 404
    member_elsewhere = signed_in_client("gremium@bamberg.example")  # sits on the MIB only
    assert member_elsewhere.get(f"/bamberg/gremien/{steering.slug}/").status_code == 404
    assert steering.name not in member_elsewhere.get("/bamberg/gremien/").content.decode()
    assert steering.name not in member_elsewhere.get("/bamberg/sitzungen.ics").content.decode()
    office = signed_in_client("admin@bamberg.example")
    assert office.get(f"/bamberg/gremien/{steering.slug}/").status_code == 200


def test_a_non_public_document_is_read_by_the_members_of_the_body_it_goes_through() -> None:
    annex = demo()["secret_annex"]
    url = f"/bamberg/dokumente/{annex.pk}/"
    assert Client().get(url).status_code == 404
    assert signed_in_client("gremium@bamberg.example").get(url).status_code == 200
    assert signed_in_client("gremium@mannheim.example").get(url).status_code == 404
    # its words do not make the public paper findable
    found = Client().get("/bamberg/vorlagen/", {"q": "Honorarkalkulation"}).content.decode()
    assert annex.paper.reference not in found


def test_another_municipalitys_objects_are_not_found_through_this_one() -> None:
    data = demo()
    paper = data["bamberg_paper"]
    with scopes_disabled():
        meeting = Meeting.objects.filter(municipality__slug="bamberg").first()
        body = Body.objects.filter(municipality__slug="bamberg").first()
    admin = signed_in_client("admin@mannheim.example")
    for url in (
        f"/mannheim/vorlagen/{paper.pk}/",
        f"/mannheim/sitzungen/{meeting.pk}/",
        f"/mannheim/gremien/{body.slug}/",
        f"/mannheim/verwaltung/sitzungen/{meeting.pk}/",
        f"/mannheim/verwaltung/vorlagen/{paper.pk}/",
        f"/mannheim/verwaltung/gremien/{body.pk}/",
    ):
        assert admin.get(url).status_code == 404, url
    assert Client().get(f"/oparl/v1/body/mannheim/paper/{paper.pk}").status_code == 404


def test_a_member_finds_their_bodies_in_the_staff_area() -> None:
    page = signed_in_client("gremium@mannheim.example").get("/mannheim/verwaltung/meine-gremien/")
    assert page.status_code == 200
    assert "Migrationsbeirat" in page.content.decode()
    assert "Integrationsausschuss" not in page.content.decode()
