"""A new server process imports the views and compiles the templates before its first visitor."""

import gc
import runpy
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
