"""A new server process imports the views and compiles the templates before its first visitor."""

import runpy
from pathlib import Path
from types import SimpleNamespace

from querschnitt.core.warm_up import own_template_names, warm

ROOT = Path(__file__).resolve().parents[4]


def test_the_warm_up_compiles_every_template_of_ours() -> None:
    names = own_template_names()
    assert "core/base.html" in names
    assert "network/directory.html" in names
    assert warm() == len(names)  # a template that does not compile raises here


def test_each_new_gunicorn_worker_warms_up_and_says_so() -> None:
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    logged: list[str] = []
    worker = SimpleNamespace(
        log=SimpleNamespace(info=lambda text, *args: logged.append(text % args))
    )
    config["post_worker_init"](worker)
    assert len(logged) == 1
    assert logged[0].startswith(f"Warmed up: {len(own_template_names())} templates in ")
