"""JSON API of the network: the public directory of organisations and the alliances' members.

Only what the public pages show: published organisations whose visibility is public, with
their public contact; never the requester, contacts or signers. The municipality comes from
the URL: `MunicipalityMiddleware` resolves the `municipality` path parameter of these routes
(an unknown one is a 404 before any endpoint runs) and enters its scope.

Lists are paged by key, not by offset, so that a page costs the same however deep it is and
a walk through all pages sees every row exactly once even while rows are added.
"""

import time
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any

from django.core import signing
from django.db import connections
from django.db import router as databases
from django.db.models import Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from pydantic import StringConstraints

from querschnitt.api import ERRORS, input_error
from querschnitt.core.kept import Kept
from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import rows_of
from querschnitt.network.api_rows import dumps, listed_json, members_json, organisations_out
from querschnitt.network.models import (
    Alliance,
    Organisation,
    Signature,
    Topic,
)
from querschnitt.network.search import MAX_QUERY_LENGTH
from querschnitt.network.selectors.directory import organisation_search
from querschnitt.network.selectors.directory_sql import listed_raw, member_raw
from querschnitt.network.selectors.listing import listed_condition, publicly_listed

router = Router()

MAX_ID = 2**63 - 1  # BigAutoField: a larger number would overflow the database column
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=80)]
PUBLIC_FIELDS = (
    "id",
    "name",
    "kind",
    "description",
    "street",
    "postal_code",
    "city",
    "district__id",
    "district__name",
    "latitude",
    "longitude",
    "wheelchair_accessible",
    "public_email",
    "public_phone",
    "website",
    "updated_at",
    "logo",
)
MUNICIPALITY = Path(
    ...,
    description="Address of the municipality, e.g. `mannheim`.",
    example="mannheim",
)
ORGANISATION_ID = Path(..., ge=1, le=MAX_ID, description="Id of the organisation.")
ALLIANCE_SLUG = Path(..., description="Address of the alliance, e.g. `mannheimer-buendnis`.")


# ---------------------------------------------------------------------------------------------
# Parameters


class Page(Schema):
    """Keyset paging: the first page has no cursor; each answer's `next` carries it on."""

    limit: int = Field(50, ge=1, le=200, description="Number of entries per page.")
    cursor: str | None = Field(
        None,
        max_length=1000,
        description="Opaque position of the page; take it from `next`, do not build it.",
    )


class OrganisationFilters(Schema):
    """The filters of the directory page. Values of one filter widen the result (or), different
    filters narrow it (and)."""

    q: str = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        description="Search words in name, address and description; inflection and small "
        "typos are tolerated.",
    )
    kind: list[Organisation.Kind] = Field([], description="Kind of organisation; repeatable.")
    topic: list[Topic] = Field([], description="Topic; repeatable.")
    language: list[LanguageCode] = Field(
        [], description="Language spoken, ISO 639-1 code such as `ar`; repeatable."
    )
    district: list[Id] = Field([], description="Id of a district (`address.district.id`).")
    wheelchair_accessible: bool | None = Field(
        None, description="`true`: only entries with step-free access."
    )


class MemberFilters(Schema):
    """Filters of the alliance's members."""

    kind: list[Organisation.Kind] = Field([], description="Kind of organisation; repeatable.")


# ---------------------------------------------------------------------------------------------
# Answers


class DistrictOut(Schema):
    id: int
    name: str


class AddressOut(Schema):
    street: str | None
    postal_code: str | None
    city: str | None
    district: DistrictOut | None


class CoordinatesOut(Schema):
    lat: float = Field(description="Latitude, WGS 84.")
    lon: float = Field(description="Longitude, WGS 84.")


class PublicContactOut(Schema):
    email: str | None
    phone: str | None
    website: str | None


class OrganisationOut(Schema):
    """A published entry of the directory."""

    id: int
    name: str
    kind: Organisation.Kind
    topics: list[Topic]
    languages: list[str] = Field(description="Languages spoken, ISO 639-1 codes.")
    address: AddressOut
    coordinates: CoordinatesOut | None
    wheelchair_accessible: bool | None = Field(
        description="Step-free access: `true` yes, `false` no, `null` not known."
    )
    contact: PublicContactOut = Field(description="The organisation's public contact.")
    description: dict[str, str] = Field(
        description="The description in every language it is written in: language code "
        "(`de`, `en`, `ar` …) → text. German is the original; other languages may be missing."
    )
    updated_at: datetime
    web: str = Field(
        description="The entry's page in the directory.", json_schema_extra={"format": "uri"}
    )
    logo: str | None = Field(
        description="The organisation's logo (PNG or JPEG); null without one. The address "
        "changes when the logo does.",
        json_schema_extra={"format": "uri"},
    )


class OrganisationPage(Schema):
    data: list[OrganisationOut]
    next: str | None = Field(
        description="The next page with the same filters; null on the last page.",
        json_schema_extra={"format": "uri"},
    )


class MemberOut(Schema):
    """An organisation whose signature of the declaration was accepted and not withdrawn."""

    id: int = Field(description="Id of the organisation.")
    name: str
    kind: Organisation.Kind
    member_since: date = Field(description="Day its signature was accepted.")


class MemberPage(Schema):
    data: list[MemberOut]
    next: str | None = Field(
        description="The next page with the same filters; null on the last page.",
        json_schema_extra={"format": "uri"},
    )


# ---------------------------------------------------------------------------------------------
# Endpoints


@router.get(
    "/{municipality}/organisations",
    response={200: OrganisationPage, **ERRORS},
    operation_id="organisation_list",
    url_name="organisation_list",
    summary="Organisations in the directory",
    description="Published entries of the municipality's directory, ordered by name, "
    "filtered like the directory page.",
    tags=["organisations"],
)
def organisation_list(
    request: HttpRequest,
    filters: Query[OrganisationFilters],
    page: Query[Page],
    municipality: str = MUNICIPALITY,
) -> HttpResponse:
    after = _read_cursor(page, salt=ORGANISATION_CURSOR)
    place = request.municipality  # type: ignore[attr-defined]
    if not (
        filters.q or filters.kind or filters.topic or filters.language or filters.district
    ) and (filters.wheelchair_accessible is None):
        return _whole_list(request, after=after, limit=page.limit)
    organisations = organisation_search(
        municipality=place,
        query=filters.q,
        kinds=filters.kind,
        topics=filters.topic,
        languages=filters.language,
        districts=filters.district,
        wheelchair_accessible=filters.wheelchair_accessible,
    ).values(*PUBLIC_FIELDS)
    rows, next_url = _keyset_page(
        request, organisations, after=after, limit=page.limit, salt=ORGANISATION_CURSOR
    )
    return _answer({"data": organisations_out(request, rows), "next": next_url})


@router.get(
    "/{municipality}/organisations/{organisation_id}",
    response={200: OrganisationOut, **ERRORS},
    operation_id="organisation_detail",
    url_name="organisation_detail",
    summary="One organisation of the directory",
    tags=["organisations"],
)
def organisation_detail(
    request: HttpRequest,
    municipality: str = MUNICIPALITY,
    organisation_id: int = ORGANISATION_ID,
) -> HttpResponse:
    found = (
        publicly_listed(municipality=request.municipality)  # type: ignore[attr-defined]
        .filter(pk=organisation_id)
        .values(*PUBLIC_FIELDS)
    )
    if not found:
        raise Http404
    return _answer(organisations_out(request, list(found))[0])


@router.get(
    "/{municipality}/alliances/{slug}/members",
    response={200: MemberPage, **ERRORS},
    operation_id="alliance_member_list",
    url_name="alliance_member_list",
    summary="Members of an alliance",
    description="Organisations whose signature of the alliance's declaration was accepted and "
    "not withdrawn, ordered by name; like the alliance's page, only those whose entry is "
    "listed in the directory.",
    tags=["alliances"],
)
def alliance_member_list(
    request: HttpRequest,
    filters: Query[MemberFilters],
    page: Query[Page],
    municipality: str = MUNICIPALITY,
    slug: Slug = ALLIANCE_SLUG,
) -> HttpResponse:
    after = _read_cursor(page, salt=MEMBER_CURSOR)
    place = request.municipality  # type: ignore[attr-defined]
    if not filters.kind:
        return _all_members(request, slug=slug, after=after, limit=page.limit)
    members = _alliance_members(municipality=place, slug=slug, kinds=filters.kind)
    rows, next_url = _keyset_page(
        request, members, after=after, limit=page.limit, salt=MEMBER_CURSOR
    )
    data = [
        {
            "id": member["id"],
            "name": member["name"],
            "kind": member["kind"],
            "member_since": timezone.localdate(member["member_since"]),
        }
        for member in rows
    ]
    return _answer({"data": data, "next": next_url})


# ---------------------------------------------------------------------------------------------
# Reads behind the endpoints, and the answers
#
# The endpoints read plain values and write the JSON themselves: the rows are made to the
# schemas above, and `test_api.py` checks every answer against the served OpenAPI document,
# where letting ninja validate fifty nested rows again would cost a third of the request.


def _answer(data: dict[str, Any]) -> HttpResponse:
    return _json(dumps(data))


def _json(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="application/json; charset=utf-8")


def _whole_list(request: HttpRequest, *, after: tuple[str, int] | None, limit: int) -> HttpResponse:
    """The list without filters: read with SQL (see `directory_sql`), written row by row (see
    `api_rows`)."""
    using = databases.db_for_read(Organisation)
    place = request.municipality  # type: ignore[attr-defined]
    found = listed_raw(municipality=place, after=after, size=limit + 1)
    rows, next_url = _next_page(request, found, limit=limit, salt=ORGANISATION_CURSOR, key=_raw_key)
    data = ", ".join(listed_json(request, using, rows))
    return _json(f'{{"data": [{data}], "next": {dumps(next_url)}}}')


def _all_members(
    request: HttpRequest, *, slug: str, after: tuple[str, int] | None, limit: int
) -> HttpResponse:
    """The alliance's members without filters: read with SQL (see `directory_sql`), written row
    by row (see `api_rows`)."""
    using = databases.db_for_read(Organisation)
    place = request.municipality  # type: ignore[attr-defined]
    declaration_id = _declaration_of(using, municipality=place, slug=slug)
    found = member_raw(
        municipality=place, declaration_id=declaration_id, after=after, size=limit + 1
    )
    rows, next_url = _next_page(request, found, limit=limit, salt=MEMBER_CURSOR, key=_raw_key)
    data = ", ".join(members_json(using, rows))
    return _json(f'{{"data": [{data}], "next": {dumps(next_url)}}}')


def _declaration_of(using: str, *, municipality: Municipality, slug: str) -> int:
    """The declaration of the municipality's alliance `slug` (404: no such alliance)."""
    found = rows_of(using, _alliance_statement(using), [municipality.pk, slug])
    if not found:
        raise Http404
    return int(found[0][0])


@lru_cache(maxsize=8)
def _alliance_statement(using: str) -> str:
    quote = connections[using].ops.quote_name
    table = quote(Alliance._meta.db_table)
    return f"SELECT declaration_id FROM {table} WHERE municipality_id = %s AND slug = %s"  # noqa: S608


def _alliance_members(
    *, municipality: Municipality, slug: str, kinds: list[Organisation.Kind]
) -> QuerySet[Organisation, dict[str, Any]]:
    """The alliance's members that the directory lists: one row per organisation, with the
    day it joined. An organisation that the alliance's page does not name (its entry not
    published, or kept out of public view) is not named here either."""
    alliance = Alliance.objects.filter(municipality=municipality, slug=slug).first()
    if alliance is None:
        raise Http404
    members = Organisation.objects.filter(
        listed_condition(),
        municipality=municipality,
        signatures__declaration_id=alliance.declaration_id,
        signatures__state=Signature.State.ACCEPTED,
        signatures__withdrawn_at__isnull=True,
    )
    if kinds:
        members = members.filter(kind__in=kinds)
    # filter() before annotate(): the minimum runs over the accepted signatures only
    return members.annotate(
        member_since=Min(Coalesce("signatures__decided_at", "signatures__submitted_at"))
    ).values("id", "name", "kind", "member_since")


# ---------------------------------------------------------------------------------------------
# Keyset paging over (name, id)

ORGANISATION_CURSOR = "querschnitt.api.organisations.cursor"
MEMBER_CURSOR = "querschnitt.api.alliance-members.cursor"


def _keyset_page(
    request: HttpRequest,
    rows: QuerySet[Organisation, dict[str, Any]],
    *,
    after: tuple[str, int] | None,
    limit: int,
    salt: str,
) -> tuple[list[dict[str, Any]], str | None]:
    """Up to `limit` of `rows` in (name, id) order after `after`, and the address of the next
    page: this request's address with the last row's key as its cursor."""
    if after is not None:
        last_name, last_id = after
        rows = rows.filter(Q(name__gt=last_name) | Q(name=last_name, pk__gt=last_id))
    found = list(rows.order_by("name", "pk")[: limit + 1])
    return _next_page(request, found, limit=limit, salt=salt)


def _next_page[R](
    request: HttpRequest,
    found: list[R],
    *,
    limit: int,
    salt: str,
    key: Callable[[R], list[Any]] = lambda row: [row["name"], row["id"]],  # type: ignore[index]
) -> tuple[list[R], str | None]:
    """The first `limit` of `limit` + 1 rows read, and the address of the next page if there
    is one (`key`: the row's name and id)."""
    if len(found) <= limit:
        return found, None
    found = found[:limit]
    return found, next_address(request, key(found[-1]), salt=salt)


# addresses of next pages by all they are made of, the second of their cursor's signature too
_next_addresses: Kept[str] = Kept(256)


def next_address(request: HttpRequest, key: list[Any], *, salt: str) -> str:
    """This request's address with the cursor after `key` (`signing.dumps` of it).

    A signed cursor carries the second it was signed in, so the address is the same for the
    same key, request and second: it is made once a second (signing cost about a tenth of a
    request) and remembered under the key, the salt, the second, and the request's scheme,
    host, path and query string that the address is made of."""
    second = int(time.time())
    made_of = (
        salt,
        *key,
        second,
        request.scheme,
        request.get_host(),
        request.path,
        request.encoding,
        request.META.get("QUERY_STRING", ""),
    )

    def make() -> str:
        params = request.GET.copy()
        params["cursor"] = _SignedAt(second, salt=salt).sign_object(key, compress=True)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return _next_addresses.get(made_of, make)


class _SignedAt(signing.TimestampSigner):
    """Signs as `signing.dumps` does in the given second."""

    def __init__(self, second: int, *, salt: str) -> None:
        super().__init__(salt=salt)
        self.second = second

    def timestamp(self) -> str:
        return signing.b62_encode(self.second)


def _raw_key(row: tuple[Any, ...]) -> list[Any]:
    """Name and id of a row of `listed_raw`."""
    return [row[1], row[0]]


def _read_cursor(page: Page, *, salt: str) -> tuple[str, int] | None:
    """The key after which the page starts (None: the first page).

    The cursor is signed, so a changed or made-up one is refused instead of silently
    starting somewhere else; the salt tells the lists' cursors apart.
    """
    if page.cursor is None:
        return None
    try:
        value = signing.loads(page.cursor, salt=salt)
    except signing.BadSignature:
        value = None
    match value:
        case [str() as name, int() as pk]:
            return name, pk
    raise input_error("cursor", "This cursor is not valid here; take it from `next`.")
