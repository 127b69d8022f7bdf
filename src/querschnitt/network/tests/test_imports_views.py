"""The import pages: upload, template, preview, confirm, discard; never a 500."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.network.imports import XLSX_MEDIA_TYPE
from querschnitt.network.models import ImportRun, Organisation
from querschnitt.network.services.imports import import_preview_create
from querschnitt.network.services.organisations import organisation_create
from querschnitt.network.tests.test_imports_parsing import (
    GOOD_ROWS,
    HEADER,
    csv_bytes,
    write,
    xlsx_bytes,
)
from querschnitt.network.tests.test_imports_services import row

UPLOAD = "/mannheim/verwaltung/import/"


@pytest.fixture
def office(db: Any) -> Client:
    client = signed_in_client("team@mannheim.example")
    client.cookies["qs_language"] = "en"
    return client


def upload(client: Client, path: Path) -> Any:
    with path.open("rb") as handle:
        return client.post(UPLOAD, {"file": handle})


def counts(mannheim: Any) -> tuple[int, int]:
    with scope(municipality=mannheim):
        return (
            ImportRun.objects.filter(municipality=mannheim).count(),
            Organisation.objects.filter(municipality=mannheim).count(),
        )


def test_the_upload_page_offers_the_form_and_the_template(office) -> None:
    response = office.get(UPLOAD)
    assert response.status_code == 200
    assert b'name="file"' in response.content
    assert b'enctype="multipart/form-data"' in response.content
    assert b'href="?vorlage=xlsx"' in response.content


def test_the_template_downloads_as_xlsx_with_the_expected_columns(office) -> None:
    from openpyxl import load_workbook

    response = office.get(UPLOAD, {"vorlage": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_MEDIA_TYPE
    assert "akteure-vorlage.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == HEADER
    districts = [row[3] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert "Lindenhof" in districts
    assert office.get(UPLOAD, {"vorlage": "pdf"}).status_code == 404


@pytest.mark.parametrize("name", ["akteure.xlsx", "akteure.csv"])
def test_a_good_file_leads_to_its_preview(office, mannheim, tmp_path, name) -> None:
    content = xlsx_bytes(GOOD_ROWS) if name.endswith("xlsx") else csv_bytes(GOOD_ROWS)
    runs, organisations = counts(mannheim)
    response = upload(office, write(tmp_path, name, content))
    assert response.status_code == 302
    with scope(municipality=mannheim):
        run = ImportRun.objects.filter(municipality=mannheim).latest("id")
    assert response["Location"] == f"/mannheim/verwaltung/import/{run.pk}/"
    assert counts(mannheim) == (runs + 1, organisations)
    page = office.get(response["Location"])
    assert page.status_code == 200
    assert page.context["counts"]["create"] == 1
    assert "Türkischer Elternverein Neckarstadt e.V." in page.content.decode()
    assert b'name="action" value="apply"' in page.content


BROKEN: list[tuple[str, bytes, str]] = [
    ("bild.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "an image"),
    ("dokument.xlsx", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "a PDF document"),
    ("abgeschnitten.xlsx", xlsx_bytes(GOOD_ROWS * 30)[:3000], "damaged or incomplete"),
    ("leer.csv", b"\r\n  \r\n", "The file is empty"),
    ("spalten.csv", csv_bytes([["Kürzel", "PLZ"], ["A", "68159"]]), "Name"),
    ("kaputt.csv", b"Name;PLZ\r\n" + bytes([0x81, 0x8D, 0x01, 0x02] * 100), "could not be decoded"),
    ("nul.csv", b"Name;PLZ\r\nA\x00B;1\r\n" * 3, "not a text file"),
]


@pytest.mark.parametrize(("name", "content", "message"), BROKEN)
def test_a_broken_file_gets_a_clear_report_and_changes_nothing(
    office, mannheim, tmp_path, name, content, message
) -> None:
    before = counts(mannheim)
    response = upload(office, write(tmp_path, name, content))
    assert response.status_code == 200
    assert response.context["rejected"]["messages"]
    assert message in response.content.decode()
    assert counts(mannheim) == before


def test_a_missing_column_report_names_the_recognised_ones(office, mannheim, tmp_path) -> None:
    path = write(tmp_path, "l.csv", csv_bytes([["Straße", "PLZ", "Notiz"], ["Weg 1", "68159"]]))
    response = upload(office, path)
    rejected = response.context["rejected"]
    assert rejected["messages"] == ["Required columns are missing: Name."]
    assert [c["header"] for c in rejected["columns"]["recognised"]] == ["Straße", "PLZ"]
    assert [c["header"] for c in rejected["columns"]["ignored"]] == ["Notiz"]


def test_an_empty_upload_and_one_over_the_limit_are_form_errors(office, mannheim) -> None:
    before = counts(mannheim)
    empty = office.post(UPLOAD, {"file": SimpleUploadedFile("leer.csv", b"")})
    assert empty.status_code == 200
    assert empty.context["form"].errors["file"]
    big = SimpleUploadedFile("gross.csv", b"Name\n" + b"x" * (10 * 1024 * 1024))
    response = office.post(UPLOAD, {"file": big})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The file is larger than 10.0 MB, the most that is accepted."
    ]
    assert counts(mannheim) == before


@pytest.fixture
def run_with_duplicate(mannheim: Any) -> tuple[ImportRun, Organisation]:
    staff = User.objects.get(email="team@mannheim.example")
    with scope(municipality=mannheim):
        existing = organisation_create(
            municipality=mannheim,
            by=staff,
            name="Ansichtsverein",
            street="Altweg 1",
            postal_code="68159",
            status=Organisation.Status.PUBLISHED,
        )
        run = import_preview_create(
            municipality=mannheim,
            by=staff,
            file_name="akteure.csv",
            content=csv_bytes(
                [
                    HEADER,
                    row("Ansichtsverein", Straße="Neuweg 2", PLZ="68161"),
                    row("Ganz neuer Verein", PLZ="68159"),
                    row("Fehlerhafter Verein", PLZ="1"),
                ]
            ),
        )
    return run, existing


def test_the_preview_shows_duplicates_for_a_decision_and_applies_them(
    office, mannheim, run_with_duplicate
) -> None:
    run, existing = run_with_duplicate
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    page = office.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="decision_2"' in html
    assert f'value="update:{existing.pk}"' in html
    assert "Not a five-digit postal code." in html
    response = office.post(url, {"action": "apply", "decision_2": f"update:{existing.pk}"})
    assert response.status_code == 302
    with scope(municipality=mannheim):
        existing.refresh_from_db()
        run.refresh_from_db()
        assert Organisation.objects.filter(municipality=mannheim, name="Ganz neuer Verein").exists()
    assert existing.street == "Neuweg 2"
    assert run.state == ImportRun.State.APPLIED
    done = office.get(url)
    assert done.context["result"]["created"] == 1
    assert f'href="/mannheim/verwaltung/akteure/{existing.pk}/"' in done.content.decode()
    assert b'value="apply"' not in done.content
    again = office.post(url, {"action": "apply"})
    assert again.status_code == 409
    assert office.post(url, {"action": "discard"}).status_code == 409


def test_an_invalid_decision_is_a_form_error(office, mannheim, run_with_duplicate) -> None:
    run, _existing = run_with_duplicate
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    before = counts(mannheim)
    response = office.post(url, {"action": "apply", "decision_2": "update:999999"})
    assert response.status_code == 200
    assert response.context["form"].errors["decision_2"]
    assert counts(mannheim) == before
    assert office.post(url, {"action": "explode"}).status_code == 400


def test_a_failed_apply_says_why_and_changes_nothing(
    office, mannheim, run_with_duplicate, monkeypatch
) -> None:
    from django.core.exceptions import ValidationError

    from querschnitt.network.views import imports as views

    def failing(**kwargs: Any) -> None:
        raise ValidationError("Row 3: something went wrong")

    monkeypatch.setattr(views, "import_apply", failing)
    run, _existing = run_with_duplicate
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    before = counts(mannheim)
    response = office.post(url, {"action": "apply"})
    assert response.status_code == 200
    assert "Row 3: something went wrong" in response.content.decode()
    assert counts(mannheim) == before
    with scope(municipality=mannheim):
        run.refresh_from_db()
    assert run.state == ImportRun.State.PREVIEW
    assert run.report["failure"]["messages"] == ["Row 3: something went wrong"]


def test_discarding_returns_to_the_upload(office, mannheim, run_with_duplicate) -> None:
    run, _existing = run_with_duplicate
    response = office.post(f"/mannheim/verwaltung/import/{run.pk}/", {"action": "discard"})
    assert response.status_code == 302
    assert response["Location"] == UPLOAD
    with scope(municipality=mannheim):
        run.refresh_from_db()
    assert run.state == ImportRun.State.DISCARDED
    page = office.get(f"/mannheim/verwaltung/import/{run.pk}/")
    assert page.status_code == 200
    assert b'value="apply"' not in page.content


def test_the_run_of_another_municipality_is_not_found(office, bamberg) -> None:
    with scope(municipality=bamberg):
        run = import_preview_create(
            municipality=bamberg, by=None, file_name="b.csv", content=b"Name\nBamberger Verein\n"
        )
    assert office.get(f"/mannheim/verwaltung/import/{run.pk}/").status_code == 404
    assert (
        office.post(f"/mannheim/verwaltung/import/{run.pk}/", {"action": "apply"}).status_code
        == 404
    )
    with scopes_disabled():
        run.refresh_from_db()
    assert run.state == ImportRun.State.PREVIEW


def test_the_upload_is_protected_against_cross_site_requests(mannheim, tmp_path) -> None:
    client = signed_in_client("team@mannheim.example")
    client.handler.enforce_csrf_checks = True
    before = counts(mannheim)
    path = write(tmp_path, "a.csv", csv_bytes(GOOD_ROWS))
    assert upload(client, path).status_code == 403
    assert counts(mannheim) == before
    page = client.get(UPLOAD)
    token = page.context["csrf_token"]
    with path.open("rb") as handle:
        response = client.post(UPLOAD, {"file": handle, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_only_office_staff_may_import(db) -> None:
    representative = signed_in_client("verein@mannheim.example")
    assert representative.get(UPLOAD).status_code == 403
    assert Client().get(UPLOAD).status_code == 302


def big_run(mannheim: Any, size: int) -> ImportRun:
    rows = [HEADER]
    for n in range(size):
        if n % 10 == 0:
            rows.append(row(f"Kaputter Verein {n}", PLZ="x"))
        elif n % 10 == 1:
            rows.append(row("Doppelter Verein", PLZ="68159", Telefon=str(n)))
        else:
            rows.append(row(f"Zählverein {n}", PLZ="68159", Themen="Sport", Stadtteil="Atlantis"))
    with scope(municipality=mannheim):
        return import_preview_create(
            municipality=mannheim, by=None, file_name="gross.csv", content=csv_bytes(rows)
        )


def test_the_preview_page_runs_the_same_queries_for_few_and_many_rows(office, mannheim) -> None:
    def queries(run: ImportRun) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = office.get(f"/mannheim/verwaltung/import/{run.pk}/")
        assert response.status_code == 200
        return len(captured)

    small, large = big_run(mannheim, 12), big_run(mannheim, 600)
    assert queries(small) == queries(large)
    assert queries(large) == queries(big_run(mannheim, 1300))


def test_long_previews_are_paginated(office, mannheim) -> None:
    run = big_run(mannheim, 600)
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    page = office.get(url)
    assert len(page.context["shown_rows"]) == 100
    assert len(page.context["rejected_rows"]) == 60
    assert len(page.context["duplicates"]) == 59  # the first "Doppelter Verein" is new
    assert page.context["rows_page"].paginator.num_pages == 5
    last = office.get(url, {"seite": 5, "zeigen": "neu"})
    assert last.status_code == 200
    assert office.get(url, {"seite": "x", "abgelehnt": "-3"}).status_code == 200
    warned = office.get(url, {"zeigen": "hinweise"})
    assert all(entry["warnings"] for entry in warned.context["shown_rows"])
    assert office.get("/mannheim/verwaltung/").status_code == 200  # navigation has the entry
