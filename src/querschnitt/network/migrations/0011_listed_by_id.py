"""SQLite: an index that answers, for an organisation's id, whether it is listed and passes the
directory's filters.

A search reads its candidates from the FTS5 table (0002) in the order of its ids and checks
each against the municipality, status, visibility and filters (kind, district, step-free
access; topics and languages go by the id): with this narrow index instead of the table's wide
rows (description, search text), reading a thousand candidates costs about 40 % less at
100,000 organisations (`bench/directory.py`). PostgreSQL finds its candidates
through the trigram index of 0009 and needs nothing here.
"""

from django.db import migrations

INDEX = "network_organisation_listed_by_id"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON network_organisation"
            " (id, municipality_id, status, visibility, kind, district_id, wheelchair_accessible)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("network", "0010_contact_by_name")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
