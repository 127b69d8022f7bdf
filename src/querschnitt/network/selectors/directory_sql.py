"""The directory's list without search words or filters, read with plain SQL (the page and the
API's list).

The unfiltered list is the directory's most visited page. Building its count and its page
through the ORM (a queryset with the listed condition, `select_related`, `only`, the key of
the page) costs about 2 ms, answering them under 0.2 ms; so these two statements are written
here, kept per database alias, and run on SQLite and PostgreSQL alike. They give what
`DirectorySearch.count()` and `keyset_page(with_list_details(…))` give for an empty search
(`test_directory_sql.py` compares both); `listed_values` gives what the API's
`organisation_search(…).values(*PUBLIC_FIELDS)` gives, through the ORM's own converters of
each column. Tenancy is the caller's: every statement names the
municipality in its WHERE, as django-scopes does not see plain SQL.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.core.models import Municipality, Visibility
from querschnitt.core.sql_rows import column, field_converters, rows_of
from querschnitt.network.models import District, Organisation, Signature


@dataclass
class ListedOrganisation:
    """What a row of the directory shows of an organisation."""

    pk: int
    name: str
    kind: str
    district_name: str | None
    latitude: Decimal | float | None
    longitude: Decimal | float | None
    wheelchair_accessible: bool | None
    logo: str
    topic_codes: list[str] = field(default_factory=list)
    language_codes: list[str] = field(default_factory=list)
    topic_names: list[str] = field(default_factory=list)
    language_names: list[str] = field(default_factory=list)
    logo_url: str | None = None

    @classmethod
    def of(cls, organisation: Organisation) -> "ListedOrganisation":
        """The row of an instance read through the ORM (`with_list_details`)."""
        district = organisation.district
        return cls(
            pk=organisation.pk,
            name=organisation.name,
            kind=organisation.kind,
            district_name=district.name if district is not None else None,
            latitude=organisation.latitude,
            longitude=organisation.longitude,
            wheelchair_accessible=organisation.wheelchair_accessible,
            logo=organisation.logo.name or "",
        )


COLUMNS = "o.id, o.name, o.kind, d.name, o.latitude, o.longitude, o.wheelchair_accessible, o.logo"
LISTED = "o.municipality_id = %s AND o.status = %s AND o.visibility = %s"
# SQLite: the municipality as the first column of the count's own index (migration 0014)
LISTED_COUNTED = "o.municipality_id + 0 = %s AND o.status = %s AND o.visibility = %s"


@lru_cache(maxsize=8)
def _statements(using: str) -> dict[str, str]:
    quote = connections[using].ops.quote_name
    organisations = f"{quote(Organisation._meta.db_table)} o"
    districts = quote(District._meta.db_table)
    joined = f"{organisations} LEFT JOIN {districts} d ON d.id = o.district_id"
    page = f"SELECT {COLUMNS} FROM {joined} WHERE {LISTED}"  # noqa: S608 - our names
    counted = LISTED_COUNTED if connections[using].vendor == "sqlite" else LISTED
    return {
        "count": f"SELECT COUNT(*) FROM (SELECT 1 FROM {organisations} WHERE {counted}"  # noqa: S608
        " LIMIT %s) found",
        "first": f"{page} ORDER BY o.name, o.id LIMIT %s",
        "after": f"{page} AND (o.name > %s OR (o.name = %s AND o.id > %s))"
        " ORDER BY o.name, o.id LIMIT %s",
        "before": f"{page} AND (o.name < %s OR (o.name = %s AND o.id < %s))"
        " ORDER BY o.name DESC, o.id DESC LIMIT %s",
    }


def _listed(municipality: Municipality) -> list[Any]:
    return [municipality.pk, Organisation.Status.PUBLISHED.value, Visibility.PUBLIC.value]


def _run(statement: str, params: list[Any]) -> list[tuple[Any, ...]]:
    using = router.db_for_read(Organisation)
    return list(rows_of(using, _statements(using)[statement], params))


def listed_count(*, municipality: Municipality, limit: int) -> int:
    """How many organisations the public directory lists, counted up to `limit` + 1."""
    return int(_run("count", [*_listed(municipality), limit + 1])[0][0])


def listed_rows(
    *,
    municipality: Municipality,
    after: tuple[Any, ...] | None = None,
    before: tuple[Any, ...] | None = None,
    size: int,
) -> list[ListedOrganisation]:
    """Up to `size` listed organisations by (name, id): the first ones, those after the key
    `after`, or those right before the key `before` (nearest first)."""
    if before is not None:
        rows = _run("before", [*_listed(municipality), before[0], before[0], before[1], size])
    elif after is not None:
        rows = _run("after", [*_listed(municipality), after[0], after[0], after[1], size])
    else:
        rows = _run("first", [*_listed(municipality), size])
    return [listed_organisation(row) for row in rows]


def listed_organisation(row: Sequence[Any]) -> ListedOrganisation:
    """The row of a list from the values of COLUMNS."""
    pk, name, kind, district_name, latitude, longitude, step_free, logo = row
    return ListedOrganisation(
        pk=pk,
        name=name,
        kind=kind,
        district_name=district_name,
        latitude=latitude,
        longitude=longitude,
        wheelchair_accessible=None if step_free is None else bool(step_free),
        logo=logo or "",
    )


# The API's rows: (column, field whose converters apply, key of `values()`)
API_COLUMNS = (
    ("o.id", "id", "id"),
    ("o.name", "name", "name"),
    ("o.kind", "kind", "kind"),
    ("o.description", "description", "description"),
    ("o.street", "street", "street"),
    ("o.postal_code", "postal_code", "postal_code"),
    ("o.city", "city", "city"),
    ("d.id", "", "district__id"),
    ("d.name", "", "district__name"),
    ("o.latitude", "latitude", "latitude"),
    ("o.longitude", "longitude", "longitude"),
    ("o.wheelchair_accessible", "wheelchair_accessible", "wheelchair_accessible"),
    ("o.public_email", "public_email", "public_email"),
    ("o.public_phone", "public_phone", "public_phone"),
    ("o.website", "website", "website"),
    ("o.updated_at", "updated_at", "updated_at"),
    ("o.logo", "logo", "logo"),
)


API_KEYS = tuple(key for _column, _field, key in API_COLUMNS)


@lru_cache(maxsize=8)
def _api_statements(using: str) -> dict[str, str]:
    quote = connections[using].ops.quote_name
    columns = ", ".join(column for column, _field, _key in API_COLUMNS)
    joined = (
        f"{quote(Organisation._meta.db_table)} o"
        f" LEFT JOIN {quote(District._meta.db_table)} d ON d.id = o.district_id"
    )
    page = f"SELECT {columns} FROM {joined} WHERE {LISTED}"  # noqa: S608 - our names
    return {
        "first": f"{page} ORDER BY o.name, o.id LIMIT %s",
        "after": f"{page} AND (o.name > %s OR (o.name = %s AND o.id > %s))"
        " ORDER BY o.name, o.id LIMIT %s",
    }


@lru_cache(maxsize=1)
def _api_fields() -> tuple[Any, ...]:
    """The field whose converters apply to each column of `API_COLUMNS` (None: none)."""
    return tuple(column(Organisation, name) if name else None for _c, name, _k in API_COLUMNS)


def listed_values(
    *, municipality: Municipality, after: tuple[str, int] | None = None, size: int
) -> list[dict[str, Any]]:
    """Up to `size` listed organisations by (name, id) after the key `after`, as
    `values(*PUBLIC_FIELDS)` gives them (the API's list without filters)."""
    convert = api_converter(router.db_for_read(Organisation))
    return [convert(raw) for raw in listed_raw(municipality=municipality, after=after, size=size)]


def listed_raw(
    *, municipality: Municipality, after: tuple[str, int] | None = None, size: int
) -> list[tuple[Any, ...]]:
    """The rows of `listed_values` as the database gives them (columns of API_COLUMNS, not
    converted; `api_converter` converts them)."""
    using = router.db_for_read(Organisation)
    params = _listed(municipality)
    if after is not None:
        statement, params = "after", [*params, after[0], after[0], after[1], size]
    else:
        statement, params = "first", [*params, size]
    return list(rows_of(using, _api_statements(using)[statement], params))


def api_converter(using: str) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """What converts a row of `listed_raw` from the database `using` as the ORM's converters
    do, to `values(*PUBLIC_FIELDS)`; the converters are looked up once."""
    connection = connections[using]
    chains = [
        (index, col, chain)
        for index, (col, chain) in enumerate(field_converters(_api_fields(), connection))
        if chain
    ]

    def convert(raw: Sequence[Any]) -> dict[str, Any]:
        values = list(raw)
        for index, col, chain in chains:
            for converter in chain:
                values[index] = converter(values[index], col, connection)
        return dict(zip(API_KEYS, values, strict=True))

    return convert


@lru_cache(maxsize=8)
def _member_statements(using: str) -> dict[str, str]:
    quote = connections[using].ops.quote_name
    signatures = quote(Signature._meta.db_table)
    select = (
        "SELECT o.id, o.name, o.kind, MIN(COALESCE(s.decided_at, s.submitted_at))"  # noqa: S608
        f" FROM {quote(Organisation._meta.db_table)} o"
        f" INNER JOIN {signatures} s ON s.organisation_id = o.id"
        f" WHERE {LISTED} AND s.municipality_id = %s AND s.declaration_id = %s"
        " AND s.state = %s AND s.withdrawn_at IS NULL"
    )
    grouped = " GROUP BY o.id, o.name, o.kind ORDER BY o.name, o.id LIMIT %s"
    return {
        "first": select + grouped,
        "after": f"{select} AND (o.name > %s OR (o.name = %s AND o.id > %s)){grouped}",
    }


def member_raw(
    *,
    municipality: Municipality,
    declaration_id: int,
    after: tuple[str, int] | None = None,
    size: int,
) -> list[tuple[Any, ...]]:
    """The rows of `member_values` as the database gives them: id, name, kind and the first
    accepted signature's time of decision, else of submission, not converted."""
    using = router.db_for_read(Organisation)
    params = [
        *_listed(municipality),
        municipality.pk,
        declaration_id,
        Signature.State.ACCEPTED.value,
    ]
    if after is not None:
        statement, params = "after", [*params, after[0], after[0], after[1], size]
    else:
        statement, params = "first", [*params, size]
    return list(rows_of(using, _member_statements(using)[statement], params))


def member_since_converter(using: str) -> Callable[[Any], Any]:
    """What converts the time of a row of `member_raw` as the ORM's converters do."""
    connection = connections[using]
    ((col, chain),) = field_converters((column(Signature, "decided_at"),), connection)

    def convert(value: Any) -> Any:
        for converter in chain:
            value = converter(value, col, connection)
        return value

    return convert


def member_values(
    *,
    municipality: Municipality,
    declaration_id: int,
    after: tuple[str, int] | None = None,
    size: int,
) -> list[dict[str, Any]]:
    """Up to `size` listed members of the declaration's alliance by (name, id) after `after`,
    as the API's `_alliance_members(…)` gives them without filters: id, name, kind and
    member_since (the first accepted signature's day of decision, else of submission)."""
    rows = member_raw(
        municipality=municipality, declaration_id=declaration_id, after=after, size=size
    )
    convert = member_since_converter(router.db_for_read(Organisation))
    return [
        {"id": pk, "name": name, "kind": kind, "member_since": convert(since)}
        for pk, name, kind, since in rows
    ]
