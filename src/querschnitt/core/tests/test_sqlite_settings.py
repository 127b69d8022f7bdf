"""The embedded database as `DATABASE_URL=sqlite:///…` configures it: each setting of its
init command is one SQLite really holds on a new connection (SQLite ignores a pragma it does
not know, and one misspelt would go unnoticed)."""

from pathlib import Path
from typing import Any

import pytest
from django.db.utils import ConnectionHandler

from querschnitt.env import database_from_url


def test_a_new_connection_writes_ahead_and_keeps_its_own_pages_without_a_memory_map(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    # a connection of its own, not the test database's
    handler = ConnectionHandler({"default": database_from_url("sqlite:///x.sqlite3", tmp_path)})
    connection = handler["default"]
    with django_db_blocker.unblock():
        try:
            with connection.cursor() as cursor:
                found = {
                    pragma: cursor.execute(f"PRAGMA {pragma}").fetchone()[0]
                    for pragma in ("journal_mode", "synchronous", "cache_size", "mmap_size")
                }
        finally:
            connection.close()
    assert (tmp_path / "x.sqlite3").exists()
    # synchronous 1 is NORMAL; a negative cache size is KiB: 16 MiB
    assert found == {"journal_mode": "wal", "synchronous": 1, "cache_size": -16384, "mmap_size": 0}


@pytest.mark.parametrize("url", ["mysql://db/x", "sqlite3:///x"])
def test_another_kind_of_database_is_refused_by_name(url: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Unsupported DATABASE_URL scheme"):
        database_from_url(url, tmp_path)
