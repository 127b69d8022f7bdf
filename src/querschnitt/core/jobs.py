"""Periodic jobs that the apps register: expiries, retention, reminders, imports.

    from querschnitt.core import jobs
    jobs.register("network.expire_entry_requests", timedelta(days=1), expire_entry_requests)

A job is a function without arguments that does its work for every municipality and returns
a short summary (or None). `manage.py run_jobs` runs the jobs that are due.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], object]


registry: dict[str, Job] = {}


def register(name: str, every: timedelta, run: Callable[[], object]) -> None:
    registry[name] = Job(name, every, run)
