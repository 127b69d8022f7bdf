"""Periodic jobs run by themselves: once per interval, once even when schedulers race, and a
failing job is recorded without stopping the others."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from querschnitt.core import jobs
from querschnitt.core.models import JobRun

DAY = timedelta(days=1)


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, jobs.Job]:
    """An empty registry for the test's own jobs."""
    test_registry: dict[str, jobs.Job] = {}
    monkeypatch.setattr(jobs, "registry", test_registry)
    return test_registry


def counting_job(name: str, registry: dict[str, jobs.Job], every: timedelta = DAY) -> list[int]:
    runs: list[int] = []

    def run() -> str:
        runs.append(1)
        return f"run {len(runs)}"

    registry[name] = jobs.Job(name, every, run)
    return runs


@pytest.mark.django_db
def test_a_due_job_runs_once_per_interval(registry) -> None:
    runs = counting_job("test.daily", registry)
    now = timezone.now()
    assert [outcome.summary for outcome in jobs.jobs_run(now=now)] == ["run 1"]
    assert jobs.jobs_run(now=now + timedelta(hours=23)) == []
    assert len(runs) == 1
    jobs.jobs_run(now=now + DAY)
    assert len(runs) == 2
    record = JobRun.objects.get(name="test.daily")
    assert (record.runs, record.failures, record.succeeded, record.summary) == (2, 0, True, "run 2")


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run(registry) -> None:
    def broken() -> None:
        raise ValueError("the mail server is gone")

    registry["test.a_broken"] = jobs.Job("test.a_broken", DAY, broken)
    runs = counting_job("test.b_fine", registry)
    outcomes = jobs.jobs_run()
    assert [(o.name, o.succeeded) for o in outcomes] == [
        ("test.a_broken", False),
        ("test.b_fine", True),
    ]
    assert len(runs) == 1
    failed = JobRun.objects.get(name="test.a_broken")
    assert failed.succeeded is False
    assert failed.failures == 1
    assert "ValueError: the mail server is gone" in failed.error
    # The failed job waits for its next interval like any other.
    assert jobs.jobs_run() == []


@pytest.mark.django_db
def test_run_jobs_runs_named_jobs_at_once_and_reports_failures(registry) -> None:
    runs = counting_job("test.daily", registry)
    jobs.jobs_run()
    out = StringIO()
    call_command("run_jobs", "test.daily", stdout=out)
    assert len(runs) == 2, "a named job runs even when it is not due"
    call_command("run_jobs", "--due", stdout=out)
    assert len(runs) == 2
    call_command("run_jobs", "--list", stdout=out)
    assert "test.daily" in out.getvalue()
    assert "ok" in out.getvalue()
    with pytest.raises(CommandError, match="Unknown job"):
        call_command("run_jobs", "test.nothing")
    registry["test.broken"] = jobs.Job("test.broken", DAY, lambda: 1 / 0)
    with pytest.raises(CommandError, match="failed"):
        call_command("run_jobs", "test.broken", stdout=out)


# The scheduler closes stale connections between checks, as a long-running process must;
# inside a test's transaction that would close the test's connection.
@pytest.mark.django_db(transaction=True)
def test_the_scheduler_runs_what_is_due(registry) -> None:
    runs = counting_job("test.hourly", registry, every=timedelta(hours=1))
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    call_command("run_scheduler", "--once", stdout=out)
    assert len(runs) == 1
    assert "test.hourly: done run 1" in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; race on PostgreSQL"
)
def test_two_schedulers_racing_run_a_job_once(registry) -> None:
    started = threading.Barrier(4)
    runs = []

    def slow() -> None:
        runs.append(threading.get_ident())
        threading.Event().wait(0.3)

    registry["test.race"] = jobs.Job("test.race", DAY, slow)
    JobRun.objects.create(name="test.race")
    outcomes: list[list[jobs.Outcome]] = []

    def scheduler(number: int) -> None:
        try:
            started.wait()
            outcomes.append(jobs.jobs_run(by=f"scheduler {number}"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(runs) == 1
    assert sorted(len(outcome) for outcome in outcomes) == [0, 0, 0, 1]
    assert JobRun.objects.get(name="test.race").runs == 1


@pytest.mark.django_db
def test_the_platform_registers_its_daily_jobs() -> None:
    assert {"core.clear_sessions", "core.retention"} <= set(jobs.registry)
    assert all(
        jobs.registry[name].every == DAY for name in ("core.clear_sessions", "core.retention")
    )


@pytest.mark.django_db
def test_expired_sessions_are_cleared() -> None:
    old, current = SessionStore(), SessionStore()
    old.set_expiry(-60)
    old.create()
    current.create()
    jobs.registry["core.clear_sessions"].run()
    keys = set(Session.objects.values_list("session_key", flat=True))
    assert current.session_key in keys
    assert old.session_key not in keys


def test_the_embedded_setup_starts_the_scheduler() -> None:
    from pathlib import Path

    serve = (Path(__file__).resolve().parents[4] / "bin" / "serve").read_text()
    assert "manage.py run_scheduler" in serve
