"""The language a requester or signing person used, so that every mail to them is in it.

On SQLite, adding a column rebuilds the organisation table, and the triggers that keep the
search index (0002_search) go with the old table: they are created again and the index is
rebuilt. (Any later migration that changes the organisation table on SQLite must do the same.)
"""

import importlib

from django.db import migrations, models


def restore_sqlite_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    search = importlib.import_module("querschnitt.network.migrations.0002_search")
    fts = search.FTS
    for name in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{name}")
    for statement in search.SQLITE_FORWARD:
        if statement.startswith("CREATE TRIGGER"):
            schema_editor.execute(statement)
    schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


class Migration(migrations.Migration):
    dependencies = [("network", "0003_search_topics_languages")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="requested_language",
            field=models.CharField(
                blank=True,
                help_text="Mail to the requester is written in this language.",
                max_length=8,
                verbose_name="language of the requester",
            ),
        ),
        migrations.AddField(
            model_name="signature",
            name="signer_language",
            field=models.CharField(
                blank=True,
                help_text="Mail to the signing person is written in this language.",
                max_length=8,
                verbose_name="language of the signing person",
            ),
        ),
        migrations.RunPython(
            restore_sqlite_search_index, migrations.RunPython.noop, elidable=False
        ),
    ]
