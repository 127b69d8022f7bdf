"""SQLite: an index only the directory's plain count can take.

The count of the municipality's listed organisations (`directory_sql`, every first request
after a change of its public data) walked their entries in the wide scan index of 0003,
whose entries carry the search text. Its statement names the municipality as
`municipality_id + 0`, the first column of this index, which no other statement names: so no
other statement's plan can change with it (an index of the plain columns, 0014 of round s23,
was taken by the filtered counts and walked every listed entry for a rare district). The
municipality stands at the end again so that the index covers the statement. PostgreSQL
counts by its own indexes and needs nothing here.
"""

from django.db import migrations

INDEX = "network_organisation_listed_count"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON network_organisation"
            " ((municipality_id + 0), status, visibility, municipality_id)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("network", "0013_organisation_by_name")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
