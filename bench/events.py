"""The calendar at 1,000 and at 100,000 events per municipality, and the iCalendar feed of
1,000 and 10,000 events, measured side by side in one run.

Builds one fresh SQLite database (a temporary file) with a small and a large municipality,
events and their dates written in bulk (a quarter of them repeating weekly with four dates).
Then, in-process with django.test.Client and the page cache cleared before every request, it
requests the same pages of both municipalities in turn (A, B, A, B …) and prints the median
latency, the ratio large/small and the number of queries. Goal: ratio ≤ 1.5, equal queries.
For the feed it prints the time to the first byte, the whole time and the peak of memory
allocated while streaming (tracemalloc): the peak must not grow with the number of events.

Run: `.venv/bin/python bench/events.py`. Environment: BENCH_SMALL (default 1000),
BENCH_LARGE (100000), BENCH_FEED (10000), BENCH_ROUNDS (20), BENCH_FEED_ROUNDS (3).
"""

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SMALL = int(os.environ.get("BENCH_SMALL", "1000"))
LARGE = int(os.environ.get("BENCH_LARGE", "100000"))
FEED = int(os.environ.get("BENCH_FEED", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
FEED_ROUNDS = int(os.environ.get("BENCH_FEED_ROUNDS", "3"))

PAGES = {
    "list": "/{slug}/veranstaltungen/",
    "list, filtered (language, free)": "/{slug}/veranstaltungen/?sprache=tr&kostenlos=on",
    "month view": "/{slug}/veranstaltungen/monat/?monat={month}",
    "next date (JSON)": "/{slug}/veranstaltungen/naechster-termin.json",
}


def setup(workdir: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench-events.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "querschnitt.settings"
    os.environ["QS_ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def insert(model: Any, template: Any, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (the fields that differ) into `model`'s table, every other column as in
    `template`: the values are prepared once per column, not once per row and field as
    bulk_create does (which made 100,000 events take minutes)."""
    from django.db import connection

    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    base = {
        field.attname: field.get_db_prep_save(field.pre_save(template, add=True), connection)
        for field in fields
    }
    varying = {name: model._meta.get_field(name) for name in rows[0]}
    columns = [field.column for field in fields]
    names = [field.attname for field in fields]
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    prepared = (
        base
        | {
            varying[name].attname: varying[name].get_db_prep_save(value, connection)
            for name, value in row.items()
        }
        for row in rows
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[values[name] for name in names] for values in prepared])


def build(slug: str, count: int) -> None:
    """A municipality with `count` published events over the next year, a quarter of them
    repeating weekly with four dates, ten formats."""
    from django.db import transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from querschnitt.core.models import Municipality
    from querschnitt.events.models import Event, EventDate, Format

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with scopes_disabled(), transaction.atomic():
        municipality = Municipality.objects.create(
            slug=slug,
            name=f"Musterstadt {slug}",
            ags=f"{9_100_000 + sum(map(ord, slug)):08d}",
            state="BW",
            office_name="Integrationsbüro",
        )
        formats = Format.objects.bulk_create(
            Format(municipality=municipality, name=f"Format {n}", slug=f"format-{n}")
            for n in range(10)
        )
        template = Event(
            municipality=municipality,
            description={"de": "Treffen, Austausch und Information."},
            state=Event.State.PUBLISHED,
            published_at=now,
            start=now,
            end=now,
            place_name="Stadthaus",
            locality="Musterstadt",
        )
        insert(
            Event,
            template,
            [
                {
                    "title": {"de": f"Veranstaltung {n}"},
                    "format": formats[n % 10].pk,
                    "start": now + timedelta(hours=n * 8760 // count + 1),
                    "end": now + timedelta(hours=n * 8760 // count + 3),
                    "rrule": "FREQ=WEEKLY;COUNT=4" if n % 4 == 0 else "",
                    "languages": ["de", "tr"] if n % 3 == 0 else ["de"],
                    "free": n % 2 == 0,
                }
                for n in range(count)
            ],
        )
        events = Event.objects.filter(municipality=municipality).values_list(
            "pk", "start", "end", "rrule"
        )
        day = template.start
        insert(
            EventDate,
            EventDate(municipality=municipality, event_id=0, start=day, end=day, day=day.date()),
            [
                {
                    "event": pk,
                    "start": start + timedelta(weeks=week),
                    "end": end + timedelta(weeks=week),
                    "day": timezone.localtime(start + timedelta(weeks=week)).date(),
                }
                for pk, start, end, rrule in events.iterator(chunk_size=5000)
                for week in range(4 if rrule else 1)
            ],
        )


def measure(client: Any, path: str) -> tuple[float, float, int, bytes]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from querschnitt.core import selectors

    cache.clear()
    selectors._recent.clear()
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, cpu, len(queries), body


def feed_figures(client: Any, path: str, *, traced: bool) -> tuple[float, float, float, int, int]:
    """Time to the first byte, whole time, CPU time, queries and events of one feed; with
    `traced` the peak of memory allocated while streaming instead of the CPU time (tracing
    slows the writing down, so the times of that pass are not printed)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    if traced:
        tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        chunks = iter(response.streaming_content)
        first = next(chunks)
        ttfb = time.perf_counter() - started
        events = first.count(b"BEGIN:VEVENT")
        for chunk in chunks:
            events += chunk.count(b"BEGIN:VEVENT")
        whole, cpu = time.perf_counter() - started, time.process_time() - cpu
    if traced:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        cpu = peak
    return ttfb, whole, cpu, len(queries), events


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-events-") as workdir:
        setup(workdir)
        from django.test import Client
        from django.utils import timezone

        started = time.perf_counter()
        sizes = {"klein": SMALL, "gross": LARGE, "feed-klein": SMALL, "feed-gross": FEED}
        for slug, count in sizes.items():
            build(slug, count)
        print(f"built {sum(sizes.values()):,} events in {time.perf_counter() - started:.0f} s")
        month = (timezone.localdate() + timedelta(days=40)).strftime("%Y-%m")
        client = Client()
        results: dict[str, dict[str, list[float]]] = {"klein": {}, "gross": {}}
        cpus: dict[str, dict[str, list[float]]] = {"klein": {}, "gross": {}}
        queries: dict[str, dict[str, set[int]]] = {"klein": {}, "gross": {}}
        for _round in range(ROUNDS):
            for name, pattern in PAGES.items():
                for slug in ("klein", "gross"):
                    elapsed, cpu, count, _body = measure(
                        client, pattern.format(slug=slug, month=month)
                    )
                    results[slug].setdefault(name, []).append(elapsed)
                    cpus[slug].setdefault(name, []).append(cpu)
                    queries[slug].setdefault(name, set()).add(count)
        print(f"\nmedian of {ROUNDS} rounds, latency (CPU time of this process)")
        print(f"{'page':34} {SMALL:>17,} {LARGE:>17,}  ratio (CPU)  queries")
        for name in PAGES:
            small = statistics.median(results["klein"][name]) * 1000
            large = statistics.median(results["gross"][name]) * 1000
            small_cpu = statistics.median(cpus["klein"][name]) * 1000
            large_cpu = statistics.median(cpus["gross"][name]) * 1000
            print(
                f"{name:34} {small:6.1f} ({small_cpu:5.1f})ms {large:6.1f} ({large_cpu:5.1f})ms"
                f"  {large / small:4.2f} ({large_cpu / small_cpu:4.2f})  "
                f"{sorted(queries['klein'][name])} {sorted(queries['gross'][name])}"
            )
        print(f"\nfeed, median of {FEED_ROUNDS} (peak memory: tracemalloc, one more pass)")
        print(
            f"{'feed':12} {'events':>7} {'first byte':>11} {'whole':>8} {'CPU':>8} "
            f"{'per date':>9} {'queries':>8} {'peak memory':>12}"
        )
        for slug in ("feed-klein", "feed-gross"):
            path = f"/{slug}/veranstaltungen/kalender.ics"
            figures = [feed_figures(client, path, traced=False) for _ in range(FEED_ROUNDS)]
            peak = feed_figures(client, path, traced=True)[2] / 1_000_000
            ttfb, whole, cpu = (statistics.median(f[n] for f in figures) * 1000 for n in range(3))
            events = figures[0][4]
            print(
                f"{slug:12} {events:>7,} {ttfb:9.1f}ms {whole:6.0f}ms {cpu:6.0f}ms "
                f"{whole * 1000 / events:7.0f}µs {figures[0][3]:>8} {peak:10.1f}MB"
            )


if __name__ == "__main__":
    main()
