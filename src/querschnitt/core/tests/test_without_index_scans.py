"""`without_index_scans` changes PostgreSQL's planner for one read only: the setting is gone
afterwards, in autocommit and inside a transaction of the caller's, and the read's answer
comes back. Other databases just read."""

import pytest
from django.db import connection, transaction

from querschnitt.core.sql_rows import without_index_scans

pytestmark = pytest.mark.django_db(transaction=True)


def setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_indexscan")
        return str(cursor.fetchone()[0])


def read_with_setting() -> list[str]:
    return [setting()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_the_setting_holds_for_the_read_alone() -> None:
    assert setting() == "on"
    assert without_index_scans(connection.alias, read_with_setting) == ["off"]
    assert setting() == "on"
    with transaction.atomic():
        assert without_index_scans(connection.alias, read_with_setting) == ["off"]
        assert setting() == "on"
    assert setting() == "on"


def test_other_databases_just_read() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL is the case above")
    assert without_index_scans(connection.alias, lambda: [1, 2]) == [1, 2]
