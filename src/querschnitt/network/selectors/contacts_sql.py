"""The office's contact list read with plain SQL: its count and its page of rows.

Building `contact_list(…)` with its consent `Exists`, counting it and reading a page of its
values through the ORM cost about 2 ms, the database under 0.2 ms; so the two statements are
written here, per database alias, with the same conditions: a word of the search is found in
the name, the e-mail address or the organisation's name as `icontains` finds it on that
database (the backend's own `LIKE`, `UPPER` and escaping), and "has consent for mailings"
is the same `EXISTS` over the contact's consents. `test_contacts_sql.py` compares count and
rows with the ORM's for many searches and filters on SQLite and PostgreSQL.

Tenancy is the caller's: every statement names the municipality in its WHERE (the contact's,
and the consent's as the contact's), as django-scopes does not see plain SQL.
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import PagedRows, count_where, rows_of
from querschnitt.network.models import Consent, Contact, Organisation

# The contact's consent for mailings that has not been withdrawn. `+` keeps SQLite from
# reading the consent by the municipality's index (every consent of the city, per contact)
# instead of by the contact's; PostgreSQL reads `+x` as x.
VALID_CONSENT = (
    "EXISTS(SELECT 1 FROM {consents} s WHERE s.contact_id = c.id"
    " AND +s.municipality_id = c.municipality_id AND s.purpose = %s AND s.withdrawn_at IS NULL)"
)


@dataclass(frozen=True)
class ContactFilters:
    """What the contact list is asked for (`ContactFilterForm.filters()`)."""

    query: str = ""
    organisation_id: int | None = None
    has_mailing_consent: bool | None = None


@lru_cache(maxsize=8)
def _tables(using: str) -> dict[str, str]:
    connection = connections[using]
    quote = connection.ops.quote_name
    consents = quote(Consent._meta.db_table)
    contacts = f"{quote(Contact._meta.db_table)} c"
    joined = (
        f"{contacts} LEFT JOIN {quote(Organisation._meta.db_table)} o ON o.id = c.organisation_id"
    )
    valid = VALID_CONSENT.format(consents=consents)
    # a search word as `icontains` compares it on this database
    found = connection.operators["icontains"] % "%s"  # type: ignore[attr-defined]
    word = " OR ".join(
        f"{connection.ops.lookup_cast('icontains', 'CharField') % column} {found}"
        for column in ("c.name", "c.email", "o.name")
    )
    return {"contacts": contacts, "joined": joined, "valid": valid, "word": f"({word})"}


def _where(
    using: str, municipality: Municipality, filters: ContactFilters
) -> tuple[str, list[Any]]:
    tables = _tables(using)
    conditions: list[str] = ["c.municipality_id = %s"]
    params: list[Any] = [municipality.pk]
    like = connections[using].ops.prep_for_like_query
    for word in filters.query.split():
        conditions.append(tables["word"])
        params += [f"%{like(word)}%"] * 3
    if filters.organisation_id is not None:
        conditions.append("c.organisation_id = %s")
        params.append(filters.organisation_id)
    if filters.has_mailing_consent is not None:
        conditions.append(
            tables["valid"] if filters.has_mailing_consent else f"NOT {tables['valid']}"
        )
        params.append(Consent.Purpose.MAILINGS.value)
    return " AND ".join(conditions), params


def contact_count(*, municipality: Municipality, filters: ContactFilters) -> int:
    """How many contacts of the municipality the list finds."""
    using = router.db_for_read(Contact)
    where, params = _where(using, municipality, filters)
    table = _tables(using)["joined" if filters.query.split() else "contacts"]
    return count_where(using, table, where, params)


def contact_values(
    *, municipality: Municipality, filters: ContactFilters, offset: int, limit: int
) -> list[dict[str, Any]]:
    """The list's rows `offset` to `offset + limit` by name, as
    `contact_list(…).values(*CONTACT_ROW_FIELDS)` gives them."""
    using = router.db_for_read(Contact)
    tables = _tables(using)
    where, params = _where(using, municipality, filters)
    sql = (
        f"SELECT c.id, c.name, c.email, c.function, o.name, {tables['valid']}"  # noqa: S608
        f" FROM {tables['joined']} WHERE {where} ORDER BY c.name, c.id LIMIT %s OFFSET %s"
    )
    rows = rows_of(using, sql, [Consent.Purpose.MAILINGS.value, *params, limit, offset])
    return [
        {
            "id": pk,
            "name": name,
            "email": email,
            "function": function,
            "organisation__name": organisation_name,
            "has_mailing_consent": bool(consent),
        }
        for pk, name, email, function, organisation_name, consent in rows
    ]


class ContactRows(PagedRows):
    """The list as Django's `Paginator` takes it: `contact_count` and `contact_values`."""

    counted = staticmethod(contact_count)
    read = staticmethod(contact_values)
