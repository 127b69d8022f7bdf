"""Reads of the office's list of papers."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.bodies.models import Body, Consultation, Paper
from querschnitt.bodies.staff_rows import STAFF_PAPER_ROW_FIELDS
from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import PagedRows, column, converted_rows, count_where, rows_of


@lru_cache(maxsize=8)
def _steps(using: str) -> str:
    quote = connections[using].ops.quote_name
    return (
        "SELECT c.paper_id, b.short_name, b.name"  # noqa: S608 - our names
        f" FROM {quote(Consultation._meta.db_table)} c"
        f" JOIN {quote(Body._meta.db_table)} b ON b.id = c.body_id"
        " WHERE c.municipality_id = %s AND c.paper_id IN ({ids})"
        f" ORDER BY c.{quote('order')}, c.id"
    )


def staff_paper_paths(*, municipality: Municipality, paper_ids: list[int]) -> dict[int, list[str]]:
    """The path of each paper for the office (every step): the short name of each step's body,
    else its name, in the order of the steps. One plain statement for a page of papers (the
    ORM took longer to build it than the database to answer; `test_staff_papers_sql.py`
    compares it with the ORM's on SQLite and PostgreSQL). Tenancy is kept here: the statement
    names the municipality, as django-scopes does not see plain SQL."""
    paths: dict[int, list[str]] = {}
    if not paper_ids:
        return paths
    using = router.db_for_read(Consultation)
    sql = _steps(using).format(ids=", ".join(["%s"] * len(paper_ids)))
    steps = rows_of(using, sql, [municipality.pk, *paper_ids])
    for paper_id, short_name, name in steps:
        paths.setdefault(paper_id, []).append(short_name or name)
    return paths


@dataclass(frozen=True)
class PaperFilters:
    """What the list is asked for: `q` the search in reference and title ("" for none)."""

    q: str


@lru_cache(maxsize=8)
def _papers(using: str) -> dict[str, str]:
    connection: Any = connections[using]
    quote = connection.ops.quote_name

    def contains(name: str) -> str:
        """`<name>__icontains=%s` as the backend spells it."""
        lhs = connection.ops.lookup_cast("icontains", "CharField") % f"p.{quote(name)}"
        return f"{lhs} {connection.operators['icontains'] % '%s'}"

    return {
        "table": f"{quote(Paper._meta.db_table)} p",
        "search": f"({contains('reference')} OR {contains('name')})",
        "select": "SELECT "  # noqa: S608 - our names
        + ", ".join(f"p.{quote(str(field.column))}" for field in _ROW_FIELDS)
        + f" FROM {quote(Paper._meta.db_table)} p",
    }


# the columns of `STAFF_PAPER_ROW_FIELDS`, in their order
_ROW_FIELDS = tuple(
    column(Paper, "id" if name == "pk" else name) for name in STAFF_PAPER_ROW_FIELDS
)


def _where(using: str, municipality: Municipality, filters: PaperFilters) -> tuple[str, list[Any]]:
    if not filters.q:
        return "p.municipality_id = %s", [municipality.pk]
    pattern = f"%{connections[using].ops.prep_for_like_query(filters.q)}%"
    return f"p.municipality_id = %s AND {_papers(using)['search']}", [
        municipality.pk,
        pattern,
        pattern,
    ]


def paper_count(*, municipality: Municipality, filters: PaperFilters) -> int:
    """How many papers of the municipality the list finds."""
    using = router.db_for_read(Paper)
    where, params = _where(using, municipality, filters)
    return count_where(using, _papers(using)["table"], where, params)


def paper_values(
    *, municipality: Municipality, filters: PaperFilters, offset: int, limit: int
) -> list[dict[str, Any]]:
    """The list's papers `offset` to `offset + limit`, newest first, as
    `.values(*STAFF_PAPER_ROW_FIELDS)` gives them."""
    using = router.db_for_read(Paper)
    where, params = _where(using, municipality, filters)
    sql = (
        f"{_papers(using)['select']} WHERE {where}"
        " ORDER BY p.date DESC, p.id DESC LIMIT %s OFFSET %s"
    )
    rows = converted_rows(sql, [*params, limit, offset], _ROW_FIELDS)
    return [dict(zip(STAFF_PAPER_ROW_FIELDS, row, strict=True)) for row in rows]


class PaperRows(PagedRows):
    """The office's list of papers as Django's `Paginator` takes it: count and page by plain
    SQL, with the ORM's conditions and order (`test_staff_papers_sql.py` compares both on
    SQLite and PostgreSQL). Tenancy is kept here: both statements name the municipality."""

    counted = staticmethod(paper_count)
    read = staticmethod(paper_values)
