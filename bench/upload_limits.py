"""Hostile uploads: how fast and how cheaply each one is refused, alone and eight at once.

Every file is crafted as an attacker would (see `network/tests/crafted_files.py`) and read
with `read_table`, as the upload page reads it. Each case runs in a fresh process, so that
its peak resident memory is its own: printed are the seconds until the refusal (median of
5), the peak of Python allocations (tracemalloc) and how far the process' resident memory
grew above what it held before (getrusage maxrss). For comparison, an ordinary 2,000-row
workbook is read in full the same way.

Run: `.venv/bin/python bench/upload_limits.py`.
"""

import csv
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5
PARALLEL = 8


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "querschnitt.settings")
    os.environ.setdefault("QS_VAR_DIR", tempfile.mkdtemp(prefix="querschnitt-bench-upload-"))
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ordinary_workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Akteure")
    sheet.append(["Name", "Straße", "PLZ", "Ort", "Beschreibung"])
    for number in range(rows):
        sheet.append(
            [f"Verein {number}", f"Hauptstraße {number}", "68159", "Mannheim", "Treffpunkt " * 5]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cases() -> dict[str, Callable[[], tuple[str, bytes]]]:
    from querschnitt.network.tests import crafted_files as crafted

    ten_megabytes = 10 * 1024 * 1024 - 4096

    def csv_line() -> bytes:
        return b"Name;PLZ\r\n" + b"x;" * (ten_megabytes // 2)

    def csv_newlines() -> bytes:
        return b"Name;PLZ\r\nVerein;68159\r\n" + b"\r\n" * (ten_megabytes // 2)

    def csv_quoted_field() -> bytes:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(["Name", "Beschreibung"])
        writer.writerow(["Verein", "a\n" * (ten_megabytes // 2)])
        return buffer.getvalue().encode()

    return {
        "the reported bomb: one cell of 95 MB": lambda: (
            "bombe.xlsx",
            crafted.the_reported_bomb(),
        ),
        "one cell of 9 MB random text (packs 1:1.3)": lambda: (
            "zelle.xlsx",
            crafted.low_ratio_cell_bomb(9 * 1024 * 1024),
        ),
        "styles of 100,001 tiny elements": lambda: (
            "stile.xlsx",
            crafted.styles_of_tiny_elements(100_001),
        ),
        "entities (billion laughs)": lambda: ("lachen.xlsx", crafted.entity_workbook()),
        "CSV: one line of 10 MB": lambda: ("zeile.csv", csv_line()),
        "CSV: 5 million empty lines": lambda: ("leer.csv", csv_newlines()),
        "CSV: one quoted field of 10 MB": lambda: ("feld.csv", csv_quoted_field()),
        "for comparison: ordinary workbook, 2,000 rows (read)": lambda: (
            "gut.xlsx",
            ordinary_workbook(2_000),
        ),
    }


def read_once(name: str, content: bytes) -> str:
    from querschnitt.network.imports import ImportRejected, read_table

    try:
        table = read_table(content, name)
    except ImportRejected as rejected:
        return ", ".join(entry["code"] for entry in rejected.problems)
    return f"read, {len(table.rows)} rows"


def measure_case(label: str, path: str) -> dict[str, object]:
    """In a fresh process: time, tracemalloc peak and resident memory growth of one case."""
    name, content = Path(path).name, Path(path).read_bytes()
    read_once(name, content)  # imports and caches warmed
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        outcome = read_once(name, content)
        seconds.append(time.perf_counter() - started)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline
    tracemalloc.start()
    read_once(name, content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # Eight uploads at once, each in its own thread (as gunicorn's threads would take them).
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    threads = [threading.Thread(target=read_once, args=(name, content)) for _ in range(PARALLEL)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    parallel = time.perf_counter() - started
    parallel_grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return {
        "label": label,
        "size": len(content),
        "outcome": outcome,
        "median": statistics.median(seconds),
        "peak": peak / 1024 / 1024,
        "grown": max(grown, 0) / 1024,
        "parallel": parallel,
        "parallel_grown": max(parallel_grown, 0) / 1024,
    }


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--case":
        setup_django()
        print(json.dumps(measure_case(sys.argv[2], sys.argv[3])))
        return
    setup_django()
    results = []
    with tempfile.TemporaryDirectory(prefix="querschnitt-bench-upload-") as directory:
        for label, build in cases().items():
            name, content = build()
            path = Path(directory) / name
            path.write_bytes(content)
            del content
            output = subprocess.run(
                [sys.executable, __file__, "--case", label, str(path)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results.append(json.loads(output.strip().splitlines()[-1]))
            path.unlink()
    print(
        f"{'upload':<52} {'size':>8} {'seconds':>8} {'peak MB':>8} {'RSS +MB':>8} "
        f"{'8 at once s':>11} {'RSS +MB':>8}  outcome"
    )
    for result in results:
        print(
            f"{result['label']:<52} {result['size'] / 1024 / 1024:>6.2f}MB "
            f"{result['median']:>8.3f} {result['peak']:>8.1f} {result['grown']:>8.1f} "
            f"{result['parallel']:>11.3f} {result['parallel_grown']:>8.1f}  {result['outcome']}"
        )
    print(
        "\nseconds: median of 5 in one process; peak MB: tracemalloc; RSS +MB: growth of the "
        "process' peak resident memory;\n8 at once: wall time of 8 threads reading the same "
        "upload together, and their growth of the peak resident memory."
    )


if __name__ == "__main__":
    main()
