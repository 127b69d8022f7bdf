"""A client that syncs by replaying every list with `modified_since` after edits, deletions
and depublications ends with exactly the state of a fresh full crawl."""

import io
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from querschnitt.accounts.models import User
from querschnitt.bodies.models import AgendaItem, File, Location, Meeting, Membership
from querschnitt.bodies.oparl.params import format_datetime
from querschnitt.bodies.services.bodies import location_save, membership_save
from querschnitt.bodies.services.files import file_add, file_delete
from querschnitt.bodies.services.meetings import agenda_item_update, meeting_unpublish
from querschnitt.bodies.services.papers import consultation_add, paper_create, paper_delete
from querschnitt.bodies.tests.oparl_helpers import LISTS, crawl, fetch, walk_list

pytestmark = pytest.mark.django_db


def replay(client: Client, state: dict[str, dict[str, Any]], since: str) -> None:
    """What meine-stadt-transparent's importer does: every list again, with modified_since,
    applying `deleted: true`."""
    system = fetch(client, "/oparl/v1/system")
    query = f"?modified_since={quote(since, safe='')}"
    for body in walk_list(client, system["body"] + query):
        state[body["id"]] = body
    bodies = [obj for obj in state.values() if obj["type"].endswith("/Body")]
    for body in bodies:
        for name in LISTS:
            for obj in walk_list(client, body[name] + query):
                if obj.get("deleted"):
                    state.pop(obj["id"], None)
                else:
                    state[obj["id"]] = obj


def pdf(text: str) -> bytes:
    from querschnitt.core.pdf import pdf_from_html

    return pdf_from_html(f"<p>{text}</p>")


def test_replaying_modified_since_ends_in_the_state_of_a_full_crawl(mannheim) -> None:
    client = Client()
    office = User.objects.get(email="team@mannheim.example")
    with scopes_disabled():
        upcoming = Meeting.objects.filter(
            municipality=mannheim, published_at__isnull=False, start__gt=timezone.now()
        ).order_by("start")
        first, second = upcoming[0], upcoming[1]
        doomed = paper_create(
            municipality=mannheim,
            by=office,
            reference="V 9999/000",
            name="Vorlage, die gelöscht wird",
            paper_type="submission",
            paper_date=timezone.localdate(),
        )
        consultation_add(paper=doomed, body=second.body, by=office, role="noting", meeting=second)
    state = crawl(client)
    doomed_pk = doomed.pk
    assert any(key.endswith(f"/paper/{doomed_pk}") for key in state)
    since = format_datetime(timezone.now() - timedelta(seconds=1))
    with scopes_disabled():
        # an embedded object changes: an agenda item is renamed, another made non-public
        item = AgendaItem.objects.filter(meeting=second, public=True).order_by("order").first()
        agenda_item_update(
            item=item, by=office, name="Geänderter Titel", number=item.number, public=True
        )
        other = AgendaItem.objects.filter(meeting=second, public=True).order_by("-order").first()
        agenda_item_update(
            item=other, by=office, name=other.name, number=other.number, public=False
        )
        # a whole meeting is taken back from the public
        meeting_unpublish(meeting=first, by=office)
        # a public file goes
        document = File.objects.filter(
            municipality=mannheim, paper__isnull=False, public=True, role="auxiliary"
        ).first()
        document_pk = document.pk
        file_delete(file=document, by=office)
        # a place changes (embedded in meetings and bodies)
        place = Location.objects.filter(
            municipality=mannheim, meetings__published_at__isnull=False
        ).first()
        location_save(
            municipality=mannheim,
            by=office,
            location=place,
            description=place.description,
            room="Saal 3",
            accessibility_note="Neuer Aufzug",
        )
        # a membership ends (embedded in a person, counted in an organization)
        seat = Membership.objects.filter(
            municipality=mannheim, body__is_public=True, end_date__isnull=True
        ).first()
        membership_save(
            body=seat.body,
            person=seat.person,
            by=office,
            membership=seat,
            role=seat.role,
            voting_right=seat.voting_right,
            seat_group=seat.seat_group,
            group=seat.group,
            on_behalf_of=None,
            start_date=seat.start_date,
            end_date=timezone.localdate() - timedelta(days=1),
        )
        # a new paper goes on a published agenda and is published with it
        paper = paper_create(
            municipality=mannheim,
            by=office,
            reference="V 9999/001",
            name="Neue Vorlage zur Sprachförderung",
            paper_type="submission",
            paper_date=timezone.localdate(),
        )
        file_add(
            parent=paper,
            by=office,
            upload=io.BytesIO(pdf("Sprachförderung")),
            file_name="v.pdf",
            name="Vorlage",
            role="main",
        )
        consultation_add(
            paper=paper, body=second.body, by=office, role="preliminary", meeting=second
        )
        # a published paper is deleted
        paper_delete(paper=doomed, by=office)
    replay(client, state, since)
    fresh = crawl(client)
    assert sorted(set(state) - set(fresh)) == [], sorted(set(state) - set(fresh))
    assert sorted(set(fresh) - set(state)) == []
    differing = [key for key in fresh if state[key] != fresh[key]]
    assert differing == []
    paper_ids = [key for key in fresh if key.endswith(f"/paper/{paper.pk}")]
    assert paper_ids
    assert not any(key.endswith(f"/meeting/{first.pk}") for key in fresh)
    assert not any(key.endswith(f"/paper/{doomed_pk}") for key in fresh)
    # a deleted object still answers at its id, as a stub; a deleted file is gone (410)
    stub = fetch(client, f"/oparl/v1/body/mannheim/paper/{doomed_pk}")
    assert stub["deleted"] is True
    assert set(stub) == {"id", "type", "created", "modified", "deleted"}
    assert client.get(f"/oparl/v1/body/mannheim/file/{document_pk}/access").status_code == 410
