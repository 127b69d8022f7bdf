"""The API's list without filters, its rows written as JSON and remembered under the values
they are made of, gives the bytes that `organisations_out` and `json.dumps` give from the
ORM's values, page by page; a changed value is written afresh at once, in either city."""

from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.test import Client, RequestFactory
from django_scopes import scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.network.api import ORGANISATION_CURSOR
from querschnitt.network.api_rows import dumps, organisations_out
from querschnitt.network.logos import logo_prefix
from querschnitt.network.models import Organisation, OrganisationTopic
from querschnitt.network.selectors.directory_sql import listed_values

pytestmark = pytest.mark.django_db


def expected_data(municipality: Municipality, path: str, after: Any, limit: int) -> str:
    """The `"data": […]` of a page, written from the ORM's values as before."""
    request = RequestFactory().get(path)
    request.municipality = municipality  # type: ignore[attr-defined]
    rows = listed_values(municipality=municipality, after=after, size=limit)
    return f'{{"data": [{", ".join(dumps(row) for row in organisations_out(request, rows))}]'


def assert_pages_as_written_before(municipality: Municipality, limit: int) -> int:
    """Walks every page of the list; gives how many rows it saw."""
    path = f"/api/v1/{municipality.slug}/organisations"
    url, after, seen = f"{path}?limit={limit}", None, 0
    while True:
        answer = Client().get(url)
        assert answer.status_code == 200
        data = expected_data(municipality, path, after, limit)
        body = answer.json()
        assert answer.content.decode() == f'{data}, "next": {dumps(body["next"])}}}'
        seen += len(body["data"])
        if body["next"] is None:
            return seen
        last = body["data"][-1]
        after = (last["name"], last["id"])
        url = body["next"].removeprefix("http://testserver")
        cursor = parse_qs(urlsplit(url).query)["cursor"][0]
        assert signing.loads(cursor, salt=ORGANISATION_CURSOR) == list(after)


def odd_rows(municipality: Municipality) -> None:
    """Rows that take every branch of OrganisationOut: a logo, a description with empty and
    non-text values, one coordinate only, no district, step-free access not known."""
    with scopes_disabled():
        listed = Organisation.objects.filter(
            municipality=municipality,
            status=Organisation.Status.PUBLISHED,
            visibility="public",
        ).order_by("name")
        first, second, third = listed[:3]
        Organisation.objects.filter(pk=first.pk).update(
            logo=f"{logo_prefix(municipality)}abc/Logo ä.png",
            description={"de": "Text", "en": " ", "fr": 5, "ar": "نص"},
            latitude=Decimal("49.123456"),
            longitude=None,
        )
        Organisation.objects.filter(pk=second.pk).update(
            district=None, wheelchair_accessible=None, description={}, street=""
        )
        Organisation.objects.filter(pk=third.pk).update(
            latitude=Decimal("-0.500000"), longitude=Decimal("8.000000"), logo="elsewhere.png"
        )


@pytest.mark.parametrize("limit", [50, 7])
def test_every_page_is_written_as_before(mannheim, bamberg, limit) -> None:
    odd_rows(mannheim)
    odd_rows(bamberg)
    for municipality in (mannheim, bamberg):
        for _ in range(2):  # written, then remembered
            assert assert_pages_as_written_before(municipality, limit) > 30


def test_a_changed_value_is_written_afresh(mannheim, bamberg) -> None:
    path = "/api/v1/mannheim/organisations"
    before = Client().get(path, {"limit": "5"}).json()["data"]
    changed = before[2]["id"]
    with scopes_disabled():
        # a change without a new updated_at, as a plain UPDATE makes it
        Organisation.objects.filter(pk=changed).update(
            description={"de": "Ganz neu"}, latitude=Decimal("50.000001")
        )
        OrganisationTopic.objects.filter(organisation_id=changed).delete()
    after = Client().get(path, {"limit": "5"}).json()["data"]
    assert after[2]["description"] == {"de": "Ganz neu"}
    assert after[2]["topics"] == []
    assert after[2]["coordinates"]["lat"] == 50.000001
    assert [row for row in after if row["id"] != changed] == [
        row for row in before if row["id"] != changed
    ]
    assert assert_pages_as_written_before(mannheim, 50) > 50
    bamberg_ids = {
        row["id"] for row in Client().get("/api/v1/bamberg/organisations").json()["data"]
    }
    assert changed not in bamberg_ids
