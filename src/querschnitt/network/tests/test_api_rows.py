"""The API's list without filters, its rows written as JSON and remembered under the values
they are made of, gives the bytes that `organisations_out` and `json.dumps` give from the
ORM's values, page by page; a changed value is written afresh at once, in either city. So do
the alliances' members without filters, against the ORM's annotated values."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from querschnitt.core import selectors
from querschnitt.core.models import Municipality
from querschnitt.network.api import (
    MEMBER_CURSOR,
    ORGANISATION_CURSOR,
    _alliance_members,
    _keyset_page,
)
from querschnitt.network.api_rows import dumps, organisations_out
from querschnitt.network.logos import logo_prefix
from querschnitt.network.models import Alliance, Organisation, OrganisationTopic, Signature
from querschnitt.network.selectors.directory_sql import listed_values
from querschnitt.network.services.organisations import organisation_update

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


def test_remembered_rows_read_no_topics_and_show_changed_topics_at_once(
    mannheim, bamberg, django_capture_on_commit_callbacks
) -> None:
    path = "/api/v1/mannheim/organisations"

    def answer() -> tuple[list[dict[str, Any]], bool]:
        with CaptureQueriesContext(connection) as queries:
            data = Client().get(path, {"limit": "5"}).json()["data"]
        return data, any("network_organisationtopic" in query["sql"] for query in queries)

    answer()
    before, read_topics = answer()
    assert not read_topics
    with scopes_disabled():
        organisation = Organisation.objects.get(pk=before[1]["id"])
    with django_capture_on_commit_callbacks(execute=True), scope(municipality=mannheim):
        organisation_update(
            organisation=organisation, by=None, topics=("sports",), languages=("ar", "tr")
        )
    cache.clear()  # the stamp of the municipality rows that the update moved
    selectors._recent.clear()
    after, read_topics = answer()
    assert read_topics
    assert (after[1]["topics"], after[1]["languages"]) == (["sports"], ["ar", "tr"])
    assert assert_pages_as_written_before(mannheim, 50) > 50
    assert assert_pages_as_written_before(bamberg, 50) > 30


def expected_members(municipality: Municipality, slug: str, after: Any, limit: int) -> str:
    """The `"data": […]` of a page of members, written from the ORM's values as before."""
    with scope(municipality=municipality):
        rows, _next = _keyset_page(
            RequestFactory().get("/"),
            _alliance_members(municipality=municipality, slug=slug, kinds=[]),
            after=after,
            limit=limit,
            salt=MEMBER_CURSOR,
        )
    data = [
        {
            "id": row["id"],
            "name": row["name"],
            "kind": row["kind"],
            "member_since": timezone.localdate(row["member_since"]),
        }
        for row in rows
    ]
    return f'{{"data": [{", ".join(dumps(row) for row in data)}]'


def assert_members_as_written_before(municipality: Municipality, slug: str, limit: int) -> int:
    """Walks every page of the alliance's members; gives how many rows it saw."""
    path = f"/api/v1/{municipality.slug}/alliances/{slug}/members"
    url, after, seen = f"{path}?limit={limit}", None, 0
    while True:
        answer = Client().get(url)
        assert answer.status_code == 200
        body = answer.json()
        data = expected_members(municipality, slug, after, limit)
        assert answer.content.decode() == f'{data}, "next": {dumps(body["next"])}}}'
        seen += len(body["data"])
        if body["next"] is None:
            return seen
        last = body["data"][-1]
        after = (last["name"], last["id"])
        url = body["next"].removeprefix("http://testserver")
        cursor = parse_qs(urlsplit(url).query)["cursor"][0]
        assert signing.loads(cursor, salt=MEMBER_CURSOR) == list(after)


@pytest.mark.parametrize("limit", [50, 7])
def test_every_page_of_members_is_written_as_before(mannheim, bamberg, limit) -> None:
    with scopes_disabled():
        alliances = list(Alliance.objects.select_related("municipality"))
    assert mannheim in {alliance.municipality for alliance in alliances}
    for alliance in alliances:
        for zone in ("Europe/Berlin", "Pacific/Kiritimati"):  # the zone makes the day
            with timezone.override(zone):
                for _ in range(2):  # written, then remembered
                    seen = assert_members_as_written_before(
                        alliance.municipality, alliance.slug, limit
                    )
                    assert seen > 5


def test_a_changed_member_is_written_afresh(mannheim, bamberg) -> None:
    with scopes_disabled():
        alliance = Alliance.objects.get(municipality=mannheim)
    path = f"/api/v1/mannheim/alliances/{alliance.slug}/members"
    before = Client().get(path, {"limit": "5"}).json()["data"]
    changed = before[2]["id"]
    with scopes_disabled():
        Signature.objects.filter(
            organisation_id=changed, declaration_id=alliance.declaration_id
        ).update(decided_at=datetime(2020, 2, 29, 23, 30, tzinfo=UTC))
        kind = "other" if before[2]["kind"] != "other" else "association"
        Organisation.objects.filter(pk=changed).update(kind=kind)
    after = Client().get(path, {"limit": "5"}).json()["data"]
    assert after[2]["member_since"] == "2020-03-01"  # Europe/Berlin
    assert after[2]["kind"] == kind
    assert [row for row in after if row["id"] != changed] == [
        row for row in before if row["id"] != changed
    ]
    assert assert_members_as_written_before(mannheim, alliance.slug, 50) > 50
    assert Client().get(f"/api/v1/bamberg/alliances/{alliance.slug}/members").status_code == 404
