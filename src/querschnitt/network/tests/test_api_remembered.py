"""What the API remembers between requests: the address of a next page (made once a second)
is the one `signing.dumps` and the request's query give; the validated parameters of a
query string answer as validating them afresh does, refuse what is invalid every time, and
keep each municipality's answer its own."""

import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ninja import Header, NinjaAPI, Query, Router

from querschnitt.api import _parameters, remember_parameters
from querschnitt.network.api import (
    MEMBER_CURSOR,
    ORGANISATION_CURSOR,
    OrganisationFilters,
    Page,
    _read_cursor,
    next_address,
)

pytestmark = pytest.mark.django_db


def address_as_before(request: HttpRequest, key: list[Any], salt: str) -> str:
    """The next page's address as `_next_page` made it before it was remembered."""
    params = request.GET.copy()
    params["cursor"] = signing.dumps(key, salt=salt, compress=True)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def in_one_second(make: Any) -> Any:
    """What `make()` gives, made again until it was made within one second."""
    while True:
        second = int(time.time())
        made = make()
        if int(time.time()) == second:
            return made


KEYS = [
    ["Zebrafink Chor", 7],
    ["جمعية الجالية العربية", 2**62],
    ["ab" * 300, 1],  # long enough that the cursor is compressed
    ["", 1],
    ['"Quote" & <tag> ?x=1#y', 42],
]
QUERIES = ["", "limit=5", "limit=5&kind=association&kind=welfare", "q=%C3%BCber+sport&limit=7"]


def test_the_next_address_is_the_one_made_before() -> None:
    for query in QUERIES:
        request = RequestFactory().get(f"/api/v1/mannheim/organisations?{query}")
        for key in KEYS:
            for salt in (ORGANISATION_CURSOR, MEMBER_CURSOR):

                def both(
                    request: HttpRequest = request, key: list[Any] = key, salt: str = salt
                ) -> tuple[str, str, str]:
                    return (
                        next_address(request, key, salt=salt),
                        next_address(request, key, salt=salt),
                        address_as_before(request, key, salt),
                    )

                made, remembered, before = in_one_second(both)
                assert made == remembered == before
                assert signing.loads(cursor_of(before), salt=salt) == key


def cursor_of(address: str) -> str:
    return parse_qs(urlsplit(address).query)["cursor"][0]


@override_settings(ALLOWED_HOSTS=["testserver", "other.example"])
def test_the_next_address_is_made_of_its_request_key_and_salt() -> None:
    factory = RequestFactory()
    requests = [
        factory.get("/api/v1/mannheim/organisations?limit=5"),
        factory.get("/api/v1/mannheim/organisations?limit=6"),
        factory.get("/api/v1/bamberg/organisations?limit=5"),
        factory.get("/api/v1/mannheim/organisations?limit=5", HTTP_HOST="other.example"),
        factory.get("/api/v1/mannheim/organisations?limit=5", secure=True),
    ]

    made = [
        (request, key, salt)
        for request in requests
        for key in (["Name", 1], ["Name", 2], ["Other", 1])
        for salt in (ORGANISATION_CURSOR, MEMBER_CURSOR)
    ]

    def both() -> tuple[list[str], list[str]]:
        return (
            [next_address(request, key, salt=salt) for request, key, salt in made],
            [address_as_before(request, key, salt) for request, key, salt in made],
        )

    remembered, before = in_one_second(both)
    assert remembered == before
    assert len(set(remembered)) == len(made)


def test_an_operation_that_reads_a_header_is_validated_every_time() -> None:
    router = Router()

    @router.get("/echo")
    def echo(request: HttpRequest, limit: int = 5, x_token: str = Header("")) -> dict[str, Any]:
        return {}

    operation = router.path_operations["/echo"].operations[0]
    operation.api = NinjaAPI(urls_namespace="header-echo")
    remember_parameters(operation)
    values = [
        operation._get_values(
            RequestFactory().get("/echo?limit=3", HTTP_X_TOKEN=token), {}, HttpResponse()
        )
        for token in ("first", "second")
    ]
    assert [value["x_token"] for value in values] == ["first", "second"]


def test_what_one_request_does_to_its_parameters_does_not_reach_the_next() -> None:
    router = Router()

    @router.get("/echo")
    def echo(request: HttpRequest, filters: Query[OrganisationFilters]) -> dict[str, Any]:
        return {}

    operation = router.path_operations["/echo"].operations[0]
    operation.api = NinjaAPI(urls_namespace="parameters-echo")
    remember_parameters(operation)

    def values() -> dict[str, Any]:
        request = RequestFactory().get("/echo?q=sport&kind=association")
        return operation._get_values(request, {}, HttpResponse())

    first = values()
    first["filters"].kind.append("welfare")
    first["filters"].q = "changed"
    second = values()
    assert second["filters"].q == "sport"
    assert [str(kind) for kind in second["filters"].kind] == ["association"]


def test_a_remembered_cursor_is_read_with_its_own_salt_only() -> None:
    request = RequestFactory().get("/api/v1/mannheim/organisations")
    address = next_address(request, ["Zebrafink Chor", 7], salt=ORGANISATION_CURSOR)
    cursor = cursor_of(address)
    page = Page(limit=50, cursor=cursor)
    assert _read_cursor(page, salt=ORGANISATION_CURSOR) == ("Zebrafink Chor", 7)
    with pytest.raises(Exception, match="not valid"):
        _read_cursor(page, salt=MEMBER_CURSOR)


def answer(path: str, query: str) -> tuple[int, Any]:
    """Status and body of an answer, the next page's cursor read (it carries its second)."""
    response = Client().get(f"{path}?{query}")
    body = json.loads(response.content)
    if response.status_code == 200 and body.get("next"):
        salt = ORGANISATION_CURSOR if "organisations" in path else MEMBER_CURSOR
        params = parse_qs(urlsplit(body["next"]).query)
        cursor = signing.loads(params.pop("cursor")[0], salt=salt)
        body["next"] = (body["next"].split("?")[0], params, cursor)
    return response.status_code, body


PARAMETERS = st.lists(
    st.sampled_from(
        [
            "limit=3",
            "limit=0",
            "limit=abc",
            "limit=200",
            "kind=association",
            "kind=welfare",
            "kind=nonsense",
            "topic=language",
            "language=ar",
            "language=ARABIC",
            "wheelchair_accessible=true",
            "wheelchair_accessible=maybe",
            "q=sport",
            "q=%3Cb%3E",
            "cursor=abc",
            "district=0",
            "other=1",
        ]
    ),
    max_size=4,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parameters=PARAMETERS, town=st.sampled_from(["mannheim", "bamberg"]))
def test_remembered_parameters_answer_as_validated_afresh(mannheim, parameters, town) -> None:
    query = "&".join(parameters)
    for path in (
        f"/api/v1/{town}/organisations",
        f"/api/v1/{town}/alliances/mannheimer-buendnis/members",
    ):
        _parameters.pieces.clear()
        fresh = answer(path, query)
        remembered = answer(path, query)
        assert remembered == fresh


def test_each_municipality_and_path_has_its_own_parameters(mannheim, bamberg) -> None:
    _parameters.pieces.clear()
    query = "limit=200"
    ids: dict[str, set[int]] = {}
    for town in ("mannheim", "bamberg"):
        for _ in range(2):
            status, body = answer(f"/api/v1/{town}/organisations", query)
            assert status == 200
            ids.setdefault(town, {row["id"] for row in body["data"]})
            assert ids[town] == {row["id"] for row in body["data"]}
    assert ids["mannheim"]
    assert ids["bamberg"]
    assert not ids["mannheim"] & ids["bamberg"]
    assert len(_parameters.pieces) == 2
    # invalid parameters are refused each time, and not remembered
    for _ in range(2):
        status, body = answer("/api/v1/mannheim/organisations", "limit=0")
        assert status == 400
        assert [error["field"] for error in body["errors"]] == ["limit"]
    assert len(_parameters.pieces) == 2
