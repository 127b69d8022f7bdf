"""Integration monitoring: import and full computation of a register extract, against a bare
Polars group-by over the same file (the ceiling), for Mannheim and a city of Berlin's size.

For each city a synthetic register extract is written as CSV (Mannheim: 325,691 persons in 17
districts; Berlin: 3,900,000 in 12 districts), then measured, each step in a fresh process so
that its peak memory (getrusage maxrss) is its own:

Each step runs once on the first thousand rows before it is timed, as in a server process
that has handled a request before.

    ceiling   read the CSV with Polars (typed) and count it by four plain group-bys, one per
              table the import produces, over the raw columns (no checks, no derivation)
    import    what the office's upload does: read, check every row, derive migration
              background (MigraPro) and immigration history, count the four tables
              (`import_check_register`), then apply: protect the tables (primary and
              secondary suppression), store them, install the standard indicators and compute
              every indicator (`import_apply`), in a fresh SQLite database

Run: `.venv/bin/python bench/monitoring.py` (environment: BENCH_ROUNDS, default 3; BENCH_CITIES,
default "mannheim berlin"). The best of the rounds is printed, and the ratio to the ceiling.

To compare a change, BENCH_BASELINE names the `src` directory of another version (e.g. made by
`git archive main src | tar -x -C /tmp/baseline`): its import is measured in the same rounds,
on the same file, and printed as `before` beside it.
"""

import json
import os
import resource
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
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
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


def ceiling(path: Path, codes: list[str]) -> dict[str, Any]:
    bare_group_by(warm_up_file(path), codes)
    return bare_group_by(path, codes)


def bare_group_by(path: Path, codes: list[str]) -> dict[str, Any]:
    import polars as pl

    from querschnitt.monitoring.register import typed_schema

    schema = typed_schema(codes)
    names = ["id", "area", "age", "sex", "nationality_1", "nationality_2", "acquisition",
             "moved_in_year", "move_origin", "birth_country", "parent_1", "parent_2"]  # fmt: skip
    start = time.perf_counter()
    content = path.read_bytes()
    frame = pl.read_csv(content, separator=";", schema={n: schema[n] for n in names},
                        has_header=True, new_columns=names)  # fmt: skip
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
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "groups": sum(t.height for t in counted)}


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
    from querschnitt.monitoring.models import Area, FigureTable, IndicatorValue, Source
    from querschnitt.monitoring.services.imports import import_apply, import_check_register

    call_command("migrate", verbosity=0, interactive=False)
    municipality = Municipality.objects.create(
        slug="benchstadt", name="Benchstadt", ags="11000000", state="BE", office_name="Büro"
    )
    with scope(municipality=municipality):
        Area.objects.bulk_create(
            Area(municipality=municipality, code=code, name=f"Bezirk {code}") for code in codes
        )
        source = Source.objects.create(municipality=municipality, name="Melderegister")
        small = warm_up_file(path)
        warm = import_check_register(
            municipality=municipality, by=None, file_name=small.name,
            content=small.read_bytes(), source=source, reference_date=REFERENCE,
        )  # fmt: skip
        import_apply(run=warm, by=None)
        start = time.perf_counter()
        content = path.read_bytes()
        run = import_check_register(
            municipality=municipality, by=None, file_name=path.name, content=content,
            source=source, reference_date=REFERENCE,
        )  # fmt: skip
        checked = time.perf_counter()
        assert run.state == "checked", run.report["problems"][:3]
        del content
        import_apply(run=run, by=None)
        seconds = time.perf_counter() - start
        tables = FigureTable.objects.filter(municipality=municipality)
        hidden = sum(t.symbols.count("p") + t.symbols.count("s") for t in tables)
        values = IndicatorValue.objects.filter(municipality=municipality).count()
    return {
        "seconds": seconds,
        "check_and_count": checked - start,
        "apply": seconds - (checked - start),
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


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="querschnitt-bench-extracts-"))
    print(f"{'city':10} {'persons':>10} {'step':8} {'seconds':>8} {'peak MB':>8} {'× ceiling':>10}")
    for name in CITIES:
        path, codes, persons = written(name, directory)
        best: dict[str, dict[str, Any]] = {}
        steps = ("ceiling", "before", "import") if BASELINE else ("ceiling", "import")
        for _round in range(ROUNDS):
            for step in steps:
                result = measure(step, path, codes)
                if step not in best or result["seconds"] < best[step]["seconds"]:
                    best[step] = result
        ceiling_seconds = best["ceiling"]["seconds"]
        for step in steps:
            result = best[step]
            ratio = result["seconds"] / ceiling_seconds
            print(f"{name:10} {persons:>10,} {step:8} {result['seconds']:>8.2f} "
                  f"{result['peak_mb']:>8.0f} {ratio:>10.2f}")  # fmt: skip
        for step in steps[1:]:
            details = best[step]
            print(f"{'':10} {'':>10} {step}: check and count {details['check_and_count']:.2f} s, "
                  f"apply (protect, store, compute) {details['apply']:.2f} s; "
                  f"{details['hidden_cells']} cells hidden, {details['indicator_values']} "
                  f"indicator values")  # fmt: skip
        path.unlink()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    elif len(sys.argv) > 1 and sys.argv[1] == "--write":
        setup_django()
        extract, area_codes, count = write_extract(sys.argv[2], Path(sys.argv[3]))
        print(json.dumps([str(extract), area_codes, count]))
    else:
        main()
