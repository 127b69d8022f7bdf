"""The first request a new gunicorn worker serves, with and without the warm-up.

gunicorn replaces each worker after `max_requests` (deploy/gunicorn.conf.py), and without a
warm-up the first visitor of the new worker waited for Django to import the views and compile
the templates. This starts gunicorn (one worker) on the demo database with
`deploy/gunicorn.conf.py` and with `bench/gunicorn_cold_worker.conf.py` (the same without the
warm-up) in turn, waits until the worker says it is ready, and times its first request and
the next ones to the same page, and how long gunicorn took from its start until the worker
was ready. BENCH_ROUNDS (5) starts of each; BENCH_PORT (8797).
"""

import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8797"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
PAGES = ["/mannheim/", "/mannheim/akteure/", "/api/v1/mannheim/organisations?limit=50"]
CONFIGS = {
    "without warm-up": "bench/gunicorn_cold_worker.conf.py",
    "with warm-up": "deploy/gunicorn.conf.py",
}


def get(path: str) -> float:
    """Milliseconds until the whole answer is read."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return 1000 * (time.perf_counter() - started)


def first_requests(config: str, env: dict[str, str], log: Path) -> tuple[float, float, float]:
    """One start of gunicorn: (ms until the worker is ready, the first request's ms, the
    median of the next ones)."""
    started = time.perf_counter()
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", config, "--no-control-socket"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.time() + 120
        while b"Warmed up" not in log.read_bytes():
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError(f"gunicorn did not come up (see {log})")
            time.sleep(0.01)
        ready = 1000 * (time.perf_counter() - started)
        first = get(PAGES[0])
        for page in PAGES[1:]:
            get(page)
        return ready, first, statistics.median(get(PAGES[0]) for _ in range(20))
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="querschnitt-first-request-"))
    env = {
        **os.environ,
        "QS_VAR_DIR": str(workdir),
        "QS_MANIFEST_STATIC": "1",
        "QS_PAGE_CACHE": "0",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": "1",
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
    }
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    figures: dict[str, list[tuple[float, float, float]]] = {label: [] for label in CONFIGS}
    for _ in range(ROUNDS):
        for label, config in CONFIGS.items():
            figures[label].append(first_requests(config, env, workdir / "gunicorn.log"))
    print(f"\nA new worker's first request to {PAGES[0]} (page cache off), {ROUNDS} starts each:")
    print(
        "| worker | ready after start, median ms | first request, median ms | max ms"
        " | later requests, median ms |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, runs in figures.items():
        ready = statistics.median(ready for ready, _, _ in runs)
        firsts = [first for _, first, _ in runs]
        later = statistics.median(median for _, _, median in runs)
        print(
            f"| {label} | {ready:.0f} | {statistics.median(firsts):.1f} | {max(firsts):.1f}"
            f" | {later:.2f} |"
        )


if __name__ == "__main__":
    main()
