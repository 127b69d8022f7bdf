"""gunicorn settings for `bench/run.py`: the project's own (deploy/gunicorn.conf.py of the tree
served) but for the recycling of workers, and the CPU time of the thread that handles each
request, appended to `$BENCH_CPU_LOG.<worker pid>` as "address<TAB>seconds" (the request's
X-Bench-Target header in place of the address when it has one: `bench/run.py` tells cold
requests from warm ones so). CPU time does not count the time a request waits for a core, so
it stays comparable on a machine that others share."""

import os
import threading
import time
from pathlib import Path
from typing import Any

# the served tree's own settings (gunicorn runs in that tree)
exec(Path("deploy/gunicorn.conf.py").read_text())
# but no recycling of workers: a new worker's first request (~1 s of Django loading its URL
# map, templates and views) would be counted as the latency of whichever page came next, and
# with one keep-alive client a worker reaches `max_requests` every few seconds
max_requests = 0

_started = threading.local()


def pre_request(worker: Any, req: Any) -> None:
    _started.cpu = time.thread_time()


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    spent = time.thread_time() - _started.cpu
    with open(f"{os.environ['BENCH_CPU_LOG']}.{os.getpid()}", "a") as log:
        label = next((value for name, value in req.headers if name == "X-BENCH-TARGET"), req.uri)
        log.write(f"{label}\t{spent}\n")
