"""Model instances read by plain SQL, for reads that every request makes.

Building a query through the ORM (or `raw()`) costs several times what the database needs
to answer a lookup by key; `first_row` and `all_rows` write the SELECT once per model and
turn each row into an instance with the same converters the ORM applies, so the instance is
the one the ORM would give. The caller names the municipality in `where` itself:
django-scopes does not see plain SQL, so tenancy is the caller's to keep.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from django.db import connections, router, transaction
from django.db.models import Field, Model, QuerySet
from django.utils.asyncio import async_unsafe


@lru_cache(maxsize=64)
def _select(model: type[Model], using: str) -> tuple[str, tuple[str, ...]]:
    quote = connections[using].ops.quote_name
    fields = model._meta.concrete_fields
    columns = ", ".join(quote(str(field.column)) for field in fields)
    sql = f"SELECT {columns} FROM {quote(model._meta.db_table)}"  # noqa: S608 - our names
    return sql, tuple(field.attname for field in fields)


def _converters(model: type[Model], connection: Any) -> list[tuple[Any, list[Any]]]:
    # by model first: hashing the tuple of its fields (`Field.__hash__`) for every row cost
    # more than converting the row
    known = connection.__dict__.setdefault("_querschnitt_model_converters", {})
    found = known.get(model)
    if found is None:
        found = known[model] = field_converters(tuple(model._meta.concrete_fields), connection)
    return found


def field_converters(
    fields: tuple[Field[Any, Any] | None, ...], connection: Any
) -> list[tuple[Any, list[Any]]]:
    """(column, converters) the ORM applies to each field's column; none for a None field."""
    # kept on the connection: its backend's converters are its own methods
    known = connection.__dict__.setdefault("_querschnitt_row_converters", {})
    found = known.get(fields)
    if found is None:
        found = []
        for field in fields:
            if field is None:
                found.append((None, []))
                continue
            col = field.get_col(field.model._meta.db_table)
            found.append(
                (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
            )
        known[fields] = found
    return found


def column(model: type[Model], name: str) -> Field[Any, Any]:
    """The model field `name`, to name the converters of a column in `converted_rows`."""
    return model._meta.get_field(name)  # type: ignore[return-value]


def converted_rows(
    sql: str, params: Sequence[Any], fields: tuple[Field[Any, Any] | None, ...]
) -> list[list[Any]]:
    """The rows of `sql` (placeholders %s), column i converted as `fields[i]` would be by
    the ORM (None: left as the database gives it)."""
    model = next(field.model for field in fields if field is not None)
    return converted(raw_rows(sql, params, model), fields)


# rows as the database gives them: hashable, not converted (`converted`), a key for what is
# drawn from them
type RawRows = tuple[tuple[Any, ...], ...]


def raw_rows(sql: str, params: Sequence[Any], model: type[Model], cursor: Any = None) -> RawRows:
    """The rows of `sql` as the database gives them (hashable, not converted: a key for what
    is drawn from them, `converted` when needed), read from `model`'s database or through
    `cursor`."""
    if cursor is None:
        return rows_of(router.db_for_read(model), sql, params)
    cursor.execute(sql, params)
    return tuple(map(tuple, cursor.fetchall()))


def rows_of(using: str, sql: str, params: Sequence[Any]) -> RawRows:
    """`raw_rows` from the database `using`."""
    connection = connections[using]
    if unwrapped(connection):
        return sqlite_rows(connection, sql, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(map(tuple, cursor.fetchall()))


@contextmanager
def shared_cursor(model: type[Model]) -> Iterator[Any]:
    """A cursor of `model`'s database for several `raw_rows`; None where each of them reads
    faster without one (`sqlite_rows`)."""
    connection = connections[router.db_for_read(model)]
    if unwrapped(connection):
        yield None
        return
    with connection.cursor() as cursor:
        yield cursor


def unwrapped(connection: Any) -> bool:
    return connection.vendor == "sqlite" and not (
        connection.queries_logged or connection.execute_wrappers
    )


@async_unsafe
def sqlite_rows(connection: Any, sql: str, params: Sequence[Any]) -> RawRows:
    """What `connection.cursor()` and its `execute` and `fetchall` give, on SQLite, without
    Django's cursor wrapper around the statement (~10–20 µs of a lookup's ~30): the same
    checks (the connection's thread, a broken transaction, a failed health check), Django's
    errors, Django's rewrite of the placeholders. Only where nobody records or wraps the
    statements (`queries_logged`, `execute_wrappers`: the tests that count them, the debug
    views), so they see every statement as before."""
    if params is None or isinstance(params, Mapping):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return tuple(map(tuple, cursor.fetchall()))
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        return tuple(map(tuple, connection.connection.execute(qmark(sql), params).fetchall()))


@lru_cache(maxsize=1024)
def qmark(sql: str) -> str:
    """`sql` with Django's `%s` placeholders as SQLite's `?` (`SQLiteCursorWrapper`)."""
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    return SQLiteCursorWrapper.convert_query(None, sql)  # type: ignore[arg-type]


@lru_cache(maxsize=256)
def _statement(
    read: Callable[[Any], QuerySet[Any]], using: str, municipality: Model
) -> tuple[str, tuple[Any, ...]]:
    return read(municipality).query.get_compiler(using=using).as_sql()


def statement_rows(
    model: type[Model], read: Callable[[Any], QuerySet[Any]], municipality: Model
) -> RawRows:
    """The rows of the queryset `read(municipality)` (of plain values, from `model`'s
    database) as the database gives them. The ORM writes its statement once per `read`,
    database alias and municipality: building it cost several times what the database needs
    to answer it. So `read` (a function of the module, not a new one per call) must give the
    same statement for the same municipality: no moment, nothing a visitor asked for; its
    queryset names the municipality, so the statement does."""
    sql, params = _statement(read, router.db_for_read(model), municipality)
    return raw_rows(sql, params, model)


def converted(
    rows: Iterable[Sequence[Any]], fields: tuple[Field[Any, Any] | None, ...]
) -> list[list[Any]]:
    """`rows` as the database gave them, column i converted as `fields[i]` would be by the ORM
    (None: left as it is): for rows read once and kept as they came (a key of what is drawn
    from them), converted when needed."""
    model = next(field.model for field in fields if field is not None)
    connection = connections[router.db_for_read(model)]
    converters = [
        (index, col, chain)
        for index, (col, chain) in enumerate(field_converters(fields, connection))
        if chain
    ]
    found = []
    for row in rows:
        values = list(row)
        for index, col, chain in converters:
            for converter in chain:
                values[index] = converter(values[index], col, connection)
        found.append(values)
    return found


def count_where(using: str, table: str, where: str, params: Sequence[Any]) -> int:
    """`SELECT COUNT(*) FROM <table> WHERE <where>`: `table` and `where` are ours (names and
    placeholders %s), the values in `params`."""
    ((count,),) = rows_of(using, f"SELECT COUNT(*) FROM {table} WHERE {where}", params)  # noqa: S608
    return int(count)


def columns(model: type[Model], using: str, alias: str) -> str:
    """The concrete columns of `model` as `<alias>.<column>, …`, in the order `instance` takes."""
    quote = connections[using].ops.quote_name
    return ", ".join(f"{alias}.{quote(str(field.column))}" for field in model._meta.concrete_fields)


def instance[M: Model](model: type[M], using: str, values: list[Any]) -> M:
    """The instance the ORM would make of a row's values (the columns of `columns`)."""
    connection = connections[using]
    for index, (column, converters) in enumerate(_converters(model, connection)):
        for converter in converters:
            values[index] = converter(values[index], column, connection)
    return model.from_db(using, _select(model, using)[1], values)


def from_converted[M: Model](model: type[M], using: str, values: list[Any]) -> M:
    """The instance of values converted already (`converted`), in the order of `columns`."""
    return model.from_db(using, _select(model, using)[1], values)


def first_row[M: Model](
    model: type[M], where: str, params: list[Any], order_by: str = ""
) -> M | None:
    """The first instance of `model` with `WHERE <where>` (placeholders %s), or None."""
    found = all_rows(model, where, params, order_by=order_by, limit=1)
    return found[0] if found else None


def all_rows[M: Model](
    model: type[M], where: str, params: list[Any], order_by: str = "", limit: int | None = None
) -> list[M]:
    """The instances of `model` with `WHERE <where>` (placeholders %s), in `order_by`."""
    using = router.db_for_read(model)
    select = _select(model, using)[0]
    order = f" ORDER BY {order_by}" if order_by else ""
    bound = f" LIMIT {int(limit)}" if limit is not None else ""
    rows = raw_rows(f"{select} WHERE {where}{order}{bound}", params, model)
    return [instance(model, using, list(row)) for row in rows]


def without_index_scans[T](using: str, read: Callable[[], T]) -> T:
    """What `read` gives with PostgreSQL's plain index scans switched off for it alone.

    PostgreSQL's planner misjudges how many rows a LIKE '%…%' matches and would rather walk an
    index row by row than take the trigram index's bitmap; the setting is made with SET LOCAL
    inside a transaction (or savepoint) that is rolled back afterwards, so it never outlives
    the read. Only for reads: anything `read` writes is rolled back too. Other databases
    just read.
    """
    if connections[using].vendor != "postgresql":
        return read()
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
        found = read()
        transaction.set_rollback(True, using=using)
    return found


@dataclass(frozen=True)
class PagedRows:
    """A list as Django's `Paginator` takes it, each part one statement: `count()` and a slice
    of rows. A subclass names its two reads, both keyword-only functions of `municipality` and
    `filters` (and `offset`, `limit` for the page)."""

    municipality: Any
    filters: Any
    counted: ClassVar[Callable[..., int]]
    read: ClassVar[Callable[..., list[dict[str, Any]]]]

    def count(self) -> int:
        return type(self).counted(municipality=self.municipality, filters=self.filters)

    def __getitem__(self, part: slice) -> list[dict[str, Any]]:
        start = part.start or 0
        return type(self).read(
            municipality=self.municipality,
            filters=self.filters,
            offset=start,
            limit=part.stop - start,
        )
