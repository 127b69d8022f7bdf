"""The pages of bodies, meetings and papers run the same number of queries whatever the size
of the data (OParl's lists: `test_oparl.py`)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.bodies.models import (
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    File,
    Meeting,
    Membership,
    Paper,
    Person,
    Vote,
)
from querschnitt.core.tests.test_query_counts import query_count

pytestmark = pytest.mark.django_db


def grow(municipality, size: int) -> dict[str, int]:
    """Add `size` members, meetings (with agenda, attendance and votes) and papers (with a
    path and a document) to the Migrationsbeirat."""
    with scopes_disabled():
        body = Body.objects.get(municipality=municipality, slug="migrationsbeirat")
        start = Person.objects.count()
        persons = Person.objects.bulk_create(
            Person(municipality=municipality, given_name="P", family_name=f"Mitglied {start + n}")
            for n in range(size)
        )
        Membership.objects.bulk_create(
            Membership(municipality=municipality, body=body, person=p) for p in persons
        )
        soon = timezone.now() + timedelta(days=1)
        meetings = Meeting.objects.bulk_create(
            Meeting(
                municipality=municipality,
                body=body,
                name=f"Sitzung {start + n}",
                start=soon + timedelta(hours=n),
                published_at=timezone.now(),
                state="held",
            )
            for n in range(size)
        )
        items = AgendaItem.objects.bulk_create(
            AgendaItem(
                municipality=municipality,
                meeting=m,
                order=k,
                number=str(k + 1),
                name=f"Punkt {k}",
                public=k == 0,
                result="adopted",
                votes_for=3,
                resolution_state="to_carry_out",
            )
            for m in meetings
            for k in range(2)
        )
        Attendance.objects.bulk_create(
            Attendance(municipality=municipality, meeting=m, person=p, status="present")
            for m in meetings
            for p in persons[:3]
        )
        Vote.objects.bulk_create(
            Vote(municipality=municipality, agenda_item=i, person=p, choice="for")
            for i in items
            for p in persons[:3]
        )
        papers = Paper.objects.bulk_create(
            Paper(
                municipality=municipality,
                reference=f"T {start}/{n}",
                name=f"Prüfpapier {n}",
                paper_type="submission",
                date=timezone.localdate(),
                published_at=timezone.now(),
                search_text=f" prufpapier {n} | ",
            )
            for n in range(size)
        )
        Consultation.objects.bulk_create(
            Consultation(
                municipality=municipality, paper=p, body=body, agenda_item=i, role="decision"
            )
            for p, i in zip(papers, items[::2], strict=False)
        )
        File.objects.bulk_create(
            File(
                municipality=municipality,
                paper=p,
                name="Vorlage",
                file="x/y.pdf",
                file_name="y.pdf",
                mime_type="application/pdf",
                size=1,
                sha512="0",
                role="main",
                text_state="done",
            )
            for p in papers
        )
        return {"body": body.pk, "meeting": meetings[0].pk, "paper": papers[0].pk}


def test_pages_of_bodies_cost_the_same_for_more_data(mannheim) -> None:
    first = grow(mannheim, 3)
    pages = [
        ("anonymous", "/mannheim/gremien/"),
        ("anonymous", "/mannheim/gremien/migrationsbeirat/"),
        ("anonymous", "/mannheim/sitzungen/"),
        ("anonymous", f"/mannheim/sitzungen/{first['meeting']}/"),
        ("anonymous", "/mannheim/vorlagen/"),
        ("anonymous", "/mannheim/vorlagen/?q=prufpapier"),
        ("anonymous", f"/mannheim/vorlagen/{first['paper']}/"),
        ("anonymous", "/mannheim/sitzungen.ics"),
        ("anonymous", "/mannheim/vorlagen/feed.atom"),
        ("member", "/mannheim/gremien/migrationsbeirat/"),
        ("member", f"/mannheim/sitzungen/{first['meeting']}/"),
        ("member", "/mannheim/verwaltung/meine-gremien/"),
        ("admin", "/mannheim/verwaltung/"),
        ("admin", "/mannheim/verwaltung/gremien/"),
        ("admin", f"/mannheim/verwaltung/gremien/{first['body']}/"),
        ("admin", "/mannheim/verwaltung/sitzungen/"),
        ("admin", f"/mannheim/verwaltung/sitzungen/{first['meeting']}/"),
        ("admin", "/mannheim/verwaltung/vorlagen/"),
        ("admin", f"/mannheim/verwaltung/vorlagen/{first['paper']}/"),
        ("admin", "/mannheim/verwaltung/personen/"),
        ("admin", "/mannheim/verwaltung/orte/"),
        ("admin", "/mannheim/verwaltung/wahlperioden/"),
        ("admin", "/mannheim/verwaltung/beschluesse/"),
    ]

    def counts() -> dict[str, int]:
        clients = {
            "anonymous": Client(),
            "member": signed_in_client("gremium@mannheim.example"),
            "admin": signed_in_client("admin@mannheim.example"),
        }
        return {path + " " + who: query_count(clients[who], path) for who, path in pages}

    small = counts()
    grow(mannheim, 40)
    assert counts() == small
