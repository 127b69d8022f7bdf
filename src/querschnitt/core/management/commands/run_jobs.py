"""`manage.py run_jobs [NAME …]`: run the periodic jobs that the apps registered, once.

Without names, every registered job runs now; `--due` runs only the jobs whose interval has
passed (what a systemd timer or cron would call); `--list` shows them with their last run.
Each run is recorded, so `run_scheduler` then waits a full interval.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from querschnitt.core import jobs
from querschnitt.core.models import JobRun


class Command(BaseCommand):
    help = "Run the registered periodic jobs (all, the ones named, or the due ones)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("names", nargs="*", help="Names of jobs to run (default: all).")
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")
        parser.add_argument(
            "--due", action="store_true", help="Run only the jobs whose interval has passed."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            runs = {run.name: run for run in JobRun.objects.all()}
            for job in sorted(jobs.registry.values(), key=lambda job: job.name):
                run = runs.get(job.name)
                last = "never run"
                if run is not None and run.started_at is not None:
                    state = {True: "ok", False: "FAILED", None: "running"}[run.succeeded]
                    last = f"last {run.started_at:%Y-%m-%d %H:%M} {state}"
                self.stdout.write(f"{job.name:<45} every {job.every}  {last}")
            return
        unknown = set(options["names"]) - set(jobs.registry)
        if unknown:
            raise CommandError(f"Unknown job(s): {', '.join(sorted(unknown))}")
        outcomes = jobs.jobs_run(options["names"] or None, force=not options["due"])
        for outcome in outcomes:
            state = "" if outcome.succeeded else "FAILED: "
            self.stdout.write(f"{outcome.name}: {state}{outcome.summary or 'done'}")
        if any(not outcome.succeeded for outcome in outcomes):
            raise CommandError("At least one job failed (see above).")
