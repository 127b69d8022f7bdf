"""An OParl crawl of a body with 100,000 papers, as a client walks it.

Builds a fresh database with one municipality of 100,000 public papers, each with its path
(a consultation) and a document embedded (as `bench/papers.py` does), then, in-process with
django.test.Client:
- follows `links.next` from the paper list's first page to its last, timing every page and
  counting its queries (paging by key: the count is the same on every page);
- fetches the minimal Django view (`/bench/minimal`) as many times, for comparison;
- requests the first and the last page in turn and compares their medians (goal: the last
  page within 1.2 of the first).

Run: `.venv/bin/python bench/oparl.py` (SQLite); with DATABASE_URL pointing to PostgreSQL the
database is created there (`<name>_bench_oparl_large`) and dropped after.
Environment: BENCH_PAPERS (default 100000), BENCH_ROUNDS (default 20).
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from papers import ROOT, SLUG, build, database_env, postgres, setup_django

PAPERS = int(os.environ.get("BENCH_PAPERS", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))


def timed(client: Any, path: str) -> tuple[float, int, dict[str, Any] | None]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    is_json = response["Content-Type"].startswith("application/json")
    return elapsed, len(queries), json.loads(response.content) if is_json else None


def worker() -> None:
    setup_django()
    from django.test import Client

    built = build(PAPERS)
    client = Client()
    first = f"/oparl/v1/body/{SLUG}/paper"
    for _n in range(3):
        timed(client, first)
        timed(client, "/bench/minimal")
    page_times, page_queries, seen = [], set(), 0
    url: str | None = first
    last = first
    started = time.perf_counter()
    while url:
        elapsed, count, page = timed(client, url)
        assert page is not None
        page_times.append(elapsed)
        page_queries.add(count)
        seen += len(page["data"])
        last = url
        nxt = page["links"].get("next")
        url = nxt.split("testserver", 1)[1] if nxt else None
    crawl_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for _n in range(len(page_times)):
        timed(client, "/bench/minimal")
    minimal_seconds = time.perf_counter() - started
    firsts, lasts = [], []
    for _n in range(ROUNDS):
        firsts.append(timed(client, first)[0])
        lasts.append(timed(client, last)[0])
    print(
        json.dumps(
            {
                "build_seconds": built["seconds"],
                "papers": seen,
                "pages": len(page_times),
                "crawl_seconds": crawl_seconds,
                "minimal_seconds": minimal_seconds,
                "page_queries": sorted(page_queries),
                "first_ms": statistics.median(firsts) * 1000,
                "last_ms": statistics.median(lasts) * 1000,
                "page_median_ms": statistics.median(page_times) * 1000,
            }
        )
    )


def main() -> None:
    if sys.argv[1:] == ["--worker"]:
        worker()
        return
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    workdir = Path(tempfile.mkdtemp(prefix="querschnitt-bench-oparl-"))
    env = database_env("large", workdir, "oparl")
    env["QS_BENCHMARK_VIEWS"] = "1"
    if on_postgres:
        postgres(env, 'DROP DATABASE IF EXISTS "{name}"')
        postgres(env, 'CREATE DATABASE "{name}"')
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--worker"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        if on_postgres:
            postgres(env, 'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(workdir, ignore_errors=True)
    database = "PostgreSQL" if on_postgres else "SQLite"
    ratio = result["crawl_seconds"] / result["minimal_seconds"]
    print(f"OParl crawl of the paper list, {database}")
    built, median = result["build_seconds"], result["page_median_ms"]
    print(f"  papers: {result['papers']} on {result['pages']} pages (built in {built:.0f} s)")
    print(f"  whole crawl: {result['crawl_seconds']:.1f} s (median page {median:.1f} ms)")
    print(
        f"  the same number of minimal-view requests: {result['minimal_seconds']:.2f} s "
        f"(crawl / minimal = {ratio:.1f})"
    )
    print(f"  queries per page: {result['page_queries']} (one value: constant)")
    print(
        f"  first page {result['first_ms']:.1f} ms, last page {result['last_ms']:.1f} ms: "
        f"ratio {result['last_ms'] / result['first_ms']:.2f} (goal ≤ 1.2), median of {ROUNDS}"
    )


if __name__ == "__main__":
    main()
