"""The alliance's page without filters, read with plain SQL: its two counts and its pages.

Building the count of members, the count of those listed by name and the page of fifty
through the ORM costs about 1.5 ms, answering them a tenth of that; so the two statements
are written here, kept per database alias. `ListedMembers` gives what
`alliance_members_listed(declaration=…).values(*MEMBER_FIELDS)` gives, to Django's paginator
(`test_alliance_sql.py` compares both, page by page, on SQLite and PostgreSQL). Tenancy is
the caller's: every statement names the municipality in its WHERE (of the signature and of
the organisation), as django-scopes does not see plain SQL.

No index serves the page's order across the signature join, so the database sorts every
listed member for a page. On SQLite the first pages are read in the organisations' name order
instead (their index), each one's signatures found by organisation, and only members of the
same name sorted: the first page in about 60 % of the time (0.23 against 0.37 ms with the
demo's 334 members); from the third page on, sorting them all is as cheap.
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.core.models import Municipality, Visibility
from querschnitt.core.sql_rows import column, converted_rows, rows_of
from querschnitt.network.models import District, Organisation, Signature

MEMBER = (
    "s.municipality_id = %s AND s.declaration_id = %s AND s.state = %s"
    " AND s.withdrawn_at IS NULL AND o.municipality_id = %s"
)
LISTED = "o.status = %s AND o.visibility = %s"
# the same condition, its signature columns kept from choosing an index (unary plus)
MEMBER_BY_ORGANISATION = (
    "+s.municipality_id = %s AND +s.declaration_id = %s AND s.state = %s"
    " AND s.withdrawn_at IS NULL AND o.municipality_id = %s"
)
BY_NAME_ROWS = 100  # pages starting before this row are read in name order (SQLite)


@lru_cache(maxsize=8)
def _statements(using: str) -> dict[str, str]:
    quote = connections[using].ops.quote_name
    joined = (
        f"{quote(Signature._meta.db_table)} s"
        f" INNER JOIN {quote(Organisation._meta.db_table)} o ON o.id = s.organisation_id"
    )
    by_name = (
        f"{quote(Organisation._meta.db_table)} o"
        f" CROSS JOIN {quote(Signature._meta.db_table)} s ON s.organisation_id = o.id"
    )
    select = "SELECT s.decided_at, o.id, o.name, o.kind, d.name"
    district = f"LEFT JOIN {quote(District._meta.db_table)} d ON d.id = o.district_id"
    page = f" AND {LISTED} ORDER BY o.name, s.id LIMIT %s OFFSET %s"
    statements = {
        "counts": f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN {LISTED} THEN 1 ELSE 0 END), 0)"  # noqa: S608 - our names
        f" FROM {joined} WHERE {MEMBER}",
        "page": f"{select} FROM {joined} {district} WHERE {MEMBER}{page}",
    }
    # SQLite walks the organisations first only when the join says so (CROSS JOIN)
    vendor = connections[using].vendor
    statements["first_pages"] = (
        f"{select} FROM {by_name} {district} WHERE {MEMBER_BY_ORGANISATION}{page}"
        if vendor == "sqlite"
        else statements["page"]
    )
    return statements


def _member(municipality: Municipality, declaration_id: int) -> list[Any]:
    return [
        municipality.pk,
        declaration_id,
        Signature.State.ACCEPTED.value,
        municipality.pk,
    ]


def _listed() -> list[Any]:
    return [Organisation.Status.PUBLISHED.value, Visibility.PUBLIC.value]


def member_counts(*, municipality: Municipality, declaration_id: int) -> tuple[int, int]:
    """(members of the declaration's alliance, those of them listed by name): what
    `current_members(…).count()` and `alliance_members_listed(…).count()` give."""
    using = router.db_for_read(Signature)
    ((members, listed),) = rows_of(
        using, _statements(using)["counts"], [*_listed(), *_member(municipality, declaration_id)]
    )
    return int(members), int(listed)


@dataclass
class ListedMembers:
    """The members listed by name, by name, for Django's paginator: it asks `count()` (known
    already) and slices one page, which reads that page alone as rows of MEMBER_FIELDS."""

    municipality: Municipality
    declaration_id: int
    listed: int

    def count(self) -> int:
        return self.listed

    def __len__(self) -> int:
        return self.listed

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        start = page.start or 0
        stop = self.listed if page.stop is None else page.stop
        using = router.db_for_read(Signature)
        params = [
            *_member(self.municipality, self.declaration_id),
            *_listed(),
            max(stop - start, 0),
            start,
        ]
        fields = (column(Signature, "decided_at"), None, None, None, None)
        statement = "first_pages" if start < BY_NAME_ROWS else "page"
        return [
            {
                "decided_at": decided_at,
                "organisation_id": pk,
                "organisation__name": name,
                "organisation__kind": kind,
                "organisation__district__name": district_name,
            }
            for decided_at, pk, name, kind, district_name in converted_rows(
                _statements(using)[statement], params, fields
            )
        ]
