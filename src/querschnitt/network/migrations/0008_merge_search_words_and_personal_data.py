"""Joins the branches of 0003, and makes the SQLite search objects whole whatever order the
branches ran in: on SQLite a migration that changes the organisation table rebuilds it and
drops what raw SQL made on it (the search index's triggers of 0002, the scan index of
0003_search_words). Both are made again here, idempotently, and the known words rebuilt."""

import importlib

from django.db import migrations


def restore_sqlite_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    search = importlib.import_module("querschnitt.network.migrations.0002_search")
    words = importlib.import_module("querschnitt.network.migrations.0003_search_words")
    fts = search.FTS
    for name in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{name}")
    for statement in search.SQLITE_FORWARD:
        if statement.startswith("CREATE TRIGGER"):
            schema_editor.execute(statement)
    schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    scan = next(s for s in words.SQLITE_FORWARD if f"INDEX {words.SCAN_INDEX}" in s)
    schema_editor.execute(scan.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
    from querschnitt.network.search import search_vocabulary_rebuild

    using = schema_editor.connection.alias
    Organisation = apps.get_model("network", "Organisation")
    manager = Organisation._base_manager.db_manager(using)
    for municipality_id in sorted(set(manager.values_list("municipality_id", flat=True))):
        texts = manager.filter(municipality_id=municipality_id).values_list(
            "search_text", flat=True
        )
        search_vocabulary_rebuild(municipality_id=municipality_id, texts=texts, using=using)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_search_words"),
        ("network", "0007_merge_personal_data"),
    ]

    operations = [
        migrations.RunPython(
            restore_sqlite_search_objects, migrations.RunPython.noop, elidable=False
        )
    ]
