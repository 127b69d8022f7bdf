"""PostgreSQL: the trigram index of the search texts leads with the municipality.

Every search is scoped to one municipality. The trigram index of 0002 answered for all of them
at once: a broad word ("sportverein", a fifth of all entries) made a bitmap of its matches in
every municipality, each then read from the table and checked, before the first page was
counted. With the municipality as the index's first column (`btree_gin`, a trusted extension
like pg_trgm: the owner of the database may create it) the index yields only the matches of
the municipality asked for. SQLite keeps its FTS5 table (0002) and needs nothing here.
"""

from django.db import migrations

INDEX = "network_organisation_search_municipality_trgm"
OLD_INDEX = "network_organisation_search_trgm"

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON network_organisation "
    "USING gin (municipality_id, search_text gin_trgm_ops)",
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
]
POSTGRESQL_BACKWARD = [
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON network_organisation "
    "USING gin (search_text gin_trgm_ops)",
    f"DROP INDEX IF EXISTS {INDEX}",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("network", "0008_merge_search_words_and_personal_data")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
