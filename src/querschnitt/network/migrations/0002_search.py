"""Search support for the directory (see querschnitt/network/search.py).

- PostgreSQL: the pg_trgm extension and a GIN trigram index on Organisation.search_text, used
  by `LIKE '%…%'`. pg_trgm is a trusted extension (PostgreSQL 13+): the owner of the database
  may create it; otherwise a superuser runs `CREATE EXTENSION pg_trgm;` once beforehand.
- SQLite: an FTS5 table with the trigram tokenizer over search_text (external content, the
  organisation table itself), kept in sync by triggers.
- Both: the table of known words for typo correction (deletion variants, see search.py).
- The search text of existing organisations is rebuilt in the new format, and their words are
  made known.
"""

from django.db import migrations

FTS = "network_organisation_search"
VOCABULARY = "network_search_vocabulary"

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        search_text, content='network_organisation', content_rowid='id', tokenize='trigram'
    )""",
    # Index what is there before the triggers take over; they assume an indexed row.
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON network_organisation BEGIN
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON network_organisation BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE OF search_text ON network_organisation
        WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TABLE {VOCABULARY} (
        municipality_id bigint NOT NULL,
        variant varchar(40) NOT NULL,
        word varchar(40) NOT NULL,
        PRIMARY KEY (municipality_id, variant, word)
    ) WITHOUT ROWID""",
]
SQLITE_BACKWARD = [
    f"DROP TABLE IF EXISTS {VOCABULARY}",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TABLE IF EXISTS {FTS}",
]

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX network_organisation_search_trgm ON network_organisation "
    "USING gin (search_text gin_trgm_ops)",
    f"""CREATE TABLE {VOCABULARY} (
        municipality_id bigint NOT NULL,
        variant varchar(40) NOT NULL,
        word varchar(40) NOT NULL,
        PRIMARY KEY (municipality_id, variant, word)
    )""",
]
POSTGRESQL_BACKWARD = [
    f"DROP TABLE IF EXISTS {VOCABULARY}",
    "DROP INDEX IF EXISTS network_organisation_search_trgm",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)
    rebuild_search_texts(apps, schema_editor)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


def rebuild_search_texts(apps, schema_editor):
    """Existing organisations get the search text of this version and their words known."""
    from querschnitt.network.search import search_text_from, search_vocabulary_rebuild

    using = schema_editor.connection.alias
    Organisation = apps.get_model("network", "Organisation")
    manager = Organisation._base_manager.db_manager(using)
    municipality_ids = set()
    batch = []
    for organisation in manager.order_by("pk").iterator(chunk_size=1000):
        organisation.search_text = search_text_from(
            name=organisation.name,
            street=organisation.street,
            postal_code=organisation.postal_code,
            city=organisation.city,
            description=organisation.description or {},
        )
        municipality_ids.add(organisation.municipality_id)
        batch.append(organisation)
        if len(batch) == 1000:
            manager.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        manager.bulk_update(batch, ["search_text"])
    if schema_editor.connection.vendor in {"sqlite", "postgresql"}:
        for municipality_id in sorted(municipality_ids):
            texts = manager.filter(municipality_id=municipality_id).values_list(
                "search_text", flat=True
            )
            search_vocabulary_rebuild(municipality_id=municipality_id, texts=texts, using=using)


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
