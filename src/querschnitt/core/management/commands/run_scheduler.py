"""`manage.py run_scheduler`: run the periodic jobs when they are due, until stopped.

Runs beside the task worker (`bin/serve`; in production a systemd service on one or more
hosts). Several schedulers may run at once: each job is claimed in the database, so it runs
once per interval whichever scheduler gets it (`core.jobs`).
"""

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from querschnitt.core.jobs import jobs_run


class Command(BaseCommand):
    help = "Run the registered periodic jobs when they are due, until SIGTERM or Ctrl+C."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--interval", type=float, default=60.0, help="Seconds between checks (default 60)."
        )
        parser.add_argument("--once", action="store_true", help="Check once and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        while not self.stopping:
            close_old_connections()
            for outcome in jobs_run():
                state = "done" if outcome.succeeded else "FAILED"
                self.stdout.write(f"{outcome.name}: {state} {outcome.summary}".rstrip())
            close_old_connections()
            if options["once"]:
                return
            deadline = time.monotonic() + options["interval"]
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))

    def stop(self, signum: int, frame: Any) -> None:
        # The job that runs now finishes; no further one starts.
        self.stopping = True
