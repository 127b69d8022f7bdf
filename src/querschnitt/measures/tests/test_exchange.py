"""The measures go out as CSV and XLSX with stable keys and come back in with a preview, all or
nothing; an unchanged export changes nothing. Two people editing one measure: the second is
told and sees both versions."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from conftest import signed_in_client
from querschnitt.measures.models import Measure, MeasureImport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

STAFF = "/mannheim/verwaltung/massnahmen"


def snapshot() -> list[tuple]:
    return list(
        Measure.objects.filter(municipality__slug="mannheim")
        .order_by("key")
        .values_list("key", "title", "state_id", "lead_department_id", "weight", "version")
    )


def upload(client, name: str, content: bytes):
    return client.post(f"{STAFF}/import/", {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_unchanged_export_imports_as_nothing_changed(kind) -> None:
    client = signed_in_client("team@mannheim.example")
    exported = client.get(f"{STAFF}/export.{kind}")
    assert exported.status_code == 200
    before = snapshot()
    response = upload(client, f"massnahmen.{kind}", exported.content)
    assert response.status_code == 302, response.content.decode()[:2000]
    run = MeasureImport.objects.filter(municipality__slug="mannheim").latest("pk")
    assert run.report["counts"]["create"] == 0
    assert run.report["counts"]["update"] == 0
    assert run.report["counts"]["error"] == 0
    assert run.report["counts"]["unchanged"] == len(before)
    assert client.post(f"{STAFF}/import/{run.pk}/").status_code == 302
    assert snapshot() == before


def test_states_go_out_by_their_key_never_by_their_label() -> None:
    client = signed_in_client("team@mannheim.example")
    content = client.get(f"{STAFF}/export.xlsx").content
    rows = list(
        load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True)
    )
    heading = list(rows[0])
    states = {row[heading.index("Zustand")] for row in rows[1:]}
    assert states <= {
        "vorschlag",
        "pruefung",
        "beirat",
        "empfohlen",
        "beschlossen",
        "umsetzung",
        "abgeschlossen",
        "abgelehnt",
        "zurueckgestellt",
    }


def test_a_changed_title_is_previewed_then_applied() -> None:
    client = signed_in_client("team@mannheim.example")
    text = client.get(f"{STAFF}/export.csv").content.decode("utf-8-sig")
    changed = text.replace("Sprachcafés in Stadtteilbibliotheken", "Sprachcafés überall", 1)
    assert changed != text
    upload(client, "massnahmen.csv", changed.encode("utf-8-sig"))
    run = MeasureImport.objects.filter(municipality__slug="mannheim").latest("pk")
    assert run.report["counts"]["update"] == 1
    preview = client.get(f"{STAFF}/import/{run.pk}/").content.decode()
    assert "M-15" in preview
    assert Measure.objects.get(municipality__slug="mannheim", key="M-15").title["de"] != (
        "Sprachcafés überall"
    )
    client.post(f"{STAFF}/import/{run.pk}/")
    assert Measure.objects.get(municipality__slug="mannheim", key="M-15").title["de"] == (
        "Sprachcafés überall"
    )


def test_a_bad_row_names_row_and_column_and_nothing_is_imported() -> None:
    client = signed_in_client("team@mannheim.example")
    text = client.get(f"{STAFF}/export.csv").content.decode("utf-8-sig")
    columns, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    budget = next(i for i, name in enumerate(columns) if name.startswith("Budget "))
    rows[0][budget] = "viel Geld"
    rows[1][columns.index("Titel")] = "Eine neue Überschrift"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([columns, *rows])
    bad = out.getvalue()
    before = snapshot()
    upload(client, "massnahmen.csv", bad.encode("utf-8-sig"))
    run = MeasureImport.objects.filter(municipality__slug="mannheim").latest("pk")
    assert run.report["counts"]["error"] == 1
    preview = client.get(f"{STAFF}/import/{run.pk}/").content.decode()
    assert "viel Geld" in preview
    assert columns[budget] in preview
    client.post(f"{STAFF}/import/{run.pk}/")
    assert snapshot() == before  # the good row was not imported either


def test_a_file_that_is_no_table_is_refused_with_a_message() -> None:
    client = signed_in_client("team@mannheim.example")
    response = upload(client, "massnahmen.xlsx", b"not a workbook")
    assert response.status_code == 400
    assert 'class="kern-error' in response.content.decode() or "Fehler" in (
        response.content.decode()
    )


def test_the_second_of_two_editors_is_told_and_nothing_is_overwritten() -> None:
    """The service refuses the second save against the version both read (the edit page
    shows both versions from `MeasureConflict.current`)."""
    from querschnitt.accounts.models import User
    from querschnitt.measures.services.measures import MeasureConflict, measure_update

    measure = Measure.objects.get(municipality__slug="mannheim", key="M-02")
    read = measure.version
    first = User.objects.get(email="team@mannheim.example")
    second = User.objects.get(email="admin@mannheim.example")
    measure_update(measure=measure, by=first, expected_version=read, title={"de": "Fassung A"})
    with pytest.raises(MeasureConflict) as told:
        measure_update(measure=measure, by=second, expected_version=read, title={"de": "Fassung B"})
    assert told.value.current.title["de"] == "Fassung A"
    assert "Jemand anderes hat diese Maßnahme geändert" in " ".join(told.value.messages)
    measure.refresh_from_db()
    assert measure.title["de"] == "Fassung A"
    assert measure.version == read + 1
