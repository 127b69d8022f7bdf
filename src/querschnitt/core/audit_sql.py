"""The audit trail's list read with plain SQL: its count and its page of rows.

Building the trail's `AuditEntry` query, counting it and reading a page through the ORM cost
about a quarter of the request, the database a small part of that; so the two statements are
written here, per database alias, with the same conditions: the action begins with the filter
as `startswith` compares it on that database (the backend's own `LIKE`, cast and escaping:
SQLite's LIKE ignores the case of ASCII letters, as the ORM's does there). The columns are
converted as the ORM converts them (`converted_rows`). `test_audit_sql.py` compares count and
rows with the ORM's on SQLite and PostgreSQL.

Tenancy is the caller's: every statement names the municipality in its WHERE, as
django-scopes does not see plain SQL.
"""

from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.core.models import AuditEntry, Municipality
from querschnitt.core.rows import AUDIT_ROW_FIELDS
from querschnitt.core.sql_rows import PagedRows, column, converted_rows, count_where


@lru_cache(maxsize=8)
def _statements(using: str) -> dict[str, str]:
    connection = connections[using]
    quote = connection.ops.quote_name
    action = connection.ops.lookup_cast("startswith", "CharField") % "a.action"
    begins = connection.operators["startswith"] % "%s"  # type: ignore[attr-defined]
    columns = ", ".join(f"a.{quote(str(field.column))}" for field in _fields())
    return {
        "table": f"{quote(AuditEntry._meta.db_table)} a",
        "columns": columns,
        "action": f"{action} {begins}",
    }


def _where(using: str, municipality: Municipality, action: str) -> tuple[str, list[Any]]:
    if not action:
        return "a.municipality_id = %s", [municipality.pk]
    prefix = f"{connections[using].ops.prep_for_like_query(action)}%"
    return f"a.municipality_id = %s AND {_statements(using)['action']}", [municipality.pk, prefix]


def audit_count(*, municipality: Municipality, filters: str) -> int:
    """How many entries of the municipality the trail lists; `filters`: the action's start."""
    using = router.db_for_read(AuditEntry)
    where, params = _where(using, municipality, filters)
    return count_where(using, _statements(using)["table"], where, params)


def audit_values(
    *, municipality: Municipality, filters: str, offset: int, limit: int
) -> list[dict[str, Any]]:
    """The trail's rows `offset` to `offset + limit`, newest first, as
    `AuditEntry.objects.filter(…).order_by("-created_at", "-id").values(*AUDIT_ROW_FIELDS)`
    gives them."""
    using = router.db_for_read(AuditEntry)
    statements = _statements(using)
    where, params = _where(using, municipality, filters)
    sql = (
        f"SELECT {statements['columns']} FROM {statements['table']}"  # noqa: S608
        f" WHERE {where} ORDER BY a.created_at DESC, a.id DESC LIMIT %s OFFSET %s"
    )
    rows = converted_rows(sql, [*params, limit, offset], _fields())
    return [dict(zip(AUDIT_ROW_FIELDS, row, strict=True)) for row in rows]


@lru_cache(maxsize=1)
def _fields() -> tuple[Any, ...]:
    return tuple(column(AuditEntry, name) for name in AUDIT_ROW_FIELDS)


class AuditRows(PagedRows):
    """The trail as Django's `Paginator` takes it: `audit_count` and `audit_values`; its
    `filters` is the start of the action asked for ("" for every entry)."""

    counted = staticmethod(audit_count)
    read = staticmethod(audit_values)
