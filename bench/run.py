"""`make bench`: the demo served by gunicorn as `make run` serves it, measured side by side.

Starts gunicorn on a fresh SQLite database with the demo loaded, then runs rounds of
requests against each URL in turn (A, B, A, B …) so that both see the same machine state, and
prints requests per second, median and 95th-percentile latency, and the ratio to the ceiling:
the smallest Django view in the same deployment.
"""

import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8799"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
SECONDS_PER_ROUND = float(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))

TARGETS = {
    "ceiling: minimal Django view": "/bench/minimal",
    "start page /mannheim/": "/mannheim/",
    "start page /bamberg/ (Arabic)": "/bamberg/",
    "municipality list /": "/",
}
COOKIES = {"/bamberg/": "qs_language=ar"}


def run(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_up(url_path: str, deadline: float) -> None:
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", url_path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


def hammer(path: str, seconds: float) -> tuple[int, list[float]]:
    """Requests from CONCURRENCY keep-alive clients for `seconds`; returns count and latencies."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    headers = {"Cookie": COOKIES[path]} if path in COOKIES else {}

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        mine = []
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), latencies


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="querschnitt-bench-"))
    env = {
        **os.environ,
        "QS_VAR_DIR": str(workdir),
        "QS_BENCHMARK_VIEWS": "1",
        "QS_MANIFEST_STATIC": "1",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
    }
    run("migrate", "--noinput", "-v0", env=env)
    run("collectstatic", "--noinput", "-v0", env=env)
    run("load_demo", "--quiet-logins", env=env)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up("/bench/minimal", time.time() + 30)
        for path in TARGETS.values():
            hammer(path, 1.0)
        totals: dict[str, list[float]] = {name: [] for name in TARGETS}
        counts = dict.fromkeys(TARGETS, 0)
        for _round in range(ROUNDS):
            for name, path in TARGETS.items():
                count, latencies = hammer(path, SECONDS_PER_ROUND)
                counts[name] += count
                totals[name].extend(latencies)
        elapsed = ROUNDS * SECONDS_PER_ROUND
        ceiling_rps = counts[next(iter(TARGETS))] / elapsed
        print(
            f"gunicorn {os.cpu_count()} cores, {CONCURRENCY} concurrent keep-alive clients, "
            f"{ROUNDS} rounds of {SECONDS_PER_ROUND:.0f} s per URL, interleaved\n"
        )
        print(f"{'URL':<34} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'ratio':>7}")
        for name in TARGETS:
            rps = counts[name] / elapsed
            latencies = sorted(totals[name])
            median = statistics.median(latencies) * 1000
            p95 = latencies[int(len(latencies) * 0.95)] * 1000
            print(f"{name:<34} {rps:>8.0f} {median:>10.2f} {p95:>8.2f} {rps / ceiling_rps:>7.2f}")
        print("\nratio = requests per second relative to the ceiling (goal for start pages: 0.8)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
