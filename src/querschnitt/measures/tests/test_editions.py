"""A frozen edition of the catalogue never changes (the database refuses it, whoever asks),
says what changed since the previous one, and goes out as a page, a PDF and an XLSX."""

import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from querschnitt.accounts.models import User
from querschnitt.measures.models import (
    Catalogue,
    CatalogueDocument,
    CatalogueEntry,
    Measure,
    Production,
    Transition,
)
from querschnitt.measures.services.catalogues import catalogue_freeze
from querschnitt.measures.tasks import catalogue_document_produce

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

ARABIC = "مقهى اللغة في المكتبة"
TURKISH = "Kütüphanede dil kafesi: ığüşöç İĞÜŞÖÇ"


@pytest.fixture
def edition(mannheim) -> Catalogue:
    """Today's edition: M-01 renamed (in three languages), M-13 adopted since the last one."""
    office = User.objects.get(email="team@mannheim.example")
    first = Measure.objects.get(municipality=mannheim, key="M-01")
    Measure.objects.filter(pk=first.pk).update(
        title={"de": "Willkommenszentrum (neu)", "ar": ARABIC, "tr": TURKISH}
    )
    adopted = Measure.objects.get(municipality=mannheim, key="M-13")
    # adopted by the council (the steps themselves: test_decision_path.py)
    Measure.objects.filter(pk=adopted.pk).update(
        state=Transition.objects.get(municipality=mannheim, key="beschluss").to_state
    )
    return catalogue_freeze(
        municipality=mannheim,
        by=office,
        year=timezone.localdate().year + 1,
        as_of=timezone.localdate(),
        title="Maßnahmenkatalog Test",
    )


def refused(statement: str, params: list) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError as error:
        return "frozen edition" in str(error)
    return False


def test_the_database_refuses_every_change_to_a_frozen_edition(edition) -> None:
    entry = CatalogueEntry.objects.filter(catalogue=edition).first()
    assert refused("UPDATE measures_catalogue SET title = %s WHERE id = %s", ["x", edition.pk])
    assert refused("DELETE FROM measures_catalogue WHERE id = %s", [edition.pk])
    assert refused("UPDATE measures_catalogueentry SET key = %s WHERE id = %s", ["x", entry.pk])
    assert refused("DELETE FROM measures_catalogueentry WHERE catalogue_id = %s", [edition.pk])
    # the ORM (and so the admin) meets the same refusal
    with pytest.raises(DatabaseError), transaction.atomic():
        Catalogue.objects.filter(pk=edition.pk).update(note="changed")
    edition.title = "changed"
    with pytest.raises(DatabaseError), transaction.atomic():
        edition.save()
    edition.refresh_from_db()
    assert edition.title == "Maßnahmenkatalog Test"
    assert CatalogueEntry.objects.filter(catalogue=edition).count() == edition.measures_count


def test_an_edition_keeps_what_it_froze_and_says_what_changed(mannheim, edition) -> None:
    assert edition.previous is not None
    assert edition.summary["added"] >= 1
    assert edition.summary["changed"] >= 1
    # the measure changes afterwards; the edition does not
    Measure.objects.filter(municipality=mannheim, key="M-01").update(title={"de": "Später"})
    page = Client().get(f"/mannheim/massnahmen/stand/{edition.as_of.isoformat()}/")
    text = page.content.decode()
    assert "Willkommenszentrum (neu)" in text
    assert "Später" not in text

    changes = (
        Client()
        .get(f"/mannheim/massnahmen/stand/{edition.as_of.isoformat()}/aenderungen/")
        .content.decode()
    )
    added = changes.index("M-13")
    changed = changes.index("M-01")
    assert added > 0
    assert changed > 0
    assert "Titel, vorher: „Willkommenszentrum für Neuzugewanderte“" in changes
    assert "Willkommenszentrum (neu)" in changes
    assert added < changed  # new measures first


def test_the_edition_pdf_carries_the_measures_in_their_languages(mannheim, edition) -> None:
    public = Client()
    url = f"/mannheim/massnahmen/stand/{edition.as_of.isoformat()}/massnahmenkatalog.pdf"
    assert public.get(url).status_code == 202  # on its way
    catalogue_document_produce.call(municipality_id=mannheim.pk, catalogue_id=edition.pk)
    assert CatalogueDocument.objects.get(catalogue=edition).state == Production.DONE
    response = public.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Maßnahmenkatalog Test" in text
    for entry in CatalogueEntry.objects.filter(catalogue=edition):
        assert entry.key in text
    assert "Willkommenszentrum (neu)" in text
    assert ARABIC in text  # shaped and ordered so that it reads (and extracts) right to left
    assert TURKISH in text
    # producing the document left the frozen edition as it was
    assert Catalogue.objects.get(pk=edition.pk).title == "Maßnahmenkatalog Test"


def test_the_edition_xlsx_carries_the_measures(edition) -> None:
    response = Client().get(
        f"/mannheim/massnahmen/stand/{edition.as_of.isoformat()}/massnahmenkatalog.xlsx"
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Maßnahmenkatalog Test"
    heading = rows[1]
    assert heading[:3] == ("Schlüssel", "Titel", "Zustand")
    found = {row[0]: row for row in rows[2:]}
    assert set(found) == set(
        CatalogueEntry.objects.filter(catalogue=edition).values_list("key", flat=True)
    )
    assert found["M-01"][1] == "Willkommenszentrum (neu)"
    assert found["M-13"][2] == "Vom Gemeinderat beschlossen"  # the state's name as it stood


def test_a_second_edition_on_the_same_day_is_refused(mannheim, edition) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Stände ändern sich nie"):
        catalogue_freeze(
            municipality=mannheim,
            by=User.objects.get(email="team@mannheim.example"),
            year=edition.year,
            as_of=edition.as_of,
        )
