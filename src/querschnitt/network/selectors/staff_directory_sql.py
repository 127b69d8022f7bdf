"""The office's list of organisations read with plain SQL: count and page, with and without
search words.

`staff_page(staff_search(…))` builds its count, its candidates and its ranked page through
the ORM (a queryset per step, `with_name_hits`' expressions), which costs several times what
the database needs to answer. The statements here give the same: the list by (name, id), or
for a search its candidates through the search index (`search.candidate_ids`, the same plan
on both databases) ranked by hits in the name, then name and id; the same cursors in both
directions; the count up to COUNT_LIMIT. A broad search (more candidates than COUNT_LIMIT)
is left to the ORM's row-by-row scan (`staff_page`), as is the page after a cursor that is
not one of ours. `test_staff_directory_sql.py` compares page by page and cursor by cursor on
SQLite and PostgreSQL, for many searches and every status.

Tenancy is the caller's: every statement names the municipality in its WHERE, as
django-scopes does not see plain SQL.
"""

from collections import namedtuple
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.db import connections, router

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import column, converted_rows, rows_of, without_index_scans
from querschnitt.network.models import District, Organisation
from querschnitt.network.search import (
    FTS_TABLE,
    NAME_SEPARATOR,
    Term,
    fts_expression,
    parse_query,
    unmatched_terms,
)
from querschnitt.network.selectors.directory import (
    COUNT_LIMIT,
    STAFF_ROW_FIELDS,
    DirectoryPage,
    decode_cursor,
    encode_cursor,
    staff_page,
    staff_search,
)

# (column, field whose converters apply) in the order of STAFF_ROW_FIELDS
ROW_COLUMNS = (
    ("o.id", "id"),
    ("o.name", "name"),
    ("o.kind", "kind"),
    ("o.status", "status"),
    ("o.visibility", "visibility"),
    ("o.is_example", "is_example"),
    ("o.latitude", "latitude"),
    ("o.longitude", "longitude"),
    ("d.name", ""),
)
StaffRow = namedtuple("StaffRow", STAFF_ROW_FIELDS)  # type: ignore[misc]
RankedStaffRow = namedtuple("RankedStaffRow", (*STAFF_ROW_FIELDS, "name_hits"))  # type: ignore[misc]
# Whether a pattern occurs in the name part of the search text (before NAME_SEPARATOR), as
# `with_name_hits` asks with StrIndex, and its parameters. SQLite looks for the pattern in the
# text up to the separator's first character instead of comparing three positions in the whole
# text: the same answer, as no pattern holds "|" (letters, digits and single spaces), and the
# ranked page of 'sport' 15-20 % sooner (raw, 44 candidates).
NAME_HIT = {
    "sqlite": (
        "INSTR(SUBSTR(o.search_text, 1, INSTR(o.search_text, %s)), %s) > 0",
        lambda pattern: [NAME_SEPARATOR, pattern],
    ),
    "postgresql": (
        "(STRPOS(o.search_text, %s) > 0 AND STRPOS(o.search_text, %s) < STRPOS(o.search_text, %s))",
        lambda pattern: [pattern, pattern, NAME_SEPARATOR],
    ),
}


@lru_cache(maxsize=8)
def _tables(using: str) -> dict[str, str]:
    quote = connections[using].ops.quote_name
    organisations = quote(Organisation._meta.db_table)
    columns = ", ".join(f"{sql} AS {name or 'district_name'}" for sql, name in ROW_COLUMNS)
    districts = f" LEFT JOIN {quote(District._meta.db_table)} d ON d.id = o.district_id"
    # The rows by their ids: SQLite would otherwise take an index of the municipality's rows
    # (by id and municipality, or by name) instead of the ids themselves.
    not_indexed = " NOT INDEXED" if connections[using].vendor == "sqlite" else ""
    joined = f"{organisations} o{districts}"
    return {
        "organisations": organisations,
        "columns": columns,
        "joined": joined,
        "by_ids": f"{organisations} o{not_indexed}{districts}",
        "select": f"SELECT {columns} FROM {joined}",  # noqa: S608 - our names
    }


# Left as the database gives them (SQLite: a float, PostgreSQL: a Decimal): the list only
# asks `coordinates_outside`, which reads them as floats; turning each into a Decimal first
# cost more than the rest of the row.
AS_GIVEN = frozenset({"", "latitude", "longitude"})


@lru_cache(maxsize=2)
def _fields() -> tuple[Any, ...]:
    return tuple(
        None if name in AS_GIVEN else column(Organisation, name) for _sql, name in ROW_COLUMNS
    )


def _rows(using: str, sql: str, params: list[Any], *, ranked: bool) -> list[Any]:
    fields = (*_fields(), None) if ranked else _fields()
    make = RankedStaffRow if ranked else StaffRow
    return [make(*values) for values in converted_rows(sql, params, fields)]


def _of_municipality(municipality: Municipality, status: str) -> tuple[str, list[Any]]:
    if status:
        return "o.municipality_id = %s AND o.status = %s", [municipality.pk, status]
    return "o.municipality_id = %s", [municipality.pk]


def _page(
    rows: list[Any], *, size: int, key: tuple[Any, ...] | None, backward: bool
) -> tuple[list[Any], str | None, str | None, bool]:
    """(items, next cursor, previous cursor, is first) as `keyset_page` gives them, from up
    to `size` + 1 rows read after the key (before it, nearest first, when `backward`)."""
    ranked = rows and hasattr(rows[0], "name_hits")

    def key_of(row: Any) -> tuple[Any, ...]:
        return (row.name_hits, row.name, row.pk) if ranked else (row.name, row.pk)

    more = len(rows) > size
    if backward:
        items = list(reversed(rows[:size]))
        next_cursor = encode_cursor(key_of(items[-1])) if items else None
        previous_cursor = encode_cursor(key_of(items[0])) if more else None
        return items, next_cursor, previous_cursor, not more
    items = rows[:size]
    next_cursor = encode_cursor(key_of(items[-1])) if more else None
    previous_cursor = encode_cursor(key_of(items[0])) if key is not None and items else None
    return items, next_cursor, previous_cursor, key is None


def _plain_page(
    using: str, where: str, params: list[Any], *, after: str, before: str, size: int
) -> DirectoryPage:
    tables = _tables(using)
    ((count,),) = rows_of(
        using,
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {tables['organisations']} o"  # noqa: S608
        f" WHERE {where} LIMIT %s) found",
        [*params, COUNT_LIMIT + 1],
    )
    count = int(count)
    backward = before and (key := decode_cursor(before, ranked=False)) is not None
    if not backward:
        key = decode_cursor(after, ranked=False) if after else None
    select = f"{tables['select']} WHERE {where}"
    if backward:
        sql = f"{select} AND (o.name < %s OR (o.name = %s AND o.id < %s))"
        sql += " ORDER BY o.name DESC, o.id DESC LIMIT %s"
        params = [*params, key[0], key[0], key[1], size + 1]  # type: ignore[index]
    elif key is not None:
        sql = f"{select} AND (o.name > %s OR (o.name = %s AND o.id > %s))"
        sql += " ORDER BY o.name, o.id LIMIT %s"
        params = [*params, key[0], key[0], key[1], size + 1]
    else:
        sql, params = f"{select} ORDER BY o.name, o.id LIMIT %s", [*params, size + 1]
    rows = _rows(using, sql, params, ranked=False)
    items, next_cursor, previous_cursor, is_first = _page(
        rows, size=size, key=key, backward=bool(backward)
    )
    return DirectoryPage(
        items=items,
        count=min(count, COUNT_LIMIT),
        count_is_capped=count > COUNT_LIMIT,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        is_first=is_first,
    )


def _candidate_ids(using: str, where: str, params: list[Any], terms: Sequence[Term]) -> list[int]:
    """Up to COUNT_LIMIT + 1 matching ids through the search index: `search.candidate_ids`'
    statement for the office's list, with the same plan on each database."""
    connection = connections[using]
    tables = _tables(using)
    if connection.vendor == "sqlite":
        sql = (
            f"SELECT o.id FROM {FTS_TABLE} CROSS JOIN "  # noqa: S608 - our names
            f"(SELECT o.id FROM {tables['organisations']} o WHERE {where}) AS o"
            f" ON o.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s LIMIT %s"
        )
        return [
            row[0] for row in rows_of(using, sql, [*params, fts_expression(terms), COUNT_LIMIT + 1])
        ]
    like = connection.ops.prep_for_like_query
    conditions, words = [], []
    for term in terms:
        conditions.append(
            "(" + " OR ".join(["o.search_text::text LIKE %s"] * len(term.patterns)) + ")"
        )
        words += [f"%{like(pattern)}%" for pattern in term.patterns]
    sql = (
        f"SELECT o.id FROM {tables['organisations']} o"  # noqa: S608 - our names
        f" WHERE {where} AND {' AND '.join(conditions)} LIMIT %s"
    )

    def read() -> list[int]:
        return [row[0] for row in rows_of(using, sql, [*params, *words, COUNT_LIMIT + 1])]

    return without_index_scans(using, read)


def _ranked_page(
    using: str,
    where: str,
    params: list[Any],
    terms: Sequence[Term],
    ids: list[int],
    *,
    after: str,
    before: str,
    size: int,
) -> tuple[list[Any], str | None, str | None, bool]:
    """The candidates ranked as `with_name_hits` ranks them: hits in the name, then by name."""
    name_hit, hit_values = NAME_HIT[connections[using].vendor]
    hits, hit_params = [], []
    for term in terms:
        in_name = " OR ".join(name_hit for _pattern in term.patterns)
        hits.append(f"CASE WHEN {in_name} THEN 1 ELSE 0 END")
        for pattern in term.patterns:
            hit_params += hit_values(pattern)
    in_ids = ", ".join(["%s"] * len(ids)) if ids else "NULL"
    tables = _tables(using)
    ranked = (
        f"SELECT * FROM (SELECT {tables['columns']}, {' + '.join(hits)} AS name_hits"  # noqa: S608
        f" FROM {tables['by_ids']} WHERE {where} AND o.id IN ({in_ids})) r"
    )
    params = [*hit_params, *params, *ids]
    backward = before and (key := decode_cursor(before, ranked=True)) is not None
    if not backward:
        key = decode_cursor(after, ranked=True) if after else None
    if backward:
        sql = (
            f"{ranked} WHERE r.name_hits > %s OR (r.name_hits = %s AND (r.name < %s"
            " OR (r.name = %s AND r.id < %s))) ORDER BY r.name_hits, r.name DESC, r.id DESC"
        )
        params += [key[0], key[0], key[1], key[1], key[2]]  # type: ignore[index]
    elif key is not None:
        sql = (
            f"{ranked} WHERE r.name_hits < %s OR (r.name_hits = %s AND (r.name > %s"
            " OR (r.name = %s AND r.id > %s))) ORDER BY r.name_hits DESC, r.name, r.id"
        )
        params += [key[0], key[0], key[1], key[1], key[2]]
    else:
        sql = f"{ranked} ORDER BY r.name_hits DESC, r.name, r.id"
    rows = _rows(using, f"{sql} LIMIT %s", [*params, size + 1], ranked=True)
    return _page(rows, size=size, key=key, backward=bool(backward))


def staff_list_page(
    *,
    municipality: Municipality,
    status: str = "",
    query: str = "",
    after: str = "",
    before: str = "",
    size: int = 50,
) -> DirectoryPage:
    """One page of the office's list, as `staff_page(staff_search(…))` gives it."""
    using = router.db_for_read(Organisation)
    where, params = _of_municipality(municipality, status)
    terms = tuple(parse_query(query))
    if not terms:
        return _plain_page(using, where, params, after=after, before=before, size=size)
    if unmatched_terms(municipality.pk, terms, using=using):  # no candidate can exist
        backward = bool(before) and decode_cursor(before, ranked=True) is not None
        key = None if backward or not after else decode_cursor(after, ranked=True)
        _items, _next, _previous, is_first = _page([], size=size, key=key, backward=backward)
        return DirectoryPage(items=[], count=0, count_is_capped=False, is_first=is_first)
    ids = _candidate_ids(using, where, params, terms)
    if len(ids) > COUNT_LIMIT:  # broad: walked by name through the ORM
        search = staff_search(municipality=municipality, status=status, query=query)
        return staff_page(search, after=after, before=before, size=size)
    items, next_cursor, previous_cursor, is_first = _ranked_page(
        using, where, params, terms, ids, after=after, before=before, size=size
    )
    return DirectoryPage(
        items=items,
        count=len(ids),
        count_is_capped=False,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        is_first=is_first,
    )
