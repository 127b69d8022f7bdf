"""Uploaded register extracts never stay behind: a worker that died leaves its import refused
and its file deleted by the periodic job; an upload that is rolled back leaves no file; an
extract still being counted cannot be discarded, and the office is told why."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.tasks.exceptions import InvalidTask
from django.utils import timezone
from django_scopes import scope

from conftest import signed_in_client
from querschnitt.core.jobs import jobs_run
from querschnitt.monitoring.models import ImportRun, Source
from querschnitt.monitoring.services.imports import (
    COUNTING_TIMEOUT,
    import_count_register,
    import_receive_register,
)
from querschnitt.monitoring.tasks import register_count
from querschnitt.monitoring.tests.test_imports import WAITING, post_extract, register_extract

pytestmark = pytest.mark.django_db


def extracts() -> set[str]:
    folder = Path(django_settings.MEDIA_ROOT) / "monitoring" / "extracts"
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


def age(path: Path, by: timedelta) -> None:
    then = (timezone.now() - by).timestamp()
    os.utime(path, (then, then))


def run_the_job() -> str:
    outcomes = jobs_run(["monitoring.stale_imports"], force=True)
    assert [outcome.succeeded for outcome in outcomes] == [True]
    return outcomes[0].summary


def test_an_import_whose_worker_died_is_refused_and_its_file_deleted(
    mannheim, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = WAITING  # a worker that never comes
    client = signed_in_client("team@mannheim.example")
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
    response = post_extract(client, source, register_extract())
    with scope(municipality=mannheim):
        run = ImportRun.objects.get(municipality=mannheim, file_name="langsam.csv")
    path = Path(run.upload.path)

    with django_capture_on_commit_callbacks(execute=True):
        assert run_the_job().startswith("0 imports")  # counting for a moment only: left alone
    assert path.exists()

    with scope(municipality=mannheim):
        ImportRun.objects.filter(municipality=mannheim, pk=run.pk).update(
            created_at=timezone.now() - COUNTING_TIMEOUT - timedelta(minutes=1)
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert run_the_job().startswith("1 imports stopped counting")
    with scope(municipality=mannheim):
        run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED
    assert [entry["code"] for entry in run.report["problems"]] == ["register_count_timed_out"]
    assert not run.upload
    assert not path.exists()
    page = client.get(response["Location"]).content.decode()
    assert "nicht innerhalb von 60 Minuten gezählt" in page
    assert "hx-trigger" not in page  # the page no longer waits for it


def upload_then_fail(mannheim, source: Source) -> None:
    with transaction.atomic():
        import_receive_register(
            municipality=mannheim,
            by=None,
            file_name="extrakt.csv",
            upload=SimpleUploadedFile("extrakt.csv", register_extract()),
            source=source,
            reference_date=timezone.localdate() - timedelta(days=1),
        )
        raise RuntimeError("a later step failed")


def test_a_rolled_back_upload_leaves_no_file(mannheim, settings) -> None:
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
        before = extracts()
        # the counting cannot be queued (a task backend without its queue): rolled back
        assert register_count.queue_name == "default"
        settings.TASKS = {
            "default": {
                "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
                "QUEUES": ["reports"],
            }
        }
        with pytest.raises(InvalidTask):
            import_receive_register(
                municipality=mannheim,
                by=None,
                file_name="extrakt.csv",
                upload=SimpleUploadedFile("extrakt.csv", register_extract()),
                source=source,
                reference_date=timezone.localdate() - timedelta(days=1),
            )
        assert extracts() == before
        assert not ImportRun.objects.filter(municipality=mannheim, file_name="extrakt.csv").exists()

        # a transaction around the upload rolled back: the periodic job deletes the file
        # once it is older than an import may count
        settings.TASKS = WAITING
        with pytest.raises(RuntimeError):
            upload_then_fail(mannheim, source)
        assert not ImportRun.objects.filter(municipality=mannheim, file_name="extrakt.csv").exists()
    [left] = extracts() - before
    left_path = Path(django_settings.MEDIA_ROOT) / "monitoring" / "extracts" / left
    assert run_the_job().endswith("0 abandoned extracts deleted")  # it may still be counted
    assert left_path.exists()
    age(left_path, COUNTING_TIMEOUT + timedelta(minutes=1))
    assert run_the_job().endswith("1 abandoned extracts deleted")
    assert extracts() == before


def test_an_extract_still_counting_cannot_be_discarded(mannheim, settings) -> None:
    settings.TASKS = WAITING
    client = signed_in_client("team@mannheim.example")
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
    response = post_extract(client, source, register_extract())
    answer = client.post(response["Location"], {"action": "discard"})
    assert answer.status_code == 409
    assert "wird noch geprüft und gezählt" in answer.content.decode()
    assert "schon übernommen oder verworfen" not in answer.content.decode()
    with scope(municipality=mannheim):
        run = ImportRun.objects.get(municipality=mannheim, file_name="langsam.csv")
    assert run.state == ImportRun.State.COUNTING


def test_a_worker_that_fails_after_the_job_refused_its_import_leaves_the_refusal(
    mannheim, settings, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """The worker has taken the import up when the periodic job refuses it (the counting took
    too long) and deletes its file; the worker then fails reading it. The import keeps the
    job's refusal: the worker does not write over an import that is no longer counting."""
    settings.TASKS = WAITING
    client = signed_in_client("team@mannheim.example")
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
    post_extract(client, source, register_extract())
    with scope(municipality=mannheim):
        run = ImportRun.objects.get(municipality=mannheim, file_name="langsam.csv")
        ImportRun.objects.filter(municipality=mannheim, pk=run.pk).update(
            created_at=timezone.now() - COUNTING_TIMEOUT - timedelta(minutes=1)
        )
    opened = FileSystemStorage.open

    def open_after_the_job(storage, name, mode="rb"):
        # the job runs between the worker's start and its reading of the file
        with django_capture_on_commit_callbacks(execute=True):
            assert run_the_job().startswith("1 imports stopped counting")
        return opened(storage, name, mode)

    monkeypatch.setattr(FileSystemStorage, "open", open_after_the_job)
    with scope(municipality=mannheim), pytest.raises(FileNotFoundError):
        import_count_register(run=run)
    with scope(municipality=mannheim):
        run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED
    assert [entry["code"] for entry in run.report["problems"]] == ["register_count_timed_out"]
    assert not run.upload
