"""gunicorn settings for `make run` and for production (override with GUNICORN_* variables)."""

import multiprocessing
import os
import time
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5
timeout = 60
graceful_timeout = 30
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "querschnitt.wsgi:application"
pythonpath = "src"
# gunicornc's control socket is one path per user by default, which two servers on one machine
# would share (the deployment test's, `make run` beside `make bench`): only where a path is set
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

# Django sets TZ to its TIME_ZONE in each worker when it loads; the master logs with it too, so
# that one log does not mix two offsets (settings.TIME_ZONE; TZ from the environment wins)
os.environ.setdefault("TZ", "Europe/Berlin")
time.tzset()


def post_worker_init(worker: Any) -> None:
    """Load the URL map and the templates before the worker takes its first request."""
    from querschnitt.core.warm_up import warm

    started = time.perf_counter()
    templates = warm()
    worker.log.info(
        "Warmed up: %d templates in %.0f ms", templates, 1000 * (time.perf_counter() - started)
    )
