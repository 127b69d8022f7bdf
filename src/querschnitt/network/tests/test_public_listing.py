"""Every public view of the network lists the same organisations: the directory and its
search, an organisation's page, the alliance's page, the API and the exports.

An archived entry, one still in review, one visible to the network only and a public one all
signed the alliance's declaration and match the same search; only the public one may appear,
anywhere.
"""

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope
from openpyxl import load_workbook

from querschnitt.core.models import Visibility
from querschnitt.network.models import Alliance, Organisation, Signature
from querschnitt.network.tests.test_directory_fixtures import make_organisation

pytestmark = pytest.mark.django_db

PUBLIC = "Quellwasser Offen"
NAMES: dict[str, dict[str, Any]] = {
    "Quellwasser Archiv": {"status": Organisation.Status.ARCHIVED},
    "Quellwasser Antrag": {"status": Organisation.Status.IN_REVIEW},
    "Quellwasser Netzwerk": {"visibility": Visibility.NETWORK},
    PUBLIC: {},
}
ALLIANCE = "/mannheim/buendnisse/mannheimer-buendnis/"
NAME_IN_LIST = re.compile(r'<bdi lang="de">(Quellwasser [^<]*)</bdi>')


@pytest.fixture
def organisations(mannheim) -> dict[str, Organisation]:
    made = {name: make_organisation(mannheim, name, **fields) for name, fields in NAMES.items()}
    with scope(municipality=mannheim):
        alliance = Alliance.objects.select_related("declaration").get(slug="mannheimer-buendnis")
        version = alliance.declaration.versions.order_by("-adopted_on").first()
        for organisation in made.values():
            Signature.objects.create(
                municipality=mannheim,
                declaration=alliance.declaration,
                version=version,
                organisation=organisation,
                signer_name="Ulla Unterzeichner",
                signer_email="ulla@privat.example",
                state=Signature.State.ACCEPTED,
                decided_at=timezone.now(),
            )
    return made


def names_on_page(path: str, **params: Any) -> set[str]:
    response = Client().get(path, params)
    assert response.status_code == 200
    return set(NAME_IN_LIST.findall(response.content.decode()))


def names_in_api(path: str, **params: Any) -> set[str]:
    names: set[str] = set()
    url: str | None = path
    while url:
        response = Client().get(url, params)
        assert response.status_code == 200
        body = response.json()
        names |= {row["name"] for row in body["data"] if row["name"].startswith("Quellwasser")}
        url, params = body["next"], {}
    return names


def names_in_exports() -> tuple[set[str], set[str]]:
    csv_response = Client().get("/mannheim/akteure/export.csv", {"q": "Quellwasser"})
    text = b"".join(csv_response.streaming_content).decode()  # type: ignore[attr-defined]
    in_csv = {row[1] for row in list(csv.reader(io.StringIO(text)))[1:]}
    xlsx_response = Client().get("/mannheim/akteure/export.xlsx", {"q": "Quellwasser"})
    workbook = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)))  # type: ignore[attr-defined]
    in_xlsx = {row[1] for row in list(workbook.active.iter_rows(values_only=True))[1:]}
    return in_csv, in_xlsx


def test_the_page_the_api_the_exports_and_the_search_list_the_same(organisations) -> None:
    expected = {PUBLIC}
    assert names_on_page("/mannheim/akteure/", q="Quellwasser") == expected
    assert names_on_page("/mannheim/akteure/", q="Quellwaser") == expected  # corrected typo
    assert names_on_page(ALLIANCE, name="Quellwasser") == expected
    assert names_in_api("/api/v1/mannheim/organisations", q="Quellwasser") == expected
    assert names_in_api("/api/v1/mannheim/alliances/mannheimer-buendnis/members") == expected
    assert names_in_exports() == (expected, expected)
    for name, organisation in organisations.items():
        status = 200 if name == PUBLIC else 404
        assert Client().get(f"/mannheim/akteure/{organisation.pk}/").status_code == status
        api = f"/api/v1/mannheim/organisations/{organisation.pk}"
        assert Client().get(api).status_code == status
