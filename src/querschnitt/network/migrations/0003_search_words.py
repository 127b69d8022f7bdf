"""Speed of the search at scale (see querschnitt/network/search.py, "Words that occur").

- Both: the table of every word that occurs in a municipality's search texts, with a
  substring index (SQLite: an FTS5 trigram table kept in sync by triggers; PostgreSQL: a GIN
  trigram index), so that a query word that occurs nowhere is known as such in one small
  look-up instead of a search through every organisation's text.
- SQLite: an index that holds the search text beside the list's order, so that a broad search,
  which walks the list in name order and checks each row, reads the index alone.
- The words of existing organisations are filled in.
"""

from django.db import migrations

WORDS = "network_search_word"
WORDS_INDEX = "network_search_word_index"
SCAN_INDEX = "network_organisation_scan"

SQLITE_FORWARD = [
    f"""CREATE TABLE {WORDS} (
        id integer PRIMARY KEY,
        municipality_id bigint NOT NULL,
        word text NOT NULL,
        UNIQUE (municipality_id, word)
    )""",
    f"""CREATE VIRTUAL TABLE {WORDS_INDEX} USING fts5(
        word, content='{WORDS}', content_rowid='id', tokenize='trigram'
    )""",
    f"""CREATE TRIGGER {WORDS_INDEX}_insert AFTER INSERT ON {WORDS} BEGIN
        INSERT INTO {WORDS_INDEX}(rowid, word) VALUES (new.id, new.word);
    END""",
    f"""CREATE TRIGGER {WORDS_INDEX}_delete AFTER DELETE ON {WORDS} BEGIN
        INSERT INTO {WORDS_INDEX}({WORDS_INDEX}, rowid, word) VALUES ('delete', old.id, old.word);
    END""",
    f"""CREATE INDEX {SCAN_INDEX} ON network_organisation
        (municipality_id, status, name, id, visibility, search_text)""",
]
SQLITE_BACKWARD = [
    f"DROP INDEX IF EXISTS {SCAN_INDEX}",
    f"DROP TRIGGER IF EXISTS {WORDS_INDEX}_delete",
    f"DROP TRIGGER IF EXISTS {WORDS_INDEX}_insert",
    f"DROP TABLE IF EXISTS {WORDS_INDEX}",
    f"DROP TABLE IF EXISTS {WORDS}",
]
POSTGRESQL_FORWARD = [
    f"""CREATE TABLE {WORDS} (
        municipality_id bigint NOT NULL,
        word varchar(100) NOT NULL,
        PRIMARY KEY (municipality_id, word)
    )""",
    f"CREATE INDEX {WORDS}_trgm ON {WORDS} USING gin (word gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = [f"DROP TABLE IF EXISTS {WORDS}"]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}.get(vendor, []):
        schema_editor.execute(statement)
    if vendor not in {"sqlite", "postgresql"}:
        return
    from querschnitt.network.search import search_words_rebuild

    using = schema_editor.connection.alias
    Organisation = apps.get_model("network", "Organisation")
    manager = Organisation._base_manager.db_manager(using)
    for municipality_id in sorted(set(manager.values_list("municipality_id", flat=True))):
        texts = manager.filter(municipality_id=municipality_id).values_list(
            "search_text", flat=True
        )
        search_words_rebuild(municipality_id=municipality_id, texts=texts, using=using)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}.get(
        vendor, []
    ):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("network", "0002_search")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
