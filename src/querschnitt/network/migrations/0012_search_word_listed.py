"""How many publicly listed organisations of a municipality hold each word of the search texts.

A search for one frequent word ("sportverein", a fifth of all entries) has more matches than
the directory counts (1,000): its count read a thousand and one candidates through the search
index, a cost that grew with the number of matches. A word held by more than a thousand listed
organisations tells "more than 1,000" by itself (see search.py, "Listed organisations of a
word"), one row read by its key.

The table is kept by the database itself (triggers on the organisations, in the transaction
of every write: services, imports, bulk loaders, deletions), so no code path can forget it:
an organisation counts for each distinct word of its search text while it is published and
public. Rows may reach zero; they are not removed. The existing organisations are counted
here.
"""

from django.db import migrations

TABLE = "network_search_word_listed"
LISTED = "{row}.status = 'published' AND {row}.visibility = 'public'"

# SQLite: the words of a search text as a JSON array (words hold letters and digits only, see
# search.WORD); a text that is not such a list counts nothing rather than failing the write.
SQLITE_ARRAY = (
    "CASE WHEN {row}.search_text GLOB '*[\\\"]*' THEN '[]'"
    " ELSE '[\"' || REPLACE(TRIM({row}.search_text), ' ', '\",\"') || '\"]' END"
)
SQLITE_JSON = "json_each(CASE WHEN json_valid({array}) THEN {array} ELSE '[]' END)"
SQLITE_WORD = "value NOT IN ('', '|', '||')"


def _sqlite_each(row: str) -> str:
    array = SQLITE_ARRAY.format(row=row)
    return SQLITE_JSON.format(array=array)


def _sqlite_words(row: str) -> str:
    return f"SELECT DISTINCT value AS word FROM {_sqlite_each(row)} WHERE {SQLITE_WORD}"


def _sqlite_add(row: str) -> str:
    return (
        f"INSERT INTO {TABLE} (municipality_id, word, organisations)"
        f" SELECT {row}.municipality_id, word, 1 FROM ({_sqlite_words(row)})"
        f" WHERE {LISTED.format(row=row)}"
        " ON CONFLICT (municipality_id, word) DO UPDATE SET organisations = organisations + 1;"
    )


def _sqlite_remove(row: str) -> str:
    return (
        f"UPDATE {TABLE} SET organisations = organisations - 1"
        f" WHERE {LISTED.format(row=row)} AND municipality_id = {row}.municipality_id"
        f" AND word IN ({_sqlite_words(row)});"
    )


CHANGED = (
    "old.search_text IS NOT new.search_text OR old.status IS NOT new.status"
    " OR old.visibility IS NOT new.visibility OR old.municipality_id IS NOT new.municipality_id"
)
SQLITE_FORWARD = [
    f"""CREATE TABLE {TABLE} (
        municipality_id bigint NOT NULL,
        word text NOT NULL,
        organisations integer NOT NULL,
        PRIMARY KEY (municipality_id, word)
    ) WITHOUT ROWID""",
    f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON network_organisation
        WHEN {LISTED.format(row="new")} BEGIN {_sqlite_add("new")} END""",
    f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON network_organisation
        WHEN {LISTED.format(row="old")} BEGIN {_sqlite_remove("old")} END""",
    f"""CREATE TRIGGER {TABLE}_update AFTER UPDATE ON network_organisation
        WHEN {CHANGED} BEGIN {_sqlite_remove("old")} {_sqlite_add("new")} END""",
    f"""INSERT INTO {TABLE} (municipality_id, word, organisations)
        SELECT o.municipality_id, value, COUNT(DISTINCT o.id) FROM network_organisation o,
        {_sqlite_each("o")} WHERE {LISTED.format(row="o")} AND {SQLITE_WORD}
        GROUP BY o.municipality_id, value""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TABLE IF EXISTS {TABLE}",
]

POSTGRESQL_WORDS = (
    "SELECT DISTINCT word FROM regexp_split_to_table({row}.search_text, ' ') AS word"
    " WHERE word NOT IN ('', '|', '||')"
)
# PostgreSQL: every change is added as rows of +1 and -1 (summed when read, folded by the job
# `network.fold_listed_words`), never by updating a shared row: the rows of common words ("und",
# the city's name) would otherwise be locked by every write in the municipality until its
# commit, and two writes taking them in different orders would deadlock.
POSTGRESQL_CHANGE = (
    "INSERT INTO {table} (municipality_id, word, organisations)"
    " SELECT municipality_id, word, SUM(change) FROM ({changes}) changes"
    " GROUP BY municipality_id, word HAVING SUM(change) <> 0;"
)
POSTGRESQL_ROWS = "SELECT {row}.municipality_id, word, {change} AS change FROM ({words}) words"


def _postgresql_rows(row: str, change: int, *, listed: bool = False) -> str:
    rows = POSTGRESQL_ROWS.format(row=row, change=change, words=POSTGRESQL_WORDS.format(row=row))
    return f"{rows} WHERE {LISTED.format(row=row)}" if listed else rows


def _postgresql_change(*rows: str) -> str:
    return POSTGRESQL_CHANGE.format(table=TABLE, changes=" UNION ALL ".join(rows))


POSTGRESQL_FORWARD = [
    f"""CREATE TABLE {TABLE} (
        municipality_id bigint NOT NULL,
        word text NOT NULL,
        organisations integer NOT NULL
    )""",
    f"CREATE INDEX {TABLE}_word ON {TABLE} (municipality_id, word)",
    f"""CREATE FUNCTION {TABLE}_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            {_postgresql_change(_postgresql_rows("OLD", -1, listed=True), _postgresql_rows("NEW", 1, listed=True))}
        ELSIF TG_OP = 'DELETE' THEN
            {_postgresql_change(_postgresql_rows("OLD", -1))}
        ELSE
            {_postgresql_change(_postgresql_rows("NEW", 1))}
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION {TABLE}_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM {TABLE};
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON network_organisation
        FOR EACH ROW WHEN ({LISTED.format(row="NEW")}) EXECUTE FUNCTION {TABLE}_keep()""",
    f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON network_organisation
        FOR EACH ROW WHEN ({LISTED.format(row="OLD")}) EXECUTE FUNCTION {TABLE}_keep()""",
    f"""CREATE TRIGGER {TABLE}_update AFTER UPDATE ON network_organisation FOR EACH ROW
        WHEN ({CHANGED.replace("IS NOT", "IS DISTINCT FROM").replace("old.", "OLD.").replace("new.", "NEW.")})
        EXECUTE FUNCTION {TABLE}_keep()""",
    # TRUNCATE (Django's flush of a test database) fires no row triggers
    f"""CREATE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON network_organisation
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_clear()""",
    f"""INSERT INTO {TABLE} (municipality_id, word, organisations)
        SELECT o.municipality_id, word, COUNT(*) FROM network_organisation o,
        LATERAL ({POSTGRESQL_WORDS.format(row="o")}) words WHERE {LISTED.format(row="o")}
        GROUP BY o.municipality_id, word""",
]
POSTGRESQL_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_truncate ON network_organisation",
    f"DROP TRIGGER IF EXISTS {TABLE}_update ON network_organisation",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete ON network_organisation",
    f"DROP TRIGGER IF EXISTS {TABLE}_insert ON network_organisation",
    f"DROP FUNCTION IF EXISTS {TABLE}_clear()",
    f"DROP FUNCTION IF EXISTS {TABLE}_keep()",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}.get(vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}.get(
        vendor, []
    ):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("network", "0011_listed_by_id")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
