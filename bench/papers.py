"""The public paper search at 1,000 and at 100,000 papers, measured side by side.

Builds two fresh databases, "small" with 1,000 papers and "large" with 100,000, each paper
public and published, on the path of one of eight bodies, with a main document whose text
(like a PDF's, about seventy distinct words) is part of its search text. Rows are written in
bulk; the search index is kept by the database (SQLite: FTS5 triggers; PostgreSQL: the trigram
GIN index). A few words occur in a handful of papers at both sizes ("specific"), one in nearly
every paper ("broad").

Then, in-process with django.test.Client, it requests the same searches in both databases in
turn (A, B, A, B …) and prints the median latency, the ratio large/small and the queries of
each request. Goal: ratio ≤ 1.5, equal query counts.

Run: `.venv/bin/python bench/papers.py` (SQLite). With DATABASE_URL pointing to PostgreSQL,
the databases are created there (`<name>_bench_papers_small` / `_large`) and dropped after.
Environment: BENCH_ROUNDS (default 20), BENCH_LARGE (100000), BENCH_SMALL (1000).
"""

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SMALL = int(os.environ.get("BENCH_SMALL", "1000"))
LARGE = int(os.environ.get("BENCH_LARGE", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
BATCH = 5000
SLUG = "stadt-0"

SEARCHES = {
    "list, newest first": "/stadt-0/vorlagen/",
    "words in a PDF, specific ('Dolmetscherpool')": "/stadt-0/vorlagen/?q=Dolmetscherpool",
    "words in a PDF, broad ('Integration')": "/stadt-0/vorlagen/?q=Integration",
    "two words ('Sprachkurse Kinderbetreuung')": "/stadt-0/vorlagen/?q=Sprachkurse+Kinderbetreuung",
    "reference": "/stadt-0/vorlagen/?reference=V+2021%2F{reference}",
    "body and type": "/stadt-0/vorlagen/?body={body}&type=motion",
    "date range": "/stadt-0/vorlagen/?date_from=2022-03-01&date_to=2022-03-31",
}
GOAL = (
    "words in a PDF, specific ('Dolmetscherpool')",
    "words in a PDF, broad ('Integration')",
    "list, newest first",
)

WORDS = [
    "Integration",
    "Sprachkurse",
    "Kinderbetreuung",
    "Beratung",
    "Ausbildung",
    "Arbeitsmarkt",
    "Wohnraum",
    "Gesundheit",
    "Schule",
    "Eltern",
    "Jugendliche",
    "Senioren",
    "Ehrenamt",
    "Vereine",
    "Förderung",
    "Zuschuss",
    "Haushalt",
    "Konzept",
    "Bericht",
    "Stellungnahme",
    "Antrag",
    "Beschluss",
    "Verwaltung",
    "Stadtteil",
    "Quartier",
    "Begegnung",
    "Nachbarschaft",
    "Teilhabe",
    "Chancengleichheit",
    "Antidiskriminierung",
    "Willkommenskultur",
    "Erstorientierung",
    "Migrationsberatung",
    "Anerkennung",
    "Abschlüsse",
    "Qualifizierung",
    "Sprachförderung",
    "Kita",
    "Grundschule",
    "Berufsschule",
    "Weiterbildung",
    "Mentoring",
    "Patenschaften",
    "Sport",
    "Kultur",
    "Religion",
    "Dialog",
    "Moschee",
    "Kirche",
    "Synagoge",
    "Frauen",
    "Familie",
    "Gleichstellung",
    "Flucht",
    "Unterkunft",
    "Wohnungen",
    "Mietrecht",
    "Jobcenter",
    "Agentur",
    "Betriebe",
    "Praktikum",
    "Fachkräfte",
    "Pflege",
    "Ärzte",
    "Dolmetscher",
    "Übersetzung",
    "Leichte",
    "Sprache",
    "Digitalisierung",
    "Bibliothek",
    "Museum",
    "Theater",
    "Musik",
    "Fest",
    "Markt",
    "Sicherheit",
    "Prävention",
    "Demokratie",
    "Beteiligung",
    "Wahl",
    "Beirat",
    "Ausschuss",
    "Gemeinderat",
    "Stadtrat",
    "Controlling",
    "Kennzahlen",
    "Monitoring",
    "Zielgruppen",
    "Evaluation",
    "Maßnahmen",
    "Projekte",
    "Träger",
    "Netzwerk",
]
SPECIFIC = ("Dolmetscherpool", "Honorarkalkulation", "Sprachpatenschaften")


def paper_text(rng: random.Random, index: int) -> str:
    words = rng.sample(WORDS, 60)
    if "Integration" not in words and rng.random() < 0.97:
        words.append("Integration")
    if index % 20_000 == 7:
        words.append(rng.choice(SPECIFIC[:1]))
    return " ".join(words)


def insert(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Rows straight into a table: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


PAPER_COLUMNS = (
    "id", "created_at", "modified_at", "municipality_id", "reference", "name", "paper_type",
    "date", "public", "published_at", "summary", "originator_department_id", "superordinate_id",
    "search_text",
)  # fmt: skip
FILE_COLUMNS = (
    "id", "created_at", "modified_at", "municipality_id", "name", "file", "file_name",
    "mime_type", "size", "sha512", "text", "text_state", "date", "public", "role", "paper_id",
    "meeting_id", "agenda_item_id",
)  # fmt: skip
STEP_COLUMNS = (
    "id", "created_at", "modified_at", "municipality_id", "paper_id", "body_id",
    "agenda_item_id", "role", "authoritative", "\"order\"",
)  # fmt: skip


def build(papers: int) -> dict[str, Any]:
    """One municipality with eight bodies and `papers` papers, each with a document."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from querschnitt.bodies.models import Body
    from querschnitt.bodies.search import search_text_from
    from querschnitt.core.models import Municipality

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(20240501)
    now = timezone.now()
    with scopes_disabled():
        municipality = Municipality.objects.create(
            slug=SLUG, name="Musterstadt", ags="09000000", state="BW", office_name="Büro"
        )
        bodies = [
            Body.objects.create(
                municipality=municipality,
                name=f"Gremium {n}",
                slug=f"gremium-{n}",
                kind="committee",
            ).pk
            for n in range(8)
        ]
    kinds = ("submission", "motion", "inquiry", "communication")
    first_day = date(2021, 1, 1)
    done = 0
    while done < papers:
        size = min(BATCH, papers - done)
        paper_rows, file_rows, step_rows = [], [], []
        for index in range(done, done + size):
            pk = index + 1
            text = paper_text(rng, index)
            reference = f"V {2021 + index // 40_000}/{index % 40_000:05d}"
            name = f"{rng.choice(WORDS)} und {rng.choice(WORDS)} im Stadtteil"
            paper_rows.append(
                (
                    pk, now, now, municipality.pk, reference, name, rng.choice(kinds),
                    first_day + timedelta(days=index * 1500 // max(papers, 1)), True, now, "",
                    None, None,
                    search_text_from(title=name, reference=reference, texts=["Vorlage", text]),
                )
            )  # fmt: skip
            file_rows.append(
                (
                    pk, now, now, municipality.pk, "Vorlage", f"{SLUG}/bench/{pk}.pdf",
                    f"{pk}.pdf", "application/pdf", 20_000, "0" * 128, text, "done",
                    None, True, "main", pk, None, None,
                )
            )  # fmt: skip
            step_rows.append(
                (pk, now, now, municipality.pk, pk, rng.choice(bodies), None, "decision", True, 1)
            )
        with transaction.atomic():
            insert("bodies_paper", PAPER_COLUMNS, paper_rows)
            insert("bodies_file", FILE_COLUMNS, file_rows)
            insert("bodies_consultation", STEP_COLUMNS, step_rows)
        done += size
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("paper", "file", "consultation"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('bodies_{table}', 'id'), "
                    f"(SELECT max(id) FROM bodies_{table}))"
                )
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"seconds": time.perf_counter() - started, "bodies": bodies}


def measure_one(client: Any, path: str) -> tuple[float, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from querschnitt.core import selectors

    cache.clear()
    selectors._recent.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return elapsed, len(queries)


def setup_django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "querschnitt.settings")
    sys.path.insert(0, str(ROOT / "src"))
    django.setup()


def worker(label: str, papers: int) -> None:
    setup_django()
    from django.test import Client

    built = build(papers)
    paths = {
        name: path.format(reference=f"{(papers // 2) % 40_000:05d}", body=built["bodies"][0])
        for name, path in SEARCHES.items()
    }
    client = Client()
    for path in paths.values():
        for _n in range(3):
            measure_one(client, path)
    print(json.dumps({"ready": label, "build_seconds": built["seconds"], "papers": papers}))
    sys.stdout.flush()
    for line in sys.stdin:
        if line.strip() != "round":
            break
        print(json.dumps({name: measure_one(client, path) for name, path in paths.items()}))
        sys.stdout.flush()


def database_env(label: str, workdir: Path, bench: str) -> dict[str, str]:
    env = dict(os.environ)
    url = os.environ.get("DATABASE_URL", "")
    env["QS_VAR_DIR"] = str(workdir)
    env["QS_ALLOWED_HOSTS"] = "testserver"
    if url.startswith("postgres"):
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(url)
        base = parts.path.lstrip("/") or os.environ.get("PGDATABASE", "querschnitt")
        env["BENCH_DATABASE"] = f"{base}_bench_{bench}_{label}"
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + env["BENCH_DATABASE"]))
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir}/{label}.sqlite3"
    return env


def postgres(env: dict[str, str], statement: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True) as connection:
        connection.execute(statement.format(name=env["BENCH_DATABASE"]))  # type: ignore[arg-type]


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]))
        return
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    workdir = Path(tempfile.mkdtemp(prefix="querschnitt-bench-papers-"))
    sizes = {"small": SMALL, "large": LARGE}
    envs = {label: database_env(label, workdir, "papers") for label in sizes}
    if on_postgres:
        for env in envs.values():
            postgres(env, 'DROP DATABASE IF EXISTS "{name}"')
            postgres(env, 'CREATE DATABASE "{name}"')
    workers: dict[str, subprocess.Popen[str]] = {}
    try:
        for label, papers in sizes.items():
            workers[label] = subprocess.Popen(
                [sys.executable, __file__, "--worker", label, str(papers)],
                cwd=ROOT,
                env=envs[label],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        for label, process in workers.items():
            assert process.stdout is not None
            ready = json.loads(process.stdout.readline())
            print(f"{label}: {ready['papers']} papers, built in {ready['build_seconds']:.0f} s")
        times: dict[str, dict[str, list[float]]] = {label: {} for label in workers}
        queries: dict[str, dict[str, int]] = {label: {} for label in workers}
        for _round in range(ROUNDS):
            for label, process in workers.items():
                assert process.stdin is not None
                assert process.stdout is not None
                process.stdin.write("round\n")
                process.stdin.flush()
                for name, (elapsed, count) in json.loads(process.stdout.readline()).items():
                    times[label].setdefault(name, []).append(elapsed)
                    queries[label][name] = count
        database = "PostgreSQL" if on_postgres else "SQLite"
        print(f"\nPaper search, {database}, median of {ROUNDS} interleaved rounds")
        print(f"{'request':48} {'small ms':>9} {'large ms':>9} {'ratio':>6} {'queries':>8}")
        for name in SEARCHES:
            small = statistics.median(times["small"][name]) * 1000
            large = statistics.median(times["large"][name]) * 1000
            mark = " (goal ≤ 1.5)" if name in GOAL else ""
            counts = f"{queries['small'][name]}/{queries['large'][name]}"
            print(f"{name:48} {small:9.1f} {large:9.1f} {large / small:6.2f} {counts:>8}{mark}")
    finally:
        for process in workers.values():
            if process.stdin:
                process.stdin.close()
            process.wait(timeout=120)
        if on_postgres:
            for env in envs.values():
                postgres(env, 'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
