"""gunicorn settings for `bench/first_request.py`: the project's own, without the warm-up of
each new worker (what a worker did before `core/warm_up.py`)."""

from pathlib import Path
from typing import Any

exec(Path("deploy/gunicorn.conf.py").read_text())


def post_worker_init(worker: Any) -> None:
    worker.log.info("Warmed up: nothing (bench: no warm-up)")
