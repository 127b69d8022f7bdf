"""Large imports run in the task worker with visible progress; decisions for any number of
likely duplicates, saved a page at a time or for all at once; still all or nothing.

The worker's part is run by calling the task, as `db_worker` would; the DummyBackend keeps
the queue from running it inside the request. The line between "large" and "small" is set
low here, so that the files stay small.
"""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.network.models import ImportRun, Organisation
from querschnitt.network.services import imports as services
from querschnitt.network.services.imports import import_preview_create
from querschnitt.network.tasks import import_apply_queued, import_read
from querschnitt.network.tests.test_imports_parsing import HEADER, csv_bytes, write
from querschnitt.network.tests.test_imports_services import row

UPLOAD = "/mannheim/verwaltung/import/"
HTMX = {"HX-Request": "true"}
QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def office(db: Any) -> Client:
    client = signed_in_client("team@mannheim.example")
    client.cookies["qs_language"] = "en"
    return client


@pytest.fixture
def small_background_line(monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 10)


def organisation_names(mannheim: Any, prefix: str) -> set[str]:
    with scope(municipality=mannheim):
        return set(
            Organisation.objects.filter(municipality=mannheim, name__startswith=prefix).values_list(
                "name", flat=True
            )
        )


def upload(client: Client, tmp_path: Path, name: str, content: bytes) -> Any:
    with write(tmp_path, name, content).open("rb") as handle:
        return client.post(UPLOAD, {"file": handle})


def latest_run(mannheim: Any) -> ImportRun:
    with scope(municipality=mannheim):
        return ImportRun.objects.filter(municipality=mannheim).latest("id")


def list_of(count: int, prefix: str = "Hintergrundverein") -> bytes:
    return csv_bytes([HEADER, *(row(f"{prefix} {n}", PLZ="68159") for n in range(count))])


def test_a_large_list_is_read_by_the_worker_while_the_page_shows_progress(
    office, mannheim, tmp_path, small_background_line
) -> None:
    with override_settings(TASKS=QUEUE_ONLY):
        response = upload(office, tmp_path, "gross.csv", list_of(30))
    run = latest_run(mannheim)
    assert run.state == ImportRun.State.READING
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    assert response["Location"] == url

    page = office.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Waiting for the task worker." in page
    assert f'href="{url}"' in page  # reloading shows the progress without JavaScript
    assert 'value="apply"' not in page

    import_read.call(municipality_id=mannheim.pk, run_id=run.pk)
    run.refresh_from_db()
    assert run.state == ImportRun.State.PREVIEW
    assert run.report["counts"]["create"] == 30
    # The polled fragment tells htmx to load the whole page, which is now the preview.
    assert office.get(url, headers=HTMX)["HX-Refresh"] == "true"
    preview = office.get(url)
    assert preview.context["counts"]["create"] == 30
    assert b'value="apply"' in preview.content


def test_the_fragment_shows_how_far_reading_has_come(office, mannheim, tmp_path) -> None:
    with scope(municipality=mannheim):
        run = ImportRun.objects.create(
            municipality=mannheim,
            file_name="gross.csv",
            content=list_of(3),
            state=ImportRun.State.READING,
            progress={"phase": "check", "done": 4000, "total": 12000},
        )
    fragment = office.get(f"/mannheim/verwaltung/import/{run.pk}/", headers=HTMX)
    html = fragment.content.decode()
    assert "<html" not in html
    assert 'data-state="reading"' in html
    assert "Checking the rows: 4000 of 12000." in html
    assert 'max="12000" value="4000"' in html


def test_the_worker_reports_progress_while_it_reads(mannheim, monkeypatch) -> None:
    monkeypatch.setattr("querschnitt.network.imports.PROGRESS_EVERY", 10)
    seen: list[dict[str, Any]] = []
    original = services.progress_writer

    def recording(run: ImportRun) -> Any:
        write = original(run)

        def record(phase: str, done: int, total: int | None) -> None:
            write(phase, done, total)
            seen.append(ImportRun.objects.filter(pk=run.pk).values_list("progress", flat=True)[0])

        return record

    monkeypatch.setattr(services, "progress_writer", recording)
    with scope(municipality=mannheim):
        run = ImportRun.objects.create(
            municipality=mannheim,
            file_name="gross.csv",
            content=list_of(25),
            state=ImportRun.State.READING,
        )
        services.import_preview_build(run=run)
    assert {"phase": "read", "done": 20, "total": None} in seen
    assert {"phase": "check", "done": 20, "total": 25} in seen
    assert seen[-1]["phase"] == "store"


def test_a_large_file_that_cannot_be_imported_says_why_on_its_page(
    office, mannheim, tmp_path, small_background_line
) -> None:
    content = csv_bytes([["Kürzel", "PLZ"], *(["A", "68159"] for _ in range(30))])
    with override_settings(TASKS=QUEUE_ONLY):
        upload(office, tmp_path, "spalten.csv", content)
    run = latest_run(mannheim)
    import_read.call(municipality_id=mannheim.pk, run_id=run.pk)
    run.refresh_from_db()
    assert run.state == ImportRun.State.REJECTED
    assert bytes(run.content) == b""
    page = office.get(f"/mannheim/verwaltung/import/{run.pk}/").content.decode()
    assert "The file “spalten.csv” cannot be imported" in page
    assert "Required columns are missing: Name." in page
    assert 'value="apply"' not in page


def test_without_a_separate_queue_the_large_list_is_previewed_at_once(
    office, mannheim, tmp_path, small_background_line
) -> None:
    upload(office, tmp_path, "gross.csv", list_of(30))
    run = latest_run(mannheim)
    assert run.state == ImportRun.State.PREVIEW
    assert run.report["counts"]["total"] == 30


def test_a_hostile_file_is_refused_before_anything_is_stored(
    office, mannheim, tmp_path, small_background_line
) -> None:
    from querschnitt.network.tests.crafted_files import the_reported_bomb

    with scope(municipality=mannheim):
        before = ImportRun.objects.filter(municipality=mannheim).count()
    with override_settings(TASKS=QUEUE_ONLY):
        response = upload(office, tmp_path, "bombe.xlsx", the_reported_bomb())
    assert response.status_code == 200
    assert "refused as a precaution" in response.content.decode()
    with scope(municipality=mannheim):
        assert ImportRun.objects.filter(municipality=mannheim).count() == before


def background_preview(mannheim: Any, rows: list[list[Any]]) -> ImportRun:
    with scope(municipality=mannheim):
        return import_preview_create(
            municipality=mannheim, by=None, file_name="gross.csv", content=csv_bytes(rows)
        )


def test_a_large_import_is_applied_by_the_worker_in_one_step(
    office, mannheim, small_background_line
) -> None:
    run = background_preview(mannheim, [HEADER, *(row(f"Warteverein {n}") for n in range(12))])
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    assert b"The list is large" in office.get(url).content
    with override_settings(TASKS=QUEUE_ONLY):
        response = office.post(url, {"action": "apply"})
    assert response["Location"] == url
    run.refresh_from_db()
    assert run.state == ImportRun.State.APPLYING
    assert organisation_names(mannheim, "Warteverein") == set()
    page = office.get(url).content.decode()
    assert 'data-state="applying"' in page
    assert 'value="cancel"' in page
    assert 'value="apply"' not in page
    again = office.post(url, {"action": "apply"})
    assert again.status_code == 409

    user_id = office.session["_auth_user_id"]
    import_apply_queued.call(municipality_id=mannheim.pk, run_id=run.pk, user_id=int(user_id))
    run.refresh_from_db()
    assert run.state == ImportRun.State.APPLIED
    assert len(organisation_names(mannheim, "Warteverein")) == 12
    done = office.get(url)
    assert done.context["result"]["created"] == 12


def test_a_queued_import_can_be_stopped_and_the_late_task_changes_nothing(
    office, mannheim, small_background_line
) -> None:
    run = background_preview(mannheim, [HEADER, *(row(f"Stoppverein {n}") for n in range(12))])
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    with override_settings(TASKS=QUEUE_ONLY):
        office.post(url, {"action": "apply"})
    response = office.post(url, {"action": "cancel"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == ImportRun.State.PREVIEW
    assert import_apply_queued.call(municipality_id=mannheim.pk, run_id=run.pk, user_id=None) == (
        "gone"
    )
    assert organisation_names(mannheim, "Stoppverein") == set()
    assert b'value="apply"' in office.get(url).content
    assert office.post(url, {"action": "cancel"}).status_code == 409


def test_a_failed_background_apply_returns_to_the_preview_and_says_why(
    office, mannheim, small_background_line
) -> None:
    with scope(municipality=mannheim):
        existing = Organisation.objects.create(
            municipality=mannheim, name="Verschwindeverein", street="Altweg 1", postal_code="68159"
        )
    rows = [
        HEADER,
        row("Verschwindeverein", Straße="Neuweg 2", PLZ="68161"),
        *(row(f"Fehlschlagverein {n}") for n in range(12)),
    ]
    run = background_preview(mannheim, rows)
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    with override_settings(TASKS=QUEUE_ONLY):
        office.post(url, {"action": "apply", "decision_2": f"update:{existing.pk}"})
    with scopes_disabled():
        existing.delete()  # deleted while the import waits for the worker
    import_apply_queued.call(municipality_id=mannheim.pk, run_id=run.pk, user_id=None)
    run.refresh_from_db()
    assert run.state == ImportRun.State.PREVIEW
    assert organisation_names(mannheim, "Fehlschlagverein") == set()
    page = office.get(url).content.decode()
    assert "The import could not be applied. Nothing has been changed." in page
    assert "have been deleted in the meantime" in page


# --- decisions on likely duplicates ----------------------------------------------------------


def many_duplicates(mannheim: Any, count: int) -> ImportRun:
    """A file whose rows repeat one name: the first is new, the others likely duplicates."""
    rows = [HEADER, *(row("Mehrfachverein", Telefon=str(n)) for n in range(count + 1))]
    return background_preview(mannheim, rows)


def test_more_than_five_hundred_duplicates_can_be_decided_for_all_at_once(office, mannheim) -> None:
    run = many_duplicates(mannheim, 600)
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    page = office.get(url)
    assert len(page.context["duplicates"]) == 100  # one page of decisions at a time
    assert page.context["duplicates_page"].paginator.num_pages == 6
    assert b'name="default"' in page.content

    response = office.post(url, {"action": "decide_all", "default": "create"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.decisions == {"*": "create"}
    last_page = office.get(url, {"duplikate": 6})
    assert 'value="create" selected' in last_page.content.decode()

    office.post(url, {"action": "apply"})
    run.refresh_from_db()
    assert run.state == ImportRun.State.APPLIED
    assert run.report["result"]["created"] == 601
    with scope(municipality=mannheim):
        assert Organisation.objects.filter(
            municipality=mannheim, name="Mehrfachverein"
        ).count() == (601)


def test_single_decisions_are_saved_as_they_are_made_and_override_the_one_for_all(
    office, mannheim
) -> None:
    run = many_duplicates(mannheim, 150)
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    office.post(url, {"action": "decide_all", "default": "update"})
    # htmx posts the page's form when one choice changes; the answer is the status line.
    on_page_two = office.get(url, {"duplikate": 2})
    field = next(iter(on_page_two.context["form"].fields))
    assert field == "decision_103"  # header, the first (new) row, 100 duplicates on page 1
    saved = office.post(f"{url}?duplikate=2", {"action": "decide", field: "skip"}, headers=HTMX)
    assert saved.status_code == 200
    assert saved.content.decode().strip() == "Saved"
    run.refresh_from_db()
    assert run.decisions == {"*": "update", "103": "skip"}

    # Without JavaScript, the page's button saves the decisions shown on it.
    response = office.post(f"{url}?duplikate=2", {"action": "decide", "decision_104": "create"})
    assert response.status_code == 302
    assert response["Location"].endswith("?duplikate=2#duplikate")
    run.refresh_from_db()
    assert run.decisions["104"] == "create"

    office.post(url, {"action": "apply"})
    run.refresh_from_db()
    outcomes = {entry["row"]: entry["outcome"] for entry in run.report["rows"]}
    assert outcomes[103] == "skipped"
    assert outcomes[104] == "created"
    assert outcomes[105] == "merged"  # "update": the only organisation it resembles, row 2
    assert run.report["result"] == {
        "created": 2,
        "updated": 0,
        "merged": 148,
        "unchanged": 0,
        "skipped": 1,
        "rejected": 0,
    }


def test_a_decision_that_was_not_offered_is_refused_and_nothing_stored(office, mannheim) -> None:
    run = many_duplicates(mannheim, 3)
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    refused = office.post(url, {"action": "decide", "decision_3": "update:999999"}, headers=HTMX)
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    page = office.post(url, {"action": "decide_all", "default": "explode"})
    assert page.status_code == 200
    run.refresh_from_db()
    assert run.decisions == {}


def test_decisions_on_an_applied_import_are_refused(office, mannheim) -> None:
    run = many_duplicates(mannheim, 3)
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    office.post(url, {"action": "apply"})
    response = office.post(url, {"action": "decide", "decision_3": "create"})
    assert response.status_code == 409


def test_decisions_on_another_municipalitys_import_are_not_found(office, bamberg) -> None:
    with scope(municipality=bamberg):
        run = import_preview_create(
            municipality=bamberg,
            by=None,
            file_name="b.csv",
            content=b"Name\nBamberger Verein\nBamberger Verein\n",
        )
    url = f"/mannheim/verwaltung/import/{run.pk}/"
    assert office.post(url, {"action": "decide_all", "default": "create"}).status_code == 404
    assert office.post(url, {"action": "cancel"}).status_code == 404
    with scopes_disabled():
        run.refresh_from_db()
    assert run.decisions == {}
