"""The staff's list of measures read with plain SQL: its count and its page of rows.

Building `visible_measures(…).values(…)` with the list's filters, counting it and reading a
page cost several times what the database needs; so the two statements are written here,
per database alias, with the same conditions as the ORM's for every filter and every reader
(`access.Reader.measure_q`). The search is spelled with the backend's own `icontains`
operator and cast, as the ORM spells it. `test_staff_list_sql.py` compares count and rows
with the ORM's for every filter and role on SQLite and PostgreSQL.

Tenancy is the caller's: every statement names the municipality in its WHERE, as
django-scopes does not see plain SQL.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.core.models import Department, Municipality
from querschnitt.core.sql_rows import PagedRows, column, converted_rows, count_where
from querschnitt.measures.access import Reader
from querschnitt.measures.models import Measure, MeasureState
from querschnitt.measures.staff_rows import ROW_VALUES
from querschnitt.strategy.models import FieldOfAction

ROW_FIELDS = (
    column(Measure, "id"),
    column(Measure, "key"),
    column(Measure, "title"),
    column(MeasureState, "key"),
    column(MeasureState, "name"),
    column(Department, "name"),
    column(Department, "short_name"),
    column(Measure, "reported_progress"),
)


@dataclass(frozen=True)
class MeasureFilters:
    """What the list is asked for (the filter form's cleaned values, empty: any) and who
    asks (`reader`: which measures they may see)."""

    reader: Reader
    q: str = ""
    state: str = ""
    field: str = ""
    department: int | None = None


@lru_cache(maxsize=8)
def _tables(using: str) -> dict[str, str]:
    connection = connections[using]
    quote = connection.ops.quote_name
    fields: Any = Measure._meta.get_field("fields_of_action")
    shared: Any = Measure._meta.get_field("departments")
    joined = (
        f"{quote(Measure._meta.db_table)} m"
        f" JOIN {quote(MeasureState._meta.db_table)} s ON s.id = m.state_id"
    )
    return {
        "joined": joined,
        "rows": f"{joined} LEFT JOIN {quote(Department._meta.db_table)} d"
        " ON d.id = m.lead_department_id",
        "field": f"EXISTS(SELECT 1 FROM {quote(fields.m2m_db_table())} mf"  # noqa: S608
        f" JOIN {quote(FieldOfAction._meta.db_table)} f"
        f" ON f.id = mf.{quote(fields.m2m_reverse_name())}"
        f" WHERE mf.{quote(fields.m2m_column_name())} = m.id"
        " AND f.municipality_id = m.municipality_id AND f.key = %s)",
        "shared": f"EXISTS(SELECT 1 FROM {quote(shared.m2m_db_table())} md"  # noqa: S608
        f" WHERE md.{quote(shared.m2m_column_name())} = m.id"
        f" AND md.{quote(shared.m2m_reverse_name())} IN ({{ids}}))",
        "search": "({key} OR {title})".format(
            key=_contains(connection, "m.key", Measure._meta.get_field("key")),
            title=_contains(connection, "m.title", Measure._meta.get_field("title")),
        ),
    }


def _contains(connection: Any, name: str, field: Any) -> str:
    """`<name>__icontains=%s` as the backend spells it."""
    lhs = connection.ops.lookup_cast("icontains", field.get_internal_type()) % name
    return f"{lhs} {connection.operators['icontains'] % '%s'}"


def _in(ids: Iterable[int]) -> tuple[str, list[int]]:
    found = sorted(ids)
    return ", ".join(["%s"] * len(found)), found


def _visible(using: str, reader: Reader) -> tuple[str, list[Any]]:
    """`Reader.measure_q` as a condition."""
    if reader.sees_all:
        return "", []
    conditions, params = [], []
    if reader.user_id:
        conditions.append("m.proposed_by_id = %s")
        params.append(reader.user_id)
    if reader.department_ids:
        marks, ids = _in(reader.department_ids)
        conditions.append(f"m.lead_department_id IN ({marks})")
        conditions.append(_tables(using)["shared"].format(ids=marks))
        params += ids + ids
    for name, ids_of in (
        ("proposer_body_id", reader.body_ids),
        ("proposer_organisation_id", reader.organisation_ids),
    ):
        if ids_of:
            marks, ids = _in(ids_of)
            conditions.append(f"m.{name} IN ({marks})")
            params += ids
    return f"({' OR '.join(conditions) or '1 = 0'})", params


def _where(
    using: str, municipality: Municipality, filters: MeasureFilters
) -> tuple[str, list[Any]]:
    tables = _tables(using)
    conditions = ["m.municipality_id = %s"]
    params: list[Any] = [municipality.pk]
    visible, visible_params = _visible(using, filters.reader)
    if visible:
        conditions.append(visible)
        params += visible_params
    if filters.q:
        pattern = f"%{connections[using].ops.prep_for_like_query(filters.q)}%"
        conditions.append(tables["search"])
        params += [pattern, pattern]
    if filters.state:
        conditions.append("s.key = %s")
        params.append(filters.state)
    if filters.field:
        conditions.append(tables["field"])
        params.append(filters.field)
    if filters.department is not None:
        conditions.append("m.lead_department_id = %s")
        params.append(filters.department)
    return " AND ".join(conditions), params


def measure_count(*, municipality: Municipality, filters: MeasureFilters) -> int:
    """How many measures of the municipality the list finds."""
    using = router.db_for_read(Measure)
    where, params = _where(using, municipality, filters)
    return count_where(using, _tables(using)["joined"], where, params)


def measure_values(
    *, municipality: Municipality, filters: MeasureFilters, offset: int, limit: int
) -> list[dict[str, Any]]:
    """The list's rows `offset` to `offset + limit`, as `visible_measures(…).order_by("key")
    .values(*ROW_VALUES)` gives them."""
    using = router.db_for_read(Measure)
    where, params = _where(using, municipality, filters)
    sql = (
        "SELECT m.id, m.key, m.title, s.key, s.name, d.name, d.short_name,"  # noqa: S608
        f" m.reported_progress FROM {_tables(using)['rows']} WHERE {where}"
        " ORDER BY m.key LIMIT %s OFFSET %s"
    )
    rows = converted_rows(sql, [*params, limit, offset], ROW_FIELDS)
    return [dict(zip(ROW_VALUES, row, strict=True)) for row in rows]


class MeasureRows(PagedRows):
    """The list as Django's `Paginator` takes it: `measure_count` and `measure_values`."""

    counted = staticmethod(measure_count)
    read = staticmethod(measure_values)
