"""The public directory with search words or filters, read with plain SQL.

The same plans as through the ORM (`DirectorySearch`: the filters as the database may use
their indexes, the search words through the search index, a search ranked by hits in the
name), written as SQL because building the count and the page through the ORM cost most of
the request. Both plans are here: a search or filter with at most COUNT_LIMIT matches
(candidates through the index, ranked), and a broader one walked in name order with every
condition checked row by row (`filtered_where(scan=True)`, `scanned_terms`).
`test_directory_search_sql.py` compares page by page, cursor by cursor, with the ORM on SQLite
and PostgreSQL for many queries and filter combinations, bounded and broad. Tenancy is the
caller's: every statement names the municipality in its WHERE (the organisations' and the
topic and language tables'), as django-scopes does not see plain SQL.
"""

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.core.models import Municipality, Visibility
from querschnitt.core.sql_rows import rows_of, without_index_scans
from querschnitt.network.models import (
    District,
    Organisation,
    OrganisationLanguage,
    OrganisationTopic,
)
from querschnitt.network.search import (
    FTS_TABLE,
    MAX_QUERY_WORDS,
    NAME_SEPARATOR,
    Term,
    fts_expression,
)
from querschnitt.network.selectors.directory_sql import (
    ListedOrganisation,
    listed_organisation,
)

Where = tuple[str, list[Any]]
# SQLite: what the search index's matches are checked against (0011_listed_by_id)
BY_ID = "network_organisation_listed_by_id"
# As the ORM writes `listed_condition()` under django-scopes, the municipality named twice:
# SQLite's planner then walks the narrow index of the list's order, as for the ORM's query,
# not the wide one that holds the search text for broad searches.
LISTED = (
    "o.municipality_id = %s AND o.municipality_id = %s AND o.status = %s AND o.visibility IN (%s)"
)
# directory_sql.COLUMNS, named for the outer query
ALIASED = (
    "o.id AS pk, o.name AS name, o.kind AS kind, d.name AS district_name,"
    " o.latitude AS latitude, o.longitude AS longitude,"
    " o.wheelchair_accessible AS step_free, o.logo AS logo"
)


@lru_cache(maxsize=8)
def _tables(using: str) -> dict[str, str]:
    quote = connections[using].ops.quote_name
    return {
        "organisations": f"{quote(Organisation._meta.db_table)} o",
        "districts": quote(District._meta.db_table),
        "topics": quote(OrganisationTopic._meta.db_table),
        "languages": quote(OrganisationLanguage._meta.db_table),
    }


def _marks(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def filtered_where(
    *,
    municipality: Municipality,
    kinds: Sequence[str],
    topics: Sequence[str],
    languages: Sequence[str],
    districts: Sequence[int],
    wheelchair_accessible: bool | None,
    using: str,
    scan: bool = False,
) -> Where:
    """The listed organisations (alias `o`) that pass every filter (`apply_filters`); with
    `scan`, written so that no index of a filter applies and the database walks the list in
    name order (`apply_filters(scan=True)`)."""
    tables = _tables(using)
    where = [LISTED]
    params: list[Any] = [
        municipality.pk,
        municipality.pk,
        Organisation.Status.PUBLISHED.value,
        Visibility.PUBLIC.value,
    ]
    if kinds:
        where.append(f"{'LOWER(o.kind)' if scan else 'o.kind'} IN ({_marks(kinds)})")
        params += kinds
    for table, column, codes in (
        (tables["topics"], "topic", topics),
        (tables["languages"], "language", languages),
    ):
        if codes and scan:
            where.append(
                f"EXISTS (SELECT 1 FROM {table} WHERE municipality_id = %s"  # noqa: S608
                f" AND {column} IN ({_marks(codes)}) AND organisation_id = o.id)"
            )
            params += [municipality.pk, *codes]
        elif codes:
            where.append(
                f"o.id IN (SELECT organisation_id FROM {table}"  # noqa: S608 - our names
                f" WHERE municipality_id = %s AND {column} IN ({_marks(codes)}))"
            )
            params += [municipality.pk, *codes]
    if districts:
        column = "COALESCE(o.district_id, 0)" if scan else "o.district_id"
        where.append(f"{column} IN ({_marks(districts)})")
        params += districts
    if wheelchair_accessible is not None:
        where.append("o.wheelchair_accessible = %s")
        params.append(wheelchair_accessible)
    return " AND ".join(where), params


def _rows(using: str, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    return list(rows_of(using, sql, params))


def filtered_count(where: Where, *, limit: int) -> int:
    """How many organisations pass, counted up to `limit` + 1."""
    using = router.db_for_read(Organisation)
    sql = (
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {_tables(using)['organisations']}"  # noqa: S608
        f" WHERE {where[0]} LIMIT %s) found"
    )
    return int(_rows(using, sql, [*where[1], limit + 1])[0][0])


def filtered_ids(
    where: Where,
    *,
    municipality: Municipality,
    topics: Sequence[str],
    languages: Sequence[str],
    limit: int,
) -> list[int]:
    """At most `limit` ids of the organisations in the topic list and the language list (either
    may be empty, not both) that pass `where` (the other filters): for both the count and the
    page, so the lists are read once.

    SQLite walks the language list's index, looks each id up in the topic list's index and in
    the narrow index of 0011, and stops at `limit`; rather than walk every listed entry of the
    municipality, or build the lists into temporary B-trees before the first row (as `IN` and
    `INTERSECT` do). PostgreSQL's planner joins the lists itself (a merge join of their
    indexes) from `IN` conditions."""
    using = router.db_for_read(Organisation)
    tables = _tables(using)
    lists = [
        (alias, table, column, codes)
        for alias, table, column, codes in (
            ("l", tables["languages"], "language", languages),
            ("t", tables["topics"], "topic", topics),
        )
        if codes
    ]
    if connections[using].vendor != "sqlite":
        sql, params = where[0], list(where[1])
        for _alias, table, column, codes in lists:
            sql += (
                f" AND o.id IN (SELECT organisation_id FROM {table}"  # noqa: S608 - our names
                f" WHERE municipality_id = %s AND {column} IN ({_marks(codes)}))"
            )
            params += [municipality.pk, *codes]
        sql = f"SELECT o.id FROM {tables['organisations']} WHERE {sql} LIMIT {int(limit)}"  # noqa: S608
        return [pk for (pk,) in _rows(using, sql, params)]
    (first, *others) = lists
    joins, params = "", []
    for alias, table, column, codes in others:
        joins += (
            f" CROSS JOIN {table} {alias} ON {alias}.municipality_id = %s"
            f" AND {alias}.{column} IN ({_marks(codes)})"
            f" AND {alias}.organisation_id = {first[0]}.organisation_id"
        )
        params += [municipality.pk, *codes]
    alias, table, column, codes = first
    # An organisation with several of the codes is met once for each.
    distinct = "DISTINCT " if any(len(codes) > 1 for *_names, codes in lists) else ""
    sql = (
        f"SELECT {distinct}o.id FROM {table} {alias}{joins}"  # noqa: S608 - our names
        f" CROSS JOIN {tables['organisations']} INDEXED BY {BY_ID}"
        f" ON o.id = {alias}.organisation_id"
        f" WHERE {alias}.municipality_id = %s AND {alias}.{column} IN ({_marks(codes)})"
        f" AND {where[0]} LIMIT {int(limit)}"
    )
    params += [municipality.pk, *codes, *where[1]]
    return [pk for (pk,) in _rows(using, sql, params)]


def candidate_ids(where: Where, terms: Sequence[Term], limit: int) -> list[int]:
    """At most `limit` ids of the organisations that pass and hold every term, through the
    search index; as `search.candidate_ids` finds them."""
    using = router.db_for_read(Organisation)
    organisations = _tables(using)["organisations"]
    if connections[using].vendor == "sqlite":
        sql = (
            f"SELECT o.pk FROM {FTS_TABLE} CROSS JOIN"  # noqa: S608 - our names
            f" (SELECT o.id AS pk FROM {organisations} INDEXED BY {BY_ID}"
            f" WHERE {where[0]}) AS o"
            f" ON o.pk = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s LIMIT {int(limit)}"
        )
        return [pk for (pk,) in _rows(using, sql, [*where[1], fts_expression(terms)])]
    contains = " AND ".join(
        "(" + " OR ".join(["o.search_text LIKE %s"] * len(term.patterns)) + ")" for term in terms
    )
    patterns = [f"%{pattern}%" for term in terms for pattern in term.patterns]
    sql = f"SELECT o.id FROM {organisations} WHERE {where[0]} AND {contains} LIMIT {int(limit)}"  # noqa: S608
    return without_index_scans(
        using, lambda: [pk for (pk,) in _rows(using, sql, [*where[1], *patterns])]
    )


def scanned_terms(where: Where, terms: Sequence[Term], *, using: str) -> Where:
    """`where` and every term, checked in each row's search text (`scan_by_terms`).

    SQLite: as GLOB '*…*', which finds a substring sooner than INSTR (patterns hold letters,
    digits and spaces only, none of GLOB's wildcards)."""
    sqlite = connections[using].vendor == "sqlite"
    contains = "o.search_text GLOB %s" if sqlite else "STRPOS(o.search_text, %s) > 0"
    sql, params = where[0], list(where[1])
    for term in terms:
        sql += " AND (" + " OR ".join([contains] * len(term.patterns)) + ")"
        params += [f"*{pattern}*" if sqlite else pattern for pattern in term.patterns]
    return sql, params


def _position(vendor: str) -> str:
    return "INSTR(o.search_text, %s)" if vendor == "sqlite" else "STRPOS(o.search_text, %s)"


def _name_hits(terms: Sequence[Term], vendor: str) -> Where:
    """How many terms occur in the name part of the search text (`with_name_hits`)."""
    position = _position(vendor)
    sql, params = "0", []
    for term in terms:
        in_name = " OR ".join(
            f"({position} > 0 AND {position} < {position})" for _pattern in term.patterns
        )
        sql += f" + CASE WHEN {in_name} THEN 1 ELSE 0 END"
        for pattern in term.patterns:
            params += [pattern, pattern, NAME_SEPARATOR]
    return sql, params


def _after(key: tuple[Any, ...] | None, reverse: bool) -> Where:
    if key is None:
        return "", []
    later, earlier = ("<", ">") if reverse else (">", "<")
    if len(key) == 2:
        name, pk = key
        return f" AND (name {later} %s OR (name = %s AND pk {later} %s))", [name, name, pk]
    hits, name, pk = key
    hits = min(max(hits, -1), MAX_QUERY_WORDS + 1)  # beyond any count: the same rows
    return (
        f" AND (name_hits {earlier} %s OR (name_hits = %s"
        f" AND (name {later} %s OR (name = %s AND pk {later} %s))))",
        [hits, hits, name, name, pk],
    )


def page_rows(
    where: Where,
    *,
    terms: Sequence[Term] = (),
    ids: Sequence[int] = (),
    after: tuple[Any, ...] | None = None,
    before: tuple[Any, ...] | None = None,
    size: int,
) -> list[tuple[int, ListedOrganisation]]:
    """Up to `size` rows (name hits, row) in the list's order after the key `after`, or right
    before the key `before` (nearest first). With terms: only the organisations `ids` (the
    candidates), ranked by hits in the name, then by name. Without terms, by name: a filter,
    or a broad search whose terms `where` checks (`scanned_terms`). With `ids` (the
    candidates, or the matches of a topic or language filter): only those."""
    using = router.db_for_read(Organisation)
    tables = _tables(using)
    vendor = connections[using].vendor
    hits, hits_params = _name_hits(terms, vendor) if terms else ("0", [])
    organisations = tables["organisations"]
    condition, params = where
    if terms or ids:
        condition += f" AND o.id IN ({_marks(ids)})"
        params = [*params, *ids]
        if vendor == "sqlite":
            # The rows by their ids: SQLite would otherwise walk every listed entry of the
            # municipality through an index of the listed condition and check each id.
            organisations += " NOT INDEXED"
    key, reverse = (before, True) if before is not None else (after, False)
    later, later_params = _after(key, reverse)
    order = "name_hits, name DESC, pk DESC" if reverse else "name_hits DESC, name, pk"
    if not terms:  # one rank for all: the order of the plain list
        order = "name DESC, pk DESC" if reverse else "name, pk"
    sql = (
        f"SELECT * FROM (SELECT {ALIASED}, {hits} AS name_hits"  # noqa: S608 - our names
        f" FROM {organisations} LEFT JOIN {tables['districts']} d"
        f" ON d.id = o.district_id WHERE {condition}) listed"
        f" WHERE 1 = 1{later} ORDER BY {order} LIMIT %s"
    )
    rows = _rows(using, sql, [*hits_params, *params, *later_params, size])
    return [(row[-1], listed_organisation(row[:-1])) for row in rows]
