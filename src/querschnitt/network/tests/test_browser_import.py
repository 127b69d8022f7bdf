"""In Chromium: office staff upload an XLSX list, look at the preview, decide a likely
duplicate, confirm and see the result. axe-core on every page visited."""

import pytest
from django_scopes import scope, scopes_disabled

from conftest import axe_violations, demo_totp_code
from querschnitt.accounts.models import User
from querschnitt.core.models import Municipality
from querschnitt.network.models import ImportRun, Organisation
from querschnitt.network.services.organisations import organisation_create
from querschnitt.network.tests.test_imports_parsing import HEADER, write, xlsx_bytes
from querschnitt.network.tests.test_imports_services import row

pytestmark = pytest.mark.browser

STAFF = "team@mannheim.example"
UPLOAD = "/mannheim/verwaltung/import/"


def sign_in(page) -> None:
    page.goto(UPLOAD)
    assert "/konto/anmelden/" in page.url
    assert axe_violations(page) == []
    page.get_by_label("E-Mail-Adresse").fill(STAFF)
    page.get_by_label("Passwort").fill("Querschnitt-Demo-2026")
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/konto/zweiter-faktor/**")
    assert axe_violations(page) == []
    page.get_by_label("Sechsstelliger Code").fill(demo_totp_code(STAFF))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**{UPLOAD}")


def test_staff_import_a_list_decide_a_duplicate_and_confirm(page, tmp_path) -> None:
    mannheim = Municipality.objects.get(slug="mannheim")
    with scope(municipality=mannheim):
        existing = organisation_create(
            municipality=mannheim,
            by=User.objects.get(email=STAFF),
            name="Browserverein Rheinau e. V.",
            street="Relaisstraße 1",
            postal_code="68219",
            city="Mannheim",
            status=Organisation.Status.PUBLISHED,
        )
    path = write(
        tmp_path,
        "akteure.xlsx",
        xlsx_bytes(
            [
                HEADER,
                row("Browserverein Rheinau", Straße="Rheinauer Ring 5", PLZ="68219"),
                row("Browser-Neuverein Lindenhof", Art="Sportverein", Stadtteil="Lindenhof"),
                row("Browser-Fehlverein", **{"E-Mail": "kaputt"}),
            ]
        ),
    )

    sign_in(page)
    assert axe_violations(page) == []
    page.goto(f"/sprache/en/?next={UPLOAD}")
    page.wait_for_url(f"**{UPLOAD}")
    assert page.get_by_role("heading", level=1).inner_text() == "Import organisations"
    assert axe_violations(page) == []

    page.get_by_label("List of organisations (XLSX or CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url("**/verwaltung/import/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Import of “akteure.xlsx”"
    assert page.locator('[data-count="create"]').inner_text() == "1"
    assert page.locator('[data-count="reject"]').inner_text() == "1"
    assert page.locator('[data-count="duplicate"]').inner_text() == "1"
    assert page.get_by_text("Not a valid e-mail address").count() == 1
    assert axe_violations(page) == []

    decision = page.get_by_label("Decision for row 2")
    assert decision.input_value() == "skip"
    decision.select_option(label="Create as a new organisation")
    # htmx saves the decision as soon as it is chosen.
    page.locator("#decision-status-2").get_by_text("Saved").wait_for()
    with scopes_disabled():
        assert ImportRun.objects.get(file_name="akteure.xlsx").decisions == {"2": "create"}
    with page.expect_navigation():
        page.get_by_role("button", name="Import now").click()
    assert page.locator(".kern-alert--success").count() >= 1
    assert page.get_by_text("2 created, 0 updated").count() == 1
    assert page.get_by_role("button", name="Import now").count() == 0
    assert axe_violations(page) == []

    with scopes_disabled():
        assert ImportRun.objects.get(file_name="akteure.xlsx").state == ImportRun.State.APPLIED
        assert Organisation.objects.filter(name__startswith="Browserverein Rheinau").count() == 2
        assert Organisation.objects.filter(name="Browser-Neuverein Lindenhof").exists()
        assert not Organisation.objects.filter(name="Browser-Fehlverein").exists()
        existing.refresh_from_db()
        assert existing.street == "Relaisstraße 1"

    # The staff navigation leads back to the upload page, which lists the import.
    page.get_by_role("link", name="Import", exact=True).click()
    page.wait_for_url(f"**{UPLOAD}")
    assert page.get_by_role("link", name="akteure.xlsx").count() == 1
    assert axe_violations(page) == []


def test_a_large_list_shows_its_progress_and_then_its_preview(page, tmp_path, monkeypatch) -> None:
    """The worker's part runs when the test says so; the page polls and reloads by itself."""
    from django.test import override_settings

    from querschnitt.network.services import imports as services
    from querschnitt.network.tasks import import_read

    monkeypatch.setattr(services, "BACKGROUND_ROWS", 5)
    rows = [HEADER, *(row(f"Fortschrittsverein {n}", PLZ="68159") for n in range(20))]
    path = write(tmp_path, "gross.xlsx", xlsx_bytes(rows))
    sign_in(page)
    page.goto(f"/sprache/en/?next={UPLOAD}")
    page.wait_for_url(f"**{UPLOAD}")
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    ):
        page.get_by_label("List of organisations (XLSX or CSV)").set_input_files(str(path))
        page.get_by_role("button", name="Upload and check").click()
        page.wait_for_url("**/verwaltung/import/*/")
        page.get_by_text("Waiting for the task worker.").wait_for()
        assert page.get_by_role("button", name="Import now").count() == 0
        assert axe_violations(page) == []
        with scopes_disabled():
            run = ImportRun.objects.get(file_name="gross.xlsx")
        import_read.call(municipality_id=run.municipality_id, run_id=run.pk)
        # Within the next poll (every 2 s) the page turns into the preview, without a click.
        page.get_by_role("button", name="Import now").wait_for()
    assert page.locator('[data-count="create"]').inner_text() == "20"
    assert axe_violations(page) == []
