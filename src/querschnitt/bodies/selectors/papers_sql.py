"""A page of the paper search read with plain SQL: what `PaperSearch.page` reads through the
ORM, with the same conditions, limits and order.

Building the search's three or four queries through the ORM (the visibility condition, the
filters, the index lookup, the page, the paths) costs about 2 ms, answering them a tenth of
that; so the statements are written here from the same filters and give the same page
(`test_papers_sql.py` compares both for many searches, viewers and pages, on SQLite and
PostgreSQL). `PaperSearch` stays: it serves the feeds and subscriptions, and its `page` is
the reference the test compares with.
Tenancy is the caller's: every statement names the municipality in its WHERE, as
django-scopes does not see plain SQL.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connections, router

from querschnitt.bodies.models import Body, Consultation, Paper
from querschnitt.bodies.search import FTS_TABLE
from querschnitt.bodies.selectors.papers import (
    COUNT_LIMIT,
    FILTER_COUNT_LIMIT,
    PAGE_SIZE,
    PAPER_ROW_FIELDS,
    Cursor,
    PaperPage,
    PaperSearch,
)
from querschnitt.bodies.visibility import Viewer
from querschnitt.core.sql_rows import column, converted_rows, rows_of, without_index_scans
from querschnitt.network.search import Term, fts_expression

# the columns of PAPER_ROW_FIELDS ("pk" is "id")
PAPER_COLUMNS = ("id", "reference", "name", "paper_type", "date", "public")


class _Conditions:
    """A WHERE clause for the paper `p`, built part by part with its parameters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[Any] = []

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    @property
    def sql(self) -> str:
        return " AND ".join(self.parts)


def _table(model: Any, using: str) -> str:
    return str(connections[using].ops.quote_name(model._meta.db_table))


def _operator(using: str, lookup: str) -> str:
    """The backend's SQL of a lookup, as the ORM writes it (`LIKE %s ESCAPE …`)."""
    operators: dict[str, str] = connections[using].operators  # type: ignore[attr-defined]
    return operators[lookup] % "%s"


def _placeholders(values: Sequence[Any]) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def _consultation_shown(viewer: Viewer, where: _Conditions) -> None:
    """`consultation_q(viewer)` for the consultation `c` of the paper `p` in the body `cb`."""
    if viewer.office:
        return
    public = "(p.public = %s AND p.published_at IS NOT NULL AND cb.is_public = %s)"
    if not viewer.body_ids:
        where.add(public, True, True)
        return
    ids = sorted(viewer.body_ids)
    where.add(f"({public} OR c.body_id IN {_placeholders(ids)})", True, True, *ids)


def _narrowed(search: PaperSearch, using: str) -> _Conditions:
    """`search.narrowed(search.base)`: the viewer's papers of the municipality, and every
    filter but the search words."""
    ops = connections[using].ops
    municipality = search.municipality.pk
    consultations = _table(Consultation, using)
    where = _Conditions()
    where.add("p.municipality_id = %s", municipality)
    viewer = search.viewer
    if not viewer.office:
        public = "(p.public = %s AND p.published_at IS NOT NULL)"
        if viewer.body_ids:
            ids = sorted(viewer.body_ids)
            where.add(
                f"({public} OR EXISTS (SELECT 1 FROM {consultations} c "  # noqa: S608 - our names, parameters
                "WHERE c.municipality_id = %s AND c.paper_id = p.id "
                f"AND c.body_id IN {_placeholders(ids)}))",
                True,
                municipality,
                *ids,
            )
        else:
            where.add(public, True)
    f = search.filters
    if f.reference:
        reference = ops.lookup_cast("icontains", "CharField") % "p.reference"
        where.add(
            f"{reference} {_operator(using, 'icontains')}",
            f"%{ops.prep_for_like_query(f.reference)}%",
        )
    if f.date_from:
        where.add("p.date >= %s", ops.adapt_datefield_value(f.date_from))
    if f.date_to:
        where.add("p.date <= %s", ops.adapt_datefield_value(f.date_to))
    if f.paper_type:
        where.add("p.paper_type = %s", f.paper_type)
    if f.body:
        step = _Conditions()
        step.add(
            "c.municipality_id = %s AND c.paper_id = p.id AND c.body_id = %s", municipality, f.body
        )
        _consultation_shown(viewer, step)
        where.add(
            f"EXISTS (SELECT 1 FROM {consultations} c INNER JOIN {_table(Body, using)} cb "  # noqa: S608 - our names, parameters
            f"ON cb.id = c.body_id WHERE {step.sql})",
            *step.params,
        )
    return where


def _terms_contained(terms: Sequence[Term], where: _Conditions, using: str) -> None:
    """`filter_by_terms` without the index table: every term, any pattern, as LIKE."""
    ops = connections[using].ops
    operator = _operator(using, "contains")
    for term in terms:
        where.add(
            "(" + " OR ".join([f"p.search_text {operator}"] * len(term.patterns)) + ")",
            *(f"%{ops.prep_for_like_query(pattern)}%" for pattern in term.patterns),
        )


def _terms_scanned(terms: Sequence[Term], where: _Conditions, using: str) -> None:
    """`scan_by_terms`: the same condition checked row by row (StrIndex)."""
    position = "STRPOS" if connections[using].vendor == "postgresql" else "INSTR"
    for term in terms:
        where.add(
            "(" + " OR ".join([f"{position}(p.search_text, %s) > 0"] * len(term.patterns)) + ")",
            *term.patterns,
        )


def _ids(sql: str, params: list[Any], using: str) -> list[int]:
    return [row[0] for row in rows_of(using, sql, params)]


def _candidate_ids(search: PaperSearch, narrowed: _Conditions, using: str) -> list[int]:
    """`search.candidate_ids`: at most COUNT_LIMIT + 1 matches through the index."""
    papers = _table(Paper, using)
    limit = COUNT_LIMIT + 1
    vendor = connections[using].vendor
    if vendor == "sqlite":
        return _ids(
            f"SELECT found.pk FROM {FTS_TABLE} CROSS JOIN (SELECT p.id AS pk FROM {papers} p "  # noqa: S608 - our names, parameters
            f"WHERE {narrowed.sql}) AS found ON found.pk = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s LIMIT {limit}",
            [*narrowed.params, fts_expression(search.terms)],
            using,
        )
    where = _Conditions()
    where.add(narrowed.sql, *narrowed.params)
    _terms_contained(search.terms, where, using)
    sql = f"SELECT p.id FROM {papers} p WHERE {where.sql} LIMIT {limit}"  # noqa: S608 - our names, parameters
    if vendor != "postgresql":
        return _ids(sql, where.params, using)
    # as `bodies.search.candidate_ids`: the trigram index, not the primary key's
    return without_index_scans(using, lambda: _ids(sql, where.params, using))


def paper_page(
    search: PaperSearch, *, after: Cursor | None = None, size: int = PAGE_SIZE
) -> PaperPage:
    """What `search.page(after=after, size=size)` gives, read with plain SQL."""
    using = router.db_for_read(Paper)
    papers = _table(Paper, using)
    narrowed = _narrowed(search, using)
    listed = _Conditions()
    listed.add(narrowed.sql, *narrowed.params)
    candidates: list[int] = []
    if search.terms:
        candidates = _candidate_ids(search, narrowed, using)
        found, limit = len(candidates), COUNT_LIMIT
        more = found > limit
        if more:
            _terms_scanned(search.terms, listed, using)
        elif candidates:
            listed.add(f"p.id IN {_placeholders(candidates)}", *candidates)
    else:
        limit = FILTER_COUNT_LIMIT
        found = _ids(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {papers} p WHERE {narrowed.sql} "  # noqa: S608
            f"LIMIT {limit + 1}) found",
            narrowed.params,
            using,
        )[0]
        more = found > limit
    count = min(found, limit)
    if search.terms and not more and not candidates:
        return PaperPage([], count, more, None)
    if after is not None:
        day = connections[using].ops.adapt_datefield_value(after.day)
        listed.add("(p.date < %s OR (p.date = %s AND p.id < %s))", day, day, after.pk)
    rows = _page_with_paths(search, listed, size, using)
    next_cursor = Cursor(rows[size - 1]["date"], rows[size - 1]["pk"]) if len(rows) > size else None
    return PaperPage(rows[:size], count, more, next_cursor)


def _page_with_paths(
    search: PaperSearch, listed: _Conditions, size: int, using: str
) -> list[dict[str, Any]]:
    """The papers `listed`, `size` + 1 at most, newest first, each with its `path` (the names
    of the bodies of its steps the viewer sees, in order), read in one statement: the page,
    and each of its papers' steps joined to it."""
    quote = connections[using].ops.quote_name
    shown = _Conditions()  # a step the viewer may not see joins no body: it is left out
    shown.add("cb.id = c.body_id")
    _consultation_shown(search.viewer, shown)
    fields = (
        *(column(Paper, name) for name in PAPER_COLUMNS),
        column(Body, "short_name"),
        column(Body, "name"),
    )
    found = converted_rows(
        "SELECT p.id, p.reference, p.name, p.paper_type, p.date, p.public, cb.short_name, "  # noqa: S608 - our names, parameters
        "cb.name FROM (SELECT p.id, p.reference, p.name, p.paper_type, p.date, p.public, "
        f"p.published_at FROM {_table(Paper, using)} p WHERE {listed.sql} "
        f"ORDER BY p.date DESC, p.id DESC LIMIT {int(size) + 1}) p "
        f"LEFT JOIN {_table(Consultation, using)} c "
        "ON c.municipality_id = %s AND c.paper_id = p.id "
        f"LEFT JOIN {_table(Body, using)} cb ON {shown.sql} "
        f"ORDER BY p.date DESC, p.id DESC, c.{quote('order')}, c.id",
        [*listed.params, search.municipality.pk, *shown.params],
        fields,
    )
    rows: dict[int, dict[str, Any]] = {}
    for *values, short_name, name in found:
        row = rows.get(values[0])
        if row is None:
            row = rows[values[0]] = dict(zip(PAPER_ROW_FIELDS, values, strict=True))
            row["path"] = []
        if name is not None:
            row["path"].append(short_name or name)
    return list(rows.values())
