"""The models hold what the database must guarantee whatever the code does."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from querschnitt.bodies.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Meeting,
    Membership,
    Paper,
    Person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(mannheim, unscoped):
    return Body.objects.create(
        municipality=mannheim, name="Prüfausschuss", slug="pruefausschuss", kind="committee"
    )


def test_a_file_belongs_to_exactly_one_parent(body, mannheim) -> None:
    meeting = Meeting.objects.create(
        municipality=mannheim, body=body, name="1. Sitzung", start=timezone.now()
    )
    paper = Paper.objects.create(
        municipality=mannheim,
        reference="T 1",
        name="Test",
        paper_type="submission",
        date=date.today(),
    )
    common = {
        "municipality": mannheim,
        "name": "x",
        "file_name": "x.pdf",
        "mime_type": "application/pdf",
        "size": 1,
        "sha512": "0",
        "role": "auxiliary",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        File.objects.create(**common, paper=paper, meeting=meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        File.objects.create(**common)
    assert File.objects.create(**common, paper=paper).paper == paper


def test_agenda_numbers_are_unique_within_a_meeting(body, mannheim) -> None:
    meeting = Meeting.objects.create(
        municipality=mannheim, body=body, name="1. Sitzung", start=timezone.now()
    )
    AgendaItem.objects.create(municipality=mannheim, meeting=meeting, order=0, number="1", name="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(
            municipality=mannheim, meeting=meeting, order=1, number="1", name="B"
        )


def test_a_resolution_carried_out_has_a_date(body, mannheim) -> None:
    meeting = Meeting.objects.create(
        municipality=mannheim, body=body, name="1. Sitzung", start=timezone.now()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(
            municipality=mannheim,
            meeting=meeting,
            order=0,
            number="1",
            name="A",
            resolution_state="carried_out",
        )


def test_terms_and_memberships_end_after_they_begin(body, mannheim) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        LegislativeTerm.objects.create(
            municipality=mannheim,
            body=body,
            name="x",
            start_date=date(2024, 1, 1),
            end_date=date(2023, 1, 1),
        )
    person = Person.objects.create(municipality=mannheim, given_name="A", family_name="B")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            municipality=mannheim,
            body=body,
            person=person,
            start_date=date.today(),
            end_date=date.today() - timedelta(days=1),
        )


def test_a_consultation_names_one_agenda_item_at_most_once(body, mannheim) -> None:
    meeting = Meeting.objects.create(
        municipality=mannheim, body=body, name="1. Sitzung", start=timezone.now()
    )
    item = AgendaItem.objects.create(
        municipality=mannheim, meeting=meeting, order=0, number="1", name="A"
    )
    paper = Paper.objects.create(
        municipality=mannheim, reference="T 2", name="Test", paper_type="motion", date=date.today()
    )
    Consultation.objects.create(
        municipality=mannheim, paper=paper, body=body, agenda_item=item, role="decision"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.create(
            municipality=mannheim, paper=paper, body=body, agenda_item=item, role="noting"
        )
