"""The public JSON API of the network: only public data, filters, keyset paging, one error shape."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from querschnitt.core import selectors
from querschnitt.core.models import Municipality, Visibility
from querschnitt.network.models import (
    Alliance,
    Contact,
    Declaration,
    DeclarationVersion,
    District,
    Organisation,
    Signature,
)
from querschnitt.network.services.organisations import organisation_create

pytestmark = pytest.mark.django_db

ORGANISATION_KEYS = {
    "id",
    "name",
    "kind",
    "topics",
    "languages",
    "address",
    "coordinates",
    "wheelchair_accessible",
    "contact",
    "description",
    "updated_at",
    "web",
    "logo",
}
ADDRESS_KEYS = {"street", "postal_code", "city", "district"}
CONTACT_KEYS = {"email", "phone", "website"}
MEMBER_KEYS = {"id", "name", "kind", "member_since"}
ERROR_KEYS = {"detail", "errors"}


def organisation(municipality: Municipality, name: str, **fields: Any) -> Organisation:
    """An organisation made the way the office makes one; published and public by default."""
    fields.setdefault("status", Organisation.Status.PUBLISHED)
    with scope(municipality=municipality):
        return organisation_create(municipality=municipality, by=None, name=name, **fields)


def get(path: str, **params: Any) -> Any:
    return Client().get(path, params)


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["data"]]


def walk(path: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a list, following `next` to the end."""
    rows: list[dict[str, Any]] = []
    response = get(path, **params)
    while True:
        assert response.status_code == 200, response.content
        rows += response.json()["data"]
        if (url := response.json()["next"]) is None:
            return rows
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc) == ("http", "testserver")
        response = Client().get(f"{parts.path}?{parts.query}")


def public_ids(municipality: Municipality) -> set[int]:
    with scopes_disabled():
        return set(
            Organisation.objects.filter(
                municipality=municipality,
                status=Organisation.Status.PUBLISHED,
                visibility=Visibility.PUBLIC,
            ).values_list("pk", flat=True)
        )


@pytest.fixture
def neckarstadt(mannheim: Municipality) -> District:
    with scope(municipality=mannheim):
        return District.objects.create(municipality=mannheim, name="Testbezirk Neckarstadt")


@pytest.fixture
def directory(mannheim: Municipality, neckarstadt: District) -> dict[str, Organisation]:
    """A few Mannheim entries that differ in each filter; all share the word 'Zebrafink'."""
    return {
        "choir": organisation(
            mannheim,
            "Zebrafink Chor",
            kind=Organisation.Kind.CULTURAL_INSTITUTION,
            topics=["culture"],
            languages=["de", "tr"],
            district=neckarstadt,
            wheelchair_accessible=True,
            street="Lange Rötterstraße 5",
            postal_code="68167",
            city="Mannheim",
            latitude=Decimal("49.497500"),
            longitude=Decimal("8.476000"),
            public_email="chor@zebrafink.example",
            public_phone="0621 123",
            website="https://zebrafink.example",
            description={"de": "Ein Chor für alle.", "en": "A choir for everyone.", "ar": ""},
        ),
        "club": organisation(
            mannheim,
            "Zebrafink Sportverein",
            kind=Organisation.Kind.SPORTS_CLUB,
            topics=["sports", "youth"],
            languages=["ar"],
            wheelchair_accessible=False,
        ),
        "counselling": organisation(
            mannheim,
            "Zebrafink Beratung",
            kind=Organisation.Kind.WELFARE,
            topics=["counselling"],
            languages=["ar", "fa"],
            district=neckarstadt,
        ),
    }


# ---------------------------------------------------------------------------------------------
# The list and its filters


def test_the_list_shows_published_public_entries_with_their_public_data(directory) -> None:
    response = get("/api/v1/mannheim/organisations", q="Zebrafink")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    rows = response.json()["data"]
    assert [row["name"] for row in rows] == [
        "Zebrafink Beratung",
        "Zebrafink Chor",
        "Zebrafink Sportverein",
    ]
    choir = rows[1]
    assert choir == {
        "id": directory["choir"].pk,
        "name": "Zebrafink Chor",
        "kind": "cultural_institution",
        "topics": ["culture"],
        "languages": ["de", "tr"],
        "address": {
            "street": "Lange Rötterstraße 5",
            "postal_code": "68167",
            "city": "Mannheim",
            "district": {"id": directory["choir"].district_id, "name": "Testbezirk Neckarstadt"},
        },
        "coordinates": {"lat": 49.4975, "lon": 8.476},
        "wheelchair_accessible": True,
        "contact": {
            "email": "chor@zebrafink.example",
            "phone": "0621 123",
            "website": "https://zebrafink.example",
        },
        "description": {"de": "Ein Chor für alle.", "en": "A choir for everyone."},
        "updated_at": choir["updated_at"],
        "web": f"http://testserver/mannheim/akteure/{directory['choir'].pk}/",
        "logo": None,
    }
    updated_at = datetime.fromisoformat(choir["updated_at"])
    assert abs(updated_at - directory["choir"].updated_at) < timedelta(milliseconds=1)
    club = rows[2]
    assert club["coordinates"] is None
    assert club["address"] == {"street": None, "postal_code": None, "city": None, "district": None}
    assert club["contact"] == {"email": None, "phone": None, "website": None}
    assert response.json()["next"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "sports_club"}, {"club"}),
        ({"kind": ["sports_club", "welfare"]}, {"club", "counselling"}),
        ({"topic": "youth"}, {"club"}),
        ({"topic": ["youth", "culture"]}, {"club", "choir"}),
        ({"language": "ar"}, {"club", "counselling"}),
        ({"language": ["tr", "fa"]}, {"choir", "counselling"}),
        ({"wheelchair_accessible": "true"}, {"choir"}),
        # "false" is a stated no; the counselling service has not said (null).
        ({"wheelchair_accessible": "false"}, {"club"}),
        ({"language": "ar", "topic": "counselling"}, {"counselling"}),
        ({"q": "Zebrafink Chor"}, {"choir"}),
    ],
)
def test_each_filter_narrows_the_list(directory, params, expected) -> None:
    response = get("/api/v1/mannheim/organisations", **{"q": "Zebrafink", **params})
    assert set(ids(response)) == {directory[key].pk for key in expected}


def test_the_district_filter_takes_ids(directory, neckarstadt) -> None:
    response = get("/api/v1/mannheim/organisations", district=neckarstadt.pk)
    assert set(ids(response)) == {directory["choir"].pk, directory["counselling"].pk}


def test_a_walk_through_all_pages_returns_every_entry_exactly_once(mannheim) -> None:
    for n in range(23):
        organisation(mannheim, f"Seitenverein {n % 7}")  # equal names: the id breaks the tie
    rows = walk("/api/v1/mannheim/organisations", limit=5)
    found = [row["id"] for row in rows]
    assert len(found) == len(set(found))
    assert set(found) == public_ids(mannheim)
    keys = [(row["name"], row["id"]) for row in rows]
    assert keys == sorted(keys)


def test_next_keeps_the_filters_and_the_limit(directory) -> None:
    response = get("/api/v1/mannheim/organisations", q="Zebrafink", language=["ar", "fa"], limit=1)
    assert ids(response) == [directory["counselling"].pk]
    query = parse_qs(urlsplit(response.json()["next"]).query)
    assert query["q"] == ["Zebrafink"]
    assert query["language"] == ["ar", "fa"]
    assert query["limit"] == ["1"]
    rows = walk("/api/v1/mannheim/organisations", q="Zebrafink", language=["ar", "fa"], limit=1)
    assert [row["id"] for row in rows] == [directory["counselling"].pk, directory["club"].pk]


def test_the_list_costs_the_same_queries_for_10_and_for_200_entries(mannheim) -> None:
    district = District.objects.with_scopes_disabled().create(
        municipality=mannheim, name="Testbezirk Menge"
    )

    def grow(size: int) -> None:
        for n in range(size):
            organisation(
                mannheim,
                f"Mengenverein {n:03d}-{size}",
                district=district,
                topics=["sports", "culture"],
                languages=["de", "ar"],
            )

    def queries(**params: Any) -> int:
        cache.clear()
        selectors._recent.clear()
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(
                "/api/v1/mannheim/organisations", {"district": district.pk, **params}
            )
        assert response.status_code == 200
        assert len(response.json()["data"]) == params["limit"]
        return len(captured)

    grow(10)
    small = queries(limit=10)
    small_search = queries(limit=10, q="Mengenverein")
    grow(190)
    large = queries(limit=200)
    assert queries(limit=200, q="Mengenverein") == small_search
    assert small == large
    # the municipality, the page of organisations with their districts, and one for the
    # topics and languages of the page
    assert large == 3


# ---------------------------------------------------------------------------------------------
# Only public data, only this municipality


def test_unpublished_and_non_public_entries_never_appear(mannheim) -> None:
    hidden = [
        organisation(mannheim, "Verborgen Antrag", status=Organisation.Status.REQUESTED),
        organisation(mannheim, "Verborgen Prüfung", status=Organisation.Status.IN_REVIEW),
        organisation(mannheim, "Verborgen Archiv", status=Organisation.Status.ARCHIVED),
        organisation(mannheim, "Verborgen Netzwerk", visibility=Visibility.NETWORK),
        organisation(mannheim, "Verborgen Intern", visibility=Visibility.INTERNAL),
    ]
    shown = organisation(mannheim, "Verborgen Nicht")
    assert ids(get("/api/v1/mannheim/organisations", q="Verborgen")) == [shown.pk]
    everything = {row["id"] for row in walk("/api/v1/mannheim/organisations", limit=200)}
    for entry in hidden:
        assert entry.pk not in everything
        response = get(f"/api/v1/mannheim/organisations/{entry.pk}")
        assert response.status_code == 404
        assert set(response.json()) == ERROR_KEYS


def test_another_municipalitys_entries_never_appear(mannheim, bamberg) -> None:
    elsewhere = organisation(bamberg, "Bamberger Zebrafink", topics=["culture"])
    mannheim_rows = walk("/api/v1/mannheim/organisations", limit=200)
    assert elsewhere.pk not in {row["id"] for row in mannheim_rows}
    assert ids(get("/api/v1/mannheim/organisations", q="Bamberger")) == []
    assert get(f"/api/v1/mannheim/organisations/{elsewhere.pk}").status_code == 404
    assert get(f"/api/v1/bamberg/organisations/{elsewhere.pk}").json()["web"] == (
        f"http://testserver/bamberg/akteure/{elsewhere.pk}/"
    )
    bamberg_rows = walk("/api/v1/bamberg/organisations", limit=200)
    assert {row["id"] for row in bamberg_rows} == public_ids(bamberg)


def test_a_district_of_another_municipality_filters_to_nothing(directory, bamberg) -> None:
    with scope(municipality=bamberg):
        district = District.objects.create(municipality=bamberg, name="Testbezirk Gärtnerstadt")
    organisation(bamberg, "Bamberger Gärtner", district=district)
    assert ids(get("/api/v1/mannheim/organisations", district=district.pk)) == []


def test_no_personal_data_in_any_answer(mannheim, alliance) -> None:
    private = organisation(
        mannheim,
        "Zebrafink Privat e. V.",
        requested_by_name="Erika Geheim",
        requested_by_email="erika.geheim@privat.example",
        email_confirmed_at=timezone.now(),
    )
    with scope(municipality=mannheim):
        Contact.objects.create(
            municipality=mannheim,
            organisation=private,
            name="Karl Kontakt",
            email="karl.kontakt@privat.example",
            phone="0170 999",
        )
    sign(alliance, private, Signature.State.ACCEPTED)
    answers = [
        get("/api/v1/mannheim/organisations", q="Zebrafink"),
        get(f"/api/v1/mannheim/organisations/{private.pk}"),
        get(f"/api/v1/mannheim/alliances/{alliance.slug}/members"),
    ]
    for response in answers:
        assert response.status_code == 200
        body = response.content.decode()
        for secret in ["Geheim", "privat.example", "Kontakt", "0170", "Unterzeichner"]:
            assert secret not in body
    for row in answers[0].json()["data"] + [answers[1].json()]:
        assert set(row) == ORGANISATION_KEYS
        assert set(row["address"]) == ADDRESS_KEYS
        assert set(row["contact"]) == CONTACT_KEYS
    for row in answers[2].json()["data"]:
        assert set(row) == MEMBER_KEYS


# ---------------------------------------------------------------------------------------------
# One organisation


def test_the_detail_answers_one_entry(directory) -> None:
    choir = directory["choir"]
    response = get(f"/api/v1/mannheim/organisations/{choir.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Zebrafink Chor"
    listed = get("/api/v1/mannheim/organisations", q="Zebrafink Chor").json()["data"]
    assert listed == [response.json()]


def test_an_unknown_id_is_a_404_in_the_error_shape() -> None:
    response = get("/api/v1/mannheim/organisations/987654321")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}
    assert response["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_or_inactive_municipality_is_a_404(mannheim) -> None:
    assert get("/api/v1/atlantis/organisations").status_code == 404
    assert get("/api/v1/atlantis/organisations/1").status_code == 404
    assert get("/api/v1/atlantis/alliances/buendnis/members").status_code == 404
    Municipality.objects.filter(pk=mannheim.pk).update(is_active=False)
    assert get("/api/v1/mannheim/organisations").status_code == 404


# ---------------------------------------------------------------------------------------------
# Alliance members


def sign(
    alliance: Alliance,
    member: Organisation,
    state: str,
    *,
    decided_at: datetime | None = None,
    withdrawn_at: datetime | None = None,
) -> Signature:
    municipality = alliance.municipality
    with scope(municipality=municipality):
        return Signature.objects.create(
            municipality=municipality,
            declaration=alliance.declaration,
            version=alliance.declaration.versions.get(),
            organisation=member,
            signer_name="Ulla Unterzeichner",
            signer_email="ulla@privat.example",
            state=state,
            decided_at=decided_at,
            withdrawn_at=withdrawn_at,
        )


@pytest.fixture
def alliance(mannheim: Municipality) -> Alliance:
    with scope(municipality=mannheim):
        declaration = Declaration.objects.create(
            municipality=mannheim, slug="test-erklaerung", title={"de": "Testerklärung"}
        )
        DeclarationVersion.objects.create(
            municipality=mannheim,
            declaration=declaration,
            label="2016",
            text={"de": "Wir stehen zusammen."},
            adopted_on="2016-10-05",
        )
        return Alliance.objects.create(
            municipality=mannheim,
            declaration=declaration,
            slug="test-buendnis",
            name={"de": "Testbündnis"},
        )


def test_alliance_members_are_the_accepted_signatories_not_withdrawn(mannheim, alliance) -> None:
    # 23:30 UTC on 5 Oct 2016 is already 6 Oct in Mannheim
    accepted_at = datetime(2016, 10, 5, 23, 30, tzinfo=UTC)
    member = organisation(mannheim, "Bündnis Mitglied", kind=Organisation.Kind.SPORTS_CLUB)
    sign(alliance, member, Signature.State.ACCEPTED, decided_at=accepted_at)
    sign(
        alliance,
        member,
        Signature.State.ACCEPTED,
        decided_at=accepted_at + timedelta(days=400),
    )
    requested = organisation(mannheim, "Bündnis Neu", status=Organisation.Status.REQUESTED)
    sign(alliance, requested, Signature.State.ACCEPTED, decided_at=accepted_at)
    not_members = {
        Signature.State.UNCONFIRMED: organisation(mannheim, "Bündnis Unbestätigt"),
        Signature.State.PENDING_REVIEW: organisation(mannheim, "Bündnis Wartend"),
        Signature.State.DECLINED: organisation(mannheim, "Bündnis Abgelehnt"),
        Signature.State.WITHDRAWN: organisation(mannheim, "Bündnis Zurückgezogen"),
    }
    for state, signatory in not_members.items():
        sign(alliance, signatory, state, decided_at=accepted_at)
    left = organisation(mannheim, "Bündnis Ausgetreten")
    sign(
        alliance,
        left,
        Signature.State.ACCEPTED,
        decided_at=accepted_at,
        withdrawn_at=timezone.now(),
    )
    internal = organisation(mannheim, "Bündnis Intern", visibility=Visibility.INTERNAL)
    sign(alliance, internal, Signature.State.ACCEPTED, decided_at=accepted_at)

    response = get("/api/v1/mannheim/alliances/test-buendnis/members")
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": member.pk,
                "name": "Bündnis Mitglied",
                "kind": "sports_club",
                "member_since": "2016-10-06",
            },
            # not "Bündnis Neu": its entry is not published, so the alliance's page does not
            # name it either (network/tests/test_public_listing.py)
        ],
        "next": None,
    }
    assert ids(get("/api/v1/mannheim/alliances/test-buendnis/members", kind="sports_club")) == [
        member.pk
    ]


def test_alliance_members_are_paged_by_key(mannheim, alliance) -> None:
    members = [organisation(mannheim, f"Bündnisverein {n % 4}") for n in range(11)]
    for member in members:
        sign(alliance, member, Signature.State.ACCEPTED, decided_at=timezone.now())
    rows = walk("/api/v1/mannheim/alliances/test-buendnis/members", limit=3)
    assert sorted(row["id"] for row in rows) == sorted(m.pk for m in members)
    assert len(rows) == 11


def test_alliance_members_cost_the_same_queries_for_few_and_many(mannheim, alliance) -> None:
    def queries() -> int:
        cache.clear()
        selectors._recent.clear()
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(
                "/api/v1/mannheim/alliances/test-buendnis/members", {"limit": 200}
            )
        assert response.status_code == 200
        return len(captured)

    def grow(size: int) -> None:
        for n in range(size):
            member = organisation(mannheim, f"Mengenmitglied {n}-{size}")
            sign(alliance, member, Signature.State.ACCEPTED, decided_at=timezone.now())

    grow(3)
    small = queries()
    grow(40)
    assert small == queries() == 3


def test_an_unknown_alliance_is_a_404(bamberg) -> None:
    with scope(municipality=bamberg):
        declaration = Declaration.objects.create(municipality=bamberg, slug="bamberg-erklaerung")
        Alliance.objects.create(municipality=bamberg, declaration=declaration, slug="bamberg-bund")
    assert get("/api/v1/mannheim/alliances/gibt-es-nicht/members").status_code == 404
    assert get("/api/v1/mannheim/alliances/bamberg-bund/members").status_code == 404
    assert get("/api/v1/bamberg/alliances/bamberg-bund/members").json() == {
        "data": [],
        "next": None,
    }


# ---------------------------------------------------------------------------------------------
# Bad input: a 400 in one shape, never a 500


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/mannheim/organisations", {"kind": "spaceship"}, "kind"),
        ("/api/v1/mannheim/organisations", {"kind": ["association", "x"]}, "kind"),
        ("/api/v1/mannheim/organisations", {"topic": "astrology"}, "topic"),
        ("/api/v1/mannheim/organisations", {"language": "ARABIC"}, "language"),
        ("/api/v1/mannheim/organisations", {"district": "neckarstadt"}, "district"),
        ("/api/v1/mannheim/organisations", {"district": "0"}, "district"),
        ("/api/v1/mannheim/organisations", {"district": str(2**70)}, "district"),
        (
            "/api/v1/mannheim/organisations",
            {"wheelchair_accessible": "maybe"},
            "wheelchair_accessible",
        ),
        ("/api/v1/mannheim/organisations", {"limit": "0"}, "limit"),
        ("/api/v1/mannheim/organisations", {"limit": "201"}, "limit"),
        ("/api/v1/mannheim/organisations", {"limit": "lots"}, "limit"),
        ("/api/v1/mannheim/organisations", {"q": "x" * 201}, "q"),
        ("/api/v1/mannheim/organisations", {"cursor": "bm90IGEgY3Vyc29y"}, "cursor"),
        ("/api/v1/mannheim/organisations/abc", {}, "organisation_id"),
        ("/api/v1/mannheim/organisations/0", {}, "organisation_id"),
        ("/api/v1/mannheim/organisations/99999999999999999999", {}, "organisation_id"),
        ("/api/v1/mannheim/alliances/test-buendnis/members", {"kind": "x"}, "kind"),
        ("/api/v1/mannheim/alliances/test-buendnis/members", {"cursor": "x:y"}, "cursor"),
        ("/api/v1/mannheim/alliances/kein!slug/members", {}, "slug"),
    ],
)
def test_invalid_parameters_are_a_400_naming_the_field(path, params, field) -> None:
    response = get(path, **params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["detail"]
    assert [error["field"] for error in body["errors"]] == [field]
    assert all(error["message"] for error in body["errors"])
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_tampered_cursor_is_refused(directory) -> None:
    first = get("/api/v1/mannheim/organisations", q="Zebrafink", limit=1)
    cursor = parse_qs(urlsplit(first.json()["next"]).query)["cursor"][0]
    assert get("/api/v1/mannheim/organisations", q="Zebrafink", cursor=cursor).status_code == 200
    forged = signing.dumps(["Zebrafink", 1], salt="another salt", compress=True)
    for bad in [
        cursor[:-2] + ("yy" if cursor.endswith("xx") else "xx"),
        cursor.replace(":", "", 1),
        forged,
    ]:
        response = get("/api/v1/mannheim/organisations", q="Zebrafink", cursor=bad)
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "cursor"
    # a cursor of the members list is no cursor of the organisations
    members_cursor = signing.dumps(
        ["Zebrafink", 1], salt="querschnitt.api.alliance-members.cursor", compress=True
    )
    assert get("/api/v1/mannheim/organisations", cursor=members_cursor).status_code == 400


# ---------------------------------------------------------------------------------------------
# HTTP: CORS, methods, caching


def test_every_answer_may_be_read_from_any_origin(directory) -> None:
    for path in [
        "/api/v1/openapi.json",
        "/api/v1/mannheim/organisations",
        f"/api/v1/mannheim/organisations/{directory['choir'].pk}",
    ]:
        response = Client().get(path, HTTP_ORIGIN="https://example.org")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"


def test_only_reading_methods_are_allowed() -> None:
    client = Client(enforce_csrf_checks=True)
    preflight = client.options(
        "/api/v1/mannheim/organisations",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    for method in [client.post, client.put, client.patch, client.delete]:
        response = method("/api/v1/mannheim/organisations", data={})
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert set(response.json()) == ERROR_KEYS
    head = client.head("/api/v1/mannheim/organisations")
    assert head.status_code == 200
    assert head.content == b""


def test_answers_may_be_cached_for_a_minute_and_revalidated(directory) -> None:
    response = get("/api/v1/mannheim/organisations", q="Zebrafink")
    assert "max-age=60" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    again = Client().get(
        "/api/v1/mannheim/organisations", {"q": "Zebrafink"}, HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304
    organisation(directory["choir"].municipality, "Zebrafink Neu")
    changed = Client().get(
        "/api/v1/mannheim/organisations", {"q": "Zebrafink"}, HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert changed.status_code == 200


def test_the_api_root_points_to_the_description() -> None:
    response = get("/api/v1/")
    assert response.status_code == 404
    assert "/api/v1/openapi.json" in response.json()["detail"]


# ---------------------------------------------------------------------------------------------
# The description


def test_openapi_describes_every_endpoint_parameter_and_schema(directory) -> None:
    response = get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "Querschnitt API"
    assert schema["info"]["version"] == "1"
    paths = schema["paths"]
    assert set(paths) >= {
        "/api/v1/{municipality}/organisations",
        "/api/v1/{municipality}/organisations/{organisation_id}",
        "/api/v1/{municipality}/alliances/{slug}/members",
    }
    assert all(set(operations) == {"get"} for operations in paths.values())

    def parameters(path: str) -> set[str]:
        return {p["name"] for p in paths[path]["get"]["parameters"]}

    assert parameters("/api/v1/{municipality}/organisations") == {
        "municipality",
        "q",
        "kind",
        "topic",
        "language",
        "district",
        "wheelchair_accessible",
        "limit",
        "cursor",
    }
    assert parameters("/api/v1/{municipality}/organisations/{organisation_id}") == {
        "municipality",
        "organisation_id",
    }
    assert parameters("/api/v1/{municipality}/alliances/{slug}/members") == {
        "municipality",
        "slug",
        "kind",
        "limit",
        "cursor",
    }
    operation_ids = {operation["get"]["operationId"] for operation in paths.values()}
    assert operation_ids >= {"organisation_list", "organisation_detail", "alliance_member_list"}
    for operation in paths.values():
        assert {"200", "400", "404"} <= set(operation["get"]["responses"])

    components = schema["components"]["schemas"]
    assert set(components["OrganisationOut"]["properties"]) == ORGANISATION_KEYS
    assert set(components["MemberOut"]["properties"]) == MEMBER_KEYS
    assert set(components["Error"]["properties"]) == ERROR_KEYS
    # and an answer has exactly the described properties
    row = get("/api/v1/mannheim/organisations", q="Zebrafink").json()["data"][0]
    assert set(row) == set(components["OrganisationOut"]["properties"])


def test_the_municipality_middleware_resolves_the_api_routes() -> None:
    from django.urls import resolve

    match = resolve("/api/v1/mannheim/organisations/5")
    assert match.view_name == "api:organisation_detail"
    assert match.kwargs == {"municipality": "mannheim", "organisation_id": "5"}
    assert resolve("/api/v1/openapi.json").kwargs == {}
