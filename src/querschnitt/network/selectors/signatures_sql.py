"""The office's queue of signatures read with plain SQL: its count and its page of rows.

Building `signature_queue(…).values(…)` (three joins, `only`), counting it and reading a page
cost several times what the database needs; so the two statements are written here, per
database alias, with the same conditions and order for each state. `test_signatures_sql.py`
compares count and rows with the ORM's for every state, with and without the target, on
SQLite and PostgreSQL.

Tenancy is the caller's: every statement names the municipality in its WHERE, as
django-scopes does not see plain SQL.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import PagedRows, column, converted_rows, count_where
from querschnitt.network.models import Declaration, DeclarationVersion, Organisation, Signature
from querschnitt.network.staff_rows import SIGNATURE_ROW_FIELDS

State = Signature.State
ROW_FIELDS = (
    column(Signature, "id"),
    column(Signature, "state"),
    column(Signature, "submitted_at"),
    column(Signature, "confirmed_at"),
    column(Organisation, "name"),
    column(Declaration, "title"),
    column(DeclarationVersion, "label"),
)
# `signature_queue`'s order for each state (None: all)
ORDER: dict[str | None, str] = {
    None: "s.submitted_at DESC, s.id DESC",
    State.PENDING_REVIEW.value: "s.confirmed_at, s.submitted_at, s.id",
    State.UNCONFIRMED.value: "s.submitted_at, s.id",
}
DECIDED_ORDER = "s.decided_at DESC, s.submitted_at DESC, s.id DESC"


@dataclass(frozen=True)
class SignatureFilters:
    """What the queue is asked for: one state (None: all), and with `confirmed_by` only
    those confirmed at that moment or before (`past_target_cutoff`)."""

    state: str | None
    confirmed_by: datetime | None = None


@lru_cache(maxsize=8)
def _tables(using: str) -> dict[str, str]:
    quote = connections[using].ops.quote_name
    signatures = f"{quote(Signature._meta.db_table)} s"
    return {
        "signatures": signatures,
        "joined": f"{signatures}"
        f" JOIN {quote(Organisation._meta.db_table)} o ON o.id = s.organisation_id"
        f" JOIN {quote(Declaration._meta.db_table)} d ON d.id = s.declaration_id"
        f" JOIN {quote(DeclarationVersion._meta.db_table)} v ON v.id = s.version_id",
    }


def _where(
    using: str, municipality: Municipality, filters: SignatureFilters
) -> tuple[str, list[Any]]:
    conditions = ["s.municipality_id = %s"]
    params: list[Any] = [municipality.pk]
    if filters.confirmed_by is not None:
        conditions.append("s.confirmed_at <= %s")
        params.append(connections[using].ops.adapt_datetimefield_value(filters.confirmed_by))
    if filters.state is not None:
        conditions.append("s.state = %s")
        params.append(filters.state)
    return " AND ".join(conditions), params


def signature_count(*, municipality: Municipality, filters: SignatureFilters) -> int:
    """How many signatures of the municipality the queue finds."""
    using = router.db_for_read(Signature)
    where, params = _where(using, municipality, filters)
    return count_where(using, _tables(using)["signatures"], where, params)


def signature_values(
    *, municipality: Municipality, filters: SignatureFilters, offset: int, limit: int
) -> list[dict[str, Any]]:
    """The queue's rows `offset` to `offset + limit`, as `signature_queue(…).values(
    *SIGNATURE_ROW_FIELDS)` gives them, in the queue's order."""
    using = router.db_for_read(Signature)
    where, params = _where(using, municipality, filters)
    order = ORDER.get(filters.state, DECIDED_ORDER)
    sql = (
        "SELECT s.id, s.state, s.submitted_at, s.confirmed_at, o.name, d.title, v.label"  # noqa: S608
        f" FROM {_tables(using)['joined']} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
    )
    rows = converted_rows(sql, [*params, limit, offset], ROW_FIELDS)
    return [dict(zip(SIGNATURE_ROW_FIELDS, row, strict=True)) for row in rows]


class SignatureRows(PagedRows):
    """The queue as Django's `Paginator` takes it: `signature_count` and `signature_values`."""

    counted = staticmethod(signature_count)
    read = staticmethod(signature_values)
