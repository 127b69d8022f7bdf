"""Invitations: the agenda as a PDF by e-mail to every member, sent as a background task whose
progress the meeting's page shows; the public agenda is kept as the invitation document."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.bodies.models import Body, File, Invitation, Meeting, Membership
from querschnitt.bodies.services.invitations import invitation_send
from querschnitt.bodies.services.meetings import agenda_item_create, meeting_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(mannheim, unscoped):
    office = User.objects.get(email="team@mannheim.example")
    body = Body.objects.get(municipality=mannheim, slug="migrationsbeirat")
    start = datetime.combine(
        timezone.localdate() + timedelta(days=20), time(18), tzinfo=timezone.get_default_timezone()
    )
    meeting = meeting_create(body=body, by=office, start=start)
    agenda_item_create(meeting=meeting, by=office, name="Haushalt der Integrationsförderung")
    agenda_item_create(meeting=meeting, by=office, name="Personalfrage im Beirat", public=False)
    return meeting


def test_the_invitation_goes_to_every_member_with_the_whole_agenda(meeting) -> None:
    client = signed_in_client("team@mannheim.example")
    page = client.get(f"/mannheim/verwaltung/sitzungen/{meeting.pk}/einladen/")
    assert page.status_code == 200
    # the first press asks on a confirm page that says who gets it; nothing is sent yet
    confirm = client.post(
        f"/mannheim/verwaltung/sitzungen/{meeting.pk}/einladen/", {"message": "Bitte pünktlich."}
    )
    assert confirm.status_code == 200
    asked = confirm.content.decode()
    assert "qs-confirm__consequences" in asked
    assert "Mitglieder erhalten die Einladung mit der Tagesordnung als PDF per E-Mail" in asked
    assert '<input type="hidden" name="message" value="Bitte pünktlich.">' in asked
    assert mail.outbox == []
    with scopes_disabled():
        assert not Invitation.objects.filter(meeting=meeting).exists()
    response = client.post(
        f"/mannheim/verwaltung/sitzungen/{meeting.pk}/einladen/",
        {"message": "Bitte pünktlich.", "bestaetigt": "1"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        members = Membership.objects.filter(body=meeting.body, end_date__isnull=True).exclude(
            person__email=""
        )
        addresses = sorted(m.person.email for m in members)
        invitation = Invitation.objects.get(meeting=meeting)
        meeting.refresh_from_db()
        public_agenda = File.objects.get(meeting=meeting, role=File.Role.INVITATION)
    assert sorted(m.to[0] for m in mail.outbox) == addresses
    message = mail.outbox[0]
    assert "Bitte pünktlich." in message.body
    _name, content, mime = message.attachments[0]
    assert mime == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Personalfrage im Beirat" in text  # the members' agenda is complete
    assert "Personalfrage" not in public_agenda.text  # the kept document is the public one
    assert "Haushalt der Integrationsförderung" in public_agenda.text
    assert invitation.state == Invitation.State.SENT
    assert meeting.state == Meeting.State.INVITED
    detail = client.get(f"/mannheim/verwaltung/sitzungen/{meeting.pk}/").content.decode()
    assert f"{len(addresses)} von {len(addresses)}" in detail  # the progress, finished


def test_the_progress_is_polled_while_the_invitation_is_being_sent(meeting) -> None:
    office = User.objects.get(email="team@mannheim.example")
    with scopes_disabled():
        invitation = Invitation.objects.create(
            municipality=meeting.municipality, meeting=meeting, created_by=office
        )
    client = signed_in_client("team@mannheim.example")
    fragment = client.get(
        f"/mannheim/verwaltung/sitzungen/{meeting.pk}/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert invitation.state == Invitation.State.SENDING


def test_an_invitation_needs_an_agenda_and_addresses(mannheim, unscoped) -> None:
    office = User.objects.get(email="team@mannheim.example")
    body = Body.objects.get(municipality=mannheim, slug="migrationsforum")
    start = datetime.combine(
        timezone.localdate() + timedelta(days=20), time(18), tzinfo=timezone.get_default_timezone()
    )
    meeting = meeting_create(body=body, by=office, start=start)
    with pytest.raises(ValidationError):
        invitation_send(meeting=meeting, by=office, message="", base_url="http://x")
    agenda_item_create(meeting=meeting, by=office, name="Begrüßung")
    with pytest.raises(ValidationError):  # the forum has no members with addresses
        invitation_send(meeting=meeting, by=office, message="", base_url="http://x")
