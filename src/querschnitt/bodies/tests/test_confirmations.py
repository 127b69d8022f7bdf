"""Consequential steps of the office ask first, on the shared confirm page that says what will
happen (`core.views.staff.ConfirmMixin`): publishing a meeting or a paper, cancelling, marking
held, taking a step off a paper's path, deleting. The first press changes nothing; only the
confirm page's button acts, and "Cancel" leads back."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.bodies.models import Body, Consultation, File, Meeting, Paper
from querschnitt.bodies.services.meetings import agenda_item_create, meeting_create
from querschnitt.bodies.services.papers import consultation_add, paper_create

pytestmark = pytest.mark.django_db
STAFF = "/mannheim/verwaltung"


@pytest.fixture
def office(db) -> User:
    return User.objects.get(email="team@mannheim.example")


@pytest.fixture
def meeting(mannheim, office, unscoped) -> Meeting:
    body = Body.objects.get(municipality=mannheim, slug="migrationsbeirat")
    start = datetime.combine(
        timezone.localdate() + timedelta(days=30), time(18), tzinfo=timezone.get_default_timezone()
    )
    meeting = meeting_create(body=body, by=office, start=start)
    agenda_item_create(meeting=meeting, by=office, name="Sprachcafés im Stadtteil")
    return meeting


@pytest.fixture
def paper(mannheim, office, unscoped) -> Paper:
    return paper_create(
        municipality=mannheim,
        by=office,
        reference="V 2099/077",
        name="Prüfvorlage zur Bestätigung",
        paper_type="submission",
        paper_date=timezone.localdate(),
    )


def asked(response, question: str) -> str:
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="kern-heading-large">{question}</h1>' in page
    assert "qs-confirm__consequences" in page
    assert '<input type="hidden" name="bestaetigt" value="1">' in page
    return page


def test_publishing_a_meeting_asks_first_and_only_the_confirm_page_publishes(meeting) -> None:
    client = signed_in_client("team@mannheim.example")
    url = f"{STAFF}/sitzungen/{meeting.pk}/schritt/veroeffentlichen/"
    page = asked(client.get(url), "Diese Sitzung veröffentlichen?")
    assert "Kalender-Feeds" in page
    assert f'href="{STAFF}/sitzungen/{meeting.pk}/"' in page  # cancel, change nothing
    asked(client.post(url), "Diese Sitzung veröffentlichen?")
    meeting.refresh_from_db()
    assert meeting.published_at is None
    assert client.post(url, {"bestaetigt": "1"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.published_at is not None


def test_cancelling_and_marking_held_ask_first(meeting) -> None:
    client = signed_in_client("team@mannheim.example")
    url = f"{STAFF}/sitzungen/{meeting.pk}/schritt/absagen/"
    asked(client.post(url), "Diese Sitzung absagen?")
    meeting.refresh_from_db()
    assert not meeting.cancelled
    client.post(url, {"bestaetigt": "1"})
    meeting.refresh_from_db()
    assert meeting.cancelled


def test_publishing_a_paper_and_removing_a_step_ask_first(paper, meeting, office) -> None:
    client = signed_in_client("team@mannheim.example")
    url = f"{STAFF}/vorlagen/{paper.pk}/veroeffentlichen/"
    asked(client.post(url), "Diese Vorlage veröffentlichen?")
    paper.refresh_from_db()
    assert paper.published_at is None
    client.post(url, {"bestaetigt": "1"})
    paper.refresh_from_db()
    assert paper.published_at is not None

    step = consultation_add(paper=paper, by=office, body=meeting.body, role="decision")
    url = f"{STAFF}/vorlagen/{paper.pk}/beratung/{step.pk}/entfernen/"
    asked(client.post(url), "Den Schritt „Migrationsbeirat“ aus der Beratungsfolge nehmen?")
    assert Consultation.objects.filter(pk=step.pk).exists()
    client.post(url, {"bestaetigt": "1"})
    assert not Consultation.objects.filter(pk=step.pk).exists()


def test_deleting_asks_on_the_confirm_page_and_says_it_cannot_be_undone(paper) -> None:
    client = signed_in_client("team@mannheim.example")
    url = f"{STAFF}/vorlagen/{paper.pk}/"
    page = asked(client.post(url, {"action": "delete"}), "Diese Vorlage löschen?")
    assert "Das lässt sich nicht rückgängig machen." in page
    assert "Prüfvorlage zur Bestätigung" in page
    assert '<input type="hidden" name="action" value="delete">' in page
    assert Paper.objects.filter(pk=paper.pk).exists()
    # the edit page's own link (without JavaScript, a bookmark) asks the same
    asked(client.get(f"{url}?loeschen=1"), "Diese Vorlage löschen?")
    response = client.post(url, {"action": "delete", "bestaetigt": "1"})
    assert response.status_code == 302
    with scopes_disabled():
        assert not Paper.objects.filter(pk=paper.pk).exists()


def test_making_the_minutes_asks_first_and_names_the_minutes_they_replace(mannheim) -> None:
    with scopes_disabled():
        earlier = (
            File.objects.filter(
                municipality=mannheim,
                role=File.Role.RESULTS_PROTOCOL,
                meeting__body__is_public=True,
                meeting__start__lt=timezone.now(),
            )
            .select_related("meeting")
            .first()
        )
    assert earlier is not None
    client = signed_in_client("team@mannheim.example")
    url = f"{STAFF}/sitzungen/{earlier.meeting_id}/niederschrift/"
    page = asked(client.post(url), "Die Niederschrift aus den Ergebnissen erstellen?")
    assert "Alle sehen sie sofort auf der Seite der Sitzung und über OParl." in page
    assert f"„{earlier.name}“" in page
    with scopes_disabled():
        assert File.objects.get(meeting=earlier.meeting, role=File.Role.RESULTS_PROTOCOL) == earlier
    assert client.post(url, {"bestaetigt": "1"}).status_code == 302
    with scopes_disabled():
        made = File.objects.get(meeting=earlier.meeting, role=File.Role.RESULTS_PROTOCOL)
    assert made.pk != earlier.pk
