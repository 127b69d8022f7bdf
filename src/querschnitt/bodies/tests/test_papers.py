"""Papers: their path through the bodies, their documents (checked by content, their text
read for the search) and the public search by text, reference, date, body and type."""

import io
import os
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.bodies.models import Body, Consultation, File, Meeting, Paper
from querschnitt.bodies.services.files import MAX_BYTES, file_add
from querschnitt.bodies.services.meetings import meeting_publish
from querschnitt.bodies.services.papers import consultation_add, paper_create
from querschnitt.core.pdf import pdf_from_html

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def office(db):
    return User.objects.get(email="team@mannheim.example")


@pytest.fixture
def paper(mannheim, office, unscoped):
    return paper_create(
        municipality=mannheim,
        by=office,
        reference="V 2099/001",
        name="Prüfvorlage",
        paper_type="submission",
        paper_date=timezone.localdate(),
    )


def stored_files() -> set[str]:
    root = settings.MEDIA_ROOT
    return {os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "vorlage.pdf", "not of an accepted type"),
        (b"%PDF-1.4\nthis is not really a PDF", "kaputt.pdf", "cannot be read"),
        (b"", "leer.pdf", "empty"),
    ],
)
def test_a_bad_upload_is_refused_and_nothing_is_kept(paper, office, content, name, message) -> None:
    before_files, before_rows = stored_files(), File.objects.count()
    with pytest.raises(ValidationError, match=message):
        file_add(
            parent=paper,
            by=office,
            upload=io.BytesIO(content),
            file_name=name,
            name="x",
            role="main",
        )
    assert File.objects.count() == before_rows
    assert stored_files() == before_files


def test_an_upload_over_the_limit_is_refused(paper, office) -> None:
    big = io.BytesIO(b"%PDF-1.4\n" + b"0" * MAX_BYTES)
    with pytest.raises(ValidationError, match="at most 20 MB"):
        file_add(parent=paper, by=office, upload=big, file_name="gross.pdf", name="x", role="main")


def test_the_text_of_a_pdf_makes_its_paper_findable(paper, office) -> None:
    content = pdf_from_html(
        "<p>Die Sprachpatenschaften im Quartier Jungbusch werden ausgebaut.</p>"
    )
    document = file_add(
        parent=paper,
        by=office,
        upload=io.BytesIO(content),
        file_name="Vorlage.PDF",
        name="Vorlage",
        role="main",
    )
    document.refresh_from_db()
    assert document.text_state == File.TextState.DONE
    assert document.file_name.lower() == "vorlage.pdf"
    assert document.mime_type == "application/pdf"
    Paper.objects.filter(pk=paper.pk).update(published_at=timezone.now())
    found = Client().get("/mannheim/vorlagen/", {"q": "Jungbusch"}).content.decode()
    assert "V 2099/001" in found
    assert (
        "V 2099/001" not in Client().get("/mannheim/vorlagen/", {"q": "Neckarau"}).content.decode()
    )


def test_the_staff_upload_form_names_what_is_wrong(paper) -> None:
    client = signed_in_client("team@mannheim.example")
    upload = SimpleUploadedFile(
        "vorlage.pdf", b"GIF89a" + b"0" * 50, content_type="application/pdf"
    )
    response = client.post(
        f"/mannheim/verwaltung/vorlagen/{paper.pk}/dokumente/neu/",
        {"file": upload, "name": "Vorlage", "role": "main", "public": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not File.objects.filter(paper=paper).exists()


def test_a_paper_goes_its_path_and_is_published_with_the_agenda(mannheim, paper, office) -> None:
    advisory = Body.objects.get(municipality=mannheim, slug="migrationsbeirat")
    committee = Body.objects.get(municipality=mannheim, slug="integrationsausschuss")
    meeting = Meeting.objects.filter(body=advisory, published_at__isnull=True).first()
    consultation_add(paper=paper, body=advisory, by=office, role="hearing", meeting=meeting)
    consultation_add(paper=paper, body=committee, by=office, role="decision", authoritative=True)
    with pytest.raises(ValidationError, match="already takes the decision"):
        consultation_add(
            paper=paper, body=committee, by=office, role="decision", authoritative=True
        )
    steps = list(Consultation.objects.filter(paper=paper).order_by("order"))
    assert [s.body for s in steps] == [advisory, committee]
    assert steps[0].agenda_item.meeting == meeting
    assert steps[1].agenda_item is None
    paper.refresh_from_db()
    assert paper.published_at is None
    meeting_publish(meeting=meeting, by=office)
    paper.refresh_from_db()
    assert paper.published_at is not None
    page = Client().get(f"/mannheim/vorlagen/{paper.pk}/").content.decode()
    assert advisory.name in page
    assert committee.name in page


def test_a_reference_is_used_once(mannheim, paper, office) -> None:
    with pytest.raises(ValidationError, match="already used"):
        paper_create(
            municipality=mannheim,
            by=office,
            reference="v 2099/001",
            name="Noch eine",
            paper_type="motion",
            paper_date=timezone.localdate(),
        )


def test_the_search_filters_by_reference_date_body_and_type(mannheim) -> None:
    with scopes_disabled():
        visible = Paper.objects.filter(
            municipality=mannheim, public=True, published_at__isnull=False
        )
        motion = visible.filter(paper_type="motion").first()
        advisory = Body.objects.get(municipality=mannheim, slug="migrationsbeirat")
        on_advisory = visible.filter(consultations__body=advisory).distinct()
        not_on_advisory = visible.exclude(consultations__body=advisory).first()
    client = Client()

    def found(**query: str | int) -> str:
        return client.get("/mannheim/vorlagen/", query).content.decode()

    assert motion.reference in found(reference=motion.reference.split(" ")[1])
    assert motion.reference in found(type="motion")
    assert all(
        p.reference not in found(type="motion") for p in visible.exclude(paper_type="motion")
    )
    by_body = found(body=advisory.pk)
    assert all(p.reference in by_body for p in on_advisory)
    assert not_on_advisory is None or not_on_advisory.reference not in by_body
    newest = visible.order_by("-date").first()
    assert newest.reference in found(date_from=newest.date.isoformat())
    assert newest.reference not in found(date_to=(newest.date - timedelta(days=1)).isoformat())
    # bad dates search for everything instead of failing
    assert client.get("/mannheim/vorlagen/", {"date_from": "gestern"}).status_code == 200
