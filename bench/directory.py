"""The directory at 1,000 and at 100,000 organisations per municipality, measured side by side.

Builds two fresh databases: "small" with one municipality of 1,000 organisations, "large" with
four municipalities of 100,000 each (400,000 in all). Rows are written in bulk (organisations
with their search text, topics, languages, the search vocabulary); the search index is kept by
the database itself (SQLite: FTS5 triggers; PostgreSQL: the trigram GIN index).

Then, in-process with django.test.Client and the page cache cleared before every request, it
requests the same pages in both databases in turn (A, B, A, B …) and prints the median latency,
the ratio large/small and the number of queries of each page. Goal: ratio ≤ 1.5, no more
queries at the large size than at the small one.

Run: `.venv/bin/python bench/directory.py` (SQLite). With DATABASE_URL pointing to PostgreSQL,
the two databases are created there (as `<name>_bench_small` / `_large`) and dropped after.
Environment: BENCH_ROUNDS (default 30), BENCH_LARGE (default 100000), BENCH_SMALL (1000).
BENCH_KEEP=<directory>: build each database once and keep it (SQLite: the files in that
directory; PostgreSQL: the two databases, with a marker file in that directory), and reuse
them in later runs (only `migrate` runs on them again). Delete the directory (and on
PostgreSQL drop the databases) to build afresh, e.g. after changing BENCH_LARGE.
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SMALL = int(os.environ.get("BENCH_SMALL", "1000"))
LARGE = int(os.environ.get("BENCH_LARGE", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
MUNICIPALITIES = 4  # in the large database
KEEP = os.environ.get("BENCH_KEEP", "")
BATCH = 5000

PAGES = {
    "list": "/stadt-0/akteure/",
    "filter: sports clubs, step-free": "/stadt-0/akteure/?art=sports_club&barrierefrei=on",
    "filter: topic language, Arabic": "/stadt-0/akteure/?thema=language&sprache=ar",
    "filter: the same, education": "/stadt-0/akteure/?thema=language&sprache=ar&art=education",
    "search 'Kulturbrücke' (specific)": "/stadt-0/akteure/?q=Kulturbr%C3%BCcke",
    "search 'Sportvereine' (broad)": "/stadt-0/akteure/?q=Sportvereine",
    "search 'Sportverien' (typo)": "/stadt-0/akteure/?q=Sportverien",
    "organisation page": "/stadt-0/akteure/{pk}/",
}
GOAL_PAGES = ("list", "search 'Kulturbrücke' (specific)", "search 'Sportverien' (typo)")

# ---------------------------------------------------------------------------------------------
# Fictional data

PREFIXES = [
    "Sportverein", "Turnverein", "Kulturverein", "Förderverein", "Elternverein", "Frauenverein",
    "Jugendzentrum", "Nachbarschaftshilfe", "Begegnungsstätte", "Moscheegemeinde",
    "Kirchengemeinde", "Integrationsbüro", "Sprachschule", "Beratungsstelle", "Familienzentrum",
    "Kulturbrücke", "Musikschule", "Theatergruppe", "Seniorentreff", "Bildungswerk",
    "Migrationsberatung", "Fußballclub", "Schachclub", "Chor", "Tafel", "Initiative",
    "Arbeitskreis", "Netzwerk", "Stiftung", "Werkstatt",
]  # fmt: skip
PREFIX_WEIGHTS = [
    40,
    12,
    20,
    15,
    8,
    10,
    8,
    8,
    6,
    4,
    6,
    3,
    4,
    6,
    1,
    4,
    3,
    6,
    3,
    4,
    3,
    8,
    2,
    5,
    2,
    10,
    4,
    6,
    2,
    3,
]
ADJECTIVES = [
    "Deutsch-Türkischer", "Internationaler", "Interkultureller", "Afrikanischer",
    "Ukrainischer", "Syrischer", "Polnischer", "Italienischer", "Griechischer", "Freier",
    "Evangelischer", "Katholischer", "Alevitischer", "Kurdischer", "Russischsprachiger", "",
    "", "", "", "",
]  # fmt: skip
PLACES = [
    "Neckarstadt", "Lindenhof", "Jungbusch", "Waldhof", "Käfertal", "Feudenheim", "Sandhofen",
    "Schönau", "Rheinau", "Neckarau", "Seckenheim", "Friedrichsfeld", "Vogelstang", "Wallstadt",
    "Almenhof", "Oststadt", "Schwetzingerstadt", "Innenstadt", "Hochstätt", "Luzenberg",
]  # fmt: skip
NAMES = [
    "Horizont", "Brücke", "Miteinander", "Zusammenhalt", "Vielfalt", "Leuchtturm", "Regenbogen",
    "Sonnenblick", "Weitblick", "Kompass", "Anker", "Aufbruch", "Begegnung", "Heimat",
    "Zukunft", "Funkenflug", "Morgenrot", "Lichtblick", "Wegweiser", "Treffpunkt",
]  # fmt: skip
SENTENCES = [
    "Wir bieten Sprachkurse für Erwachsene und Kinder an.",
    "Beratung zu Aufenthalt, Arbeit und Ausbildung in mehreren Sprachen.",
    "Unser Verein organisiert Feste, Ausflüge und Begegnungen im Stadtteil.",
    "Training für Kinder und Jugendliche, Mädchen und Jungen, jeden Dienstag.",
    "Hausaufgabenhilfe und Nachhilfe durch ehrenamtliche Helferinnen und Helfer.",
    "Wir begleiten Geflüchtete bei Behördengängen und Arztbesuchen.",
    "Offener Treff für Frauen mit Kinderbetreuung.",
    "Interreligiöser Dialog, Führungen und Gesprächsabende.",
    "Musik, Tanz und Theater aus vielen Ländern.",
    "Unterstützung bei der Wohnungssuche und bei Fragen zur Miete.",
    "Gesundheitsberatung und Vorträge in einfacher Sprache.",
    "Bewerbungstraining und Begleitung in den Beruf.",
]  # fmt: skip
KINDS = [
    "association", "migrant_organisation", "religious_community", "welfare", "sports_club",
    "cultural_institution", "education", "company", "public_institution", "other",
]  # fmt: skip
TOPICS = [
    "language", "education", "work", "counselling", "housing", "health", "family", "youth",
    "women", "seniors", "sports", "culture", "religion", "anti_discrimination", "democracy",
    "volunteering", "refugees",
]  # fmt: skip
LANGUAGES = ["de", "en", "ar", "fa", "tr", "uk", "ru", "pl", "ro", "bg", "it", "el", "ku"]
KIND_OF_PREFIX = {
    "Sportverein": "sports_club", "Turnverein": "sports_club", "Fußballclub": "sports_club",
    "Schachclub": "sports_club", "Moscheegemeinde": "religious_community",
    "Kirchengemeinde": "religious_community", "Sprachschule": "education",
    "Bildungswerk": "education", "Musikschule": "education", "Beratungsstelle": "welfare",
    "Migrationsberatung": "welfare", "Tafel": "welfare", "Integrationsbüro": "public_institution",
    "Kulturverein": "cultural_institution", "Theatergruppe": "cultural_institution",
    "Kulturbrücke": "cultural_institution",
}  # fmt: skip


def fake_organisations(rng: random.Random, count: int) -> list[dict[str, Any]]:
    rows = []
    for _n in range(count):
        prefix = rng.choices(PREFIXES, PREFIX_WEIGHTS)[0]
        adjective = rng.choice(ADJECTIVES)
        place = rng.choice(PLACES)
        name = " ".join(part for part in (adjective, prefix, rng.choice(NAMES), place) if part)
        if rng.random() < 0.6:
            name += " e. V."
        description = {"de": " ".join(rng.sample(SENTENCES, 2))}
        if rng.random() < 0.3:
            description["en"] = "We welcome everyone, whatever their language or origin."
        rows.append(
            {
                "name": name,
                "kind": KIND_OF_PREFIX.get(prefix) or rng.choice(KINDS),
                "street": f"{rng.choice(NAMES)}straße {rng.randint(1, 150)}",
                "postal_code": f"68{rng.randint(100, 399)}",
                "city": "Musterstadt",
                "description": description,
                "latitude": round(49.40 + rng.random() * 0.18, 6),
                "longitude": round(8.40 + rng.random() * 0.20, 6),
                "wheelchair_accessible": rng.random() < 0.5,
                "public_email": f"kontakt{_n}@example.org" if rng.random() < 0.6 else "",
                "topics": rng.sample(TOPICS, rng.randint(1, 3)),
                "languages": ["de", *rng.sample(LANGUAGES[1:], rng.randint(0, 2))],
                "status": "published" if rng.random() < 0.92 else "in_review",
                "visibility": "public" if rng.random() < 0.95 else "internal",
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Worker: one database, built and measured in its own process


ORGANISATION_COLUMNS = (
    "id", "municipality_id", "name", "kind", "description", "street", "postal_code", "city",
    "district_id", "latitude", "longitude", "wheelchair_accessible", "public_email",
    "public_phone", "website", "logo", "visibility", "status", "is_example",
    "requested_by_name", "requested_by_email", "requested_language",
    "email_confirmed_at", "published_at",
    "search_text", "created_at", "updated_at",
)  # fmt: skip


def insert(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Rows straight into a table: COPY on PostgreSQL, executemany on SQLite. Much faster
    than the ORM's bulk_create for millions of rows, and what a bulk import would do."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def build(per_municipality: int, municipalities: int, label: str) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from querschnitt.core.models import Municipality
    from querschnitt.network.models import District
    from querschnitt.network.search import (
        listed_words_fold,
        search_text_from,
        search_vocabulary_rebuild,
    )

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    built = Path(os.environ["QS_VAR_DIR"]) / f"{label}.built.json"
    if KEEP and built.exists():
        return json.loads(built.read_text())
    rng = random.Random(20161005)
    now = timezone.now()
    next_id = {"organisation": 1, "topic": 1, "language": 1}
    with scopes_disabled():
        for index in range(municipalities):
            municipality = Municipality.objects.create(
                slug=f"stadt-{index}",
                name=f"Musterstadt {index}",
                ags=f"{9_000_000 + index:08d}",
                state="BW",
                office_name="Integrationsbüro",
            )
            districts = [
                district.pk
                for district in District.objects.bulk_create(
                    District(municipality=municipality, name=place) for place in PLACES
                )
            ]
            remaining = per_municipality
            while remaining:
                size = min(BATCH, remaining)
                remaining -= size
                organisations, topics, languages = [], [], []
                for row in fake_organisations(rng, size):
                    pk = next_id["organisation"]
                    next_id["organisation"] += 1
                    search_text = search_text_from(
                        name=row["name"],
                        street=row["street"],
                        postal_code=row["postal_code"],
                        city=row["city"],
                        description=row["description"],
                    )
                    published = now if row["status"] == "published" else None
                    organisations.append(
                        (
                            pk,
                            municipality.pk,
                            row["name"],
                            row["kind"],
                            json.dumps(row["description"]),
                            row["street"],
                            row["postal_code"],
                            row["city"],
                            rng.choice(districts),
                            row["latitude"],
                            row["longitude"],
                            row["wheelchair_accessible"],
                            row["public_email"],
                            "",
                            "",
                            "",
                            row["visibility"],
                            row["status"],
                            True,
                            "",
                            "",
                            "",
                            None,
                            published,
                            search_text,
                            now,
                            now,
                        )
                    )
                    for topic in row["topics"]:
                        topics.append((next_id["topic"], municipality.pk, pk, topic))
                        next_id["topic"] += 1
                    for language in row["languages"]:
                        languages.append((next_id["language"], municipality.pk, pk, language))
                        next_id["language"] += 1
                with transaction.atomic():
                    insert("network_organisation", ORGANISATION_COLUMNS, organisations)
                    columns = ("id", "municipality_id", "organisation_id")
                    insert("network_organisationtopic", (*columns, "topic"), topics)
                    insert("network_organisationlanguage", (*columns, "language"), languages)
            search_vocabulary_rebuild(municipality_id=municipality.pk)
    listed_words_fold()  # as a bulk loader does (PostgreSQL: one row of counts a word)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("organisation", "organisationtopic", "organisationlanguage"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('network_{table}', 'id'), "
                    f"(SELECT max(id) FROM network_{table}))"
                )
        # What a production database does by itself (autovacuum) or its operator once after a
        # bulk load: statistics for the query planner, and on PostgreSQL the GIN index's list
        # of pending entries merged into the index.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    result = {"seconds": time.perf_counter() - started}
    if KEEP:
        built.write_text(json.dumps(result))
    return result


def measure_one(client: Any, path: str) -> tuple[float, int, int, float]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from querschnitt.core import selectors

    cache.clear()
    selectors._recent.clear()
    with CaptureQueriesContext(connection) as queries:
        started, cpu_started = time.perf_counter(), time.thread_time()
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        elapsed, cpu = time.perf_counter() - started, time.thread_time() - cpu_started
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return elapsed, len(queries), len(response.content), cpu


def worker(label: str, per_municipality: int, municipalities: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "querschnitt.settings")
    sys.path.insert(0, str(ROOT / "src"))
    django.setup()
    from django.db import connection
    from django.test import Client
    from django_scopes import scopes_disabled

    from querschnitt.network.models import Organisation

    built = build(per_municipality, municipalities, label)
    with scopes_disabled():
        pk = (
            Organisation.objects.filter(
                municipality__slug="stadt-0", status="published", visibility="public"
            )
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        total = Organisation.objects.count()
    client = Client()
    paths = {name: path.format(pk=pk) for name, path in PAGES.items()}
    for path in paths.values():  # warm up: imports, templates, the database's cache
        for _n in range(3):
            measure_one(client, path)
    print(json.dumps({"ready": label, "build_seconds": built["seconds"], "total": total}))
    sys.stdout.flush()
    # Then measure one round whenever the parent asks (interleaving the two databases).
    for line in sys.stdin:
        if line.strip() != "round":
            break
        result = {}
        for name, path in paths.items():
            elapsed, count, _size, cpu = measure_one(client, path)
            result[name] = [elapsed, count, cpu]
        print(json.dumps(result))
        sys.stdout.flush()
    connection.close()


# ---------------------------------------------------------------------------------------------
# Parent: start both workers, interleave rounds, print


def database_env(label: str, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    url = os.environ.get("DATABASE_URL", "")
    env["QS_VAR_DIR"] = str(workdir)
    env["QS_ALLOWED_HOSTS"] = "testserver"
    if url.startswith("postgres"):
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(url)
        base = parts.path.lstrip("/") or os.environ.get("PGDATABASE", "querschnitt")
        env["BENCH_DATABASE"] = f"{base}_bench_{label}"
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + env["BENCH_DATABASE"]))
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir}/{label}.sqlite3"
    return env


def postgres(env: dict[str, str], statement: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True) as connection:
        connection.execute(statement.format(name=env["BENCH_DATABASE"]))  # type: ignore[arg-type]


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if KEEP:
        workdir = Path(KEEP)
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="querschnitt-bench-directory-"))
    setups = {"small": (SMALL, 1), "large": (LARGE, MUNICIPALITIES)}
    envs = {label: database_env(label, workdir) for label in setups}
    if on_postgres:
        for label, env in envs.items():
            if KEEP and (workdir / f"{label}.built.json").exists():
                continue
            postgres(env, 'DROP DATABASE IF EXISTS "{name}"')
            postgres(env, 'CREATE DATABASE "{name}"')
    workers = {}
    info = {}
    try:
        for label, (per_municipality, municipalities) in setups.items():
            workers[label] = subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    label,
                    str(per_municipality),
                    str(municipalities),
                ],
                cwd=ROOT,
                env=envs[label],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            # One after the other: building is heavy, and the machine has two cores.
            info[label] = json.loads(workers[label].stdout.readline())  # type: ignore[union-attr]
        results: dict[str, dict[str, list[float]]] = {label: {} for label in setups}
        cpu_times: dict[str, dict[str, list[float]]] = {label: {} for label in setups}
        counts: dict[str, dict[str, set[int]]] = {label: {} for label in setups}
        for _round in range(ROUNDS):
            for label, process in workers.items():
                process.stdin.write("round\n")  # type: ignore[union-attr]
                process.stdin.flush()  # type: ignore[union-attr]
                answer = json.loads(process.stdout.readline())  # type: ignore[union-attr]
                for name, (elapsed, count, cpu) in answer.items():
                    results[label].setdefault(name, []).append(elapsed)
                    cpu_times[label].setdefault(name, []).append(cpu)
                    counts[label].setdefault(name, set()).add(count)
        for process in workers.values():
            process.stdin.close()  # type: ignore[union-attr]
            process.wait(timeout=60)
    finally:
        for process in workers.values():
            if process.poll() is None:
                process.kill()
        if on_postgres and not KEEP:
            for env in envs.values():
                postgres(env, 'DROP DATABASE IF EXISTS "{name}"')
        if not KEEP:
            shutil.rmtree(workdir, ignore_errors=True)  # the large SQLite database is ~1 GB
    vendor = "PostgreSQL" if on_postgres else "SQLite"
    small, large = info["small"], info["large"]
    print(
        f"\n{vendor}: small = {SMALL:,} organisations in one municipality "
        f"({small['total']:,} in the database, built in {small['build_seconds']:.0f} s); "
        f"large = {LARGE:,} in the measured municipality ({large['total']:,} in the "
        f"database, {MUNICIPALITIES} municipalities, built in {large['build_seconds']:.0f} s)"
    )
    print(f"median of {ROUNDS} requests each, in-process (django.test.Client), page cache off\n")
    print(
        "CPU: of the measuring thread, so the database's work on SQLite only (PostgreSQL's"
        " server is another process); under load, trust it more than the latency\n"
    )
    print(
        f"{'page':<36} {'small ms':>9} {'large ms':>9} {'ratio':>6} {'queries':>9}"
        f" {'small CPU':>10} {'large CPU':>10} {'ratio':>6}"
    )
    failures = []
    for name in PAGES:
        small_ms = statistics.median(results["small"][name]) * 1000
        large_ms = statistics.median(results["large"][name]) * 1000
        ratio = large_ms / small_ms
        queries_small, queries_large = counts["small"][name], counts["large"][name]
        shown = "/".join(str(q) for q in sorted(queries_small | queries_large))
        # fewer at the large size is fine (a frequent word's kept count spares the candidates)
        grows = max(queries_large) > max(queries_small) or len(queries_large) > 1
        mark = "  (more queries at the large size!)" if grows else ""
        small_cpu = statistics.median(cpu_times["small"][name]) * 1000
        large_cpu = statistics.median(cpu_times["large"][name]) * 1000
        print(
            f"{name:<36} {small_ms:>9.1f} {large_ms:>9.1f} {ratio:>6.2f} {shown:>9}"
            f" {small_cpu:>10.1f} {large_cpu:>10.1f} {large_cpu / small_cpu:>6.2f}{mark}"
        )
        if name in GOAL_PAGES and (ratio > 1.5 or grows):
            failures.append(name)
    print(
        "\ngoal: ratio ≤ 1.5 and no more queries at the large size for "
        + ", ".join(GOAL_PAGES)
        + (": met" if not failures else f": NOT met for {', '.join(failures)}")
    )


if __name__ == "__main__":
    main()
