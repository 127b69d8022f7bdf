"""A new server process imports the views and compiles the templates before its first visitor."""

import gc
import os
import runpy
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from querschnitt.core.warm_up import own_template_names, warm

ROOT = Path(__file__).resolve().parents[4]


@pytest.fixture
def unfrozen_afterwards() -> Iterator[None]:
    yield
    gc.unfreeze()  # the test process goes on collecting as before


def test_the_warm_up_compiles_every_template_of_ours(unfrozen_afterwards) -> None:
    names = own_template_names()
    assert "core/base.html" in names
    assert "network/directory.html" in names
    assert warm() == len(names)  # a template that does not compile raises here


def test_what_the_process_holds_after_the_warm_up_is_left_out_of_full_collections(
    unfrozen_afterwards,
) -> None:
    gc.unfreeze()
    held = len(gc.get_objects())
    warm()
    assert gc.get_freeze_count() >= held * 0.9  # the few not frozen were garbage
    assert len(gc.get_objects()) < held * 0.1


def test_each_new_gunicorn_worker_warms_up_and_says_so(unfrozen_afterwards) -> None:
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    logged: list[str] = []
    worker = SimpleNamespace(
        log=SimpleNamespace(info=lambda text, *args: logged.append(text % args))
    )
    config["post_worker_init"](worker)
    assert len(logged) == 1
    assert logged[0].startswith(f"Warmed up: {len(own_template_names())} templates in ")


# Libraries that only some requests, commands or tasks need: the counting of register extracts
# (Polars, SciPy), spreadsheets (openpyxl), the open-data catalogue (rdflib), PDFs (WeasyPrint)
ON_DEMAND = ("polars", "scipy", "openpyxl", "rdflib", "weasyprint", "pyshacl")
WORKER = """
import sys
from querschnitt.wsgi import application
from querschnitt.core.warm_up import warm
warm()
print(" ".join(sorted(name for name in sys.argv[1:] if name in sys.modules)) or "none")
"""


def test_a_new_worker_loads_no_library_that_only_some_requests_need() -> None:
    """Each such library cost every new worker, command and test process up to 0.7 s to
    start (1.4 s together) and its memory; the views that need one import it themselves."""
    run = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", WORKER, *ON_DEMAND],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[-1] == "none"
