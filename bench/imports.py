"""Import of large lists of organisations (10,000 and 20,000 rows): time and peak memory.

Builds a fresh database (SQLite in a temporary directory, or the PostgreSQL database named by
DATABASE_URL), a municipality with 2,000 organisations and 17 districts, and a realistic list
as XLSX and as CSV (Windows-1252, semicolons, as German Excel writes it), for 10,000 rows:

    7,500 new organisations, 1,500 updates and 500 unchanged rows of existing ones,
    300 likely duplicates (an existing name at another address), 200 rows with errors
    (for 20,000 rows: 17,500 new, the rest the same).

Then, in-process, it measures each step as the deployment runs it: reading and checking the
file, the upload request (which checks the file and queues it), the worker reading it into
its preview (`import_read`), the preview page, and the worker applying it in one transaction
(`import_apply_queued`; half of the duplicates are created, half skipped). 20,000 rows is the
most a file may have (MAX_ROWS).

Run: `.venv/bin/python bench/imports.py`. Each step runs twice on its own municipality: once
for the time (nothing else running), once under tracemalloc for the peak of Python memory.
The process' peak resident memory (getrusage maxrss) is printed at the end.
Environment: BENCH_ROWS (default "10000,20000"), BENCH_EXISTING (default 2000).
"""

import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(size) for size in os.environ.get("BENCH_ROWS", "10000,20000").split(",")]
EXISTING = int(os.environ.get("BENCH_EXISTING", "2000"))

DISTRICTS = [
    ("Innenstadt/Jungbusch", 49.4880, 8.4660, "68161"),
    ("Neckarstadt-West", 49.4985, 8.4625, "68169"),
    ("Neckarstadt-Ost", 49.5010, 8.4860, "68167"),
    ("Schwetzingerstadt/Oststadt", 49.4830, 8.4860, "68165"),
    ("Lindenhof", 49.4730, 8.4600, "68163"),
    ("Sandhofen", 49.5460, 8.4640, "68307"),
    ("Schönau", 49.5330, 8.4760, "68307"),
    ("Waldhof", 49.5200, 8.4700, "68305"),
    ("Neuostheim/Neuhermsheim", 49.4760, 8.5100, "68163"),
    ("Seckenheim", 49.4610, 8.5700, "68239"),
    ("Friedrichsfeld", 49.4480, 8.5700, "68229"),
    ("Käfertal", 49.5100, 8.5150, "68309"),
    ("Vogelstang", 49.5050, 8.5400, "68309"),
    ("Wallstadt", 49.5060, 8.5600, "68259"),
    ("Feudenheim", 49.4900, 8.5380, "68259"),
    ("Neckarau", 49.4560, 8.4850, "68199"),
    ("Rheinau", 49.4480, 8.5150, "68219"),
]
PREFIXES = [
    ("Sportverein", "Sportverein", "Sport, Jugend"),
    ("Turnverein", "Sportverein", "Sport"),
    ("Kulturverein", "Kultureinrichtung", "Kultur; Ehrenamt"),
    ("Elternverein", "Verein", "Bildung, Familie"),
    ("Frauentreff", "Migrantenorganisation", "Frauen; Beratung"),
    ("Moscheegemeinde", "Religionsgemeinschaft", "Religion"),
    ("Kirchengemeinde", "Religionsgemeinschaft", "Religion, Ehrenamt"),
    ("Sprachschule", "Schule oder Bildungsträger", "Sprache und Kurse"),
    ("Beratungsstelle", "Wohlfahrtsverband oder NGO", "Beratung, Geflüchtete"),
    ("Familienzentrum", "Wohlfahrtsverband oder NGO", "Familie und Kinder"),
    ("Seniorentreff", "Verein", "Ältere Menschen"),
    ("Musikschule", "Kultureinrichtung", "Kultur, Jugend"),
    ("Jugendhaus", "Öffentliche Einrichtung", "Jugend"),
    ("Nachbarschaftshilfe", "Verein", "Ehrenamt; Wohnen"),
    ("Integrationsbetrieb", "Unternehmen", "Arbeit und Ausbildung"),
]
WORDS = [
    "Regenbogen", "Brücke", "Miteinander", "Horizont", "Lindenhain", "Kompass", "Sonnenblume",
    "Weltoffen", "Zukunft", "Begegnung", "Vielfalt", "Heimat", "Nordstern", "Quadrate",
    "Rheinufer", "Neckarbogen", "Kastanie", "Morgenrot", "Freundschaft", "Aufbruch",
]  # fmt: skip
LANGUAGES = ["Arabisch", "Türkisch", "Englisch", "Russisch", "Polnisch", "Ukrainisch", "fa"]
STREETS = ["Hauptstraße", "Schulstraße", "Gartenstraße", "Lindenstraße", "Ringstraße", "Parkweg"]
HEADER = [
    "Name", "Art", "Themen", "Sprachen", "Straße", "PLZ", "Ort", "Stadtteil", "Breitengrad",
    "Längengrad", "E-Mail", "Telefon", "Website", "Beschreibung", "Barrierefrei", "Sichtbarkeit",
    "Status",
]  # fmt: skip


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        workdir = Path(tempfile.mkdtemp(prefix="querschnitt-bench-import-"))
        os.environ["QS_VAR_DIR"] = str(workdir)
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "querschnitt.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# ---------------------------------------------------------------------------------------------
# Data


def organisation_row(rng: random.Random, name: str, district: tuple, street: str) -> list[Any]:
    _prefix, kind, topics = next(p for p in PREFIXES if name.startswith(p[0]))
    district_name, lat, lon, postal_code = district
    slug = "".join(c for c in name.lower() if c.isalnum())[:30]
    return [
        name,
        kind,
        topics,
        ", ".join(rng.sample(LANGUAGES, rng.randint(0, 3))),
        street,
        postal_code,
        "Mannheim",
        district_name,
        f"{lat + rng.uniform(-0.01, 0.01):.6f}".replace(".", ","),
        f"{lon + rng.uniform(-0.01, 0.01):.6f}".replace(".", ","),
        f"info@{slug}.example",
        f"0621 {rng.randint(100000, 999999)}",
        f"www.{slug}.example",
        f"{name} lädt alle Menschen im Stadtteil {district_name} ein.",
        rng.choice(["ja", "nein", ""]),
        "",
        "",
    ]


def unique_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        prefix = rng.choice(PREFIXES)[0]
        name = f"{prefix} {rng.choice(WORDS)} {rng.choice(DISTRICTS)[0].split('/')[0]}"
        name = f"{name} {rng.randint(1, 9999)} e. V."
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def build_municipality(
    tag: str, rng: random.Random, rows_wanted: int
) -> tuple[Any, list[list[Any]], list[Any]]:
    """A municipality with districts and existing organisations; the list to import."""
    from django_scopes import scope

    from querschnitt.core.models import Municipality
    from querschnitt.network.models import District, Organisation
    from querschnitt.network.search import build_search_text

    municipality = Municipality.objects.create(
        slug=f"bench-import-{tag}-{os.getpid()}",
        name=f"Benchstadt {tag}",
        ags=f"{rng.randint(10_000_000, 99_999_999)}",
        state="BW",
        office_name="Integrationsbüro",
    )
    taken: set[str] = set()
    with scope(municipality=municipality):
        districts = District.objects.bulk_create(
            District(municipality=municipality, name=name) for name, *_rest in DISTRICTS
        )
        by_name = {d.name: d for d in districts}
        existing_rows = []
        organisations = []
        for name in unique_names(rng, EXISTING, taken):
            district = rng.choice(DISTRICTS)
            street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
            cells = organisation_row(rng, name, district, street)
            existing_rows.append(cells)
            organisation = Organisation(
                municipality=municipality,
                name=name,
                kind=Organisation.Kind.ASSOCIATION,
                street=street,
                postal_code=district[3],
                city="Mannheim",
                district=by_name[district[0]],
                latitude=cells[8].replace(",", "."),
                longitude=cells[9].replace(",", "."),
                status=Organisation.Status.PUBLISHED,
            )
            organisation.search_text = build_search_text(organisation)
            organisations.append(organisation)
        Organisation.objects.bulk_create(organisations, batch_size=1000)

    new_count = rows_wanted - 2000 - 300 - 200
    rows: list[list[Any]] = []
    for name in unique_names(rng, new_count, taken):
        street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
        rows.append(organisation_row(rng, name, rng.choice(DISTRICTS), street))
    for index, cells in enumerate(existing_rows[:2000]):
        cells = list(cells)
        if index % 4 == 0:
            # unchanged: exactly what the entry says (the kind as stored, nothing else)
            cells = [cells[0], "Verein", "", "", cells[4], cells[5], "Mannheim"] + [""] * 10
        else:
            cells[11] = f"0621 {rng.randint(100000, 999999)}"  # a new telephone number
        rows.append(cells)
    for cells in existing_rows[:300]:
        moved = list(cells)
        moved[4] = f"Neue Straße {rng.randint(1, 50)}"
        rows.append(moved)
    for n in range(200):
        broken = organisation_row(rng, unique_names(rng, 1, taken)[0], DISTRICTS[0], "Weg 1")
        if n % 2:
            broken[5] = "681"  # a postal code that lost two digits
        else:
            broken[10] = "info(at)verein.example"
        rows.append(broken)
    rng.shuffle(rows)
    return municipality, rows, organisations


def xlsx_file(rows: list[list[Any]]) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Akteure")
    sheet.append(HEADER)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[list[Any]]) -> bytes:
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("cp1252", errors="replace")


# ---------------------------------------------------------------------------------------------
# Measuring


def measure(step: Callable[[], Any], *, memory: bool) -> tuple[float, float, Any]:
    """Seconds and (under tracemalloc) the peak of Python allocations in MB."""
    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    result = step()
    elapsed = time.perf_counter() - started
    peak = 0.0
    if memory:
        _current, peak_bytes = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak = peak_bytes / 1024 / 1024
    return elapsed, peak, result


def staff_client(municipality: Any) -> Any:
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from querschnitt.accounts.models import User

    user, _created = User.objects.get_or_create(
        email="bench-import@querschnitt.example",
        defaults={"full_name": "Bench", "is_superuser": True, "is_staff": True},
    )
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    client.cookies["qs_language"] = "de"
    return client, user


def run_pass(
    tag: str, *, rows_wanted: int, memory: bool, rng: random.Random
) -> dict[str, tuple[float, float]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope

    from querschnitt.network.imports import ImportContext, parse_rows, read_table
    from querschnitt.network.models import ImportRun
    from querschnitt.network.services.imports import import_apply_enqueue, import_upload
    from querschnitt.network.tasks import import_apply_queued, import_read

    municipality, rows, _organisations = build_municipality(tag, rng, rows_wanted)
    xlsx, csv_content = xlsx_file(rows), csv_file(rows)
    client, user = staff_client(municipality)
    figures: dict[str, tuple[float, float]] = {}
    with scope(municipality=municipality):
        for label, name, content in (
            ("XLSX", "akteure.xlsx", xlsx),
            ("CSV", "akteure.csv", csv_content),
        ):
            seconds, peak, _table = measure(
                lambda c=content, n=name: parse_rows(read_table(c, n), ImportContext()),
                memory=memory,
            )
            figures[f"read and check {label} ({len(content) / 1024 / 1024:.1f} MB)"] = (
                seconds,
                peak,
            )
        seconds, peak, run = measure(
            lambda: import_upload(
                municipality=municipality, by=user, file_name="akteure.xlsx", content=xlsx
            ),
            memory=memory,
        )
        assert run.state == ImportRun.State.READING, run.state
        figures["upload request (checks the file, queues it)"] = (seconds, peak)
        seconds, peak, _state = measure(
            lambda: import_read.call(municipality_id=municipality.pk, run_id=run.pk),
            memory=memory,
        )
        figures["worker: read, check, match, store the preview"] = (seconds, peak)
        run = ImportRun.objects.defer("content").get(pk=run.pk)
        counts = run.report["counts"]

    url = f"/{municipality.slug}/verwaltung/import/{run.pk}/"
    with CaptureQueriesContext(connection) as queries:
        seconds, peak, response = measure(lambda: client.get(url), memory=memory)
    assert response.status_code == 200, response.status_code
    figures[f"preview page ({len(response.content) // 1024} KB, {len(queries)} queries)"] = (
        seconds,
        peak,
    )
    seconds, peak, response = measure(lambda: client.get(url), memory=memory)
    figures["preview page again (templates compiled)"] = (seconds, peak)

    with scope(municipality=municipality):
        duplicates = [r["row"] for r in run.report["rows"] if r["action"] == "duplicate"]
        run.decisions = {str(row): "create" for row in duplicates[::2]}
        run.save(update_fields=["decisions"])
        import_apply_enqueue(run=run, by=user)
        seconds, peak, _state = measure(
            lambda: import_apply_queued.call(
                municipality_id=municipality.pk, run_id=run.pk, user_id=user.pk
            ),
            memory=memory,
        )
        figures["worker: apply (one transaction)"] = (seconds, peak)
        run = ImportRun.objects.defer("content").get(pk=run.pk)
        assert run.state == ImportRun.State.APPLIED, run.state
        result = run.report["result"]
    if tag.startswith("time"):
        print(f"{rows_wanted:,} rows: {counts}")
        print(f"applied: {result}\n")
    municipality.delete()
    return figures


def main() -> None:
    setup_django()
    from django.db import connection

    print(
        f"Import benchmark: {', '.join(f'{size:,}' for size in SIZES)} rows against "
        f"{EXISTING:,} existing organisations, database: {connection.vendor}\n"
    )
    tables = []
    for size in SIZES:
        timing = run_pass(f"time{size}", rows_wanted=size, memory=False, rng=random.Random(1))
        memory = run_pass(f"mem{size}", rows_wanted=size, memory=True, rng=random.Random(1))
        tables.append((size, timing, memory))
    for size, timing, memory in tables:
        print(f"{f'{size:,} rows: step':<56} {'seconds':>8} {'peak MB (tracemalloc)':>22}")
        for step, (seconds, _peak) in timing.items():
            peak = next(
                (m for s, (_t, m) in memory.items() if s.split(" (")[0] == step.split(" (")[0]),
                0,
            )
            print(f"{step:<56} {seconds:>8.2f} {peak:>22.1f}")
        print()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole process (maxrss): {maxrss:.0f} MB")


if __name__ == "__main__":
    main()
