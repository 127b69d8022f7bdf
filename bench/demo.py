"""Loading the demo: a fresh database, then a reload (what every `make run` does).

Run: `.venv/bin/python bench/demo.py` (SQLite in a temporary directory, or the PostgreSQL
database named by DATABASE_URL). Prints the wall and CPU time of each loader registered in
`core.demo.registry` on the first load and on a reload, and the whole.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        workdir = Path(tempfile.mkdtemp(prefix="qs-bench-demo-"))
        os.environ["QS_VAR_DIR"] = str(workdir)
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "querschnitt.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def timed_loaders() -> dict[str, list[float]]:
    """Wrap every registered loader so that its wall and CPU time are recorded."""
    from querschnitt.core.demo import registry

    times: dict[str, list[float]] = {}
    for name, loader in list(registry.loaders.items()):

        def wrapped(municipality, city, _load=loader.load, _name=name):  # type: ignore[no-untyped-def]
            wall, cpu = time.perf_counter(), time.process_time()
            _load(municipality, city)
            spent = times.setdefault(_name, [0.0, 0.0])
            spent[0] += time.perf_counter() - wall
            spent[1] += time.process_time() - cpu

        registry.loaders[name] = registry.DemoLoader(name, wrapped, loader.order)
    return times


def main() -> None:
    setup_django()
    from querschnitt.core.demo.loader import load_demo

    for label in ("first load", "reload"):
        times = timed_loaders()
        wall, cpu = time.perf_counter(), time.process_time()
        load_demo()
        total_wall, total_cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"\n{label}: {total_wall:.2f} s wall, {total_cpu:.2f} s CPU")
        print(f"  {'loader':<32} {'wall s':>8} {'CPU s':>8}")
        for name, (loader_wall, loader_cpu) in sorted(times.items(), key=lambda i: -i[1][0]):
            print(f"  {name:<32} {loader_wall:>8.2f} {loader_cpu:>8.2f}")
        from querschnitt.core.demo import registry

        for name, loader in list(registry.loaders.items()):
            original = loader.load.__defaults__[0] if loader.load.__defaults__ else loader.load
            registry.loaders[name] = registry.DemoLoader(name, original, loader.order)


if __name__ == "__main__":
    main()
