"""Periodic jobs that the apps register: expiries, retention, housekeeping.

    from querschnitt.core import jobs
    jobs.register("network.expire_entry_requests", timedelta(days=1), expire_entry_requests)

A job is a function without arguments that does its work for every municipality and returns
a short summary (or None). `manage.py run_scheduler` runs the due jobs every minute (beside
the task worker, in `bin/serve` and in production); `manage.py run_jobs` runs them once.

Each job has a row in `JobRun`. A scheduler claims a due job with one conditional UPDATE
("started before the interval ago"): the database lets exactly one of several racing
schedulers change the row, so a job runs once per interval even with a scheduler on every
server. A job that fails is recorded with its error and does not stop the others.
"""

import logging
import os
import socket
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

# A scheduler ticks every minute; without a little slack a daily job would start a minute
# later each day.
SLACK = timedelta(seconds=90)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], object]


@dataclass(frozen=True)
class Outcome:
    """What became of one job in one run of the scheduler."""

    name: str
    succeeded: bool
    summary: str


registry: dict[str, Job] = {}


def register(name: str, every: timedelta, run: Callable[[], object]) -> None:
    registry[name] = Job(name, every, run)


def scheduler_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def job_claim(job: Job, *, now: datetime, by: str, force: bool = False) -> bool:
    """Mark the job as started by `by` if it is due (or `force`); False if another scheduler
    has started it within its interval."""
    from querschnitt.core.models import JobRun

    JobRun.objects.get_or_create(name=job.name)
    due = Q(started_at__isnull=True) | Q(started_at__lte=now - job.every + SLACK)
    claimed = (
        JobRun.objects.filter(name=job.name)
        .filter(Q() if force else due)
        .update(started_at=now, finished_at=None, claimed_by=by[:200])
    )
    return claimed == 1


def job_execute(job: Job) -> Outcome:
    """Run a claimed job and record how it ended."""
    from querschnitt.core.models import JobRun

    try:
        result = job.run()
    # A failing job must not stop the jobs after it; its error is recorded and logged.
    except Exception:
        logger.exception("Periodic job %s failed", job.name)
        error = traceback.format_exc()[-4000:]
        JobRun.objects.filter(name=job.name).update(
            finished_at=timezone.now(),
            succeeded=False,
            error=error,
            runs=F("runs") + 1,
            failures=F("failures") + 1,
        )
        return Outcome(job.name, False, error.strip().splitlines()[-1])
    summary = "" if result is None else str(result)[:2000]
    JobRun.objects.filter(name=job.name).update(
        finished_at=timezone.now(), succeeded=True, summary=summary, error="", runs=F("runs") + 1
    )
    return Outcome(job.name, True, summary)


def jobs_run(
    names: list[str] | None = None,
    *,
    now: datetime | None = None,
    by: str = "",
    force: bool = False,
) -> list[Outcome]:
    """Run the due jobs (all registered, or the ones named), each at most once per interval;
    `force` runs them whether due or not."""
    by = by or scheduler_id()
    outcomes = []
    for name in sorted(names if names is not None else registry):
        job = registry[name]
        if job_claim(job, now=now or timezone.now(), by=by, force=force):
            outcomes.append(job_execute(job))
    return outcomes
