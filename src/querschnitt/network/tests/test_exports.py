"""CSV and XLSX exports of the directory: the filtered rows, public columns only, streamed."""

import csv
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from querschnitt.core.models import Municipality, Visibility
from querschnitt.network.tests.test_directory_fixtures import (
    make_organisation,
    make_town,
)


@pytest.fixture
def town(db: Any) -> Municipality:
    return make_town()


@pytest.fixture
def other_town(db: Any) -> Municipality:
    return make_town("nachbarstadt", "09999002")


EXPORT = "/pruefstadt/akteure/export."
PERSONAL = ("Erika Privat", "erika@privat.example")


def english() -> Client:
    client = Client()
    client.cookies["qs_language"] = "en"
    return client


def csv_rows(path: str) -> list[dict[str, str]]:
    response = english().get(path)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="akteure-pruefstadt-')
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    for secret in PERSONAL:
        assert secret not in text
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def directory(town, other_town) -> None:
    make_organisation(
        town,
        "Sportverein Lindenhof",
        kind="sports_club",
        topics=("sports", "youth"),
        languages=("de", "ar"),
        public_email="info@sv.example",
        public_phone="+49 621 1234",
        latitude="49.470000",
        longitude="8.460000",
        description={"de": "Fußball für alle."},
        requested_by_name=PERSONAL[0],
        requested_by_email=PERSONAL[1],
    )
    make_organisation(town, "Kulturverein Neckarstadt", kind="association")
    make_organisation(town, '=HYPERLINK("http://evil.example")', kind="association")
    make_organisation(town, "Verein Intern", visibility=Visibility.INTERNAL)
    make_organisation(town, "Verein Angefragt", status="requested")
    make_organisation(other_town, "Verein Nachbarstadt")


@pytest.mark.django_db
def test_csv_has_the_public_rows_and_columns(directory) -> None:
    rows = csv_rows(EXPORT + "csv")
    assert [row["Name"] for row in rows] == [
        '\'=HYPERLINK("http://evil.example")',
        "Kulturverein Neckarstadt",
        "Sportverein Lindenhof",
    ]
    sport = rows[2]
    assert sport["Kind"] == "Sports club"
    assert sport["Topics"] == "Sports, Youth"
    assert sport["Languages spoken"] == "Arabic, German"
    assert sport["Public e-mail"] == "info@sv.example"
    assert sport["Public telephone"] == "+49 621 1234"
    assert sport["Latitude"] == "49.47"
    assert sport["Description"] == "Fußball für alle."
    assert sport["Address of the entry"].startswith("http://testserver/pruefstadt/akteure/")
    assert set(rows[0]) == set(sport)
    assert not any("requested" in heading.lower() for heading in sport)


@pytest.mark.django_db
def test_csv_follows_the_filters_and_the_search(directory) -> None:
    assert [r["Name"] for r in csv_rows(EXPORT + "csv?art=sports_club")] == [
        "Sportverein Lindenhof"
    ]
    assert [r["Name"] for r in csv_rows(EXPORT + "csv?q=Kulturvereine")] == [
        "Kulturverein Neckarstadt"
    ]
    assert [r["Name"] for r in csv_rows(EXPORT + "csv?q=Kulturverien")] == [
        "Kulturverein Neckarstadt"
    ]
    assert csv_rows(EXPORT + "csv?q=Nachbarstadt") == []


@pytest.mark.django_db
def test_xlsx_has_the_same_rows_and_no_formulas(directory) -> None:
    response = english().get(EXPORT + "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    for secret in PERSONAL:
        assert secret.encode() not in content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("ID", "Name", "Kind")
    assert [row[1] for row in rows[1:]] == [
        '=HYPERLINK("http://evil.example")',
        "Kulturverein Neckarstadt",
        "Sportverein Lindenhof",
    ]
    assert sheet.cell(row=2, column=2).data_type == "s"


@pytest.mark.django_db
def test_other_formats_do_not_exist_and_bad_filters_are_refused(directory) -> None:
    client = Client()
    for fmt in ("pdf", "json", "CSV", "csv.exe"):
        assert client.get(EXPORT + fmt).status_code == 404
    assert client.get(EXPORT + "csv?art=nonsense").status_code == 400
    assert client.post(EXPORT + "csv").status_code == 405


@pytest.mark.django_db
def test_exports_are_rate_limited(directory) -> None:
    client = Client()
    statuses = [client.get(EXPORT + "csv").status_code for _n in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


@pytest.mark.django_db
def test_step_free_access_not_known_is_exported_as_such(mannheim) -> None:
    from django.utils import translation

    from querschnitt.network.exports import columns

    with translation.override("en"):
        step_free = {str(label): value for label, value in columns()}["Step-free access"]
        values = [str(step_free({"wheelchair_accessible": v})) for v in (True, False, None)]
    assert values == [
        "yes",
        "no",
        "not known",
    ]
