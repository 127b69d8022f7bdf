"""The staff overview is the office's work queue: what waits, since when, how much is late."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.core import selectors
from querschnitt.network.models import ChangeRequest, ImportRun, Organisation, Signature
from querschnitt.network.services.imports import import_preview_create
from querschnitt.network.tests.test_representatives import REPRESENTATIVE, represented
from querschnitt.network.tests.test_signatures import add_signatures
from querschnitt.portal.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db

OVERVIEW = "/mannheim/verwaltung/"


def english(email: str) -> Client:
    client = signed_in_client(email)
    client.cookies["qs_language"] = "en"
    return client


def items(html: str) -> dict[str, dict[str, str]]:
    """The overview's items: label → link, waiting text and overdue badge (with its link)."""
    found = {}
    for item in re.findall(r'<li class="kern-task-list__item">(.*?)</li>', html, re.S):
        link = re.search(r'<a class="kern-link kern-link--stretched[^"]*" href="([^"]+)"', item)
        label = re.search(r"<span>([^<]+)</span></a>", item)
        waited = re.search(r'data-waiting-days="(\d+)">([^<]+)<', item)
        overdue = re.search(
            r'href="([^"]+)" data-overdue="(\d+)"><span class="kern-label">([^<]+)', item
        )
        assert link is not None
        assert label is not None
        found[label.group(1).replace("&#x27;", "'")] = {
            "url": link.group(1).replace("&amp;", "&"),
            "waiting": waited.group(2).strip() if waited else "",
            "overdue": overdue.group(3).strip() if overdue else "",
            "overdue_url": overdue.group(1).replace("&amp;", "&") if overdue else "",
        }
    return found


def test_the_office_sees_what_waits_with_the_oldest_and_the_late_ones() -> None:
    found = items(english("team@mannheim.example").get(OVERVIEW).content.decode())
    signatures = found["8 signatures wait for review"]
    assert signatures["url"] == "/mannheim/verwaltung/unterzeichnungen/?zustand=pending_review"
    assert re.fullmatch(r"the longest waiting for \d+ days", signatures["waiting"])
    assert signatures["overdue"] == "3 past the target of 42 days"
    assert "1 confirmed request for an entry waits for a decision" in found
    barriers = found["2 reported barriers wait for an answer"]
    assert barriers["overdue"] == "1 past the target of 30 days"
    assert barriers["waiting"] == "the longest waiting for 45 days"


def test_each_link_leads_to_the_list_of_exactly_those_items() -> None:
    client = english("team@mannheim.example")
    found = items(client.get(OVERVIEW).content.decode())
    signatures = found["8 signatures wait for review"]
    listed = client.get(signatures["url"]).context["paginator"].count
    assert listed == 8
    late = client.get(signatures["overdue_url"]).context["object_list"]
    assert len(late) == 3
    barriers = found["2 reported barriers wait for an answer"]
    assert client.get(barriers["url"]).context["paginator"].count == 2
    assert client.get(barriers["overdue_url"]).context["paginator"].count == 1


def test_the_target_is_the_municipalitys(mannheim) -> None:
    from querschnitt.network.models import NetworkSettings

    with scopes_disabled():
        NetworkSettings.objects.filter(municipality=mannheim).update(signature_review_days=10)
    found = items(english("team@mannheim.example").get(OVERVIEW).content.decode())
    assert found["8 signatures wait for review"]["overdue"] == "6 past the target of 10 days"


def test_work_that_needs_this_person_comes_first(mannheim) -> None:
    with scope(municipality=mannheim):
        import_preview_create(
            municipality=mannheim,
            by=User.objects.get(email="team@mannheim.example"),
            file_name="liste.csv",
            content=b"Name;PLZ\nArbeitsliste e.V.;68159\n",
        )
    html = english("team@mannheim.example").get(OVERVIEW).content.decode()
    found = items(html)
    mine = found["1 of your imports waits to be applied or discarded"]
    with scope(municipality=mannheim):
        run = ImportRun.objects.get(file_name="liste.csv")
    assert mine["url"] == f"/mannheim/verwaltung/import/{run.pk}/"
    assert html.index("For you") < html.index("8 signatures wait for review")
    # Somebody else's import is not this person's work.
    assert "your imports" not in english("admin@mannheim.example").get(OVERVIEW).content.decode()


def test_a_representative_sees_their_changes_waiting_for_the_office(mannheim) -> None:
    organisation = represented(mannheim, "Warteverein Neckarau")
    assert items(english(REPRESENTATIVE).get(OVERVIEW).content.decode()) == {}
    with scope(municipality=mannheim):
        ChangeRequest.objects.create(
            municipality=mannheim,
            organisation=organisation,
            proposed={"public_phone": "0621 2"},
            submitted_by=User.objects.get(email=REPRESENTATIVE),
        )
    found = items(english(REPRESENTATIVE).get(OVERVIEW).content.decode())
    assert list(found) == ["Your proposed changes to 1 entry wait for the office's review"]
    assert found["Your proposed changes to 1 entry wait for the office's review"]["url"] == (
        "/mannheim/verwaltung/meine-organisation/"
    )
    # The office sees the same change as its own work.
    office = items(english("team@mannheim.example").get(OVERVIEW).content.decode())
    assert "1 change to an entry waits for review" in office


def test_people_without_the_permission_see_nothing_of_it() -> None:
    for email in ("dienststelle@mannheim.example", "gremium@mannheim.example"):
        html = english(email).get(OVERVIEW).content.decode()
        # the liaison's own work is the reports on the department's measures
        assert {key: item for key, item in items(html).items() if "measure" not in key} == {}
    html = english("gremium@mannheim.example").get(OVERVIEW).content.decode()
    assert "Nothing is waiting for you here." in html


def test_another_municipality_counts_its_own() -> None:
    found = items(english("admin@bamberg.example").get("/bamberg/verwaltung/").content.decode())
    assert "8 signatures wait for review" not in found
    assert "2 reported barriers wait for an answer" in found


def grow(mannheim, size: int) -> None:
    """More of every kind of pending work: signatures, requests, changes, reports, imports."""
    add_signatures(mannheim, size)
    now = timezone.now()
    team = User.objects.get(email="team@mannheim.example")
    with scope(municipality=mannheim):
        start = Organisation.objects.count()
        requests = Organisation.objects.bulk_create(
            Organisation(
                municipality=mannheim,
                name=f"Anfrage {start + n}",
                status=Organisation.Status.IN_REVIEW,
                email_confirmed_at=now - timedelta(days=n),
            )
            for n in range(size)
        )
        ChangeRequest.objects.bulk_create(
            ChangeRequest(municipality=mannheim, organisation=organisation, proposed={})
            for organisation in requests
        )
        AccessibilityFeedback.objects.bulk_create(
            AccessibilityFeedback(municipality=mannheim, message=f"Barriere {n}")
            for n in range(size)
        )
        ImportRun.objects.bulk_create(
            ImportRun(municipality=mannheim, file_name=f"{n}.csv", content=b"", created_by=team)
            for n in range(size)
        )


def overview_queries() -> int:
    client = signed_in_client("team@mannheim.example")
    cache.clear()
    selectors._recent.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(OVERVIEW).status_code == 200
    return len(queries)


# Municipality, session, account+device+roles (3); the network's target time and its four
# kinds of work (5); the reported barriers (1); the monitoring's imports and reports (2); the
# bodies' meetings, resolutions and composition (6: bodies/tests/test_worklist.py); the
# events' submissions, dates, offers and working groups (4); the measures' proposals, reports
# owed and next meetings (7). Every app that registers pending work adds its own few queries
# here.
OVERVIEW_QUERIES = 28


def test_the_overview_runs_the_same_queries_however_much_waits(mannheim) -> None:
    grow(mannheim, 3)
    small = overview_queries()
    grow(mannheim, 40)
    large = overview_queries()
    assert small == large == OVERVIEW_QUERIES
    with scopes_disabled():
        waiting = Signature.objects.filter(municipality=mannheim, state="pending_review").count()
    html = english("team@mannheim.example").get(OVERVIEW).content.decode()
    assert f"{waiting} signatures wait for review" in html
