"""Substring search of papers (see querschnitt/bodies/search.py), as for the directory:

- PostgreSQL: a pg_trgm GIN index on Paper.search_text, used by `LIKE '%…%'` (pg_trgm is
  created by the network's migration 0002 when missing).
- SQLite: an FTS5 table with the trigram tokenizer over search_text (external content, the
  paper table itself), kept in sync by triggers.
"""

from django.db import migrations

FTS = "bodies_paper_search"

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        search_text, content='bodies_paper', content_rowid='id', tokenize='trigram'
    )""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON bodies_paper BEGIN
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON bodies_paper BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE OF search_text ON bodies_paper
        WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX bodies_paper_search_trgm ON bodies_paper USING gin (search_text gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS bodies_paper_search_trgm"]


def forward(apps, schema_editor):
    for statement in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}.get(
        schema_editor.connection.vendor, []
    ):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}.get(
        schema_editor.connection.vendor, []
    ):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("bodies", "0001_initial"), ("network", "0002_search")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
