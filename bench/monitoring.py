"""Integration monitoring: import and full computation of a register extract, against a bare
Polars group-by over the same file (the ceiling), for Mannheim and a city of Berlin's size.

For each city a synthetic register extract is written as CSV (Mannheim: 325,691 persons in 17
districts; Berlin: 3,900,000 in 12 districts), then measured, each step in a fresh process so
that its peak memory (getrusage maxrss) is its own:

Each step runs once on the first thousand rows before it is timed,
as in a server process that has handled a request before.

    ceiling   read the CSV with Polars (typed) and count it by four plain group-bys, one per
              table the import produces, over the raw columns (no checks, no derivation)
    import    what the office's upload does: read, check every row, derive migration
              background (MigraPro) and immigration history, count the four tables
              (`import_check_register`), then apply: protect the tables (primary and
              secondary suppression), store them, install the standard indicators and compute
              every indicator (`import_apply`), in a fresh SQLite database

Wall time (latency) and CPU time (of the process, all its threads: Polars reads and groups in
several) are printed side by side, the minimum and the median of the rounds: on a shared
machine the wall time moves with the load of others, the CPU time much less. The ratio to
the ceiling is taken of the minima and of the medians. Where the time goes is printed per
phase (the functions of the import timed where they are called, nothing else changed): read,
check, count (derivation and `np.bincount`), the suppression (`protect_year`), writing the
tables, and the indicators (reading the published tables, computing, inserting the rows).

Run: `.venv/bin/python bench/monitoring.py` (environment: BENCH_ROUNDS, default 5; BENCH_CITIES,
default "mannheim berlin").

To compare a change, BENCH_BASELINE names the `src` directory of another version (e.g. made by
`git archive main src | tar -x -C /tmp/baseline`): its import is measured in the same rounds,
on the same file, and printed as `before` beside it.
"""

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("BENCH_SRC", str(ROOT / "src")))
BASELINE = os.environ.get("BENCH_BASELINE")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CITIES = os.environ.get("BENCH_CITIES", "mannheim berlin").split()
REFERENCE = date(2022, 12, 31)

# Berlin's twelve Bezirke with their approximate residents (weights only)
BERLIN = [
    ("01", "Mitte", 397_000, 0.56, 0.34),
    ("02", "Friedrichshain-Kreuzberg", 293_000, 0.45, 0.30),
    ("03", "Pankow", 424_000, 0.22, 0.15),
    ("04", "Charlottenburg-Wilmersdorf", 343_000, 0.45, 0.30),
    ("05", "Spandau", 257_000, 0.42, 0.24),
    ("06", "Steglitz-Zehlendorf", 310_000, 0.32, 0.17),
    ("07", "Tempelhof-Schöneberg", 351_000, 0.43, 0.25),
    ("08", "Neukölln", 330_000, 0.52, 0.33),
    ("09", "Treptow-Köpenick", 294_000, 0.18, 0.11),
    ("10", "Marzahn-Hellersdorf", 291_000, 0.22, 0.13),
    ("11", "Lichtenberg", 311_000, 0.29, 0.20),
    ("12", "Reinickendorf", 268_000, 0.38, 0.21),
]


def city_plan(name: str) -> Any:
    from querschnitt.monitoring import synthetic
    from querschnitt.monitoring.demo import PLANS

    if name == "mannheim":
        city = PLANS["mannheim"]["city"]
        return synthetic.City(city.districts, city.years[-1:], city.nationalities, city.seed)
    return synthetic.City(
        districts=tuple(synthetic.District(c, n, w, m, f) for c, n, w, m, f in BERLIN),
        years=(synthetic.Year(2022, 3_900_000, 1_521_000, 936_000),),
        nationalities=synthetic.nationality_weights(
            TR=0.10, UA=0.07, PL=0.06, SY=0.05, BG=0.04, IT=0.035, RO=0.035, RU=0.03, VN=0.02
        ),
        seed=11000000,
    )


def write_extract(name: str, directory: Path) -> tuple[Path, list[str], int]:
    from querschnitt.monitoring import synthetic

    plan = city_plan(name)
    frame = synthetic.extract(plan, plan.years[0])
    header = {
        "id": "id", "area": "gebiet", "age": "alter", "sex": "geschlecht",
        "nationality_1": "staatsangehoerigkeit_1", "nationality_2": "staatsangehoerigkeit_2",
        "acquisition": "erwerb", "moved_in_year": "zuzugsjahr", "move_origin": "herkunft_zuzug",
        "birth_country": "geburtsland", "parent_1": "elternteil_1", "parent_2": "elternteil_2",
    }  # fmt: skip
    path = directory / f"{name}.csv"
    frame.rename(header).write_csv(path, separator=";")
    return path, [d.code for d in plan.districts], frame.height


# ---------------------------------------------------------------------------------------------
# The two measured steps, each run in a child process


def warm_up_file(path: Path) -> Path:
    """The first thousand rows of the extract: each step runs once on it before it is timed,
    as in a server process that has handled a request before."""
    small = path.with_name(f"warm-{path.name}")
    with path.open("rb") as source:
        lines = [source.readline() for _line in range(1001)]
    # without the parents' numbers, which may point beyond the first thousand rows
    rows = [b";".join(line.rstrip(b"\n").split(b";")[:10]) + b";;\n" for line in lines[1:]]
    small.write_bytes(lines[0] + b"".join(rows))
    return small


class Clock:
    """Wall and CPU seconds, in total and per phase (the functions `timed` wraps)."""

    def __init__(self) -> None:
        self.phases: dict[str, list[float]] = {}

    @staticmethod
    def now() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def add(self, phase: str, since: tuple[float, float]) -> None:
        wall, cpu = self.now()
        spent = self.phases.setdefault(phase, [0.0, 0.0])
        spent[0] += wall - since[0]
        spent[1] += cpu - since[1]

    def timed(self, module: Any, name: str, phase: str) -> None:
        function = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            since = self.now()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(phase, since)

        setattr(module, name, wrapper)

    def result(self, since: tuple[float, float]) -> dict[str, Any]:
        wall, cpu = self.now()
        return {"seconds": wall - since[0], "cpu": cpu - since[1], "phases": self.phases}


def ceiling(path: Path, codes: list[str]) -> dict[str, Any]:
    bare_group_by(warm_up_file(path), codes, Clock())
    clock = Clock()
    return bare_group_by(path, codes, clock)


def bare_group_by(path: Path, codes: list[str], clock: Clock) -> dict[str, Any]:
    import polars as pl

    from querschnitt.monitoring.register import typed_schema

    schema = typed_schema(codes)
    names = ["id", "area", "age", "sex", "nationality_1", "nationality_2", "acquisition",
             "moved_in_year", "move_origin", "birth_country", "parent_1", "parent_2"]  # fmt: skip
    start = clock.now()
    content = path.read_bytes()
    frame = pl.read_csv(content, separator=";", schema={n: schema[n] for n in names},
                        has_header=True, new_columns=names)  # fmt: skip
    clock.add("read", start)
    grouping = clock.now()
    foreign = (pl.col("nationality_1") != "DE").alias("foreign")
    born_abroad = (pl.col("birth_country") != "DE").alias("abroad")
    lazy = frame.lazy()
    counted = pl.collect_all(
        [
            lazy.group_by("area", "sex", "age", foreign).len(),
            lazy.group_by("area", "sex", "age", born_abroad).len(),
            lazy.filter(foreign).group_by("area", "nationality_1").len(),
            lazy.filter(foreign).group_by("area", "moved_in_year").len(),
        ]
    )
    clock.add("count", grouping)
    return clock.result(start) | {"groups": sum(t.height for t in counted)}


def full_import(path: Path, codes: list[str]) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="querschnitt-bench-monitoring-"))
    os.environ["QS_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "querschnitt.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scope

    from querschnitt.core.models import Municipality
    from querschnitt.monitoring import register
    from querschnitt.monitoring.models import Area, FigureTable, IndicatorValue, Source
    from querschnitt.monitoring.services import computation, imports

    call_command("migrate", verbosity=0, interactive=False)
    municipality = Municipality.objects.create(
        slug="benchstadt", name="Benchstadt", ags="11000000", state="BE", office_name="Büro"
    )
    clock = Clock()
    for module, name, phase in [
        (register, "read_extract", "read"),
        (register, "check", "check"),
        (register, "count", "count"),
        (computation, "protect_year", "suppress"),
        (imports, "tables_store", "store tables"),
        (imports, "standard_indicators_install", "indicators"),
        (imports, "indicators_recompute", "indicators"),
    ]:
        clock.timed(module, name, phase)
    with scope(municipality=municipality):
        Area.objects.bulk_create(
            Area(municipality=municipality, code=code, name=f"Bezirk {code}") for code in codes
        )
        source = Source.objects.create(municipality=municipality, name="Melderegister")
        small = warm_up_file(path)
        warm = imports.import_check_register(
            municipality=municipality, by=None, file_name=small.name,
            content=small.read_bytes(), source=source, reference_date=REFERENCE,
        )  # fmt: skip
        imports.import_apply(run=warm, by=None)
        clock.phases.clear()
        start = clock.now()
        content = path.read_bytes()
        run = imports.import_check_register(
            municipality=municipality, by=None, file_name=path.name, content=content,
            source=source, reference_date=REFERENCE,
        )  # fmt: skip
        assert run.state == "checked", run.report["problems"][:3]
        del content
        imports.import_apply(run=run, by=None)
        result = clock.result(start)
        tables = FigureTable.objects.filter(municipality=municipality)
        hidden = sum(t.symbols.count("p") + t.symbols.count("s") for t in tables)
        values = IndicatorValue.objects.filter(municipality=municipality).count()
    # the suppression is timed inside the storing of the tables; "other": the run's rows,
    # the JSON of the counts, the audit, the transactions
    phases = result["phases"]
    for i in (0, 1):
        phases["store tables"][i] -= phases["suppress"][i]
    phases["other"] = [
        result["seconds"] - sum(p[0] for p in phases.values()),
        result["cpu"] - sum(p[1] for p in phases.values()),
    ]
    shutil.rmtree(workdir, ignore_errors=True)
    return result | {
        "persons": run.report["persons"],
        "hidden_cells": hidden,
        "indicator_values": values,
    }


def child(step: str, path: str, codes: str) -> None:
    result = (ceiling if step == "ceiling" else full_import)(Path(path), codes.split(","))
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(step: str, path: Path, codes: list[str]) -> dict[str, Any]:
    environment = dict(os.environ)
    if step == "before":
        assert BASELINE
        environment["BENCH_SRC"] = BASELINE
        step = "import"
    output = subprocess.run(
        [sys.executable, __file__, "--child", step, str(path), ",".join(codes)],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def setup_django() -> None:
    """For generating the extracts (the models are imported): settings without a database."""
    os.environ.setdefault("QS_VAR_DIR", tempfile.mkdtemp(prefix="querschnitt-bench-var-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "querschnitt.settings")
    import django

    django.setup()


def written(name: str, directory: Path) -> tuple[Path, list[str], int]:
    """The extract, generated in a child process: a process's peak memory (maxrss) is
    inherited by the children it starts, so the parent must stay small."""
    output = subprocess.run(
        [sys.executable, __file__, "--write", name, str(directory)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path, codes, persons = json.loads(output.strip().splitlines()[-1])
    return Path(path), codes, persons


def spread(results: list[dict[str, Any]], key: str) -> tuple[float, float]:
    """The minimum and the median of the rounds."""
    values = [result[key] for result in results]
    return min(values), statistics.median(values)


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="querschnitt-bench-extracts-"))
    print(f"{ROUNDS} rounds; seconds as min / median; load average at the start "
          f"{os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'city':9} {'persons':>9} {'step':7} {'wall s':>11} {'CPU s':>11} "
          f"{'× ceiling wall':>14} {'× ceiling CPU':>13} {'peak MB':>7}")  # fmt: skip
    for name in CITIES:
        path, codes, persons = written(name, directory)
        steps = ("ceiling", "before", "import") if BASELINE else ("ceiling", "import")
        rounds: dict[str, list[dict[str, Any]]] = {step: [] for step in steps}
        for _round in range(ROUNDS):
            for step in steps:
                rounds[step].append(measure(step, path, codes))

        for step in steps:
            wall, cpu = spread(rounds[step], "seconds"), spread(rounds[step], "cpu")
            ceiling_wall = spread(rounds["ceiling"], "seconds")
            ceiling_cpu = spread(rounds["ceiling"], "cpu")
            peak = max(result["peak_mb"] for result in rounds[step])
            print(f"{name:9} {persons:>9,} {step:7} {wall[0]:>5.2f}/{wall[1]:<5.2f} "
                  f"{cpu[0]:>5.2f}/{cpu[1]:<5.2f} "
                  f"{wall[0] / ceiling_wall[0]:>6.2f}/{wall[1] / ceiling_wall[1]:<7.2f} "
                  f"{cpu[0] / ceiling_cpu[0]:>5.2f}/{cpu[1] / ceiling_cpu[1]:<7.2f} "
                  f"{peak:>7.0f}")  # fmt: skip
        for step in steps:
            # the phases of the round with the median wall time
            ordered = sorted(rounds[step], key=lambda result: result["seconds"])
            median = ordered[len(ordered) // 2]
            spent = ", ".join(
                f"{phase} {wall:.2f}/{cpu:.2f}" for phase, (wall, cpu) in median["phases"].items()
            )
            print(f"{'':9} {step} phases (wall/CPU s, median round): {spent}")
        details = rounds["import"][0]
        print(f"{'':9} {details['hidden_cells']} cells hidden, {details['indicator_values']} "
              f"indicator values")  # fmt: skip
        path.unlink()
    shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    elif len(sys.argv) > 1 and sys.argv[1] == "--write":
        setup_django()
        extract, area_codes, count = write_extract(sys.argv[2], Path(sys.argv[3]))
        print(json.dumps([str(extract), area_codes, count]))
    else:
        main()
