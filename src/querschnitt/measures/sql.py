"""Rows read by plain SQL, turned into the values the ORM would give.

For the public pages of a measure: building their queries through the ORM took several times
longer than the database took to answer them. `rows` runs a SELECT and converts each column
with the converters the ORM applies to the model field it comes from (JSON, dates, booleans
on SQLite …), kept per connection. The SQL is written for SQLite and PostgreSQL alike.
django-scopes does not see plain SQL: every caller names the municipality in its WHERE.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Field, Model


def column(model: type[Model], name: str) -> Field:
    return model._meta.get_field(name)  # type: ignore[return-value]


def _converters(fields: tuple[Field, ...], connection: Any) -> list[tuple[Any, list[Any]]]:
    # kept on the connection: its backend's converters are its own methods
    known = connection.__dict__.setdefault("_querschnitt_column_converters", {})
    found = known.get(fields)
    if found is None:
        found = []
        for field in fields:
            col = field.get_col(field.model._meta.db_table)
            found.append(
                (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
            )
        known[fields] = found
    return found


def rows(sql: str, params: Sequence[Any], fields: tuple[Field, ...]) -> list[list[Any]]:
    """The rows of `sql` (placeholders %s), column i converted as `fields[i]` would be."""
    connection = connections[router.db_for_read(fields[0].model)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    converters = [
        (index, col, chain)
        for index, (col, chain) in enumerate(_converters(fields, connection))
        if chain
    ]
    converted = []
    for row in found:
        values = list(row)
        for index, col, chain in converters:
            for converter in chain:
                values[index] = converter(values[index], col, connection)
        converted.append(values)
    return converted
