"""`manage.py run_jobs [NAME …]`: run the periodic jobs that the apps registered.

Without names, every registered job runs once; `--list` shows them with their interval.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from querschnitt.core.jobs import registry


class Command(BaseCommand):
    help = "Run the registered periodic jobs (all, or the ones named)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("names", nargs="*", help="Names of jobs to run (default: all).")
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in sorted(registry.values(), key=lambda job: job.name):
                self.stdout.write(f"{job.name:<45} every {job.every}")
            return
        unknown = set(options["names"]) - set(registry)
        if unknown:
            raise CommandError(f"Unknown job(s): {', '.join(sorted(unknown))}")
        for name in options["names"] or sorted(registry):
            summary = registry[name].run()
            self.stdout.write(f"{name}: {summary if summary is not None else 'done'}")
