"""Frozen editions of the catalogue: the database itself refuses to change them.

Every row of `measures_catalogue` and `measures_catalogueentry` is written once, when the
office freezes an edition, and never again: a trigger on SQLite and on PostgreSQL refuses every
UPDATE and DELETE, whoever sends it (the application, an administrator, raw SQL). Migration
0002 creates the triggers; `ensure_triggers` creates them again after every migration, since
SQLite drops a table's triggers when a migration rebuilds the table.
"""

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

TABLES = ("measures_catalogue", "measures_catalogueentry")
MESSAGE = "A frozen edition of the catalogue of measures cannot be changed or deleted."


def sqlite_statements() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_frozen_{operation.lower()} "
        f"BEFORE {operation} ON {table} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        for table in TABLES
        for operation in ("UPDATE", "DELETE")
    ]


def postgresql_statements() -> list[str]:
    # SQLSTATE 23001 (restrict_violation) reaches Django as an IntegrityError, as SQLite's
    # RAISE(ABORT) does.
    function = (
        "CREATE OR REPLACE FUNCTION measures_refuse_frozen_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23001'; "
        "END $$"
    )
    return [function] + [
        f"CREATE OR REPLACE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION measures_refuse_frozen_change()"
        for table in TABLES
    ]


def create_triggers(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "sqlite":
        statements = sqlite_statements()
    elif connection.vendor == "postgresql":
        statements = postgresql_statements()
    else:
        raise NotImplementedError(f"No frozen-edition triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    """Only for a test database that is emptied after a test (`conftest.py`): SQLite empties
    tables with DELETE, which the triggers refuse. The next migration signal restores them."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in TABLES:
                for operation in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen_{operation}")
        elif connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}")


def ensure_triggers(using: str = "default", **kwargs: Any) -> None:
    """post_migrate: the triggers exist after every migration (and every test flush)."""
    connection = connections[using]
    if set(TABLES) <= set(connection.introspection.table_names()):
        create_triggers(connection)
