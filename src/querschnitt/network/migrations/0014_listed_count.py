"""SQLite: an index of the listed condition and the directory's plain filters, by municipality.

The plain directory counts its entries (up to 1,001, `directory_sql.listed_count`) once per
content version, that is on the first request after any change of the municipality's public
data, which also drops SQLite's page cache. The only index that held the listed condition was
the scan index of 0003, whose entries carry the search text: the count walked ~65 pages for
Mannheim's 356 entries (~0.2–0.4 ms on that request). Here the listed condition's columns and
those of the kind, district and step-free filters (as 0011 holds them by id): the count reads
~3 pages, and the filters' counts by kind or step-free access no longer read each table row.
Not a partial index: SQLite plans a statement that binds `status = ?` against a partial
index's condition by the value bound, and then prepares it anew whenever it is bound again.
PostgreSQL keeps its plans.
"""

from django.db import migrations

INDEX = "network_organisation_listed"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON network_organisation"
            " (municipality_id, status, visibility, kind, district_id, wheelchair_accessible)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("network", "0013_organisation_by_name")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
