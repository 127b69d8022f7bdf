"""Imports through the staff area: a report naming row, column and value, nothing imported
from a bad file; a good file previewed, then applied; register extracts counted, never kept."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from conftest import signed_in_client
from querschnitt.monitoring.models import Figure, FigureTable, ImportRun, Indicator, Source
from querschnitt.monitoring.services.imports import import_count_register

pytestmark = pytest.mark.django_db

GOOD = """Stichtag;Gebiet;Staatsangehörigkeit;Anzahl
31.12.2022;01;deutsch;120
31.12.2022;01;ausländisch;80
31.12.2022;02;deutsch;60
31.12.2022;02;ausländisch;40
31.12.2022;Stadt;insgesamt;300
"""


def upload(client, text: str | bytes, *, file_name: str = "leistungen.csv", **fields):
    content = text.encode() if isinstance(text, str) else text
    data = {
        "kind": "table",
        "tabelle-file": SimpleUploadedFile(file_name, content, content_type="text/csv"),
        "tabelle-encoding": "utf-8",
        **{f"tabelle-{key}": value for key, value in fields.items()},
    }
    return client.post("/mannheim/verwaltung/monitoring/import/", data)


def new_figure_fields(mannheim) -> dict:
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
    return {
        "key": "leistungsbezug",
        "name": "Leistungsbeziehende",
        "source": source.pk,
        "definition": "citizenship",
    }


def test_a_good_table_is_previewed_then_applied(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    response = upload(client, GOOD, **new_figure_fields(mannheim))
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert (
        "Was geschrieben wird" in detail.content.decode()
        or "What will be written" in detail.content.decode()
    )
    with scope(municipality=mannheim):
        run = ImportRun.objects.get(municipality=mannheim, file_name="leistungen.csv")
        assert run.state == ImportRun.State.CHECKED
        assert not Figure.objects.filter(municipality=mannheim, key="leistungsbezug").exists()
    assert "qs-import-replaces" not in detail.content.decode()  # a new figure replaces nothing
    applied = client.post(response["Location"], {"action": "apply"})
    assert applied.status_code == 302
    with scope(municipality=mannheim):
        table = FigureTable.objects.get(municipality=mannheim, figure__key="leistungsbezug")
        assert table.year == 2022
        assert table.values[-1] == 300
        run.refresh_from_db()
        assert run.state == ImportRun.State.APPLIED
        assert run.result == {}


def test_a_bad_table_is_refused_with_row_column_and_value_and_nothing_is_imported(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    bad = GOOD.replace("01;ausländisch;80", "01;ausländisch;-80").replace(
        "02;deutsch", "99;deutsch"
    )
    response = upload(client, bad, **new_figure_fields(mannheim))
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "-80" in text
    assert "Anzahl (D)" in text
    assert "99" in text
    assert "Gebiet (B)" in text
    with scope(municipality=mannheim):
        run = ImportRun.objects.get(municipality=mannheim, file_name="leistungen.csv")
        assert run.state == ImportRun.State.FAILED
        assert run.result == {}
        assert not Figure.objects.filter(municipality=mannheim, key="leistungsbezug").exists()
    refused = client.post(response["Location"], {"action": "apply"})
    assert refused.status_code == 409


def test_a_table_for_an_existing_figure_replaces_its_year(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    with scope(municipality=mannheim):
        figure = Figure.objects.get(municipality=mannheim, key="unemployed")
        before = FigureTable.objects.get(municipality=mannheim, figure=figure, year=2022).values[-1]
    rows = ["Stichtag;Gebiet;Staatsangehörigkeit;Geschlecht;Anzahl"]
    for area in [f"{i:02d}" for i in range(1, 18)]:
        for citizenship in ("deutsch", "ausländisch"):
            for sex in ("männlich", "weiblich"):
                rows.append(f"30.06.2022;{area};{citizenship};{sex};100")
    response = upload(client, "\n".join(rows), figure=figure.pk)
    # the preview, which is the confirm page, says before the button what cannot be undone
    preview = client.get(response["Location"]).content.decode()
    assert "1 Tabelle ersetzt die zuvor importierten Zahlen ihres Jahres" in preview
    assert preview.index("qs-import-replaces") < preview.index('value="apply"')
    client.post(response["Location"], {"action": "apply"})
    with scope(municipality=mannheim):
        after = FigureTable.objects.get(municipality=mannheim, figure=figure, year=2022).values[-1]
    assert before != after == 17 * 4 * 100


def test_a_table_with_another_breakdown_than_its_figure_is_refused(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    with scope(municipality=mannheim):
        figure = Figure.objects.get(municipality=mannheim, key="unemployed")
    response = upload(client, GOOD, figure=figure.pk)
    assert "dims_differ" in str(
        ImportRun.objects.with_scopes_disabled()
        .get(pk=response["Location"].rstrip("/").split("/")[-1])
        .report
    )


def register_extract() -> bytes:
    header = (
        "id;gebiet;alter;geschlecht;staatsangehoerigkeit_1;staatsangehoerigkeit_2;erwerb;"
        "zuzugsjahr;herkunft_zuzug;geburtsland;elternteil_1;elternteil_2"
    )
    rows = [header]
    for person in range(1, 401):
        area = f"{person % 17 + 1:02d}"
        if person % 3 == 0:
            rows.append(f"{person};{area};{20 + person % 50};w;TR;;;2010;ausland;TR;;")
        else:
            rows.append(f"{person};{area};{person % 90};m;DE;;geburt;;;DE;;")
    return ("\n".join(rows) + "\n").encode()


def test_a_register_extract_is_counted_and_its_rows_are_never_stored(mannheim) -> None:
    client = signed_in_client("dienststelle@mannheim.example")  # the statistics office
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
    response = client.post(
        "/mannheim/verwaltung/monitoring/import/",
        {
            "kind": "register",
            "register-file": SimpleUploadedFile("extrakt.csv", register_extract()),
            "register-source": source.pk,
            "register-reference_date": "2023-12-31",
            "register-encoding": "utf-8",
        },
    )
    assert response.status_code == 302
    with scope(municipality=mannheim):
        run = ImportRun.objects.get(municipality=mannheim, file_name="extrakt.csv")
    assert run.state == ImportRun.State.CHECKED
    assert run.report["persons"] == 400
    stored = str(run.result) + str(run.report) + str(run.metadata)
    assert "geburt" not in stored
    assert ";TR;" not in stored
    client.post(response["Location"], {"action": "apply"})
    with scope(municipality=mannheim):
        table = FigureTable.objects.get(municipality=mannheim, figure__key="population", year=2023)
        assert table.values[-1] == 400
        # the indicators were computed for the new year too
        assert (
            Indicator.objects.get(municipality=mannheim, key="einwohner")
            .values.filter(year=2023, area=None)
            .get()
            .value
            == 400
        )


def post_extract(client, source: Source, content: bytes):
    return client.post(
        "/mannheim/verwaltung/monitoring/import/",
        {
            "kind": "register",
            "register-file": SimpleUploadedFile("langsam.csv", content),
            "register-source": source.pk,
            "register-reference_date": "2023-12-31",
            "register-encoding": "utf-8",
        },
    )


WAITING = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_an_extract_is_counted_in_the_background_with_its_progress_shown(
    mannheim, settings
) -> None:
    """The upload only stores the file and queues the counting; the page shows the progress
    and asks for it again until the worker is done, then reloads; the file is deleted."""
    settings.TASKS = WAITING  # a worker that has not started yet
    client = signed_in_client("team@mannheim.example")
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
    response = post_extract(client, source, register_extract())
    assert response.status_code == 302
    with scope(municipality=mannheim):
        run = ImportRun.objects.get(municipality=mannheim, file_name="langsam.csv")
    assert run.state == ImportRun.State.COUNTING
    assert run.result == {}
    path = Path(run.upload.path)
    assert path.read_bytes() == register_extract()
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="import-progress-bar" max="4" value="0">' in page
    assert 'hx-trigger="every 2s"' in page
    assert 'value="apply"' not in page
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert "HX-Refresh" not in fragment
    assert 'id="import-progress"' in fragment.content.decode()
    assert client.post(response["Location"], {"action": "apply"}).status_code == 409

    with scope(municipality=mannheim):
        counted = import_count_register(run=run)
    assert counted.state == ImportRun.State.CHECKED
    assert counted.report["persons"] == 400
    assert (counted.progress_done, counted.progress_total) == (4, 4)
    assert not counted.upload
    assert not path.exists()
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert fragment["HX-Refresh"] == "true"
    assert "hx-trigger" not in fragment.content.decode()
    page = client.get(response["Location"]).content.decode()
    assert "400" in page
    assert 'value="apply"' in page
    with scope(municipality=mannheim):
        assert import_count_register(run=counted).state == ImportRun.State.CHECKED  # once


def test_an_extract_the_worker_cannot_count_is_refused_and_deleted(mannheim, settings) -> None:
    settings.TASKS = WAITING
    client = signed_in_client("team@mannheim.example")
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
    post_extract(client, source, register_extract())
    with scope(municipality=mannheim):
        run = ImportRun.objects.get(municipality=mannheim, file_name="langsam.csv")
        Path(run.upload.path).unlink()  # e.g. the storage lost it
        with pytest.raises(FileNotFoundError):
            import_count_register(run=run)
        run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED
    assert run.result == {}
    assert [entry["code"] for entry in run.report["problems"]] == ["register_count_failed"]
    assert not run.upload


def test_a_bad_extract_counted_in_the_background_names_its_rows(mannheim, settings) -> None:
    settings.TASKS = WAITING
    client = signed_in_client("team@mannheim.example")
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
    content = register_extract().replace(b"\n5;06;5;m;DE", b"\n5;06;-5;m;DE")
    response = post_extract(client, source, content)
    with scope(municipality=mannheim):
        run = ImportRun.objects.get(municipality=mannheim, file_name="langsam.csv")
        path = Path(run.upload.path)
        assert import_count_register(run=run).state == ImportRun.State.FAILED
    assert not path.exists()
    page = client.get(response["Location"]).content.decode()
    assert "-5" in page
    assert "alter (C)" in page


def test_bad_register_rows_are_named(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
    content = register_extract().replace(b"\n5;06;5;m;DE", b"\n5;06;-5;m;DE")
    response = client.post(
        "/mannheim/verwaltung/monitoring/import/",
        {
            "kind": "register",
            "register-file": SimpleUploadedFile("extrakt.csv", content),
            "register-source": source.pk,
            "register-reference_date": "2023-12-31",
            "register-encoding": "utf-8",
        },
    )
    page = client.get(response["Location"]).content.decode()
    assert "-5" in page
    assert "alter (C)" in page
    assert ">6<" in page


def test_a_reference_date_in_the_future_is_a_form_error(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
    response = client.post(
        "/mannheim/verwaltung/monitoring/import/",
        {
            "kind": "register",
            "register-file": SimpleUploadedFile("extrakt.csv", register_extract()),
            "register-source": source.pk,
            "register-reference_date": "2099-12-31",
            "register-encoding": "utf-8",
        },
    )
    assert response.status_code == 200
    assert response.context["register_form"].errors["reference_date"]


def test_the_templates_can_be_downloaded(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    table = client.get("/mannheim/verwaltung/monitoring/import/?vorlage=tabelle")
    assert table["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(table.content))
    assert workbook.sheetnames == ["Tabelle", "Metadaten"]
    extract = client.get("/mannheim/verwaltung/monitoring/import/?vorlage=melderegister")
    assert extract.content.decode().startswith("id;gebiet;alter")
    assert client.get("/mannheim/verwaltung/monitoring/import/?vorlage=x").status_code == 404


def test_an_import_of_another_municipality_is_not_found(mannheim, bamberg) -> None:
    with scope(municipality=bamberg):
        run = ImportRun.objects.filter(municipality=bamberg).first()
    client = signed_in_client("team@mannheim.example")
    assert client.get(f"/mannheim/verwaltung/monitoring/import/{run.pk}/").status_code == 404
    assert (
        client.post(
            f"/mannheim/verwaltung/monitoring/import/{run.pk}/", {"action": "apply"}
        ).status_code
        == 404
    )


def test_the_table_template_imports_as_it_is(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    template = client.get("/mannheim/verwaltung/monitoring/import/?vorlage=tabelle").content
    response = upload(client, template, file_name="vorlage.xlsx", **new_figure_fields(mannheim))
    assert response.status_code == 302
    with scope(municipality=mannheim):
        run = ImportRun.objects.get(municipality=mannheim, file_name="vorlage.xlsx")
    assert run.state == ImportRun.State.CHECKED, run.report["problems"]
